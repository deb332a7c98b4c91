"""Public sampling API: ``sample`` and ``iter_chunks``.

The random stream is fixed by the published generator (Kriener, Göltz, Petrovici, "The Yin-Yang
dataset", 2022): one legacy ``numpy.random.RandomState(seed)`` per call, and for every sample a
goal class from ``randint(3)`` followed by rejection sampling of points ``rand(2) * 2 * r_big``
until one lands in the goal class. ``_engine`` reproduces that stream bit for bit, many samples
at a time.
"""

import numpy as np

from . import _engine
from ._checks import check_count, check_radii, check_seed

__all__ = ["CLASS_NAMES", "R_BIG", "R_SMALL", "iter_chunks", "sample"]

#: Class names by label: 0 = yin, 1 = yang, 2 = dot (as in the paper).
CLASS_NAMES = ("yin", "yang", "dot")
#: Default radii of the paper: the dots and the whole symbol.
R_SMALL = 0.1
R_BIG = 0.5

_DEFAULT_CHUNK = 65536


def sample(size=1000, seed=42, *, r_small=R_SMALL, r_big=R_BIG):
    """Draw ``size`` Yin-Yang samples, bit-exact with the published generator.

    Parameters
    ----------
    size : int
        Number of samples, in ``[0, 2**62]``.
    seed : int
        Seed of the legacy ``numpy.random.RandomState``, in ``[0, 2**32 - 1]``.
    r_small, r_big : float
        Radius of the dots and of the whole symbol; ``0 < 2 * r_small < r_big``.

    Returns
    -------
    X : numpy.ndarray
        float64 of shape ``(size, 4)``: ``(x1, y1, 1 - x1, 1 - y1)`` per sample.
    y : numpy.ndarray
        int64 of shape ``(size,)``: 0 (yin), 1 (yang), 2 (dot).

    The same ``(seed, r_small, r_big)`` with a smaller ``size`` gives a prefix of the rows.

    Examples
    --------
    >>> X, y = sample(5000, seed=42)     # the paper's training split
    >>> X.shape, X.dtype, y.dtype
    ((5000, 4), dtype('float64'), dtype('int64'))
    >>> np.bincount(y).tolist()
    [1681, 1702, 1617]
    """
    size = check_count("size", size)
    seed = check_seed("seed", seed)
    r_small, r_big = check_radii(r_small, r_big)
    try:
        X = np.empty((size, 4), dtype=np.float64)
        y = np.empty(size, dtype=np.int64)
    except (MemoryError, ValueError) as error:
        raise MemoryError(
            f"'size' = {size} needs {size * 40:,} bytes for the output arrays, which cannot "
            "be allocated; use iter_chunks(...) to produce the rows piece by piece."
        ) from error
    start = 0
    for X_part, y_part in _engine.stream(size, seed, r_small, r_big):
        stop = start + len(y_part)
        X[start:stop] = X_part
        y[start:stop] = y_part
        start = stop
    return X, y


def iter_chunks(size, seed=42, *, r_small=R_SMALL, r_big=R_BIG, chunk_size=_DEFAULT_CHUNK):
    """Yield ``(X, y)`` pieces of at most ``chunk_size`` rows of ``sample(size, seed, ...)``.

    Parameters
    ----------
    size, seed, r_small, r_big
        As for :func:`sample`.
    chunk_size : int
        Rows per piece (the last piece may be shorter), at least 1.

    Returns
    -------
    iterator of (X, y)
        C-contiguous float64 ``(n, 4)`` and int64 ``(n,)`` arrays. Their concatenation is
        byte-identical to ``sample(size, seed, r_small=..., r_big=...)`` for every
        ``chunk_size``; memory is bounded by the chunk, not by ``size``. Parameters are checked
        when this is called, before any work.

    Examples
    --------
    >>> [len(y) for _, y in iter_chunks(10, chunk_size=4)]
    [4, 4, 2]
    """
    size = check_count("size", size)
    seed = check_seed("seed", seed)
    r_small, r_big = check_radii(r_small, r_big)
    chunk_size = check_count("chunk_size", chunk_size, minimum=1)
    return _rechunk(_engine.stream(size, seed, r_small, r_big), chunk_size)


def _rechunk(blocks, chunk_size):
    """Regroup a stream of ``(X, y)`` blocks into pieces of exactly ``chunk_size`` rows."""
    pending_X, pending_y, pending = [], [], 0
    for X, y in blocks:
        while len(y):
            take = min(chunk_size - pending, len(y))
            pending_X.append(X[:take])
            pending_y.append(y[:take])
            pending += take
            X, y = X[take:], y[take:]
            if pending == chunk_size:
                yield _join(pending_X, pending_y)
                pending_X, pending_y, pending = [], [], 0
    if pending:
        yield _join(pending_X, pending_y)


def _join(parts_X, parts_y):
    if len(parts_y) == 1:
        return np.ascontiguousarray(parts_X[0]), np.ascontiguousarray(parts_y[0])
    return np.concatenate(parts_X), np.concatenate(parts_y)
