"""The published per-sample Yin-Yang generator, written out plainly: the tests' oracle.

It follows the published ``YinYangDataset`` class step by step -- one legacy ``RandomState`` per
call, ``randint(3)`` for the goal class, then ``rand(2) * 2 * r_big`` until a point inside the big
circle has that class -- with numpy scalars, ``** 2`` and ``np.sqrt`` as published.
"""

import numpy as np


def which_class(x, y, r_small, r_big):
    """Label of one point inside the big circle: 0 yin, 1 yang, 2 dot (published formulas)."""
    d_right = np.sqrt((x - 1.5 * r_big) ** 2 + (y - r_big) ** 2)
    d_left = np.sqrt((x - 0.5 * r_big) ** 2 + (y - r_big) ** 2)
    criterion1 = d_right <= r_small
    criterion2 = d_left > r_small and d_left <= 0.5 * r_big
    criterion3 = y > r_big and d_right > 0.5 * r_big
    is_yin = criterion1 or criterion2 or criterion3
    is_circles = d_right < r_small or d_left < r_small
    if is_circles:
        return 2
    return int(is_yin)


def published_sample(size, seed, r_small=0.1, r_big=0.5):
    """``(X, y)`` exactly as the published per-sample loop makes them."""
    rng = np.random.RandomState(seed)
    values, labels = [], []
    for _ in range(size):
        goal = rng.randint(3)
        while True:
            x, y = rng.rand(2) * 2.0 * r_big
            if np.sqrt((x - r_big) ** 2 + (y - r_big) ** 2) > r_big:
                continue
            c = which_class(x, y, r_small, r_big)
            if c == goal:
                break
        values.append(np.array([x, y, 1.0 - x, 1.0 - y]))
        labels.append(c)
    return np.array(values, dtype=np.float64).reshape(size, 4), np.array(labels, dtype=np.int64)
