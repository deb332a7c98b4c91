"""Puts the start-up hook's files at the wheel's root: site-packages, listed in RECORD. An editable
wheel ignores build_lib: there they go to the install_lib that editable_wheel points at the wheel."""

import os

from setuptools import setup
from setuptools.command.build_py import build_py

# The .pth: one line that site.py runs at every start-up, silent whatever happens.
_PTH = ('import os; os.environ.get("YINYANG_NO_AUTOLOAD", "") in ("", "0") and '
        'exec("try: import yinyang_tools._autoload\\nexcept Exception: pass")\n')
HOOK_FILES = {
    "yinyang_dataset_autoload.pth": _PTH,
    "yinyang_dataset_autoload.start": "yinyang_tools._autoload:install\n",  # PEP 829, Python 3.15+
}


class build_py_with_hook(build_py):
    def run(self):
        super().run()
        if self.editable_mode:
            folder = self.get_finalized_command("install").install_lib
        else:
            folder = self.build_lib
        self.mkpath(folder)
        for name, text in HOOK_FILES.items():
            with open(os.path.join(folder, name), "w", encoding="utf-8") as file:
                file.write(text)


setup(cmdclass={"build_py": build_py_with_hook})
