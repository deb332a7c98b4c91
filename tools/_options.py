"""Command-line pieces the subcommands share: a parser with one-line errors and the dataset's
parameters as options, all derived from ``yinyang_generator.PARAMETERS``."""

import argparse
import difflib
import os
import re

from yinyang_generator import PUBLICATION_PARAMETERS, SPLITS

PROG = "yinyang"
# Options people type from habit, and the option they mean.
_MEANT = {"--seed": "--train-seed", "--train-size": "--size"}


class UsageError(ValueError):
    """Options that cannot go together: a malformed command line, exit status 2 like argparse's."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line, pointing at ``--help``, with a
    did-you-mean for an unknown option."""

    def error(self, message):
        unknown = re.match(r"unrecognized arguments: (-\S+)", message)
        if unknown:
            given_option = unknown.group(1).split("=")[0]
            close = [_MEANT[given_option]] if _MEANT.get(given_option) in self._option_string_actions \
                else difflib.get_close_matches(given_option, list(self._option_string_actions), n=1)
            if close:
                message += f" (did you mean '{close[0]}'?)"
        value = re.match(r"unrecognized arguments: ([^-\s]\S*)", message)
        if value:  # a choice of an option given without it, e.g. `yinyang build publication`
            for action in self._actions:
                if action.option_strings and value.group(1) in (action.choices or ()):
                    message += f" (did you mean '{action.option_strings[-1]} {value.group(1)}'?)"
                    break
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def option(name):
    """The command-line spelling of a parameter: ``train_seed`` -> ``--train-seed``."""
    return "--" + name.replace("_", "-")


def _help(name):
    for split, (size_name, seed_name) in SPLITS.items():
        if name == size_name:
            return f"rows in the {split} split"
        if name == seed_name:
            return f"seed of the {split} split"
    return {"r_small": "radius of the dots", "r_big": "radius of the whole symbol"}[name]


def add_parameters(parser, title):
    """Add one option per dataset parameter (``--size``, ..., ``--r-big``) to a group ``title``."""
    group = parser.add_argument_group(title)
    for name, paper in PUBLICATION_PARAMETERS.items():
        kind = type(paper)
        group.add_argument(option(name), dest=name, type=kind, metavar=kind.__name__.upper(),
                           help=f"{_help(name)} (paper: {paper})")


def given(args):
    """Return the dataset parameters given on the command line, as keyword arguments."""
    return {name: getattr(args, name) for name in PUBLICATION_PARAMETERS
            if getattr(args, name, None) is not None}


def missing(folder):
    """How ``folder``, which is not a folder, is missing, e.g. ``"is a file"``."""
    if os.path.isfile(folder):
        return "is a file"
    return "is not a folder" if os.path.lexists(folder) else "does not exist"


def one_line(error):
    """The message of ``error`` on one line (its type name if it has none)."""
    text = " ".join(str(error).split())
    return text or type(error).__name__
