"""``yinyang build``: build a config into the ``datasets`` cache and print its class counts."""

import os
import sys

from yinyang_generator import CLASS_NAMES
from yinyang_generator._checks import expected_words_per_sample
from yinyang_generator.parameters import split_plan

from ._options import PROG, add_parameters, given

__all__ = ["build", "register"]


# Rate assumed for the estimate printed before a slow build: the sampler draws and classifies
# 5e7 to 1e8 random words/s on a 2-core machine (benchmarks/bench_sampler.py); builds expected to
# take longer than _ESTIMATE_AFTER seconds at this rate announce themselves.
_WORDS_PER_SECOND = 5e7
_ESTIMATE_AFTER = 10


def build(config="default", *, cache_dir=None, log=None, **parameters):
    """Build a config where ``load_dataset("yinyang", ...)`` finds it; return the builder.

    Parameters
    ----------
    config : str
        ``"default"`` or ``"publication"`` (the paper's fixed split).
    cache_dir : str or None
        The ``datasets`` cache folder (default: datasets' own, under ``HF_HOME``).
    log : file or None
        Where to announce, before it starts, a build expected to take more than 10 s (e.g.
        ``sys.stderr``): its expected random words and a rough duration.
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
    if log is not None and not os.path.exists(os.path.join(builder.cache_dir,
                                                           "dataset_info.json")):
        estimate = _estimate(builder.config.parameters())
        if estimate:
            print(f"{PROG} build: {estimate}", file=log, flush=True)
    builder.download_and_prepare()
    return builder


def _estimate(parameters):
    """Return a line announcing a build of ``parameters`` expected to be slow, or ``""``."""
    per_sample = expected_words_per_sample(parameters["r_small"], parameters["r_big"])
    rows = sum(size for size, _ in split_plan(parameters).values())
    seconds = rows * per_sample / _WORDS_PER_SECOND
    if seconds <= _ESTIMATE_AFTER:
        return ""
    return (f"expect about {rows * per_sample:.2g} random words ({per_sample:.2g} a sample), "
            f"roughly {_duration(seconds)} at {_WORDS_PER_SECOND:.0e} words/s; datasets' "
            "progress bar shows the actual rate.")


def _duration(seconds):
    """``seconds`` as people read a rough duration: "40 s", "12 min", "3.5 h", "20 days"."""
    for unit, size in (("days", 86400), ("h", 3600), ("min", 60)):
        if seconds >= 2 * size:
            return f"{seconds / size:.2g} {unit}"
    return f"{seconds:.0f} s"


def _run(args):
    import numpy as np

    parameters = given(args)
    builder = build(args.config, cache_dir=args.cache_dir, log=sys.stderr, **parameters)
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
