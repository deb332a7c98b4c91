"""A picture of the Yin-Yang splits: train, validation and test side by side, coloured by class.

Needs matplotlib, the ``plot`` extra: ``pip install matplotlib``. The samples come
straight from ``yinyang_generator`` (numpy only), so no dataset build is involved::

    >>> import yinyang_plot
    >>> yinyang_plot.plot("yinyang.png")
    PosixPath('yinyang.png')
"""

import os
import pathlib

from yinyang_generator import CLASS_NAMES, R_BIG, R_SMALL, sample
from yinyang_generator.sampler import check_count, check_radii, check_seed

__all__ = ["plot"]

# One colour per class (yin, yang, dot), distinguishable in greyscale and by most colour-blind
# readers (Okabe-Ito palette).
_COLOURS = ("#0072B2", "#E69F00", "#009E73")


def plot(path="yinyang.png", *, size=5000, validation_size=1000, test_size=1000, train_seed=42,
         validation_seed=41, test_seed=40, r_small=R_SMALL, r_big=R_BIG, dpi=100):
    """Write a PNG of the three splits side by side to ``path``; return ``path`` as a ``Path``.

    Each panel shows the points ``(x1, y1)`` of one split coloured by class, with equal aspect;
    the defaults are the paper's split (the parameters are those of ``yinyang.YinYangConfig``).
    A split of size 0 is left out. The PNG carries no software version, so the same parameters
    and matplotlib give the same bytes.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"'path' must be a file path, got {path!r} ({type(path).__name__}).")
    path = pathlib.Path(path)
    if not path.absolute().parent.is_dir():
        raise FileNotFoundError(
            f"'path' must be in an existing folder, got {os.fspath(path)!r}, whose folder "
            f"{os.fspath(path.absolute().parent)!r} does not exist."
        )
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 10 <= dpi <= 1000:
        raise ValueError(f"'dpi' must be an int from 10 to 1000, got {dpi!r}.")
    splits = {}
    for split, size_name, count, seed_name, seed in (
        ("train", "size", size, "train_seed", train_seed),
        ("validation", "validation_size", validation_size, "validation_seed", validation_seed),
        ("test", "test_size", test_size, "test_seed", test_seed),
    ):
        count, seed = check_count(size_name, count), check_seed(seed_name, seed)
        if count:
            splits[split] = (count, seed)
    if not splits:
        raise ValueError(
            "At least one of 'size', 'validation_size', 'test_size' must be > 0, got all 0.")
    r_small, r_big = check_radii(r_small, r_big)
    figure = _figure(splits, r_small, r_big, dpi)
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
