"""Speed of the vectorized sampler beside the per-sample published loop, in one process.

    python benchmarks/bench_sampler.py [--size 2000000] [--oracle-size 20000]

Prints samples/s of ``yinyang_generator.sample`` and of the per-sample oracle
(``tests/oracle.py``, the published loop), their ratio, and the fraction reached of the bound any
implementation of this stream has: MT19937 words/s divided by words consumed per sample.
"""

import argparse
import pathlib
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests"))
from oracle import published_sample  # noqa: E402

from yinyang_generator import _engine, sample  # noqa: E402


def best_rate(function, count, repeats):
    """Largest count/second over ``repeats`` calls of ``function()``."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return count / best


def words_per_sample(size, seed):
    """MT19937 words the published stream consumes per sample, counted on a real stream."""
    geo = _engine._geometry(0.1, 0.5)
    words = np.random.RandomState(seed).randint(0, 2**32, size=int(size * 40), dtype=np.uint32)
    block = _engine._Block(words, geo)
    pairs, _ = _engine._true_pairs(block, _engine._SEGMENT_WORDS)
    return (pairs[size - 1] + 4) / size


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2_000_000)
    parser.add_argument("--oracle-size", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    per_sample = words_per_sample(100_000, 1)
    n_words = 2**24
    words_rate = best_rate(
        lambda: np.random.RandomState(1).randint(0, 2**32, size=n_words, dtype=np.uint32),
        n_words, args.repeats)
    fast = best_rate(lambda: sample(args.size, 1), args.size, args.repeats)
    slow = best_rate(lambda: published_sample(args.oracle_size, 1), args.oracle_size, 1)
    bound = words_rate / per_sample
    print(f"numpy {np.__version__}, MT19937: {words_rate / 1e6:.0f}M words/s, "
          f"{per_sample:.2f} words/sample -> bound {bound / 1e6:.2f}M samples/s")
    print(f"per-sample oracle : {slow:>12,.0f} samples/s  (size {args.oracle_size:,})")
    print(f"yinyang_generator : {fast:>12,.0f} samples/s  (size {args.size:,}, best of "
          f"{args.repeats})")
    print(f"speed-up          : {fast / slow:>12.1f}x")
    print(f"of the MT19937 bound: {fast / bound:10.1%}")


if __name__ == "__main__":
    main()
