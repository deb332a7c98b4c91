"""The ``yinyang`` command: build, export, push, plot, baselines, card.

    yinyang build                        # the paper's split, with class counts per split
    yinyang build --size 100000 --train-seed 7
    yinyang export out/                  # a folder ready to upload as a Hub dataset repo
    yinyang push user/yinyang --private  # export and upload it
    yinyang plot images/yinyang.png      # train/validation/test side by side
    yinyang baselines --runs 2 --epochs 3
    yinyang card                         # README.md front matter and dataset_infos.json

Heavy libraries (datasets, matplotlib, torch) are imported inside the subcommands, so
``yinyang --help`` answers at once. A refused argument is one line on stderr and exit status 1
(2 for a malformed command line), never a traceback.
"""

import argparse
import sys

__all__ = ["main"]

_PROG = "yinyang"

# (option, config parameter, type, help) of the parameters of yinyang.YinYangConfig.
_PARAMETERS = (
    ("--size", "size", int, "rows in the train split (paper: 5000)"),
    ("--validation-size", "validation_size", int, "rows in the validation split (paper: 1000)"),
    ("--test-size", "test_size", int, "rows in the test split (paper: 1000)"),
    ("--train-seed", "train_seed", int, "seed of the train split (paper: 42)"),
    ("--validation-seed", "validation_seed", int, "seed of the validation split (paper: 41)"),
    ("--test-seed", "test_seed", int, "seed of the test split (paper: 40)"),
    ("--r-small", "r_small", float, "radius of the dots (paper: 0.1)"),
    ("--r-big", "r_big", float, "radius of the whole symbol (paper: 0.5)"),
)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line, pointing at ``--help``."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _add_parameters(parser, title):
    group = parser.add_argument_group(title)
    for option, dest, type_, help_ in _PARAMETERS:
        group.add_argument(option, dest=dest, type=type_, metavar=type_.__name__.upper(), help=help_)


def _given(args):
    """Return the config parameters given on the command line, as keyword arguments."""
    return {dest: getattr(args, dest) for _, dest, _, _ in _PARAMETERS
            if getattr(args, dest) is not None}


def _extra_configs(args):
    """Return ``extra_configs`` for yinyang_hub from ``--name`` and the parameter options."""
    parameters = _given(args)
    if args.name is None:
        if parameters:
            option = next(o for o, dest, _, _ in _PARAMETERS if dest in parameters)
            raise ValueError(f"'{option}' needs '--name NAME', the name of the extra config it sets.")
        return None
    return {args.name: parameters}


def _build(args):
    import numpy as np
    import yinyang
    from yinyang_generator import CLASS_NAMES

    parameters = _given(args)
    builder = yinyang.YinYang(config_name=args.config, cache_dir=args.cache_dir,
                              dataset_name="yinyang", **parameters)
    builder.download_and_prepare()
    call = ", ".join([repr("yinyang")]
                     + ([repr(args.config)] if args.config != "default" else [])
                     + [f"{key}={value!r}" for key, value in parameters.items()]
                     + ([f"cache_dir={args.cache_dir!r}"] if args.cache_dir else []))
    print(f"yinyang, {args.config!r} config: load_dataset({call})")
    print(f"cache: {builder.cache_dir}")
    print(f"{'split':<12}{'rows':>10}" + "".join(f"{name:>10}" for name in CLASS_NAMES))
    for split, part in builder.as_dataset().items():
        counts = sum((np.bincount(chunk.to_numpy(), minlength=len(CLASS_NAMES))
                      for chunk in part.data.column("label").chunks),
                     np.zeros(len(CLASS_NAMES), dtype=np.int64))
        print(f"{split:<12}{len(part):>10}" + "".join(f"{count:>10}" for count in counts))
    return 0


def _export(args):
    import yinyang_hub

    path = yinyang_hub.export(args.directory, extra_configs=_extra_configs(args),
                              cache_dir=args.cache_dir)
    print(f"wrote {path}; try: load_dataset({str(path)!r}, 'publication'), or "
          f"yinyang push NAMESPACE/NAME")
    return 0


def _push(args):
    import yinyang_hub

    commit = yinyang_hub.push(args.repo_id, private=args.private,
                              extra_configs=_extra_configs(args), cache_dir=args.cache_dir)
    print(f"pushed to https://huggingface.co/datasets/{args.repo_id} ({commit.commit_url})")
    return 0


def _plot(args):
    import yinyang_plot

    path = yinyang_plot.plot(args.path, dpi=args.dpi, **_given(args))
    print(f"wrote {path}")
    return 0


def _card(args):
    import yinyang_hub

    changed = yinyang_hub.update_card(args.readme, args.infos, check=args.check)
    names = ", ".join(str(path) for path in changed)
    if args.check:
        if changed:
            print(f"{_PROG}: out of date: {names}; run: yinyang card", file=sys.stderr)
            return 1
        print("up to date")
    else:
        print(f"wrote {names}" if changed else "up to date")
    return 0


def _parser():
    parser = _Parser(
        prog=_PROG,
        description="The Yin-Yang dataset (Kriener, Göltz, Petrovici 2022): build it, export or "
        "push it to the Hugging Face Hub, plot it, train the paper's baselines.",
        epilog="Run 'yinyang COMMAND --help' for the options of a command.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    build = commands.add_parser(
        "build", help="build the dataset (the paper's split by default) and print class counts",
        description="Build the dataset into the datasets cache, where load_dataset('yinyang', ...) "
        "finds it, and print each split with its class counts. With no options: the paper's split.",
    )
    build.add_argument("--config", choices=("default", "publication"), default="default",
                       help="'publication' is the paper's fixed split, checked against its "
                       "sha256 digests (default: %(default)s)")
    _add_parameters(build, "parameters (default: the paper's split)")
    build.add_argument("--cache-dir", metavar="DIR",
                       help="datasets cache folder (default: datasets' own, under HF_HOME)")
    build.set_defaults(run=_build)

    for name, help_, description in (
        ("export", "write a folder ready to upload as a Hub dataset repo",
         "Write DIRECTORY (absent or empty): Parquet files of the 'default' and 'publication' "
         "configs, the dataset card README.md and the picture; no code. It loads with "
         "load_dataset(DIRECTORY) without this package."),
        ("push", "export and upload to a Hub dataset repo",
         "Export to a temporary folder and upload it to the Hub dataset repo REPO_ID, created if "
         "needed. The token comes from huggingface_hub's usual places (HF_TOKEN, or "
         "'hf auth login'); it is never printed."),
    ):
        sub = commands.add_parser(name, help=help_, description=description)
        if name == "export":
            sub.add_argument("directory", metavar="DIRECTORY", help="folder to write")
        else:
            sub.add_argument("repo_id", metavar="REPO_ID", help="e.g. your-name/yinyang")
            sub.add_argument("--private", action="store_true",
                             help="create the repo private (an existing repo keeps its visibility)")
        sub.add_argument("--name", metavar="NAME",
                         help="also add an extra config NAME with the parameters below")
        _add_parameters(sub, "parameters of the extra config (need --name)")
        sub.add_argument("--cache-dir", metavar="DIR",
                         help="datasets cache folder for the builds (default: a temporary one)")
        sub.set_defaults(run=_export if name == "export" else _push)

    plot = commands.add_parser(
        "plot", help="draw train/validation/test side by side as a PNG (needs the plot extra)",
        description="Write a PNG of the three splits side by side, coloured by class. Needs "
        "matplotlib (the plot extra): pip install matplotlib.",
    )
    plot.add_argument("path", metavar="PATH", nargs="?", default="yinyang.png",
                      help="PNG file to write (default: %(default)s)")
    plot.add_argument("--dpi", type=int, default=100, help="resolution (default: %(default)s)")
    _add_parameters(plot, "parameters (default: the paper's split)")
    plot.set_defaults(run=_plot)

    commands.add_parser(
        "baselines", add_help=False,
        help="train the paper's reference networks (needs the torch extra); "
        "see 'yinyang baselines --help'",
    )

    card = commands.add_parser(
        "card", help="regenerate README.md's YAML front matter and dataset_infos.json",
        description="Rebuild the 'default' and 'publication' configs in a temporary cache and "
        "rewrite the YAML front matter of README (the Hub card metadata: license, tags, "
        "dataset_info, configs) and the INFOS file from them. README's text is kept as it is.",
    )
    card.add_argument("--readme", default="README.md", help="default: %(default)s")
    card.add_argument("--infos", default="dataset_infos.json", help="default: %(default)s")
    card.add_argument("--check", action="store_true",
                      help="write nothing; exit 1 if either file is out of date")
    card.set_defaults(run=_card)
    return parser


def _one_line(error):
    text = " ".join(str(error).split())
    return text or type(error).__name__


def main(argv=None):
    """Run the ``yinyang`` command with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["baselines"]:
        import yinyang_baselines

        return yinyang_baselines.main(argv[1:])
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args)
    except (ValueError, TypeError, MemoryError, OSError, ImportError) as error:
        print(f"{_PROG} {args.command}: error: {_one_line(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{_PROG} {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
