"""Peak resident memory and rate of large builds and streams, each in a fresh process.

    python benchmarks/bench_memory.py [--build-rows 10000000] [--stream-rows 100000000]

Prints, for each task, rows/s and the peak resident set size (``ru_maxrss`` of the child
process), next to the peak of a child that only imports the same libraries:

- ``sampler``: ``yinyang_generator.iter_chunks`` over ``--stream-rows`` rows (numpy only);
- ``build``: a cold ``YinYang(size=--build-rows).download_and_prepare()`` into a temporary cache;
- ``stream``: ``--stream-rows`` training rows from ``as_streaming_dataset``, numpy-formatted
  batches of 65,536 rows (nothing is written to disk).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

BATCH = 65_536


def _child(task, rows):
    os.environ.update(HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    import numpy as np

    import yinyang_generator

    if task != "sampler":
        import datasets

        import yinyang
        datasets.disable_progress_bars()
    start = time.perf_counter()
    seen = 0
    if task == "sampler":
        for _, y in yinyang_generator.iter_chunks(rows, 1, chunk_size=BATCH):
            seen += len(y)
    elif task == "build":
        with tempfile.TemporaryDirectory() as cache:
            builder = yinyang.YinYang(size=rows, validation_size=0, test_size=0, cache_dir=cache)
            builder.download_and_prepare()
            seen = builder.info.splits["train"].num_examples
    elif task == "stream":
        builder = yinyang.YinYang(size=rows, validation_size=0, test_size=0)
        stream = builder.as_streaming_dataset(split="train").with_format("numpy")
        for batch in stream.iter(batch_size=BATCH):
            seen += len(batch["label"])
    elif task != "imports":
        raise ValueError(f"'task' must be sampler, build, stream or imports, got {task!r}")
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": seen, "seconds": seconds, "peak_mib": peak_mib,
                      "numpy": np.__version__}))


def _run(task, rows):
    out = subprocess.run([sys.executable, __file__, "--child", task, str(rows)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-rows", type=int, default=10_000_000)
    parser.add_argument("--stream-rows", type=int, default=100_000_000)
    parser.add_argument("--child", nargs=2, metavar=("TASK", "ROWS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], int(args.child[1]))
        return
    base = _run("imports", 0)
    print(f"imports only (numpy, datasets, yinyang): peak {base['peak_mib']:7.0f} MiB")
    for task, rows in (("sampler", args.stream_rows), ("build", args.build_rows),
                       ("stream", args.stream_rows)):
        result = _run(task, rows)
        rate = result["rows"] / result["seconds"]
        print(f"{task:8s} {result['rows']:>12,} rows  {rate:>12,.0f} rows/s  "
              f"peak {result['peak_mib']:7.0f} MiB  ({result['seconds']:.1f} s)")


if __name__ == "__main__":
    main()
