"""Epoch speed of the paper's training protocol (5000 rows, batch 20, shuffled) in one process.

    python benchmarks/bench_epochs.py [--epochs 15]

Prints rows/s of a ``torch.utils.data.DataLoader`` epoch over: the published class (its item
storage and ``__getitem__`` as in ``dataset.py`` of the paper's code, rows from the tests' oracle),
``yinyang_generator.YinYangDataset``, ``yinyang.to_torch(split)`` (the README's PyTorch path from a
built split) and ``split.with_format("torch")``. The epochs of all four alternate, so machine load
hits them alike; each figure is the median over ``--epochs`` epochs, with its ratio to the
published class. Needs torch. Caches go to a temporary HF_HOME, offline.
"""

import argparse
import os
import pathlib
import statistics
import sys
import tempfile
import time

_CACHE = tempfile.TemporaryDirectory(prefix="yinyang-bench-")
os.environ.update(HF_HOME=_CACHE.name, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")

import torch  # noqa: E402
from datasets import load_dataset  # noqa: E402
from torch.utils.data import DataLoader  # noqa: E402

import yinyang  # noqa: E402
from yinyang_generator import YinYangDataset  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests"))
from oracle import published_sample  # noqa: E402


class Published(torch.utils.data.Dataset):
    """The published class's storage (a list of row arrays, a list of int labels) and item
    access, filled from the oracle so that building it takes no minutes."""

    def __init__(self, size, seed):
        X, y = published_sample(size, seed)
        self._vals = [row.copy() for row in X]
        self._cs = [int(c) for c in y]

    def __getitem__(self, index):
        return (self._vals[index].copy(), self._cs[index])

    def __len__(self):
        return len(self._cs)


def epoch_rate(dataset):
    """Rows/s of one shuffled epoch in batches of 20, unpacked as `for data, target in loader`."""
    loader = DataLoader(dataset, batch_size=20, shuffle=True)
    rows = 0
    start = time.perf_counter()
    for batch in loader:
        if isinstance(batch, dict):  # with_format("torch") yields dicts
            data, target = batch["inputs"], batch["label"]
        else:
            data, target = batch
        rows += len(target)
    return rows / (time.perf_counter() - start)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=15)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    split = load_dataset("yinyang", split="train")
    candidates = {
        "published class (dataset.py)": Published(5000, 42),
        "yinyang_generator.YinYangDataset": YinYangDataset(size=5000, seed=42),
        "yinyang.to_torch(split)": yinyang.to_torch(split),
        'split.with_format("torch")': split.with_format("torch"),
    }
    rates = {name: [] for name in candidates}
    for _ in range(args.epochs):
        for name, dataset in candidates.items():
            rates[name].append(epoch_rate(dataset))
    base = statistics.median(rates["published class (dataset.py)"])
    print(f"torch {torch.__version__}; paper protocol: 5000 rows, batch 20, shuffle; median of "
          f"{args.epochs} epochs each, interleaved")
    for name, values in rates.items():
        rate = statistics.median(values)
        print(f"{name:<36}{rate:>12,.0f} rows/s  {rate / base:5.2f}x  "
              f"(300 epochs: {300 * 5000 / rate:5.1f} s)")


if __name__ == "__main__":
    main()
