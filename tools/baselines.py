"""Reference baselines of the Yin-Yang paper, reproduced with PyTorch.

Kriener, Göltz, Petrovici, "The Yin-Yang dataset" (2022) report the test accuracy of three
networks trained on the paper's split (here ``load_dataset("yinyang", "publication")``), mean ±
std over 20 runs. The protocol, as the paper and the README
of its reference code give it: float32 inputs, cross-entropy loss, Adam with learning rate 0.01,
batch size 20 with shuffling, 300 epochs, PyTorch's default initialisation. Neither says when the
test accuracy is taken; here it is after the last epoch (no early stopping on validation).

The runs of one network are trained together: every weight carries a leading ``runs`` axis and
the layers are batched matrix products. Adam acts element by element and each run's loss only
depends on its own weights, so this equals ``runs`` independent trainings, only faster.

    yinyang baselines --runs 20 --epochs 300 --json results/baselines.json

PyTorch is an optional dependency, the ``torch`` extra; a CPU build is enough:
``pip install torch --index-url https://download.pytorch.org/whl/cpu``.
"""

import json
import math
import os
import sys
import time

from yinyang_generator import PUBLICATION_SPLITS
from yinyang_generator._checks import INSTALL_HINTS, check_count, check_seed

__all__ = [
    "NETWORKS", "PROTOCOL", "PUBLISHED", "format_table", "load_splits", "register", "run_baselines",
]

#: Networks of the paper, by the row label of its table.
NETWORKS = ("ANN (4-30-3)", "ANN (4-30-3) frozen lower weights", "Shallow network")

#: Published test accuracy [%] as (mean, std) over 20 runs (Kriener et al. 2022).
PUBLISHED = {
    "ANN (4-30-3)": (97.6, 1.5),
    "ANN (4-30-3) frozen lower weights": (85.5, 5.8),
    "Shallow network": (63.8, 1.0),
}

#: Training protocol of the paper.
PROTOCOL = {"batch_size": 20, "lr": 0.01, "hidden": 30}

_TORCH_MISSING = f"PyTorch (the 'torch' extra) is not installed: {INSTALL_HINTS['torch']}"


def _import_torch():
    try:
        import torch
    except ModuleNotFoundError as error:
        if error.name != "torch":
            raise
        raise ModuleNotFoundError(_TORCH_MISSING, name="torch") from None
    return torch


def load_splits():
    """Return ``{split: (X, y)}`` of the paper's split, ``load_dataset("yinyang", "publication")``.

    ``X`` is float64 ``(n, 4)``, ``y`` int64 ``(n,)``, for the splits of ``PUBLICATION_SPLITS``.
    """
    import yinyang

    # The builder itself, where load_dataset("yinyang", "publication") caches it: a folder named
    # yinyang in the working directory would win over the name.
    builder = yinyang.YinYang(config_name="publication", dataset_name="yinyang")
    builder.download_and_prepare()
    dataset = builder.as_dataset()
    return {split: yinyang.to_numpy(dataset[split]) for split in PUBLICATION_SPLITS}


def _init_weights(torch, name, runs, seed):
    """Stack PyTorch's default ``nn.Linear`` initialisation of ``runs`` networks.

    Run ``r`` is initialised under ``torch.manual_seed(seed + r)`` for every network, so the
    frozen network of run ``r`` starts from the same hidden layer as the trained one.
    """
    sizes = ((4, 3),) if name == "Shallow network" else ((4, PROTOCOL["hidden"]),
                                                          (PROTOCOL["hidden"], 3))
    per_run = []
    with torch.random.fork_rng(devices=[]):
        for run in range(runs):
            torch.manual_seed(seed + run)
            layers = [torch.nn.Linear(n_in, n_out) for n_in, n_out in sizes]
            per_run.append([t.detach() for layer in layers for t in (layer.weight, layer.bias)])
    return [torch.stack(tensors).contiguous() for tensors in zip(*per_run)]


def _forward(torch, params, x):
    """Logits ``(runs, batch, 3)`` of ``x`` ``(runs, batch, 4)``; params ``[W, b, ...]``."""
    *hidden, weight, bias = params
    if hidden:
        w1, b1 = hidden
        x = torch.baddbmm(b1.unsqueeze(1), x, w1.transpose(1, 2)).relu_()
    return torch.baddbmm(bias.unsqueeze(1), x, weight.transpose(1, 2))


def _accuracy(torch, params, X, y):
    """Accuracy [%] of every run on ``(X, y)``, a float64 numpy array ``(runs,)``."""
    with torch.no_grad():
        logits = _forward(torch, params, X.expand(params[0].shape[0], -1, -1))
        correct = (logits.argmax(dim=-1) == y).double().mean(dim=1)
    return (100.0 * correct).numpy()


def _train(torch, name, splits, *, runs, epochs, seed, batch_size, lr):
    """Train ``runs`` copies of network ``name``; return per-run accuracies [%] by split."""
    X_train, y_train = splits["train"]
    n = len(y_train)
    params = _init_weights(torch, name, runs, seed)
    trained = params[2:] if name == "ANN (4-30-3) frozen lower weights" else params
    for tensor in trained:
        tensor.requires_grad_(True)
    optimizer = torch.optim.Adam(trained, lr=lr)
    shufflers = [torch.Generator().manual_seed(seed + run) for run in range(runs)]
    for _ in range(epochs):
        order = torch.stack([torch.randperm(n, generator=g) for g in shufflers])
        X_epoch, y_epoch = X_train[order], y_train[order]
        for start in range(0, n, batch_size):
            x = X_epoch[:, start:start + batch_size]
            target = y_epoch[:, start:start + batch_size]
            logits = _forward(torch, params, x)
            # The sum over runs of each run's mean batch loss: run r's gradient is its own.
            loss = torch.nn.functional.cross_entropy(
                logits.reshape(-1, 3), target.reshape(-1), reduction="sum"
            ) / x.shape[1]
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
    params = [t.detach() for t in params]
    return {split: _accuracy(torch, params, X, y) for split, (X, y) in splits.items()}


def _summary(values):
    """``{"runs": [...], "mean": m, "std": s}``; std is numpy's default (ddof=0)."""
    values = [float(v) for v in values]
    mean = sum(values) / len(values)
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    return {"runs": values, "mean": mean, "std": std}


def run_baselines(*, runs=20, epochs=300, seed=0, threads=1, log=None):
    """Train the paper's three reference networks and return their accuracies.

    Returns a JSON-ready dict: ``"protocol"`` (the settings used), ``"networks"`` mapping each
    label of :data:`NETWORKS` to ``{"published": {"mean", "std"} or None, "test": {...},
    "validation": {...}, "train": {...}, "seconds": s}`` where each split holds
    ``{"runs": [accuracy % per run], "mean", "std"}``, and ``"seconds"`` (wall time).
    ``threads`` caps PyTorch's intra-op threads during the call; ``log`` (e.g. ``sys.stderr``)
    receives one progress line per network.

    >>> results = run_baselines(runs=2, epochs=1)                       # doctest: +SKIP
    >>> round(results["networks"]["Shallow network"]["test"]["mean"])  # doctest: +SKIP
    63
    """
    runs = check_count("runs", runs, minimum=1, maximum=10_000)
    epochs = check_count("epochs", epochs, minimum=1, maximum=1_000_000)
    seed = check_seed("seed", seed)
    threads = check_count("threads", threads, minimum=1, maximum=1024)
    torch = _import_torch()
    data = load_splits()
    splits = {
        split: (torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.int64))
        for split, (X, y) in data.items()
    }
    previous_threads = torch.get_num_threads()
    torch.set_num_threads(threads)
    started = time.perf_counter()
    networks = {}
    try:
        for name in NETWORKS:
            t0 = time.perf_counter()
            accuracy = _train(torch, name, splits, runs=runs, epochs=epochs, seed=seed,
                              batch_size=PROTOCOL["batch_size"], lr=PROTOCOL["lr"])
            seconds = time.perf_counter() - t0
            mean, std = PUBLISHED[name]
            networks[name] = {
                "published": {"mean": mean, "std": std},
                **{split: _summary(values) for split, values in accuracy.items()},
                "seconds": round(seconds, 2),
            }
            if log is not None:
                test = networks[name]["test"]
                print(f"{name}: test {test['mean']:.1f} ± {test['std']:.1f} % "
                      f"({runs} runs, {epochs} epochs, {seconds:.1f} s)", file=log, flush=True)
    finally:
        torch.set_num_threads(previous_threads)
    return {
        "protocol": {
            "runs": runs, "epochs": epochs, "seed": seed, **PROTOCOL,
            "optimizer": "Adam", "loss": "cross-entropy", "inputs": "float32",
            "data": ", ".join(f"{split} {size} (seed {seed})"
                              for split, (size, seed) in PUBLICATION_SPLITS.items()),
            "std": "population (ddof=0)",
        },
        "networks": networks,
        "seconds": round(time.perf_counter() - started, 2),
        "versions": {"torch": torch.__version__},
    }


def format_table(results):
    """Markdown table of published vs reproduced test accuracy, one row per network."""
    lines = [
        "| Network | Published test accuracy [%] | Reproduced with this package [%] |",
        "| --- | --- | --- |",
    ]
    for name, entry in results["networks"].items():
        published = entry.get("published")
        published = f"{published['mean']:.1f} ± {published['std']:.1f}" if published else "–"
        test = entry["test"]
        lines.append(f"| {name} | {published} | {test['mean']:.1f} ± {test['std']:.1f} |")
    return "\n".join(lines)


def _check_output(path):
    """Refuse, before any training, a ``--json`` path the results could not be written to."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"'--json' {path!r}: folder {folder!r} does not exist.")
    if os.path.isdir(path):
        raise IsADirectoryError(f"'--json' must be a file path, got {path!r}, which is a folder; "
                                "name a file in it, e.g. results.json.")
    target = path if os.path.exists(path) else folder
    if not os.access(target, os.W_OK):
        raise PermissionError(f"'--json' must be a path you can write, got {path!r}, and "
                              f"{target!r} is not writable.")


def _run(args):
    if args.json is not None:
        _check_output(args.json)
    results = run_baselines(runs=args.runs, epochs=args.epochs, seed=args.seed,
                            threads=args.threads, log=sys.stderr)
    print(format_table(results))
    print(f"\n{args.runs} runs × {args.epochs} epochs per network, wall time "
          f"{results['seconds']:.1f} s.")
    if args.json is not None:
        with open(args.json, "w", encoding="utf-8") as file:
            json.dump(results, file, indent=2, ensure_ascii=False)
            file.write("\n")
    return 0


def register(commands):
    """Add ``yinyang baselines`` to the subcommands ``commands``."""
    parser = commands.add_parser(
        "baselines", help="train the paper's reference networks (needs the torch extra)",
        description="Train the Yin-Yang paper's reference networks (PyTorch) and print their "
        "test accuracy next to the published one.",
    )
    parser.add_argument("--runs", type=int, default=20,
                        help="runs per network, each with its own initialisation (default 20)")
    parser.add_argument("--epochs", type=int, default=300, help="epochs per run (default 300)")
    parser.add_argument("--seed", type=int, default=0,
                        help="run r is seeded with seed + r (default 0)")
    parser.add_argument("--threads", type=int, default=1,
                        help="PyTorch intra-op threads (default 1)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    parser.set_defaults(run=_run)
