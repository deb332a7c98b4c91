"""``yinyang build``: build a config into the ``datasets`` cache and print its class counts."""

from yinyang_generator import CLASS_NAMES

from ._options import add_parameters, given

__all__ = ["build", "register"]


def build(config="default", *, cache_dir=None, **parameters):
    """Build a config where ``load_dataset("yinyang", ...)`` finds it; return the builder.

    Parameters
    ----------
    config : str
        ``"default"`` or ``"publication"`` (the paper's fixed split).
    cache_dir : str or None
        The ``datasets`` cache folder (default: datasets' own, under ``HF_HOME``).
    **parameters
        Parameters of the dataset (``size``, ``train_seed``, ...).

    Returns
    -------
    yinyang.YinYang
        The prepared builder; ``builder.as_dataset()`` gives the ``DatasetDict``.
    """
    import yinyang

    builder = yinyang.YinYang(config_name=config, cache_dir=cache_dir, dataset_name="yinyang",
                              **parameters)
    builder.download_and_prepare()
    return builder


def _run(args):
    import numpy as np

    parameters = given(args)
    builder = build(args.config, cache_dir=args.cache_dir, **parameters)
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


def register(commands):
    """Add ``yinyang build`` to the subcommands ``commands``."""
    parser = commands.add_parser(
        "build", help="build the dataset (the paper's split by default) and print class counts",
        description="Build the dataset into the datasets cache, where load_dataset('yinyang', ...) "
        "finds it, and print each split with its class counts. With no options: the paper's split.",
    )
    parser.add_argument("--config", choices=("default", "publication"), default="default",
                        help="'publication' is the paper's fixed split, checked against its "
                        "sha256 digests (default: %(default)s)")
    add_parameters(parser, "parameters (default: the paper's split)")
    parser.add_argument("--cache-dir", metavar="DIR",
                        help="datasets cache folder (default: datasets' own, under HF_HOME)")
    parser.set_defaults(run=_run)
