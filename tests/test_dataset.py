"""``YinYangDataset``: the published class's interface, bit-exact rows, numpy only.

The published test suite (tests/test_dataset.py of lkriener/yin_yang_data_set) is the yardstick:
construction, ``__getitem__``, item structure, ``len``, seeding, DataLoader use, a plot.
"""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import yinyang_generator
from oracle import published_sample, which_class
from yinyang_generator import YinYangDataset, sample
from yinyang_generator.publication import digest


def rows(dataset):
    """``(X, y)`` of a dataset read item by item, as the published class is read."""
    items = list(dataset)
    return np.array([x for x, _ in items]).reshape(-1, 4), np.array([c for _, c in items])


def test_published_signature_and_attributes():
    """YinYangDataset(r_small=0.1, r_big=0.5, size=1000, seed=42, transform=None), class_names."""
    dataset = YinYangDataset()
    assert (len(dataset), dataset.r_small, dataset.r_big, dataset.transform) == (1000, 0.1, 0.5, None)
    assert dataset.class_names == ["yin", "yang", "dot"]
    positional = YinYangDataset(0.2, 0.6, 300, 7)
    assert digest(*rows(positional)) == digest(*sample(300, 7, r_small=0.2, r_big=0.6))


@settings(max_examples=15, deadline=None)
@given(size=st.integers(0, 200), seed=st.integers(0, 2**32 - 1),
       r_big=st.floats(0.3, 2.0), fraction=st.floats(0.1, 0.45))
def test_items_are_the_published_generators(size, seed, r_big, fraction):
    """Item i is (x, label) of the published per-sample generator, bit for bit."""
    r_small = fraction * r_big
    dataset = YinYangDataset(r_small=r_small, r_big=r_big, size=size, seed=seed)
    assert len(dataset) == size
    assert digest(*rows(dataset)) == digest(*published_sample(size, seed, r_small, r_big))


def test_item_structure():
    """Items are (float64 array of shape (4,), int label in 0..2), new arrays each time."""
    dataset = YinYangDataset(size=5000, seed=42)
    for values, label in dataset:
        assert values.shape == (4,) and values.dtype == np.float64
        assert type(label) is int and 0 <= label <= 2
    first, _ = dataset[17]
    first[:] = -1.0
    assert (dataset[17][0] != -1.0).all()
    assert dataset[-1][1] == dataset[4999][1]


def test_transform_gets_the_pair():
    """transform is applied to the (sample, label) pair, item by item and batch by batch."""
    dataset = YinYangDataset(size=10, seed=3, transform=lambda pair: (pair[0].sum(), pair[1] + 10))
    plain = YinYangDataset(size=10, seed=3)
    assert dataset[4] == (plain[4][0].sum(), plain[4][1] + 10)
    assert dataset.__getitems__([4, 2]) == [dataset[4], dataset[2]]


def test_getitems_equals_getitem():
    """__getitems__ (a DataLoader's batched fetch) gives the items __getitem__ gives."""
    dataset = YinYangDataset(size=100, seed=1)
    batch = dataset.__getitems__([5, 99, 0, 5])
    for (values, label), index in zip(batch, [5, 99, 0, 5]):
        assert np.array_equal(values, dataset[index][0]) and label == dataset[index][1]
        assert type(label) is int


def test_seeding():
    """Different seeds give different inputs; the same seed the same dataset."""
    one, other = rows(YinYangDataset(size=1000, seed=42)), rows(YinYangDataset(size=1000, seed=41))
    assert (one[0] != other[0]).all()
    assert digest(*rows(YinYangDataset(size=1000, seed=40))) == digest(*sample(1000, 40))


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"size": -1}, ValueError, r"'size' must be an int in \[0, 2\*\*62\], got -1"),
    ({"seed": None}, TypeError, r"'seed' must be an int .*got None"),
    ({"r_small": 0.3}, ValueError, r"2 \* r_small < r_big"),
    ({"transform": "x"}, TypeError, r"'transform' must be callable or None, got 'x' \(str\)"),
])
def test_parameters_are_checked_up_front(kwargs, error, match):
    """Bad parameters get the sampler's errors at construction (the published class hangs or
    fails later)."""
    with pytest.raises(error, match=match):
        YinYangDataset(**kwargs)


def test_index_must_be_an_int():
    """A non-integer index is refused by name; out of range is IndexError, as for a list."""
    dataset = YinYangDataset(size=3)
    with pytest.raises(TypeError, match="'index' must be an int, got 1.5"):
        dataset[1.5]
    with pytest.raises(IndexError):
        dataset[3]


def test_import_needs_only_numpy():
    """YinYangDataset works with torch, datasets and pyarrow unavailable."""
    code = ("import sys\n"
            "for name in ('torch', 'datasets', 'pyarrow', 'jax'):\n"
            "    sys.modules[name] = None\n"
            "from yinyang_generator import YinYangDataset\n"
            "print(len(YinYangDataset(size=5000, seed=42)))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "5000"
    assert "YinYangDataset" in yinyang_generator.__all__


def test_the_published_setup_runs_unchanged():
    """The published README's set-up (three datasets, three DataLoaders) runs against this class,
    batches equal to the published rows."""
    torch = pytest.importorskip("torch", reason="torch is not installed (the torch extra)")
    from torch.utils.data import DataLoader

    dataset_train = YinYangDataset(size=5000, seed=42)
    dataset_validation = YinYangDataset(size=1000, seed=41)
    dataset_test = YinYangDataset(size=1000, seed=40)
    batchsize_train = 20
    batchsize_eval = len(dataset_test)
    train_loader = DataLoader(dataset_train, batch_size=batchsize_train, shuffle=True)
    val_loader = DataLoader(dataset_validation, batch_size=batchsize_eval, shuffle=True)
    test_loader = DataLoader(dataset_test, batch_size=batchsize_eval, shuffle=False)

    data, target = next(iter(train_loader))
    assert data.shape == (20, 4) and data.dtype == torch.float64 and target.dtype == torch.int64
    assert sum(len(target) for _, target in train_loader) == 5000
    [(data, target)] = list(test_loader)
    X, y = published_sample(1000, 40)
    assert np.array_equal(data.numpy(), X) and np.array_equal(target.numpy(), y)
    [(data, target)] = list(val_loader)
    X, y = published_sample(1000, 41)
    order = np.lexsort(data.numpy().T)
    assert np.array_equal(data.numpy()[order], X[np.lexsort(X.T)])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), r_big=st.floats(0.3, 2.0), fraction=st.floats(0.1, 0.45),
       points=st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), max_size=50))
def test_which_class_is_the_published_rule(seed, r_big, fraction, points):
    """which_class(x, y) labels every row of the dataset with its label, and any point as the
    published formulas do (the dot distances too)."""
    dataset = YinYangDataset(r_small=fraction * r_big, r_big=r_big, size=60, seed=seed)
    for values, label in dataset:
        assert dataset.which_class(values[0], values[1]) == label
    for u, v in points:
        x, y = np.float64(u * 2 * r_big), np.float64(v * 2 * r_big)
        assert dataset.which_class(x, y) == which_class(x, y, dataset.r_small, r_big)
        assert dataset.dist_to_right_dot(x, y) == np.sqrt((x - 1.5 * r_big) ** 2 + (y - r_big) ** 2)
        assert dataset.dist_to_left_dot(x, y) == np.sqrt((x - 0.5 * r_big) ** 2 + (y - r_big) ** 2)


def test_adding_datasets_concatenates_them_as_torch_does():
    """`a + b` is torch's ConcatDataset, as for the published class (a torch Dataset)."""
    torch = pytest.importorskip("torch", reason="torch is not installed (the torch extra)")
    a, b = YinYangDataset(size=30, seed=1), YinYangDataset(size=20, seed=2)
    both = a + b
    assert isinstance(both, torch.utils.data.ConcatDataset) and len(both) == 50
    assert np.array_equal(both[35][0], b[5][0]) and both[35][1] == b[5][1]


def test_adding_datasets_without_torch_names_the_install():
    """Without torch, `a + b` says that it makes a torch ConcatDataset and how to install torch."""
    code = ("import sys\n"
            "sys.modules['torch'] = None\n"
            "from yinyang_generator import YinYangDataset\n"
            "YinYangDataset(size=3) + YinYangDataset(size=3, seed=1)\n")
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    last = process.stderr.strip().splitlines()[-1]
    assert last.startswith("ModuleNotFoundError:") and "ConcatDataset" in last, last
    assert "pip install torch" in last, last
