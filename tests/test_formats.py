"""``.with_format`` for numpy, torch, jax, pandas, polars and arrow, built and streaming, and the
exact ways out: ``to_numpy``, ``iter_numpy``, ``to_torch``.

numpy, torch and jax formatters may cast float64 inputs to float32 (the card says so); the other
formats, and ``yinyang``'s helpers, are exact. torch and jax are optional: their tests skip when
they are not installed (the README's test set-up leaves them out; CI installs them).
"""

import importlib.util
import sys

import numpy as np
import pytest
from datasets import load_dataset

import yinyang
from yinyang_generator import sample

SIZE = 1000
X, Y = sample(SIZE, 42)


def as_arrays(batch, fmt):
    """Return (inputs as an (n, 4) numpy array, labels as an (n,) numpy array) of a formatted batch."""
    inputs, labels = batch["inputs"], batch["label"]
    if fmt == "torch":
        return inputs.numpy(), labels.numpy()
    if fmt == "pandas":
        return np.stack(inputs.to_numpy()), labels.to_numpy()
    if fmt == "polars":
        return inputs.to_numpy(), labels.to_numpy()
    if fmt == "arrow":
        flat = inputs.combine_chunks().flatten().to_numpy(zero_copy_only=False)
        return flat.reshape(-1, 4), labels.to_numpy()
    return np.asarray(inputs), np.asarray(labels)


def assert_rows(inputs, labels, fmt):
    assert inputs.shape == (SIZE, 4)
    if fmt in ("pandas", "polars", "arrow"):
        assert inputs.dtype == np.float64
    else:
        assert inputs.dtype in (np.float32, np.float64)
    np.testing.assert_array_equal(inputs, X.astype(inputs.dtype))
    np.testing.assert_array_equal(labels, Y)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    cache = str(tmp_path_factory.mktemp("formats"))
    return load_dataset("yinyang", size=SIZE, validation_size=0, test_size=0, cache_dir=cache)["train"]


@pytest.fixture
def streamed():
    return load_dataset("yinyang", size=SIZE, validation_size=0, test_size=0, streaming=True)["train"]


def needs(module):
    """A pytest mark skipping a test when ``module`` (an optional extra) is not installed."""
    return pytest.mark.skipif(importlib.util.find_spec(module) is None,
                              reason=f"{module} is not installed (optional; CI installs it)")


FORMATS = ["numpy", pytest.param("torch", marks=needs("torch")),
           pytest.param("jax", marks=needs("jax")), "pandas", "polars", "arrow"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_built_dataset_formats(built, fmt):
    """A built split formatted as fmt gives every row, inputs of shape (n, 4)."""
    assert_rows(*as_arrays(built.with_format(fmt)[:], fmt), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_streaming_dataset_formats(streamed, fmt):
    """A streamed split formatted as fmt gives every row in order, in batches and row by row."""
    formatted = streamed.with_format(fmt)
    batches = [as_arrays(batch, fmt) for batch in formatted.iter(batch_size=300)]
    assert_rows(np.concatenate([b[0] for b in batches]), np.concatenate([b[1] for b in batches]), fmt)
    first = next(iter(formatted))
    if fmt in ("numpy", "torch", "jax"):
        row = np.asarray(first["inputs"])
        np.testing.assert_array_equal(row, X[0].astype(row.dtype))
        assert int(first["label"]) == Y[0]


@needs("torch")
def test_torch_tensors_have_the_documented_shapes(built):
    """with_format("torch")[:] gives an (n, 4) inputs tensor and int64 labels."""
    import torch

    batch = built.with_format("torch")[:]
    assert batch["inputs"].shape == (SIZE, 4)
    assert batch["label"].dtype == torch.int64


@needs("torch")
@pytest.mark.parametrize("num_workers", [0, 2])
def test_dataloader_over_the_built_dataset(built, num_workers):
    """A torch DataLoader over the built split yields every row once, in order."""
    import torch

    # spawn, not fork: jax, imported by other tests, is multithreaded, and fork may deadlock it.
    context = "spawn" if num_workers else None
    loader = torch.utils.data.DataLoader(built.with_format("torch"), batch_size=128,
                                         num_workers=num_workers, multiprocessing_context=context)
    batches = list(loader)
    assert batches[0]["inputs"].shape == (128, 4)
    inputs = torch.cat([b["inputs"] for b in batches]).numpy()
    labels = torch.cat([b["label"] for b in batches]).numpy()
    assert_rows(inputs, labels, "torch")


@needs("torch")
def test_dataloader_over_the_streaming_dataset(streamed):
    """A torch DataLoader over the streamed split yields every row once, in order."""
    import torch

    loader = torch.utils.data.DataLoader(streamed.with_format("torch"), batch_size=128)
    batches = list(loader)
    inputs = torch.cat([b["inputs"] for b in batches]).numpy()
    labels = torch.cat([b["label"] for b in batches]).numpy()
    assert_rows(inputs, labels, "torch")


def test_to_numpy_arrays_are_exact_and_writable(built):
    """to_numpy copies out of the memory-mapped cache: exact float64/int64 arrays one may modify
    (torch.from_numpy takes them without a warning), the cache untouched."""
    inputs, labels = yinyang.to_numpy(built)
    assert inputs.flags.writeable and labels.flags.writeable and inputs.flags.c_contiguous
    assert inputs.dtype == np.float64 and labels.dtype == np.int64
    inputs[:] = 0
    labels[:] = 0
    assert_rows(*yinyang.to_numpy(built), "arrow")


@pytest.mark.parametrize("kind", ["built", "streamed"])
def test_iter_numpy_gives_exact_batches(built, streamed, kind):
    """iter_numpy yields exact float64/int64 batches of batch_size rows, built or streaming."""
    batches = list(yinyang.iter_numpy(built if kind == "built" else streamed, batch_size=300))
    assert [len(y) for _, y in batches] == [300, 300, 300, 100]
    assert all(X.dtype == np.float64 and y.dtype == np.int64 for X, y in batches)
    np.testing.assert_array_equal(np.concatenate([X for X, _ in batches]), X)
    np.testing.assert_array_equal(np.concatenate([y for _, y in batches]), Y)


def test_iter_numpy_refuses_what_is_not_a_split(built):
    """iter_numpy names its arguments when it is called, not at the first batch."""
    with pytest.raises(TypeError, match="'dataset' must be one split"):
        yinyang.iter_numpy([1, 2])
    with pytest.raises(ValueError, match="'batch_size' must be an int in"):
        yinyang.iter_numpy(built, batch_size=0)


@needs("torch")
def test_to_torch_gives_tuple_batches(built):
    """to_torch: a DataLoader yields (inputs, labels) tuples, float32 by default, float64 exact
    on request, every row once."""
    import torch
    from torch.utils.data import DataLoader

    batches = list(DataLoader(yinyang.to_torch(built), batch_size=128))
    data, target = batches[0]
    assert data.shape == (128, 4) and data.dtype == torch.float32 and target.dtype == torch.int64
    np.testing.assert_array_equal(torch.cat([d for d, _ in batches]).numpy(), X.astype(np.float32))
    exact = yinyang.to_torch(built, dtype=torch.float64)
    shuffled = list(DataLoader(exact, batch_size=20, shuffle=True))
    data = torch.cat([d for d, _ in shuffled]).numpy()
    target = torch.cat([t for _, t in shuffled]).numpy()
    order = np.lexsort(data.T)
    assert np.array_equal(data[order], X[np.lexsort(X.T)])
    assert np.array_equal(np.bincount(target), np.bincount(Y))
    with pytest.raises(TypeError, match="'dtype' must be a floating torch.dtype"):
        yinyang.to_torch(built, dtype=torch.int64)


def test_to_torch_without_torch_names_the_extra(built, monkeypatch):
    """Without torch, to_torch says what to install (a CPU build)."""
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(ModuleNotFoundError, match=r"to_torch needs PyTorch .*download.pytorch.org/whl/cpu"):
        yinyang.to_torch(built)
