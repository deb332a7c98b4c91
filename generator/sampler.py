"""Public sampling API: parameter checks, ``sample`` and ``iter_chunks``.

The random stream is fixed by the published generator (Kriener, Göltz, Petrovici, "The Yin-Yang
dataset", 2022): one legacy ``numpy.random.RandomState(seed)`` per call, and for every sample a
goal class from ``randint(3)`` followed by rejection sampling of points ``rand(2) * 2 * r_big``
until one lands in the goal class. ``_engine`` reproduces that stream bit for bit, many samples
at a time.
"""

import math
import numbers

import numpy as np

from . import _engine

__all__ = ["CLASS_NAMES", "R_BIG", "R_SMALL", "iter_chunks", "sample"]

#: Class names by label: 0 = yin, 1 = yang, 2 = dot (as in the paper).
CLASS_NAMES = ("yin", "yang", "dot")
#: Default radii of the paper: the dots and the whole symbol.
R_SMALL = 0.1
R_BIG = 0.5

_SEED_MAX = 2**32 - 1
_SIZE_MAX = 2**62
# Radii outside this range overflow (2 * r_big, squares) or underflow (squares of the dots) in
# float64; scale the coordinates instead.
_RADIUS_RANGE = (1e-100, 1e100)
_DEFAULT_CHUNK = 65536


def _describe(value):
    """Return ``"repr (type)"`` for an error message, the repr cut to at most 60 characters."""
    try:
        text = repr(value)
    except ValueError:  # an int longer than sys.get_int_max_str_digits()
        text = f"<int of {value.bit_length()} bits>"
    if len(text) > 60:
        text = f"{text[:28]}...{text[-28:]}"
    return f"{text} ({type(value).__name__})"


def _bound(number):
    """Write a bound as people read it: ``2**62``, ``2**32 - 1``, or plain digits."""
    if number >= 2**20 and number & (number - 1) == 0:
        return f"2**{number.bit_length() - 1}"
    if number >= 2**20 and (number + 1) & number == 0:
        return f"2**{number.bit_length()} - 1"
    return str(number)


def check_count(name, value, *, minimum=0, maximum=_SIZE_MAX):
    """Return ``value`` as an int after checking ``minimum <= value <= maximum``."""
    expected = f"'{name}' must be an int in [{minimum}, {_bound(maximum)}]"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{expected}, got {_describe(value)}.")
    if not minimum <= value <= maximum:
        raise ValueError(f"{expected}, got {_describe(value)}.")
    return int(value)


def check_seed(name, value):
    """Return ``value`` as an int after checking it is a legacy RandomState seed."""
    if value is None:
        raise TypeError(
            f"'{name}' must be an int in [0, {_bound(_SEED_MAX)}], got None: an unseeded "
            "dataset cannot be reproduced."
        )
    return check_count(name, value, minimum=0, maximum=_SEED_MAX)


def check_radii(r_small, r_big):
    """Return ``(r_small, r_big)`` as floats after checking ``0 < 2 * r_small < r_big``."""
    radii = {}
    for name, value in (("r_small", r_small), ("r_big", r_big)):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            raise TypeError(
                f"'{name}' must be a finite positive float, got {_describe(value)}."
            )
        try:
            number = float(value)
        except OverflowError:  # an int or Fraction beyond float64
            number = math.inf
        if not (math.isfinite(number) and number > 0):
            raise ValueError(
                f"'{name}' must be a finite positive float, got {_describe(value)}."
            )
        low, high = _RADIUS_RANGE
        if not low <= number <= high:
            raise ValueError(
                f"'{name}' must be a float in [{low:g}, {high:g}] (beyond, float64 squares "
                f"overflow or underflow), got {_describe(value)}."
            )
        radii[name] = number
    if not 2 * radii["r_small"] < radii["r_big"]:
        raise ValueError(
            "'r_small' and 'r_big' must satisfy 2 * r_small < r_big (the dots must fit inside "
            f"the half circles), got r_small={r_small!r}, r_big={r_big!r}."
        )
    return radii["r_small"], radii["r_big"]


def sample(size=1000, seed=42, *, r_small=R_SMALL, r_big=R_BIG):
    """Draw ``size`` Yin-Yang samples, bit-exact with the published generator.

    Returns ``(X, y)``: ``X`` float64 of shape ``(size, 4)`` holding ``(x1, y1, 1 - x1, 1 - y1)``
    and ``y`` int64 of shape ``(size,)`` with labels 0 (yin), 1 (yang), 2 (dot). The same
    ``(seed, r_small, r_big)`` with a smaller ``size`` gives a prefix of the rows.

    >>> X, y = sample(5000, seed=42)     # the paper's training split
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

    Their concatenation is byte-identical to ``sample(size, seed, r_small=..., r_big=...)`` for
    every ``chunk_size``; memory is bounded by the chunk, not by ``size``. Parameters are checked
    when this is called, before any work.

    >>> sum(len(y) for _, y in iter_chunks(10, chunk_size=3))
    10
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
