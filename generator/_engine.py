"""Temporary per-sample engine (to be replaced by the vectorized one)."""

import numpy as np


def stream(size, seed, r_small, r_big):
    rng = np.random.RandomState(seed)
    block = 4096
    done = 0
    while done < size:
        n = min(block, size - done)
        X = np.empty((n, 4))
        y = np.empty(n, dtype=np.int64)
        for i in range(n):
            goal = rng.randint(3)
            while True:
                x, yy = rng.rand(2) * 2.0 * r_big
                if np.sqrt((x - r_big) ** 2 + (yy - r_big) ** 2) > r_big:
                    continue
                d_right = np.sqrt((x - 1.5 * r_big) ** 2 + (yy - r_big) ** 2)
                d_left = np.sqrt((x - 0.5 * r_big) ** 2 + (yy - r_big) ** 2)
                if d_right < r_small or d_left < r_small:
                    c = 2
                else:
                    c = int(d_right <= r_small or r_small < d_left <= 0.5 * r_big
                            or (yy > r_big and d_right > 0.5 * r_big))
                if c == goal:
                    break
            X[i] = (x, yy, 1.0 - x, 1.0 - yy)
            y[i] = c
        done += n
        yield X, y
