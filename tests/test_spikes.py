"""Specification of the time-to-first-spike encoder ``yinyang_generator.spikes``."""

import math
import re
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from strategies import bad_count, bad_time
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


@settings(max_examples=300, deadline=None)
@given(t=st.one_of(st.floats(-1.0, 50.0), st.integers(-2, 40).map(lambda k: k * 0.05),
                   st.integers(0, 40).map(lambda k: k - 5e-10)),
       dt=st.sampled_from([1.0, 0.05, 0.1, 0.3, 1e-3]), n_steps=st.integers(1, 50))
@example(t=0.9999999995, dt=1.0, n_steps=2)  # within 1e-9 steps of step 1: step 1
@example(t=2.9999999995, dt=1.0, n_steps=3)  # inside [0, 3.0): the last step
@example(t=0.15, dt=0.05, n_steps=4)  # 0.15 / 0.05 == 2.9999999999999996: step 3
@example(t=-1e-12, dt=0.05, n_steps=4)  # before 0: refused
@example(t=0.2, dt=0.05, n_steps=4)  # at n_steps * dt: refused
def test_raster_follows_its_documented_rule(t, dt, n_steps):
    """A time is accepted iff it lies in [0, n_steps * dt), as the error says, and its spike sits
    in step floor(t / dt + 1e-9), capped at n_steps - 1, as the docstring says."""
    if not 0 <= t < n_steps * dt:
        with pytest.raises(ValueError, match=re.escape(
                f"'times' must lie in [0, n_steps * dt) = [0, {n_steps * dt!r}), got {t!r}")):
            spike_raster([[t]], dt=dt, n_steps=n_steps)
        return
    [[column]] = spike_raster([[t]], dt=dt, n_steps=n_steps).transpose(0, 2, 1)
    assert column.tolist() == [int(k == min(math.floor(t / dt + 1e-9), n_steps - 1))
                               for k in range(n_steps)]


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


@pytest.mark.parametrize("inputs", [[], np.empty(0), np.empty((0, 4))])
def test_encoder_on_an_empty_batch(inputs):
    """An empty batch (ds[0:0] with the transform) gives no rows: spike_times (0, 5) and
    spike_raster (0, 41, 5), as any other batch but with n = 0."""
    out = SpikeEncoder(t_bias=0.9, dt=0.05)({"inputs": inputs, "label": []})
    assert out["spike_times"].shape == (0, 5) and out["spike_times"].dtype == np.float64
    assert out["spike_raster"].shape == (0, 41, 5) and out["spike_raster"].dtype == np.uint8
    assert SpikeEncoder()({"inputs": inputs})["spike_times"].shape == (0, 4)


def test_encoder_without_raster_and_with_t_max():
    """Without dt only times are returned; t_max lengthens the raster."""
    assert sorted(SpikeEncoder()({"inputs": [[0.5] * 4]})) == ["spike_times"]
    assert SpikeEncoder(dt=0.5, t_max=10.0).n_steps == 21
    assert SpikeEncoder(dt=1.0, t_early=0.0, t_late=10.0)({"inputs": [0.3] * 4})[
        "spike_raster"
    ].shape == (11, 4)


@st.composite
def invalid_encoder_call(draw):
    """``(names any of which the error must quote, a call that must be refused)``."""
    case = draw(st.sampled_from(["time", "window", "span", "dt", "steps", "t_max", "column",
                                 "keep", "inputs", "overflow", "raster"]))
    if case == "time":
        name = draw(st.sampled_from(["t_early", "t_late", "t_bias", "dt", "t_max"]))
        value = draw(bad_time)
        assume(not (name in ("t_bias", "dt", "t_max") and value is None))
        return [name], lambda: SpikeEncoder(**{"dt": 0.1, name: value})
    if case == "window":
        t_early = draw(st.floats(-1e6, 1e6))
        t_late = draw(st.floats(-1e6, 1e6).filter(lambda t: t <= t_early))
        return ["t_early", "t_late"], lambda: SpikeEncoder(t_early=t_early, t_late=t_late)
    if case == "span":  # t_late - t_early overflows float64
        t = draw(st.floats(1e308, 1.7e308))
        return ["t_late"], lambda: spike_times([0.5], t_early=-t, t_late=t)
    if case == "dt":
        dt = draw(st.floats(max_value=0.0))
        return ["dt"], lambda: SpikeEncoder(dt=dt)
    if case == "steps":  # a dt so small the raster would need more than 2**24 steps
        dt = draw(st.floats(1e-300, 1e-7))
        return ["dt"], lambda: SpikeEncoder(dt=dt, t_late=2.0)
    if case == "t_max":
        t_max = draw(st.floats(-1e6, 1.99))
        return ["t_max"], lambda: SpikeEncoder(dt=0.1, t_late=2.0, t_max=t_max)
    if case == "column":
        column = draw(st.one_of(st.none(), st.integers(), st.lists(st.text(), max_size=1)))
        return ["column"], lambda: SpikeEncoder(column=column)
    if case == "keep":
        keep = draw(st.one_of(st.none(), st.integers(), st.text(max_size=2)))
        return ["keep_columns"], lambda: SpikeEncoder(keep_columns=keep)
    if case == "inputs":
        inputs = draw(st.one_of(st.just("abc"), st.just([[0.1, "x"]]), st.just(0.5),
                                st.just([[0.1, math.nan]]), st.just([math.inf])))
        return ["inputs"], lambda: spike_times(inputs)
    if case == "overflow":  # finite inputs whose spike times are not
        v = draw(st.floats(1e307, 1.7e308))
        return ["inputs"], lambda: spike_times([[v, 0.5]], t_early=0.0, t_late=100.0)
    name = draw(st.sampled_from(["n_steps", "times", "dtype", "dt"]))
    kwargs = {"times": [[0.05, 0.15]], "dt": 0.1, "n_steps": 3}
    kwargs[name] = draw({"n_steps": st.one_of(bad_count(2**24), st.just(0)),
                         "times": st.sampled_from(["abc", 0.1, [[math.nan]], [[-0.5]], [[9.0]]]),
                         "dtype": st.sampled_from(["nonsense", 3.5, "float128x", "V8", str,
                                                   object, "M8[s]", "U3", complex]),
                         "dt": st.one_of(bad_time, st.floats(max_value=0.0))}[name])
    return [name], lambda: spike_raster(**kwargs)


@settings(max_examples=300, deadline=None)
@given(invalid_encoder_call())
@example((["t_early", "t_late"], lambda: SpikeEncoder(t_early=2.0, t_late=2.0)))
@example((["t_bias"], lambda: SpikeEncoder(t_bias=True)))
@example((["t_late"], lambda: SpikeEncoder(t_late=float("nan"))))
@example((["t_max"], lambda: SpikeEncoder(dt=0.1, t_max=1.0)))  # before the latest spike
@example((["t_max"], lambda: SpikeEncoder(t_max=3.0)))  # no raster to lengthen
@example((["t_early", "t_bias"], lambda: SpikeEncoder(t_early=-1.0, dt=0.1)))  # raster before 0
@example((["keep_columns"], lambda: SpikeEncoder(keep_columns=1)))
@example((["inputs"], lambda: spike_times([[0.1, float("nan"), 0.2, 0.3]])))
@example((["times"], lambda: spike_raster([0.2], dt=0.05, n_steps=4)))  # at n_steps * dt
@example((["times"], lambda: spike_raster([-0.01], dt=0.05, n_steps=4)))
@example((["dt"], lambda: spike_raster([0.1], dt=0.0, n_steps=4)))
@example((["n_steps"], lambda: spike_raster([0.1], dt=0.1, n_steps=True)))
def test_spike_encoder_refuses_every_invalid_parameter(call):
    """SpikeEncoder, spike_times and spike_raster refuse bad parameters, naming them."""
    names, refused = call
    with pytest.raises((TypeError, ValueError)) as raised:
        refused()
    assert any(f"'{name}'" in str(raised.value) for name in names), raised.value


def test_encoder_needs_its_column():
    """A batch without the encoder's column is a KeyError naming the column and the remedy."""
    with pytest.raises(KeyError, match="no column 'inputs'.*column=..."):
        SpikeEncoder()({"x": [[0.1] * 4]})


@settings(max_examples=40, deadline=None)
@given(rows=st.integers(1, 30), t_early=st.floats(-10, 10), span=st.floats(0.01, 10),
       bias=st.one_of(st.none(), st.floats(0, 20)))
def test_valid_encoder_times_follow_the_formula(rows, t_early, span, bias):
    """Valid parameters give t_early + v * (t_late - t_early) of the sampled inputs, finite."""
    X, _ = sample(rows, 5)
    t_late = t_early + span
    encoder = SpikeEncoder(t_early=t_early, t_late=t_late, t_bias=bias)
    times = encoder({"inputs": X})["spike_times"]
    assert np.isfinite(times).all()
    np.testing.assert_array_equal(times[:, :4], t_early + X * (t_late - t_early))


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
    empty = ds.with_transform(encode)[0:0]
    assert (np.shape(empty["spike_times"]), np.shape(empty["spike_raster"])) == ((0, 5), (0, 21, 5))
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
