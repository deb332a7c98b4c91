"""Specification of the time-to-first-spike encoder ``yinyang_generator.spikes``."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from yinyang_generator import sample
from yinyang_generator.spikes import SpikeEncoder, spike_raster, spike_times

unit_inputs = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=3, max_side=6),
    elements=st.floats(0.0, 1.0),
)
windows = st.tuples(
    st.floats(-10.0, 10.0), st.floats(1e-3, 20.0)
).map(lambda pair: (pair[0], pair[0] + pair[1]))


@given(unit_inputs, windows)
def test_times_lie_in_window(values, window):
    """Inputs in [0, 1] give times in [t_early, t_late], one per input, float64."""
    t_early, t_late = window
    times = spike_times(values, t_early=t_early, t_late=t_late)
    assert times.shape == values.shape
    assert times.dtype == np.float64
    assert np.all((t_early <= times) & (times <= t_late))


def test_times_of_the_paper_split():
    """Every time of the training split lies in the Fast & Deep window; ends map to ends."""
    X, _ = sample(5000, seed=42)
    times = spike_times(X)
    assert times.shape == (5000, 4)
    assert np.all((0.15 <= times) & (times <= 2.0))
    assert spike_times([0.0, 1.0]).tolist() == [0.15, 2.0]


def test_times_are_linear_in_inputs():
    """t = t_early + v * (t_late - t_early), as in Fast & Deep."""
    times = spike_times([[0.0, 1.0, 0.5, 0.25]], t_early=0.15, t_late=2.0)
    np.testing.assert_allclose(times, [[0.15, 2.0, 1.075, 0.6125]], rtol=0, atol=1e-15)


def test_mirrored_features_give_mirrored_times():
    """Features (x, 1 - x) become times summing to t_early + t_late."""
    X, _ = sample(1000, seed=40)
    times = spike_times(X, t_early=1.0, t_late=5.0)
    np.testing.assert_allclose(times[:, :2] + times[:, 2:], 6.0, rtol=0, atol=1e-12)


def test_bias_column():
    """A bias time adds one last column holding it; without one there is no extra column."""
    X, _ = sample(7, seed=41)
    with_bias = spike_times(X, t_bias=0.9)
    assert with_bias.shape == (7, 5)
    assert np.all(with_bias[:, 4] == 0.9)
    np.testing.assert_array_equal(with_bias[:, :4], spike_times(X))
    assert spike_times(X).shape == (7, 4)
    assert spike_times(X[0], t_bias=0.9).shape == (5,)


def test_raster_shape_dtype_and_one_spike_per_channel():
    """The raster is uint8 (n, n_steps, channels) with exactly one 1 per sample and channel."""
    X, _ = sample(100, seed=42)
    times = spike_times(X, t_bias=0.9)
    raster = spike_raster(times, dt=0.01, n_steps=201)
    assert raster.shape == (100, 201, 5)
    assert raster.dtype == np.uint8
    assert np.all(raster.sum(axis=1) == 1)
    np.testing.assert_array_equal(raster.argmax(axis=1), np.floor(times / 0.01 + 1e-9))


def test_raster_spike_positions():
    """Step k covers [k dt, (k + 1) dt); a time written as k * dt in decimal lands in step k."""
    raster = spike_raster([0.0, 0.04, 0.05, 0.15, 0.199], dt=0.05, n_steps=4)
    assert raster.shape == (4, 5)
    assert raster.argmax(axis=0).tolist() == [0, 0, 1, 3, 3]
    assert spike_raster([0.15], dt=0.05, n_steps=4, dtype=bool).dtype == np.bool_


def test_raster_refuses_times_off_the_grid():
    """Times before 0 or at/after n_steps * dt are refused, not dropped."""
    with pytest.raises(ValueError, match=r"'times' must lie in \[0, n_steps \* dt\)"):
        spike_raster([0.2], dt=0.05, n_steps=4)
    with pytest.raises(ValueError, match="'times' must lie"):
        spike_raster([-0.01], dt=0.05, n_steps=4)
    with pytest.raises(ValueError, match="'dt' must be a finite float > 0, got 0.0"):
        spike_raster([0.1], dt=0.0, n_steps=4)
    with pytest.raises(TypeError, match=r"'n_steps' must be an int in \[1, 2\*\*24\], got True"):
        spike_raster([0.1], dt=0.1, n_steps=True)


def test_encoder_batch():
    """The encoder returns spike_times (n, 5) float64 and spike_raster (n, n_steps, 5) uint8."""
    encode = SpikeEncoder(t_early=0.15, t_late=2.0, t_bias=0.9, dt=0.05)
    assert encode.n_steps == 41  # floor(2.0 / 0.05) + 1: the spike at t_late fits
    X, y = sample(20, seed=42)
    out = encode({"inputs": X.tolist(), "label": y.tolist()})
    assert sorted(out) == ["spike_raster", "spike_times"]
    assert out["spike_times"].shape == (20, 5) and out["spike_times"].dtype == np.float64
    assert out["spike_raster"].shape == (20, 41, 5) and out["spike_raster"].dtype == np.uint8
    assert np.all(out["spike_raster"][:, 18, 4] == 1)  # bias 0.9 = step 18 of 0.05


def test_encoder_without_raster_and_with_t_max():
    """Without dt only times are returned; t_max lengthens the raster."""
    assert sorted(SpikeEncoder()({"inputs": [[0.5] * 4]})) == ["spike_times"]
    assert SpikeEncoder(dt=0.5, t_max=10.0).n_steps == 21
    assert SpikeEncoder(dt=1.0, t_early=0.0, t_late=10.0)({"inputs": [0.3] * 4})[
        "spike_raster"
    ].shape == (11, 4)


def test_encoder_refusals():
    """Bad parameters are refused at construction, naming the argument."""
    with pytest.raises(ValueError, match="'t_early' must be smaller than 't_late'"):
        SpikeEncoder(t_early=2.0, t_late=2.0)
    with pytest.raises(TypeError, match="'t_bias' must be a finite float or None, got True"):
        SpikeEncoder(t_bias=True)
    with pytest.raises(ValueError, match="'t_late' must be a finite float, got nan"):
        SpikeEncoder(t_late=float("nan"))
    with pytest.raises(ValueError, match="'t_max' must be >= the latest spike time"):
        SpikeEncoder(dt=0.1, t_max=1.0)
    with pytest.raises(ValueError, match="'t_max' only applies to a raster"):
        SpikeEncoder(t_max=3.0)
    with pytest.raises(ValueError, match="a raster needs spike times >= 0"):
        SpikeEncoder(t_early=-1.0, dt=0.1)
    with pytest.raises(TypeError, match="'keep_columns' must be a bool, got 1"):
        SpikeEncoder(keep_columns=1)
    with pytest.raises(KeyError, match="no column 'inputs'"):
        SpikeEncoder()({"x": [[0.1] * 4]})
    with pytest.raises(ValueError, match="'inputs' must be finite"):
        spike_times([[0.1, float("nan"), 0.2, 0.3]])


def test_encoder_with_datasets():
    """SpikeEncoder works as a batched Dataset.map and as a with_transform function."""
    datasets = pytest.importorskip("datasets")
    X, y = sample(30, seed=42)
    ds = datasets.Dataset.from_dict({"inputs": X, "label": y})
    encode = SpikeEncoder(t_bias=0.9, dt=0.1)
    mapped = ds.map(encode, batched=True, batch_size=7)
    assert mapped.column_names == ["inputs", "label", "spike_times", "spike_raster"]
    assert mapped.features["spike_times"].feature.dtype == "float64"
    assert mapped.features["spike_raster"].feature.feature.dtype == "uint8"
    # Read as plain lists: datasets' "numpy" format casts every float column to float32.
    rows = mapped[:]
    np.testing.assert_array_equal(rows["spike_times"], spike_times(X, t_bias=0.9))
    assert np.shape(rows["spike_raster"]) == (30, 21, 5)
    on_access = ds.with_transform(encode)[:4]
    assert on_access["spike_raster"].dtype == np.uint8
    np.testing.assert_array_equal(on_access["spike_raster"], rows["spike_raster"][:4])
    kept = ds.with_transform(SpikeEncoder(t_bias=0.9, dt=0.1, keep_columns=True))[:4]
    assert sorted(kept) == ["inputs", "label", "spike_raster", "spike_times"]
    assert kept["label"] == y[:4].tolist()


def test_import_needs_only_numpy():
    """The encoder imports with datasets, pyarrow and torch unavailable."""
    code = (
        "import sys\n"
        "for name in ('datasets', 'pyarrow', 'torch', 'jax'):\n"
        "    sys.modules[name] = None\n"
        "from yinyang_generator.spikes import SpikeEncoder\n"
        "print(SpikeEncoder(dt=0.1)({'inputs': [[0.5] * 4]})['spike_raster'].shape)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "(1, 21, 4)"
