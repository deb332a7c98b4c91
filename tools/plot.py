"""A picture of the Yin-Yang splits: train, validation and test side by side, coloured by class.

Needs matplotlib, the ``plot`` extra (``pip install matplotlib``). The samples come straight
from ``yinyang_generator`` (numpy only), so no dataset build is involved. Subcommand
``yinyang plot``.

>>> import tempfile
>>> from yinyang_tools.plot import plot
>>> plot(tempfile.mkdtemp() + "/yinyang.png", size=300).suffix
'.png'
"""

import os
import pathlib

from yinyang_generator import CLASS_NAMES, sample
from yinyang_generator.parameters import check_parameters, split_plan

from ._options import add_parameters, given, missing

__all__ = ["plot", "register"]

# One colour per class (yin, yang, dot), distinguishable in greyscale and by most colour-blind
# readers (Okabe-Ito palette).
_COLOURS = ("#0072B2", "#E69F00", "#009E73")


def plot(path="yinyang.png", *, dpi=100, **parameters):
    """Write a PNG of the splits side by side to ``path``.

    Parameters
    ----------
    path : str or os.PathLike
        The PNG file to write, ending in ``.png``; its folder must exist.
    dpi : int
        Resolution, 10 to 1000.
    **parameters
        The dataset's parameters (``size``, ``train_seed``, ..., as for
        ``load_dataset("yinyang", ...)``); the paper's split by default. A split of size 0 is
        left out.

    Returns
    -------
    pathlib.Path
        ``path``. Each panel shows the points ``(x1, y1)`` of one split coloured by class, with
        equal aspect. The PNG carries no software version, so the same parameters and
        matplotlib give the same bytes.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"'path' must be a file path, got {path!r} ({type(path).__name__}).")
    path = pathlib.Path(path)
    if path.suffix.lower() != ".png":
        raise ValueError(f"'path' must name a .png file (the picture is a PNG), got "
                         f"{os.fspath(path)!r}.")
    if not path.absolute().parent.is_dir():
        raise FileNotFoundError(
            f"'path' must be in an existing folder, got {os.fspath(path)!r}, whose folder "
            f"{os.fspath(path.absolute().parent)!r} {missing(path.absolute().parent)}."
        )
    if not os.access(path if path.exists() else path.absolute().parent, os.W_OK):
        raise PermissionError(f"'path' must be a file you can write, got {os.fspath(path)!r}.")
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 10 <= dpi <= 1000:
        raise ValueError(f"'dpi' must be an int from 10 to 1000, got {dpi!r}.")
    parameters = check_parameters(**parameters)
    figure = _figure(split_plan(parameters), parameters["r_small"], parameters["r_big"], dpi)
    figure.savefig(path, format="png", metadata={"Software": None})
    return path


def _figure(splits, r_small, r_big, dpi):
    """Return a matplotlib ``Figure``: one panel per split of ``{split: (size, seed)}``."""
    try:
        from matplotlib.figure import Figure
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(
            "drawing needs matplotlib (the 'plot' extra): pip install matplotlib", name=error.name
        ) from error

    figure = Figure(figsize=(4 * len(splits), 4.8), dpi=dpi, layout="constrained")
    axes = figure.subplots(1, len(splits), squeeze=False)[0]
    for ax, (split, (count, seed)) in zip(axes, splits.items()):
        X, y = sample(count, seed, r_small=r_small, r_big=r_big)
        marker_size = max(1.0, min(12.0, 30_000 / count))
        for label, (name, colour) in enumerate(zip(CLASS_NAMES, _COLOURS)):
            points = X[y == label]
            ax.scatter(points[:, 0], points[:, 1], s=marker_size, c=colour, linewidths=0,
                       label=name, rasterized=True)
        counts = ", ".join(f"{name} {(y == label).sum()}" for label, name in enumerate(CLASS_NAMES))
        ax.set_title(f"{split}: {count} samples, seed {seed}\n{counts}", fontsize="medium")
        ax.set_xlim(0, 2 * r_big)
        ax.set_ylim(0, 2 * r_big)
        ax.set_aspect("equal")
        ax.set_xlabel("x1")
    axes[0].set_ylabel("y1")
    handles, labels = axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncols=len(CLASS_NAMES),
                  markerscale=(40 / handles[0].get_sizes()[0]) ** 0.5, frameon=False)
    return figure


def _run(args):
    path = plot(args.path, dpi=args.dpi, **given(args))
    print(f"wrote {path}")
    return 0


def register(commands):
    """Add ``yinyang plot`` to the subcommands ``commands``."""
    parser = commands.add_parser(
        "plot", help="draw train/validation/test side by side as a PNG (needs the plot extra)",
        description="Write a PNG of the three splits side by side, coloured by class. Needs "
        "matplotlib (the plot extra): pip install matplotlib.",
    )
    parser.add_argument("path", metavar="PATH", nargs="?", default="yinyang.png",
                        help="PNG file to write (default: %(default)s)")
    parser.add_argument("--dpi", type=int, default=100, help="resolution (default: %(default)s)")
    add_parameters(parser, "parameters (default: the paper's split)")
    parser.set_defaults(run=_run)
