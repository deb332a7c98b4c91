"""Speed of the Hugging Face builder beside the published per-sample generator, in one run.

    python benchmarks/bench_builder.py [--size 1000000]

Prints rows/s of: the per-sample generator (the published algorithm, one point at a time), a
cold ``load_dataset("yinyang", size=...)`` build, numpy-formatted streaming of the same rows
(the first ``--row-stream-rows`` row by row, then all in batches of 65536), the same stream as
Arrow batches and through ``yinyang.iter_numpy`` (exact float64), and the peak
resident memory of this process. The per-sample generator is the tests' oracle
(``tests/oracle.py``). Caches go to a temporary HF_HOME, offline.
"""

import argparse
import itertools
import os
import pathlib
import resource
import sys
import tempfile
import time

_CACHE = tempfile.TemporaryDirectory(prefix="yinyang-bench-")
os.environ.update(HF_HOME=_CACHE.name, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")

import datasets  # noqa: E402
import numpy as np  # noqa: E402

import yinyang  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests"))
from oracle import published_sample  # noqa: E402


def rate(rows, seconds):
    return f"{rows / seconds:>14,.0f} rows/s  ({rows:,} rows in {seconds:.2f} s)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="training rows to build")
    parser.add_argument("--per-sample-rows", type=int, default=20_000)
    parser.add_argument("--row-stream-rows", type=int, default=100_000,
                        help="rows to stream one by one (datasets formats each row on its own)")
    args = parser.parse_args()
    params = {"size": args.size, "validation_size": 0, "test_size": 0}
    print(f"datasets {datasets.__version__}, numpy {np.__version__}")

    start = time.perf_counter()
    published_sample(args.per_sample_rows, 42)
    base = args.per_sample_rows / (time.perf_counter() - start)
    print(f"per-sample generator         {rate(args.per_sample_rows, args.per_sample_rows / base)}")

    start = time.perf_counter()
    built = datasets.load_dataset("yinyang", **params)["train"]
    seconds = time.perf_counter() - start
    print(f"cold build (load_dataset)    {rate(args.size, seconds)}  "
          f"= {args.size / seconds / base:,.1f}x per-sample")
    assert len(built) == args.size
    del built

    streamed = datasets.load_dataset("yinyang", streaming=True, **params)["train"].with_format("numpy")
    start = time.perf_counter()
    count = sum(1 for _ in itertools.islice(streamed, args.row_stream_rows))
    seconds = time.perf_counter() - start
    print(f"streaming, numpy, by row     {rate(count, seconds)}  = {count / seconds / base:,.1f}x per-sample")

    start = time.perf_counter()
    count = sum(len(batch["label"]) for batch in streamed.iter(batch_size=65536))
    seconds = time.perf_counter() - start
    print(f"streaming, numpy, batches    {rate(count, seconds)}  = {count / seconds / base:,.1f}x per-sample")

    stream = datasets.load_dataset("yinyang", streaming=True, **params)["train"]
    start = time.perf_counter()
    count = sum(len(batch["label"]) for batch in stream.with_format("arrow").iter(batch_size=65536))
    seconds = time.perf_counter() - start
    print(f"streaming, arrow, batches    {rate(count, seconds)}  = {count / seconds / base:,.1f}x per-sample")

    start = time.perf_counter()
    count = sum(len(y) for _, y in yinyang.iter_numpy(stream, batch_size=65536))
    seconds = time.perf_counter() - start
    print(f"streaming, yinyang.iter_numpy {rate(count, seconds)}  = {count / seconds / base:,.1f}x per-sample")

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory         {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
