"""What checking a cached build's rows on load would cost, beside the load itself.

    python benchmarks/bench_verify.py [--size 1000000] [--repeat 5]

Builds ``--size`` training rows once, then prints the best of ``--repeat`` timings of: a cached
``load_dataset("yinyang", size=...)`` (memory-mapped, no row read), ``yinyang.to_numpy`` of the
split, the sha256 row digest of ``yinyang_generator.publication.digest`` on those arrays, and a
plain sha256 of the Arrow file; then a cached load of the ``publication`` config, which checks
its 7,000 rows against the paper's digests on every load. Caches go to a temporary HF_HOME,
offline. These figures are why only ``publication`` is checked on load (README, "Caching").
"""

import argparse
import hashlib
import os
import tempfile
import time

_CACHE = tempfile.TemporaryDirectory(prefix="yinyang-bench-")
os.environ.update(HF_HOME=_CACHE.name, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")

import datasets  # noqa: E402

import yinyang  # noqa: E402
from yinyang_generator.publication import digest  # noqa: E402


def best(repeat, task):
    """The shortest of ``repeat`` runs of ``task()``, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return 1e3 * min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="training rows")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    params = {"size": args.size, "validation_size": 0, "test_size": 0}
    split = datasets.load_dataset("yinyang", **params)["train"]
    X, y = yinyang.to_numpy(split)
    path = split.cache_files[0]["filename"]
    per = f"ms for {args.size:,} rows"
    datasets.disable_progress_bars()

    def read_file():
        with open(path, "rb") as file:
            hashlib.sha256(file.read()).hexdigest()

    publication = datasets.load_dataset_builder("yinyang", "publication")
    publication.download_and_prepare()
    tasks = {
        "cached load_dataset": lambda: datasets.load_dataset("yinyang", **params),
        "to_numpy": lambda: yinyang.to_numpy(split),
        "row digest (sha256)": lambda: digest(X, y),
        "sha256 of the Arrow file": read_file,
    }
    print(f"datasets {datasets.__version__}; best of {args.repeat}")
    for name, task in tasks.items():
        print(f"{name:<32}{best(args.repeat, task):8.1f} {per}")
    load = best(args.repeat, lambda: datasets.load_dataset("yinyang", "publication"))
    check = best(args.repeat, lambda: publication._publication_problem(publication.cache_dir))
    print(f"{'cached publication load':<32}{load:8.1f} ms, of which {check:.1f} ms check its "
          "7,000 rows against the paper's digests")

if __name__ == "__main__":
    main()
