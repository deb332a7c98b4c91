"""Hypothesis strategies shared by the tests: invalid values by kind, valid radii, spellings."""

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from yinyang_generator._checks import SEED_MAX, SIZE_MAX

not_numbers = st.one_of(
    st.none(), st.text(max_size=4), st.lists(st.integers(), max_size=2), st.complex_numbers(),
    st.just(b"1"), st.just(object()),
)
bools = st.sampled_from([True, False, np.bool_(True)])
not_ints = st.one_of(
    not_numbers, bools, st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-1e6, 1e6).map(np.float64), st.integers(0, 10).map(float),  # 3.0 is no count
    st.just(Fraction(3, 1)),
)


def bad_count(maximum):
    """Values refused for a count in [0, maximum]: not ints, negative, too large, huge."""
    return st.one_of(not_ints, st.integers(max_value=-1), st.integers(min_value=maximum + 1),
                     st.integers(min_value=maximum + 1, max_value=2**5000))


bad_size = bad_count(SIZE_MAX)
bad_seed = bad_count(SEED_MAX)
bad_radius = st.one_of(
    not_numbers, bools, st.floats(max_value=0.0), st.sampled_from([math.nan, math.inf, -math.inf]),
    st.floats(min_value=1e100, exclude_min=True), st.floats(0, 1e-100, exclude_max=True),
    st.integers(max_value=0), st.integers(min_value=10**101), st.just(np.float64("nan")),
)
bad_time = st.one_of(not_numbers, bools, st.sampled_from([math.nan, math.inf, -math.inf]),
                     st.integers(min_value=10**400))


@st.composite
def radii(draw):
    """Valid ``(r_small, r_big)``: dots from 10% to 45% of r_big (smaller dots are valid but slow)."""
    r_big = draw(st.floats(0.2, 3.0))
    return draw(st.floats(0.1, 0.45)) * r_big, r_big


@st.composite
def spelled(draw, value):
    """``value`` as a Python or a numpy scalar of the same value."""
    if isinstance(value, int):
        kinds = [int, np.int64, np.uint64] + ([np.int32, np.uint32] if value < 2**31 else [])
    else:
        kinds = [float, np.float64]
    return draw(st.sampled_from(kinds))(value)
