"""``.with_format`` for numpy, torch, jax, pandas, polars and arrow, built and streaming.

numpy, torch and jax formatters may cast float64 inputs to float32 (the card says so); the other
formats, and ``yinyang.to_numpy``, are exact.
"""

import numpy as np
import pytest
from datasets import load_dataset

import yinyang  # noqa: F401  (importing it teaches load_dataset the name "yinyang")
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


FORMATS = ["numpy", "torch", "jax", "pandas", "polars", "arrow"]


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


def test_torch_tensors_have_the_documented_shapes(built):
    """with_format("torch")[:] gives an (n, 4) inputs tensor and int64 labels."""
    import torch

    batch = built.with_format("torch")[:]
    assert batch["inputs"].shape == (SIZE, 4)
    assert batch["label"].dtype == torch.int64


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


def test_dataloader_over_the_streaming_dataset(streamed):
    """A torch DataLoader over the streamed split yields every row once, in order."""
    import torch

    loader = torch.utils.data.DataLoader(streamed.with_format("torch"), batch_size=128)
    batches = list(loader)
    inputs = torch.cat([b["inputs"] for b in batches]).numpy()
    labels = torch.cat([b["label"] for b in batches]).numpy()
    assert_rows(inputs, labels, "torch")
