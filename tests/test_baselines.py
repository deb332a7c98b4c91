"""Specification of ``yinyang_tools.baselines``: the paper's reference networks, with PyTorch."""

import json
import subprocess
import sys

import numpy as np
import pytest

from helpers import run_cli
from yinyang_tools import baselines
from yinyang_generator.publication import PUBLICATION_SHA256, digest
from yinyang_tools.baselines import NETWORKS, PUBLISHED, format_table, run_baselines

HEADER = "| Network | Published test accuracy [%] | Reproduced with this package [%] |"


def test_import_does_not_import_torch():
    """Importing the module stays light: torch is imported only when training starts."""
    code = "import sys; from yinyang_tools import baselines; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_without_torch_names_the_extra():
    """Without PyTorch the command fails plainly, naming the extra to install."""
    code = (
        "import sys\n"
        "sys.modules['torch'] = None\n"
        "from yinyang_tools import cli\n"
        "sys.exit(cli.main(['baselines', '--runs', '1', '--epochs', '1']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == (
        "yinyang baselines: error: PyTorch (the 'torch' extra) is not installed: "
        "pip install torch --index-url https://download.pytorch.org/whl/cpu\n")
    assert "Traceback" not in result.stderr


def test_refusals_before_any_work():
    """Bad settings are refused, naming the argument, before training or loading anything."""
    with pytest.raises(ValueError, match=r"'runs' must be an int in \[1, 10000\], got 0"):
        run_baselines(runs=0)
    with pytest.raises(TypeError, match=r"'epochs' must be an int in \[1, 1000000\], got True"):
        run_baselines(epochs=True)
    with pytest.raises(ValueError, match="'seed' must be an int in"):
        run_baselines(seed=-1)


def test_command_end_to_end(tmp_path):
    """`yinyang baselines --runs 2 --epochs 3` prints the table and writes the JSON."""
    pytest.importorskip("torch")
    out = tmp_path / "baselines.json"
    status, stdout, _ = run_cli(["baselines", "--runs", "2", "--epochs", "3", "--json", str(out)])
    assert status == 0
    lines = stdout.splitlines()
    assert lines[0] == HEADER
    for line, name in zip(lines[2:5], NETWORKS):
        mean, std = PUBLISHED[name]
        assert line.startswith(f"| {name} | {mean:.1f} ± {std:.1f} | ")
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["protocol"]["runs"] == 2 and results["protocol"]["epochs"] == 3
    assert list(results["networks"]) == list(NETWORKS)
    for entry in results["networks"].values():
        for split in ("train", "validation", "test"):
            accuracy = entry[split]["runs"]
            assert len(accuracy) == 2 and all(0 <= a <= 100 for a in accuracy)
            assert entry[split]["mean"] == pytest.approx(np.mean(accuracy))
            assert entry[split]["std"] == pytest.approx(np.std(accuracy))
    assert format_table(results) == "\n".join(lines[:5])


def _reference_run(torch, name, splits, *, seed, epochs, batch_size=20, lr=0.01):
    """One run the plain PyTorch way: nn.Sequential, Adam, a fresh permutation per epoch."""
    torch.manual_seed(seed)
    if name == "Shallow network":
        model = torch.nn.Sequential(torch.nn.Linear(4, 3))
    else:
        model = torch.nn.Sequential(torch.nn.Linear(4, 30), torch.nn.ReLU(),
                                    torch.nn.Linear(30, 3))
    trained = model[-1].parameters() if "frozen" in name else model.parameters()
    optimizer = torch.optim.Adam(trained, lr=lr)
    shuffler = torch.Generator().manual_seed(seed)
    X, y = splits["train"]
    for _ in range(epochs):
        order = torch.randperm(len(y), generator=shuffler)
        for start in range(0, len(y), batch_size):
            batch = order[start:start + batch_size]
            loss = torch.nn.functional.cross_entropy(model(X[batch]), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    with torch.no_grad():
        return {split: 100.0 * (model(Xs).argmax(1) == ys).double().mean().item()
                for split, (Xs, ys) in splits.items()}


def test_the_paper_split_is_read_from_the_builder_whatever_the_working_directory(monkeypatch,
                                                                                 tmp_path):
    """A data folder named yinyang in the working directory (which would win over the name in
    load_dataset) does not change what the baselines train on."""
    (tmp_path / "yinyang").mkdir()
    (tmp_path / "yinyang" / "rows.csv").write_text("a,b\n1,2\n")
    monkeypatch.chdir(tmp_path)
    data = baselines.load_splits()
    assert {split: digest(*rows) for split, rows in data.items()} == PUBLICATION_SHA256


@pytest.mark.parametrize("name", NETWORKS)
def test_batched_runs_equal_independent_trainings(name):
    """Training runs together (batched weights) gives what separate plain trainings give."""
    torch = pytest.importorskip("torch")
    data = baselines.load_splits()
    # A 210-row training set keeps this fast and has a last batch of 10 rows.
    splits = {split: (torch.tensor(X[:210], dtype=torch.float32), torch.tensor(y[:210]))
              for split, (X, y) in data.items()}
    batched = baselines._train(torch, name, splits, runs=3, epochs=4, seed=7,
                                       batch_size=20, lr=0.01)
    for run in range(3):
        reference = _reference_run(torch, name, splits, seed=7 + run, epochs=4)
        for split, accuracy in reference.items():
            assert batched[split][run] == pytest.approx(accuracy, abs=1e-9), (split, run)


def test_gap_at_modest_settings():
    """With 8 runs × 20 epochs the paper's gap already shows: ANN > frozen > shallow."""
    pytest.importorskip("torch")
    # False-failure probability below 1e-6. From 400 runs at these settings (seeds 1000-1399),
    # per run: ANN 89.4 ± 4.2 %, frozen 78.4 ± 5.4 %, shallow 64.1 ± 1.2 %; ANN - frozen of
    # the same seed 11.0 ± 6.4 points, frozen - shallow 14.3 ± 5.2. For a mean of 8 runs the
    # tightest comparison, ANN > frozen, sits 4.9 standard errors from failing (normal
    # approximation: 6e-7); the others sit 6 or more (< 1e-9). The seed is fixed, so on one
    # platform the outcome is deterministic; the figure is for another seed or platform.
    results = run_baselines(runs=8, epochs=20, seed=0)
    ann, frozen, shallow = (results["networks"][name]["test"]["mean"] for name in NETWORKS)
    assert 80 < ann and frozen < ann and shallow < frozen and shallow < 70, (ann, frozen, shallow)
