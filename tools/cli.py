"""The ``yinyang`` command: build, export, push, plot, baselines, card.

    yinyang build                        # the paper's split, with class counts per split
    yinyang build --size 100000 --train-seed 7
    yinyang export out/                  # a folder ready to upload as a Hub dataset repo
    yinyang push user/yinyang --private  # export and upload it
    yinyang plot images/yinyang.png      # train/validation/test side by side
    yinyang baselines --runs 2 --epochs 3
    yinyang card                         # README.md front matter and dataset_infos.json

Each subcommand is registered by the module that does its job (``register(commands)``), as
``datasets``' own ``commands`` package does. Heavy libraries (datasets, matplotlib, torch) are
imported inside the subcommands, so ``yinyang --help`` answers at once. A refused argument is
one line on stderr and exit status 1 (2 for a malformed command line), never a traceback; so is
any other failure, with its type and root cause.
"""

import sys

from yinyang_generator._checks import INSTALL_HINTS

from . import baselines, build, card, hub, plot
from ._options import PROG, Parser, UsageError, one_line

__all__ = ["main"]

# In the order ``yinyang --help`` lists them.
_COMMANDS = (build, hub, plot, baselines, card)


def _parser():
    parser = Parser(
        prog=PROG,
        description="The Yin-Yang dataset (Kriener, Göltz, Petrovici 2022): build it, export or "
        "push it to the Hugging Face Hub, plot it, train the paper's baselines.",
        epilog="Run 'yinyang COMMAND --help' for the options of a command.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in _COMMANDS:
        module.register(commands)
    return parser, commands


def main(argv=None):
    """Run the ``yinyang`` command with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser, commands = _parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # let the subcommand's parser say it, with its options to suggest from
        (commands.choices.get(args.command) or parser).error(
            f"unrecognized arguments: {' '.join(unknown)}")
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args)
    except ModuleNotFoundError as error:
        # A numpy-only install (pip install --no-deps) has no datasets: say what to install.
        message = one_line(error)
        if error.name in INSTALL_HINTS and INSTALL_HINTS[error.name] not in message:
            message = (f"this command needs {error.name}, which is not installed: "
                       f"{INSTALL_HINTS[error.name]}")
        print(f"{PROG} {args.command}: error: {message}", file=sys.stderr)
        return 1
    except UsageError as error:  # options that cannot go together: status 2, as argparse's
        print(f"{PROG} {args.command}: error: {one_line(error)} (see '{PROG} {args.command} "
              "--help')", file=sys.stderr)
        return 2
    except (ValueError, TypeError, MemoryError, OSError, ImportError) as error:
        print(f"{PROG} {args.command}: error: {one_line(error)}", file=sys.stderr)
        return 1
    except Exception as error:  # unexpected (a library's own error): still one line, with types
        print(f"{PROG} {args.command}: error: {_unexpected(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG} {args.command}: interrupted", file=sys.stderr)
        return 130


def _unexpected(error):
    """``"Type: message"`` of ``error``, plus ``" (caused by Type: message)"`` of its root cause."""
    cause = error
    while cause.__cause__ is not None or cause.__context__ is not None:
        cause = cause.__cause__ or cause.__context__
    text = f"{type(error).__name__}: {one_line(error)}"
    return text if cause is error else f"{text} (caused by {type(cause).__name__}: {one_line(cause)})"
