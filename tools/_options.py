"""Command-line pieces the subcommands share: a parser with one-line errors and the dataset's
parameters as options, all derived from ``yinyang_generator.PARAMETERS``."""

import argparse

from yinyang_generator import PUBLICATION_PARAMETERS, SPLITS

PROG = "yinyang"


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line, pointing at ``--help``."""

    def error(self, message):
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


def one_line(error):
    """The message of ``error`` on one line (its type name if it has none)."""
    text = " ".join(str(error).split())
    return text or type(error).__name__
