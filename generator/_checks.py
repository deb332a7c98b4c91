"""Argument checks shared by the sampler, the spike encoder and the rest of the distribution.

Private to ``yinyang-dataset``: each function returns the canonical value (a Python ``int`` or
``float``) or raises ``TypeError`` / ``ValueError`` whose message names the argument, says what
was expected and what came (attrs style), e.g. ``'size' must be an int in [0, 2**62], got -3
(int).``
"""

import math
import numbers

import numpy as np

# What to install for an optional dependency, as printed by the whole distribution. torch: a CPU
# build; plain `pip install torch` works too, but on Linux it downloads several GB of CUDA
# libraries.
INSTALL_HINTS = {
    "datasets": "pip install datasets",
    "matplotlib": "pip install matplotlib",
    "torch": "pip install torch --index-url https://download.pytorch.org/whl/cpu",
}

SEED_MAX = 2**32 - 1
SIZE_MAX = 2**62
# Radii outside this range overflow (2 * r_big, squares) or underflow (squares of the dots) in
# float64; scale the coordinates instead.
RADIUS_RANGE = (1e-100, 1e100)
# Radii whose samples take more random 32-bit words than this in expectation are refused: at the
# 5e7 to 1e8 words/s the sampler draws and classifies on a 2-core machine, that is about 10 s a
# sample. Only small dots cost so much: r_small < 2.92e-05 * r_big (MIN_DOT_RATIO; a test
# checks it against expected_words_per_sample).
MAX_WORDS_PER_SAMPLE = 1e9
MIN_DOT_RATIO = 2.92e-5


def describe(value):
    """Return ``"repr (type)"`` for an error message, the repr cut to at most 60 characters."""
    try:
        text = repr(value)
    except ValueError:  # an int longer than sys.get_int_max_str_digits()
        text = f"<int of {value.bit_length()} bits>"
    if len(text) > 60:
        text = f"{text[:28]}...{text[-28:]}"
    return f"{text} ({type(value).__name__})"


def bound(number):
    """Write a bound as people read it: ``2**62``, ``2**32 - 1``, or plain digits."""
    if number >= 2**20 and number & (number - 1) == 0:
        return f"2**{number.bit_length() - 1}"
    if number >= 2**20 and (number + 1) & number == 0:
        return f"2**{number.bit_length()} - 1"
    return str(number)


def is_real(value):
    """True for a real number that is not a bool (``bool`` is an ``int`` subclass)."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def as_float(value):
    """``float(value)`` of a real number, ``inf`` (with its sign) where float64 overflows."""
    try:
        return float(value)
    except OverflowError:  # an int or Fraction beyond float64
        return math.inf if value > 0 else -math.inf


def check_count(name, value, *, minimum=0, maximum=SIZE_MAX):
    """Return ``value`` as an int after checking ``minimum <= value <= maximum``."""
    expected = f"'{name}' must be an int in [{minimum}, {bound(maximum)}]"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{expected}, got {describe(value)}.")
    if not minimum <= value <= maximum:
        raise ValueError(f"{expected}, got {describe(value)}.")
    return int(value)


def check_seed(name, value):
    """Return ``value`` as an int after checking it is a legacy ``RandomState`` seed."""
    if value is None:
        raise TypeError(
            f"'{name}' must be an int in [0, {bound(SEED_MAX)}], got None: an unseeded "
            "dataset cannot be reproduced."
        )
    return check_count(name, value, minimum=0, maximum=SEED_MAX)


def check_finite(name, value, *, optional=False):
    """Return ``value`` as a finite float (``None`` passes if ``optional``)."""
    if value is None and optional:
        return None
    if not is_real(value):
        kind = "a finite float or None" if optional else "a finite float"
        raise TypeError(f"'{name}' must be {kind}, got {describe(value)}.")
    number = as_float(value)
    if not math.isfinite(number):
        raise ValueError(f"'{name}' must be a finite float, got {describe(value)}.")
    return number


def expected_words_per_sample(r_small, r_big):
    """Return the expected number of 32-bit words the published loop draws for one sample.

    The closed form of ``_engine._Geometry.words_per_sample`` (a test keeps the two equal),
    written with the ratio of the radii so that extreme radii neither overflow nor divide by 0:
    a goal class takes 4/3 words, and each candidate pair 4 words, with 2/3 of the goals a
    half (probability ``p_half`` per pair) and 1/3 a dot (``p_dot``).

    >>> round(expected_words_per_sample(0.1, 0.5), 1)  # the paper's radii
    29.9
    """
    ratio_squared = (r_small / r_big) ** 2
    p_dot = math.pi * ratio_squared / 2  # two dots of area pi r_small**2 in the (2 r_big)**2 square
    p_half = math.pi * (1 - 2 * ratio_squared) / 8
    if p_dot == 0:
        return math.inf
    return 4 / 3 + 4 / 3 * (2 / p_half + 1 / p_dot)


def check_radii(r_small, r_big):
    """Return ``(r_small, r_big)`` as floats after checking ``0 < 2 * r_small < r_big`` and that
    a sample takes at most ``MAX_WORDS_PER_SAMPLE`` words in expectation."""
    radii = {}
    for name, value in (("r_small", r_small), ("r_big", r_big)):
        if not is_real(value):
            raise TypeError(f"'{name}' must be a finite positive float, got {describe(value)}.")
        number = as_float(value)
        if not (math.isfinite(number) and number > 0):
            raise ValueError(f"'{name}' must be a finite positive float, got {describe(value)}.")
        low, high = RADIUS_RANGE
        if not low <= number <= high:
            raise ValueError(
                f"'{name}' must be a float in [{low:g}, {high:g}] (beyond, float64 squares "
                f"overflow or underflow), got {describe(value)}."
            )
        radii[name] = number
    if not 2 * radii["r_small"] < radii["r_big"]:
        raise ValueError(
            "'r_small' and 'r_big' must satisfy 2 * r_small < r_big (the dots must fit inside "
            f"the half circles), got r_small={r_small!r}, r_big={r_big!r}."
        )
    words = expected_words_per_sample(radii["r_small"], radii["r_big"])
    if words > MAX_WORDS_PER_SAMPLE:
        words = f"{words:.2g}" if math.isfinite(words) else "more than 1e+308"
        raise ValueError(
            f"'r_small' must be at least {MIN_DOT_RATIO:g} * r_big, got r_small={r_small!r} with "
            f"r_big={r_big!r}: a sample would take {words} random words in expectation, more "
            f"than the {MAX_WORDS_PER_SAMPLE:.0e} allowed (about 10 s each); raise 'r_small'."
        )
    return radii["r_small"], radii["r_big"]
