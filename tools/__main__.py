"""``python -m yinyang_tools`` is the ``yinyang`` command."""

import sys

from .cli import main

sys.exit(main())
