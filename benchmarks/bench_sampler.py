"""Speed of the vectorized sampler beside the per-sample published loop, in two regimes.

    python benchmarks/bench_sampler.py [--repeats 7] [--size 1000000] [--oracle-size 20000]

1. The paper's split (``sample(5000, 42)``, ``sample(1000, 41)``, ``sample(1000, 40)``) in fresh
   interpreters: each run starts a new Python, imports numpy, then times the import of
   ``yinyang_generator`` (or of ``tests/oracle.py``, the published loop) and the three calls.
   Runs of both sides alternate; the median of ``--repeats`` runs per side is reported. Children
   cache bytecode in a temporary directory, as an installed package has its ``.pyc`` files.
   Also timed there: a first call with new radii after the split, the same call again, and a
   fresh interpreter whose first call has new radii.
2. Large sizes in this process: samples/s of ``sample(--size)`` and of the oracle, their ratio,
   and the fraction reached of the bound a single thread has: MT19937 words/s divided by words
   consumed per sample. The sampler draws the next block's words in a second thread while it
   walks the current one; its rate with that turned off is printed too.

The machine may be shared: compare figures of one run only.
"""

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from oracle import published_sample  # noqa: E402

from yinyang_generator import _engine, sample  # noqa: E402

NEW_RADII = {"r_small": 0.13, "r_big": 0.6}

# Each child prints milliseconds as "name=value" pairs. numpy is imported before the clock.
CHILD = {
    "generator": """
import time, numpy
t0 = time.perf_counter()
from yinyang_generator import sample
for size, seed in ((5000, 42), (1000, 41), (1000, 40)):
    sample(size, seed)
t1 = time.perf_counter()
sample(5000, 42, r_small=0.13, r_big=0.6)
t2 = time.perf_counter()
sample(5000, 42, r_small=0.13, r_big=0.6)
t3 = time.perf_counter()
print(f"split={(t1 - t0) * 1e3} new_radii={(t2 - t1) * 1e3} again={(t3 - t2) * 1e3}")
""",
    "oracle": """
import sys, time, numpy
t0 = time.perf_counter()
sys.path.insert(0, {tests!r})
from oracle import published_sample
for size, seed in ((5000, 42), (1000, 41), (1000, 40)):
    published_sample(size, seed)
t1 = time.perf_counter()
print(f"split={{(t1 - t0) * 1e3}}")
""",
    "new_radii_fresh": """
import time, numpy
t0 = time.perf_counter()
from yinyang_generator import sample
sample(5000, 42, r_small=0.13, r_big=0.6)
print(f"first={(time.perf_counter() - t0) * 1e3}")
""",
    "numpy_random": """
import time, numpy
t0 = time.perf_counter()
import numpy.random
print(f"import={(time.perf_counter() - t0) * 1e3}")
""",
}


def run_child(name, env):
    """Run one fresh interpreter; returns its ``{name: milliseconds}``."""
    code = CHILD[name].format(tests=str(ROOT / "tests")) if name == "oracle" else CHILD[name]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True, cwd=ROOT).stdout
    return {key: float(value) for key, value in (item.split("=") for item in out.split())}


def fresh_process(repeats):
    """Median milliseconds of every child figure over ``repeats`` alternating runs."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "PYTHONPYCACHEPREFIX": cache}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for name in CHILD:  # compile the bytecode once, untimed
            run_child(name, env)
        runs = {name: [] for name in CHILD}
        for _ in range(repeats):
            for name in CHILD:
                runs[name].append(run_child(name, env))
    return {(name, key): statistics.median(run[key] for run in results)
            for name, results in runs.items() for key in results[0]}


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
    pairs, _ = _engine._scalar_pairs(_engine._Block(words, geo), size)
    return (pairs[size - 1] + 4) / size


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7,
                        help="fresh interpreters per side (median) and large runs (best)")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--oracle-size", type=int, default=20_000)
    args = parser.parse_args(argv)

    fresh = fresh_process(args.repeats)
    ours, theirs = fresh["generator", "split"], fresh["oracle", "split"]
    print(f"Paper split (5000 + 1000 + 1000 rows), fresh interpreter after `import numpy`, "
          f"median of {args.repeats}:")
    print(f"  published loop     : {theirs:8.1f} ms  (of which importing numpy.random: "
          f"{fresh['numpy_random', 'import']:.1f} ms)")
    print(f"  yinyang_generator  : {ours:8.1f} ms  (import included)")
    print(f"  speed-up           : {theirs / ours:8.1f}x")
    print(f"  new radii after the split: first sample(5000) "
          f"{fresh['generator', 'new_radii']:.1f} ms, again {fresh['generator', 'again']:.1f} ms "
          f"(+{fresh['generator', 'new_radii'] - fresh['generator', 'again']:.1f} ms); "
          f"as a fresh interpreter's first call {fresh['new_radii_fresh', 'first']:.1f} ms")

    per_sample = words_per_sample(100_000, 1)
    n_words = 2**24
    words_rate = best_rate(
        lambda: np.random.RandomState(1).randint(0, 2**32, size=n_words, dtype=np.uint32),
        n_words, args.repeats)
    fast = best_rate(lambda: sample(args.size, 1), args.size, args.repeats)
    slow = best_rate(lambda: published_sample(args.oracle_size, 1), args.oracle_size, 3)
    ahead, _engine._AHEAD_WORDS = _engine._AHEAD_WORDS, float("inf")
    try:
        alone = best_rate(lambda: sample(args.size, 1), args.size, args.repeats)
    finally:
        _engine._AHEAD_WORDS = ahead
    bound = words_rate / per_sample
    print(f"Large sizes, one process (numpy {np.__version__}):")
    print(f"  MT19937: {words_rate / 1e6:.0f}M words/s, {per_sample:.2f} words/sample -> "
          f"bound {bound / 1e6:.2f}M samples/s")
    print(f"  published loop     : {slow:>12,.0f} samples/s  "
          f"(size {args.oracle_size:,}, best of 3)")
    print(f"  yinyang_generator  : {fast:>12,.0f} samples/s  (size {args.size:,}, best of "
          f"{args.repeats})")
    print(f"  speed-up           : {fast / slow:>12.1f}x")
    print(f"  of the MT19937 bound: {fast / bound:9.1%}")
    print(f"  without words drawn ahead in a second thread: {alone:,.0f} samples/s, "
          f"{alone / slow:.1f}x")


if __name__ == "__main__":
    main()
