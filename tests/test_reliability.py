"""Reliability: bad input refused everywhere, caches keyed and shared, builds that race, die or do
not fit, and no code or token where it does not belong.

Builder-level tests; CI runs this file on the newest datasets and again on 4.0.0 and 3.6.0.
"""

import ast
import contextlib
import hashlib
import inspect
import io
import json
import math
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import tomllib
from collections import namedtuple
from fractions import Fraction

import datasets
import numpy as np
import pytest
from datasets import load_dataset, load_dataset_builder
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import yinyang
import yinyang_cli
from oracle import published_sample
from yinyang_generator import SpikeEncoder, iter_chunks, sample, spike_raster, spike_times

ROOT = pathlib.Path(__file__).resolve().parents[1]
PARAMETERS = yinyang._PARAMETERS
SIZES = ("size", "validation_size", "test_size")
SEEDS = ("train_seed", "validation_seed", "test_seed")
DEFAULTS = yinyang.YinYangConfig().parameters()
# The console script sits beside the interpreter in a virtual environment.
CONSOLE_SCRIPT = pathlib.Path(sys.executable).with_name("yinyang")



def examples(n):
    """Hypothesis settings: ``n`` examples, no deadline, tmp_path shared by the examples."""
    return settings(max_examples=n, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def digest(X, y):
    """sha256 of X as little-endian float64 bytes (C order), then y as little-endian int64."""
    return hashlib.sha256(np.ascontiguousarray(X, "<f8").tobytes()
                          + np.ascontiguousarray(y, "<i8").tobytes()).hexdigest()


def files_under(folder):
    """Every file and folder below ``folder``, as relative paths."""
    folder = pathlib.Path(folder)
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) if folder.exists() else []


def built_files(folder):
    """What a build leaves below ``folder``: everything but datasets' lock files and the empty
    folders that hold them (made by every DatasetBuilder, before any check of ours can run)."""
    folder = pathlib.Path(folder)
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and not p.name.endswith(".lock"))


def error_names(raised, *names):
    """True if the error message quotes every one of ``names``."""
    return all(f"'{name}'" in str(raised.value) or f"{name}=" in str(raised.value) for name in names)


# -- invalid values, by kind. Each is refused by every entry point taking that kind. ------------

not_numbers = st.one_of(
    st.none(), st.text(max_size=4), st.lists(st.integers(), max_size=2), st.complex_numbers(),
    st.just(b"1"), st.just(object()),
)
bools = st.sampled_from([True, False, np.bool_(True)])
not_ints = st.one_of(
    not_numbers, bools, st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-1e6, 1e6).map(np.float64), st.integers(0, 10).map(float),  # 3.0 is no count
    st.just(Fraction(3, 1)),
)


def bad_count(maximum):
    return st.one_of(not_ints, st.integers(max_value=-1), st.integers(min_value=maximum + 1),
                     st.integers(min_value=maximum + 1, max_value=2**5000))


bad_size = bad_count(2**62)
bad_seed = bad_count(2**32 - 1)
bad_radius = st.one_of(
    not_numbers, bools, st.floats(max_value=0.0), st.sampled_from([math.nan, math.inf, -math.inf]),
    st.floats(min_value=1e100, exclude_min=True), st.floats(0, 1e-100, exclude_max=True),
    st.integers(max_value=0), st.integers(min_value=10**101), st.just(np.float64("nan")),
)


@st.composite
def invalid_sampler_call(draw):
    """``(name of the bad parameter, keyword arguments of sample)``."""
    name = draw(st.sampled_from(["size", "seed", "r_small", "r_big"]))
    value = draw({"size": bad_size, "seed": bad_seed}.get(name, bad_radius))
    return name, {"size": 5, "seed": 1, name: value}


@settings(max_examples=300, deadline=None)
@given(invalid_sampler_call())
@example(("r_big", {"size": 5, "seed": 1, "r_big": 1e308}))  # 2 * r_big overflowed
@example(("r_small", {"size": 5, "seed": 1, "r_small": 4e-320}))  # r_small**2 underflowed to 0
@example(("r_big", {"size": 5, "seed": 1, "r_big": 10**400}))  # math.isfinite overflowed
@example(("seed", {"size": 5, "seed": 10**5000}))  # repr beyond int_max_str_digits
def test_sampler_refuses_every_invalid_parameter(call):
    """sample and iter_chunks refuse a bad size, seed or radius with TypeError/ValueError naming it."""
    name, kwargs = call
    for entry_point in (sample, iter_chunks):
        with pytest.raises((TypeError, ValueError)) as raised:
            entry_point(**kwargs)
        assert error_names(raised, name), raised.value
        assert len(str(raised.value)) < 400


@settings(max_examples=100, deadline=None)
@given(st.one_of(bad_count(2**62), st.just(0)))
def test_iter_chunks_refuses_every_invalid_chunk_size(chunk_size):
    """iter_chunks refuses a bad chunk_size when called, naming it."""
    with pytest.raises((TypeError, ValueError), match="'chunk_size'"):
        iter_chunks(10, chunk_size=chunk_size)


@st.composite
def radii(draw):
    """Valid ``(r_small, r_big)``: dots from 10% to 45% of r_big (smaller dots are valid but slow)."""
    r_big = draw(st.floats(0.2, 3.0))
    return draw(st.floats(0.1, 0.45)) * r_big, r_big


@st.composite
def spelled(draw, value):
    """``value`` as a Python or a numpy scalar of the same value."""
    if isinstance(value, int):
        kinds = [int, np.int64, np.uint64] + ([np.int32, np.uint32] if value < 2**31 else [])
    else:
        kinds = [float, np.float64]
    return draw(st.sampled_from(kinds))(value)


@settings(max_examples=40, deadline=None)
@given(size=st.integers(0, 300), seed=st.integers(0, 2**32 - 1), radii=radii(),
       chunk_size=st.integers(1, 400), data=st.data())
def test_valid_parameters_however_spelled_give_the_same_rows(size, seed, radii, chunk_size, data):
    """numpy scalars give the rows of the Python values; iter_chunks concatenates to sample."""
    r_small, r_big = radii
    X, y = sample(size, seed, r_small=r_small, r_big=r_big)
    spelling = {key: data.draw(spelled(value), label=key) for key, value in
                {"size": size, "seed": seed, "r_small": r_small, "r_big": r_big}.items()}
    X2, y2 = sample(**spelling)
    assert digest(X2, y2) == digest(X, y)
    chunks = list(iter_chunks(**spelling, chunk_size=chunk_size))
    assert all(len(part_y) <= chunk_size for _, part_y in chunks)
    if size:
        assert digest(np.concatenate([c[0] for c in chunks]),
                      np.concatenate([c[1] for c in chunks])) == digest(X, y)


def test_extreme_valid_radii_work():
    """The smallest and largest radii allowed give the published rows, neither overflow nor hang."""
    for r_small, r_big in ((1e-100, 3e-100), (3e99, 1e100)):
        X, y = sample(20, 3, r_small=r_small, r_big=r_big)
        X_oracle, y_oracle = published_sample(20, 3, r_small, r_big)
        assert digest(X, y) == digest(X_oracle, y_oracle)


# -- the spike encoder ---------------------------------------------------------------------------

bad_time = st.one_of(not_numbers, bools, st.sampled_from([math.nan, math.inf, -math.inf]),
                     st.integers(min_value=10**400))


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
                         "dtype": st.sampled_from(["nonsense", 3.5, "float128x"]),
                         "dt": st.one_of(bad_time, st.floats(max_value=0.0))}[name])
    return [name], lambda: spike_raster(**kwargs)


@settings(max_examples=300, deadline=None)
@given(invalid_encoder_call())
def test_spike_encoder_refuses_every_invalid_parameter(call):
    """SpikeEncoder, spike_times and spike_raster refuse bad parameters, naming them."""
    names, refused = call
    with pytest.raises((TypeError, ValueError)) as raised:
        refused()
    assert any(f"'{name}'" in str(raised.value) for name in names), raised.value


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


# -- the builder: YinYang(...), load_dataset_builder and load_dataset ----------------------------

@st.composite
def invalid_config(draw):
    """``(names the error must quote, config name, keyword arguments)`` of a refused config."""
    case = draw(st.sampled_from(["size", "seed", "radius", "radii", "shared seed", "no rows",
                                 "unknown", "publication"]))
    if case == "size":
        name = draw(st.sampled_from(SIZES))
        return [name], "default", {name: draw(bad_size)}
    if case == "seed":
        name = draw(st.sampled_from(SEEDS))
        return [name], "default", {name: draw(bad_seed)}
    if case == "radius":
        name = draw(st.sampled_from(["r_small", "r_big"]))
        return [name], "default", {name: draw(bad_radius)}
    if case == "radii":  # each radius fine alone, 2 * r_small >= r_big together
        r_big = draw(st.floats(1e-3, 1e3))
        r_small = r_big * draw(st.floats(0.5, 10))
        return ["r_small", "r_big"], "default", {"r_small": r_small, "r_big": r_big}
    if case == "shared seed":
        first, second = draw(st.permutations(SEEDS))[:2]
        seed = draw(st.integers(0, 2**32 - 1))
        return [first, second], "default", {first: seed, second: seed}
    if case == "no rows":
        return list(SIZES), "default", dict.fromkeys(SIZES, 0)
    if case == "unknown":
        known = (yinyang._BUILDER_KEYWORDS | set(PARAMETERS)
                 | set(inspect.signature(load_dataset).parameters)
                 | set(inspect.signature(load_dataset_builder).parameters))
        key = draw(st.from_regex(r"[a-z][a-z_]{0,12}", fullmatch=True).filter(
            lambda k: k not in known))
        return [key], "default", {key: draw(st.integers())}
    name = draw(st.sampled_from(PARAMETERS))
    value = DEFAULTS[name] + draw(st.integers(1, 1000)) * (1 if name in SIZES + SEEDS else 0.001)
    return [name], "publication", {name: value}


@examples(200)
@given(case=invalid_config())
@example(case=(["sizes"], "default", {"sizes": 10}))
@example(case=(["size"], "default", {"size": 2**62 + 1}))
def test_builder_refuses_every_invalid_config_and_leaves_nothing(case, tmp_path):
    """YinYang(...), load_dataset_builder and load_dataset refuse a bad config, naming the
    parameter, and leave nothing in the cache directory."""
    names, config_name, kwargs = case
    cache = pathlib.Path(tempfile.mkdtemp(dir=tmp_path))
    default_cache = datasets.config.HF_DATASETS_CACHE
    for entry_point in (yinyang.YinYang, lambda **kw: load_dataset_builder("yinyang", **kw),
                        lambda **kw: load_dataset("yinyang", **kw)):
        with pytest.raises((TypeError, ValueError)) as raised:
            entry_point(config_name=config_name, cache_dir=str(cache), **kwargs) \
                if entry_point is yinyang.YinYang else \
                entry_point(name=config_name, cache_dir=str(cache), **kwargs)
        assert error_names(raised, *names) if len(names) < 3 else "'size'" in str(raised.value), \
            raised.value
        assert files_under(cache) == []
    assert built_files(default_cache) == []


def test_unknown_keyword_is_one_sentence_listing_the_parameters():
    """An unknown keyword gives one short sentence naming it and listing the eight parameters."""
    for entry_point in (yinyang.YinYang, lambda **kw: load_dataset("yinyang", **kw)):
        with pytest.raises(ValueError) as raised:
            entry_point(sizes=10)
        message = str(raised.value)
        assert message.startswith("'sizes' is not a parameter of the yinyang dataset (did you "
                                  "mean 'size'?), which takes only size, validation_size,")
        assert all(name in message for name in PARAMETERS)
        assert message.count(".") == 1 and "\n" not in message and "YinYangConfig(" not in message


@st.composite
def valid_config(draw):
    """Valid keyword arguments of load_dataset("yinyang", ...): small sizes, distinct seeds."""
    sizes = draw(st.tuples(*[st.integers(0, 200)] * 3).filter(any))
    seeds = draw(st.lists(st.integers(0, 2**32 - 1), min_size=3, max_size=3, unique=True))
    r_small, r_big = draw(st.one_of(st.just((0.1, 0.5)), radii()))
    kwargs = dict(zip(SIZES + SEEDS, sizes + tuple(seeds)), r_small=r_small, r_big=r_big)
    return {key: draw(spelled(value)) for key, value in kwargs.items()
            if draw(st.booleans()) or value != DEFAULTS[key]}


@examples(8)
@given(valid_config())
def test_valid_configs_equal_sample(kwargs):
    """Any valid config, however spelled, builds splits equal to sample(size, seed, radii)."""
    config = yinyang.YinYangConfig(**kwargs)
    dataset = load_dataset("yinyang", **kwargs)
    for split, (size_name, seed_name) in yinyang._SPLITS.items():
        size = getattr(config, size_name)
        assert (split in dataset) == (size > 0)
        if size:
            expected = sample(size, getattr(config, seed_name), r_small=config.r_small,
                              r_big=config.r_big)
            assert digest(*yinyang.to_numpy(dataset[split])) == digest(*expected)


# -- caches ---------------------------------------------------------------------------------------

# Seeds drawn from disjoint ranges (holding the defaults) never collide; test_size > 0 keeps a row.
canonical_configs = st.fixed_dictionaries({}, optional={
    "size": st.integers(0, 10**6), "validation_size": st.integers(0, 10**6),
    "test_size": st.integers(1, 10**6),
    "train_seed": st.one_of(st.just(42), st.integers(1000, 2**32 - 1)),
    "validation_seed": st.one_of(st.just(41), st.integers(100, 999)),
    "test_seed": st.integers(0, 40),
    "r_small": st.sampled_from([0.1, 0.05, 0.11, 0.1 + 2**-55]),  # 0.1 + 2**-55: the next double
    "r_big": st.sampled_from([0.5, 0.6, 1, 1.5]),
})


@examples(60)
@given(canonical_configs, st.data())
def test_same_parameters_however_spelled_share_one_cache_dir(params, data):
    """Explicit defaults or not, numpy or Python scalars, 1 or 1.0: one cache directory."""
    full = {**DEFAULTS, **params}
    spelling = {key: data.draw(spelled(type(DEFAULTS[key])(value)), label=key)
                for key, value in full.items() if data.draw(st.booleans(), label=f"pass {key}")
                or value != DEFAULTS[key]}
    assert (load_dataset_builder("yinyang", **params).cache_dir
            == load_dataset_builder("yinyang", **spelling).cache_dir)


@examples(60)
@given(canonical_configs, canonical_configs)
def test_different_parameters_never_share_a_cache_dir(first, second):
    """Two configs whose canonical parameters differ get different cache directories."""
    one, two = yinyang.YinYangConfig(**first), yinyang.YinYangConfig(**second)
    same_parameters = one.parameters() == two.parameters()
    same_dir = (load_dataset_builder("yinyang", **first).cache_dir
                == load_dataset_builder("yinyang", **second).cache_dir)
    assert same_dir == same_parameters


def _count_generated_splits(monkeypatch):
    """Return the list to which every split the builder generates from now on is appended."""
    calls = []
    original = yinyang.YinYang._generate_tables

    def counting(self, **kwargs):
        calls.append(kwargs["split"])
        yield from original(self, **kwargs)

    monkeypatch.setattr(yinyang.YinYang, "_generate_tables", counting)
    return calls


def test_a_respelled_config_is_served_from_the_cache(monkeypatch, tmp_path):
    """Loading again with the same parameters spelled otherwise generates nothing and rewrites
    no file: the Arrow files keep their bytes and modification times."""
    calls = _count_generated_splits(monkeypatch)
    first = load_dataset("yinyang", size=300, r_small=0.1, r_big=0.6, cache_dir=str(tmp_path))
    assert calls == ["train", "validation", "test"]
    arrow = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*.arrow")}
    assert len(arrow) == 3
    time.sleep(0.01)
    for spelling in ({"size": np.int64(300), "r_small": np.float64(0.1), "r_big": np.float64(0.6)},
                     {"size": np.uint32(300), "r_big": 0.6, "test_seed": 40, "train_seed": 42,
                      "validation_size": np.int16(1000), "r_small": 1 / 10}):
        again = load_dataset("yinyang", cache_dir=str(tmp_path), **spelling)
        assert calls == ["train", "validation", "test"]
        assert again["train"].cache_files == first["train"].cache_files
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*.arrow")} == arrow


# -- two builds at once, a killed build -----------------------------------------------------------

# Run in a fresh process: announce itself (argv[3]), wait for the other (argv[4]) so both builds
# start together, build the train split of argv[2] rows into argv[1], and print the rows' digest
# and the splits this process generated itself.
RACE = textwrap.dedent("""
    import hashlib, json, pathlib, sys, time
    import datasets, numpy as np, yinyang

    cache, size, me, other = sys.argv[1], int(sys.argv[2]), pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4])
    generated = []
    original = yinyang.YinYang._generate_tables

    def counting(self, **kwargs):
        generated.append(kwargs["split"])
        yield from original(self, **kwargs)

    yinyang.YinYang._generate_tables = counting
    me.touch()
    deadline = time.monotonic() + 60
    while not other.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    ds = datasets.load_dataset("yinyang", size=size, validation_size=0, test_size=0, cache_dir=cache)
    X, y = yinyang.to_numpy(ds["train"])
    rows = hashlib.sha256(np.ascontiguousarray(X, "<f8").tobytes() + np.ascontiguousarray(y, "<i8").tobytes())
    print(json.dumps({"digest": rows.hexdigest(), "generated": generated}))
""")

# Run in a fresh process: build the train split of argv[2] rows into argv[1], slowly (50 ms per
# 1000 rows), so that the test can kill it midway.
SLOW_BUILD = textwrap.dedent("""
    import sys, time
    import datasets, yinyang

    original = yinyang.iter_chunks

    def slow(*args, **kwargs):
        for chunk in original(*args, chunk_size=1000, **kwargs):
            time.sleep(0.05)
            yield chunk

    yinyang.iter_chunks = slow
    datasets.load_dataset("yinyang", size=int(sys.argv[2]), validation_size=0, test_size=0,
                          cache_dir=sys.argv[1])
""")


def test_two_processes_building_the_same_config_get_the_same_rows(tmp_path):
    """Two processes loading one config into one cache at the same moment both succeed with the
    rows of sample(); datasets' lock lets exactly one of them generate, the other reuses."""
    size = 1_000_000
    cache = tmp_path / "cache"
    ready = [tmp_path / "ready-0", tmp_path / "ready-1"]
    processes = [
        subprocess.Popen([sys.executable, "-c", RACE, str(cache), str(size), str(me), str(other)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for me, other in (ready, ready[::-1])
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err[-3000:]
        results.append(json.loads(out.splitlines()[-1]))
    assert [r["digest"] for r in results] == [digest(*sample(size, 42))] * 2
    assert sorted(r["generated"] for r in results) == [[], ["train"]]


def test_a_killed_build_is_never_served_and_the_next_load_rebuilds(monkeypatch, tmp_path):
    """SIGKILL midway leaves no dataset a later load would take: the next load generates again,
    equals sample(), and leaves no partial folder behind."""
    size = 100_000
    cache = tmp_path / "cache"
    process = subprocess.Popen([sys.executable, "-c", SLOW_BUILD, str(cache), str(size)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    try:
        while True:  # wait until the build has written part of its Arrow file
            partial = [p for p in cache.rglob("*.incomplete/*.arrow") if p.stat().st_size > 0]
            if partial or process.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        assert partial, "the build never started writing (or finished) before the kill"
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    builder = load_dataset_builder("yinyang", size=size, validation_size=0, test_size=0,
                                   cache_dir=str(cache))
    assert not os.path.exists(os.path.join(builder.cache_dir, "dataset_info.json"))

    calls = _count_generated_splits(monkeypatch)
    dataset = load_dataset("yinyang", size=size, validation_size=0, test_size=0,
                           cache_dir=str(cache))
    assert calls == ["train"]
    assert digest(*yinyang.to_numpy(dataset["train"])) == digest(*sample(size, 42))
    assert not list(cache.rglob("*.incomplete"))
    assert sorted(os.listdir(builder.cache_dir)) == ["LICENSE", "dataset_info.json",
                                                     "yinyang-train.arrow"]


# -- disk space -----------------------------------------------------------------------------------

Usage = namedtuple("Usage", "total used free")


def test_the_builder_declares_its_size():
    """Each split declares 40 bytes a row; dataset_size and size_in_bytes are their sum."""
    info = yinyang.YinYang(size=123, validation_size=7, test_size=0).info
    assert {name: (s.num_examples, s.num_bytes) for name, s in info.splits.items()} == {
        "train": (123, 4920), "validation": (7, 280)}
    assert info.dataset_size == info.size_in_bytes == 130 * 40 and info.download_size == 0


def test_a_build_the_disk_cannot_hold_is_refused_up_front(monkeypatch, tmp_path):
    """With less free space than the declared size, the build is refused before any folder is
    made, naming the sizes; with enough, it goes ahead."""
    monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10**6, 10**6 - 12_000, 12_000))
    for entry_point in (lambda: load_dataset("yinyang", size=200, cache_dir=str(tmp_path)),
                        lambda: yinyang.YinYang(size=200, cache_dir=str(tmp_path))
                        .download_and_prepare()):
        with pytest.raises(OSError, match=r"Not enough disk space for this yinyang build: 2,200 "
                           r"rows need 88,000 bytes in .*, which has 12,000 bytes free; lower 'size'"):
            entry_point()
        assert built_files(tmp_path) == [] and not list(tmp_path.glob("yinyang"))
    dataset = load_dataset("yinyang", size=200, validation_size=0, test_size=0,
                           cache_dir=str(tmp_path))
    assert len(dataset["train"]) == 200


def test_datasets_own_check_sees_the_declared_size(monkeypatch, tmp_path):
    """datasets' own free-space check (has_sufficient_disk_space) refuses the build too, because
    size_in_bytes is declared; it leaves no data, only its lock and folders."""
    import datasets.utils.py_utils as py_utils

    monkeypatch.setattr(py_utils, "disk_usage", lambda path: Usage(10**6, 10**6 - 100, 100))
    builder = yinyang.YinYang(size=200, cache_dir=str(tmp_path))
    with pytest.raises(OSError, match="Not enough disk space"):
        builder.download_and_prepare()
    assert built_files(tmp_path) == []


def test_an_absurd_build_is_refused_by_the_real_disk(tmp_path):
    """2**45 rows (1.4 PB) is refused at once on any real disk, leaving nothing."""
    with pytest.raises(OSError, match=r"35,184,372,090,832 rows need 1,407,374,883,633,280 bytes"):
        load_dataset("yinyang", size=2**45, cache_dir=str(tmp_path))
    assert built_files(tmp_path) == []


# -- the command line -----------------------------------------------------------------------------

def run_cli(argv):
    """``(status, stdout, stderr)`` of yinyang_cli.main(argv), in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = yinyang_cli.main(argv)
        except SystemExit as exit_:
            status = exit_.code
    if isinstance(status, str):  # sys.exit(message): Python prints it on stderr, status 1
        return 1, out.getvalue(), err.getvalue() + status + "\n"
    return status, out.getvalue(), err.getvalue()


def assert_one_line_failure(status, out, err):
    assert status not in (0, None), (status, out, err)
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith("yinyang") and "error: " in err, err


# Command-line values refused for each option (each alone; the others at their defaults).
BAD_OPTION_VALUES = {
    "--size": ["-3", "1.5", "abc", "", str(2**62 + 1), "1e3", "0x10"],
    "--validation-size": ["-1", "nan", "9" * 30],
    "--test-size": ["-1", "2.0"],
    "--train-seed": ["-1", str(2**32), "41", "seed"],
    "--validation-seed": ["-5", "40", "1.0"],
    "--test-seed": [str(2**40), "42"],
    "--r-small": ["0", "-0.1", "nan", "inf", "0.25", "1e-200", "x"],
    "--r-big": ["0", "-inf", "0.2", "1e200", "1e400", ""],
}


@examples(100)
@given(command=st.sampled_from(["build", "plot", "export"]),
       bad=st.sampled_from([(option, value) for option, values in BAD_OPTION_VALUES.items()
                        for value in values]))
def test_every_bad_parameter_option_is_one_line(command, bad, tmp_path):
    """build, plot and export refuse every bad parameter value in one line, making nothing."""
    # plot draws the splits with sample() and allows two splits one seed: a picture leaks nothing.
    assume(not (command == "plot" and bad[0].endswith("-seed") and bad[1] in ("40", "41", "42")))
    target = pathlib.Path(tempfile.mkdtemp(dir=tmp_path))
    argv = {"build": ["build", "--cache-dir", str(target / "cache")],
            "plot": ["plot", str(target / "p.png")],
            "export": ["export", str(target / "out"), "--name", "extra"]}[command]
    assert_one_line_failure(*run_cli(argv + [bad[0], bad[1]]))
    assert built_files(target) == [] and not (target / "out").exists()


def test_baselines_mistakes_are_one_line():
    """`yinyang baselines` with a bad argument: one line, non-zero, before any training."""
    for argv in (["--runs", "0"], ["--runs", "abc"], ["--epochs", "-1"], ["--threads", "0"],
                 ["--seed", str(2**32)], ["--json", "/no/such/folder/out.json"], ["--bogus"]):
        assert_one_line_failure(*run_cli(["baselines", *argv]))


@pytest.mark.skipif(not CONSOLE_SCRIPT.exists(), reason="the yinyang console script is not installed")
def test_the_console_script_fails_in_one_line(tmp_path):
    """The installed `yinyang` script, for a mistake in each subcommand: one line, no traceback."""
    (tmp_path / "file").write_text("x")
    cases = [
        ["build", "--size", "-3", "--cache-dir", str(tmp_path / "cache")],
        ["build", "--r-small", "nan"],
        ["export", str(tmp_path / "file")],
        ["push", "a/b/c"],
        ["plot", str(tmp_path / "p.png"), "--dpi", "0"],
        ["baselines", "--runs", "abc"],
        ["card", "--readme", str(tmp_path / "missing.md")],
        ["bild"],
    ]
    processes = [subprocess.Popen([str(CONSOLE_SCRIPT), *argv], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for argv in cases]
    for argv, process in zip(cases, processes):
        out, err = process.communicate(timeout=120)
        assert_one_line_failure(process.returncode, out, err)
        assert out == "", argv
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


# -- security -------------------------------------------------------------------------------------

def package_sources():
    """The package's Python files, as pyproject.toml lists them."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    paths = [ROOT / f"{module}.py" for module in tool["py-modules"]]
    for package in tool["packages"]:
        paths += sorted((ROOT / tool["package-dir"].get(package, package)).glob("*.py"))
    return paths


def test_nothing_in_the_package_asks_for_remote_code():
    """No package source passes trust_remote_code (as a keyword, a dict key, an attribute or the
    HF_DATASETS_TRUST_REMOTE_CODE variable); only docstrings may mention it."""
    sources = package_sources()
    assert len(sources) >= 8 and all(path.exists() for path in sources)
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            where = f"{path.name}:{getattr(node, 'lineno', '?')}"
            assert not (isinstance(node, ast.keyword) and node.arg == "trust_remote_code"), where
            assert not (isinstance(node, ast.Attribute) and "trust_remote_code" in node.attr.lower()), where
            assert not (isinstance(node, ast.Name) and "trust_remote_code" in node.id.lower()), where
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert node.value.strip().lower() != "trust_remote_code", where
                assert "TRUST_REMOTE_CODE" not in node.value, where


TOKEN = "hf_NeverPrintThisToken0123456789abcdef"


def test_push_never_shows_the_token_even_when_debugging(tmp_path):
    """`yinyang push` against a Hub that refuses connections, with every library logging at
    debug level: one-line error at the end, no traceback, and the token nowhere in the output."""
    if not CONSOLE_SCRIPT.exists():
        pytest.skip("the yinyang console script is not installed")
    with socket.socket() as free:  # a local port nobody listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    env = {**os.environ, "HF_ENDPOINT": f"http://127.0.0.1:{port}", "HF_HUB_OFFLINE": "0",
           "HF_TOKEN": TOKEN, "HF_DEBUG": "1", "HF_HUB_VERBOSITY": "debug",
           "DATASETS_VERBOSITY": "debug", "HF_HOME": str(tmp_path / "hf")}
    process = subprocess.run([str(CONSOLE_SCRIPT), "push", "someone/yinyang"], env=env,
                             capture_output=True, text=True, timeout=180)
    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    assert process.stderr.splitlines()[-1].startswith(
        "yinyang push: error: could not reach the Hub to push 'someone/yinyang'")
    assert TOKEN not in process.stdout + process.stderr
    assert TOKEN[3:15] not in process.stdout + process.stderr
