"""The numpy sampler ``yinyang_generator``: the published stream, bit for bit, and its checks."""

import hashlib
import math
import pathlib
import re
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import yinyang_generator
from oracle import published_sample, which_class
from strategies import bad_count, bad_radius, bad_seed, bad_size, radii, spelled
from yinyang_generator import (CLASS_NAMES, PUBLICATION_PARAMETERS, PUBLICATION_SPLITS, _engine,
                               iter_chunks, sample)
from yinyang_generator import _checks
from yinyang_generator.parameters import check_parameters
from yinyang_generator.publication import PUBLICATION_SHA256, digest, publication_files

ROOT = pathlib.Path(__file__).resolve().parents[1]


def assert_same(a, b):
    assert a[0].dtype == b[0].dtype == np.float64 and a[1].dtype == b[1].dtype == np.int64
    assert a[0].shape == b[0].shape and a[1].shape == b[1].shape
    assert a[0].tobytes() == b[0].tobytes()
    assert a[1].tobytes() == b[1].tobytes()


# Radii: r_big over two decades, r_small a fraction of it. Below ~0.05 r_big the dots get so rare
# that the per-sample oracle would need minutes; the engine has no such limit.
oracle_radii = st.floats(0.05, 5.0).flatmap(
    lambda r_big: st.tuples(st.floats(0.05, 0.49).map(lambda f: f * r_big), st.just(r_big))
)


@settings(max_examples=60, deadline=None)
@given(size=st.integers(0, 250), seed=st.integers(0, 2**32 - 1), radii=oracle_radii)
@example(size=250, seed=0, radii=(0.1, 0.5))
@example(size=250, seed=2**32 - 1, radii=(0.1, 0.5))
@example(size=120, seed=2**32 - 1, radii=(0.24, 0.5))
@example(size=100, seed=0, radii=(0.3, 1.7))
def test_equals_published_generator(size, seed, radii):
    """Any size, seed and radii give the published per-sample generator's bytes."""
    r_small, r_big = radii
    assert_same(sample(size, seed, r_small=r_small, r_big=r_big),
                published_sample(size, seed, r_small, r_big))


# Engine settings that force each way of producing the stream on small sizes: the walk in Python
# (small requests), chains with vectorized steps only, with their last chains finished in Python,
# or every chain in Python; the 10-bit cell table; blocks smaller than a sample (tiny dots); and
# the standard library's MT19937 handing over to numpy's RandomState mid-stream; words drawn ahead
# in a thread.
ENGINE_PATHS = {
    "python walk": {"_SCALAR_SAMPLES": 10**9},
    "chains": {"_SCALAR_SAMPLES": 0, "_SEGMENT_WORDS": 64, "_SCALAR_CHAINS": 0},
    "chains, python tails": {"_SCALAR_SAMPLES": 0, "_SEGMENT_WORDS": 64, "_SCALAR_CHAINS": 24},
    "python chains": {"_SCALAR_SAMPLES": 0, "_SEGMENT_WORDS": 64, "_SCALAR_CHAINS": 10**9},
    "10-bit table": {"_BIG_TABLE_WORDS": 0},
    "tiny blocks, chains": {"_SCALAR_SAMPLES": 0, "_MAX_BLOCK_WORDS": 1024,
                            "_SEGMENT_WORDS": 16, "_MIN_SEGMENT_WORDS": 16},
    "python MT": {"_python_mt_first": lambda: True, "_PYTHON_MT_WORDS": 3000},
    "words drawn ahead": {"_SCALAR_SAMPLES": 0, "_MAX_BLOCK_WORDS": 2048, "_AHEAD_WORDS": 1},
}


@pytest.mark.parametrize("path", list(ENGINE_PATHS))
@settings(max_examples=40, deadline=None)
@given(size=st.integers(0, 250), seed=st.integers(0, 2**32 - 1), radii=oracle_radii)
@example(size=250, seed=0, radii=(0.1, 0.5))
@example(size=250, seed=2**32 - 1, radii=(0.025, 0.5))
@example(size=120, seed=1, radii=(0.24, 0.5))
def test_every_engine_path_equals_published_generator(path, size, seed, radii):
    """Each way the engine can take gives the published generator's bytes."""
    r_small, r_big = radii
    with pytest.MonkeyPatch.context() as patch:
        for name, value in ENGINE_PATHS[path].items():
            patch.setattr(_engine, name, value)
        got = sample(size, seed, r_small=r_small, r_big=r_big)
    assert_same(got, published_sample(size, seed, r_small, r_big))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1),
       draws=st.lists(st.tuples(st.integers(0, 20_000), st.integers(0, 2000), st.booleans()),
                      max_size=5),
       handover=st.integers(0, 30_000))
@example(seed=0, draws=[(623, 0, False), (1, 700, True), (624, 0, True), (625, 10, False)],
         handover=1248)
def test_word_source_is_legacy_randomstate(seed, draws, handover):
    """The standard library's MT19937, then numpy's, some drawn (and classified) ahead in a
    thread, give RandomState(seed)'s raw words in order."""
    geo = _engine._geometry(0.1, 0.5)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_engine, "_python_mt_first", lambda: True)
        patch.setattr(_engine, "_PYTHON_MT_WORDS", handover)
        words = _engine._Words(seed)
        got = []
        for count, ahead, as_chunk in draws:
            if as_chunk:
                chunk, cls = words.chunk(count)
                if cls is not None:
                    expected = _engine._classify_offsets(chunk, geo, _engine._columns(len(chunk)))
                    assert cls.tobytes() == expected.tobytes()
                got.append(chunk)
            else:
                got.append(words(count))
            if ahead:
                words.ahead(ahead, geo)
        got.append(words(700))
        words.close()
    got = np.concatenate(got)
    assert got.dtype == np.uint32
    expected = np.random.RandomState(seed).randint(0, 2**32, size=len(got), dtype=np.uint32)
    assert got.tobytes() == expected.tobytes()


def test_words_drawn_ahead_refuse_a_forked_child(monkeypatch):
    """A stream whose next words are being drawn in the parent's thread says so in a fork."""
    words = _engine._Words(1)
    words(10)
    words.ahead(100, _engine._geometry(0.1, 0.5))
    monkeypatch.setattr(_engine.os, "getpid", lambda: -1)
    with pytest.raises(RuntimeError, match="forked child"):
        words(5)
    words.close()


# Golden streams, recipe yinyang_generator.publication.digest: sha256 of the rows, each as four
# little-endian float64 inputs then its little-endian int64 label, of
# sample(size, seed, r_small=..., r_big=...). Each stream was checked once against the
# per-sample oracle in tests/oracle.py (350,000 samples in all), too slow to rerun every time.
GOLDEN = [
    ((200_000, 0, 0.1, 0.5), "db9d3d9a97bd65d2efc066cf6a51bc869cfebff6bae05758b55942b0f8b24de3"),
    ((100_000, 2**32 - 1, 0.15, 0.4),
     "e51900a7a5ed678ebfa2cdc7970a67f80e8c1627e588b513b15312295f9014b7"),
    ((50_000, 123456789, 0.3, 2.0),
     "7786da346f08f17f39445be8607e20fdd6d30957ea51469f852df9092313c0a3"),
]


@pytest.mark.parametrize(("args", "expected"), GOLDEN)
def test_golden_streams(args, expected):
    """Long streams keep their pinned sha256."""
    size, seed, r_small, r_big = args
    assert digest(*sample(size, seed, r_small=r_small, r_big=r_big)) == expected


def test_golden_stream_from_the_standard_librarys_twister(monkeypatch):
    """Started on random.Random and handed over to RandomState, a long stream keeps its digest."""
    monkeypatch.setattr(_engine, "_python_mt_first", lambda: True)
    (size, seed, r_small, r_big), expected = GOLDEN[1]
    assert digest(*sample(size, seed, r_small=r_small, r_big=r_big)) == expected


def test_fresh_interpreter_gives_the_same_paper_split(tmp_path):
    """In a fresh interpreter (numpy.random not imported) the paper split has the paper's bytes."""
    code = (
        "import sys; from yinyang_generator import PUBLICATION_SPLITS, sample;"
        "from yinyang_generator.publication import digest;"
        "digests = [digest(*sample(n, s)) for n, s in PUBLICATION_SPLITS.values()];"
        "print('numpy.random' in sys.modules, *digests)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=tmp_path)
    assert out.stdout.split() == ["False", *PUBLICATION_SHA256.values()]


def test_publication_data_regenerates_committed_files():
    """The paper's split, written by project code, equals publication_data/ byte for byte."""
    files = publication_files()
    assert len(files) == 6
    sums = {}
    for line in (ROOT / "publication_data" / "SHA256SUMS").read_text().splitlines():
        digest_hex, name = line.split()
        sums[name] = digest_hex
    assert sorted(sums) == sorted(files)
    for name, data in files.items():
        assert (ROOT / "publication_data" / name).read_bytes() == data, name
        assert hashlib.sha256(data).hexdigest() == sums[name], name


def test_publication_digests_are_those_of_the_published_files():
    """PUBLICATION_SHA256 is the digest of the published .npy files and of sample() alike."""
    folder = ROOT / "publication_data"
    for split, (size, seed) in PUBLICATION_SPLITS.items():
        X = np.load(folder / f"{split}_samples.npy")
        y = np.load(folder / f"{split}_labels.npy")
        assert digest(X, y) == PUBLICATION_SHA256[split] == digest(*sample(size, seed))


def test_digest_recipe():
    """digest hashes each row as 4 little-endian float64 then a little-endian int64 label, and
    pieces of a stream hash like the whole."""
    X, y = sample(10, 3)
    rows = b"".join(X[i].astype("<f8").tobytes() + y[i:i + 1].astype("<i8").tobytes()
                    for i in range(10))
    assert digest(X, y) == hashlib.sha256(rows).hexdigest()
    hasher = hashlib.sha256()
    for X_part, y_part in iter_chunks(10, 3, chunk_size=3):
        yinyang_generator.publication.update_digest(hasher, X_part, y_part)
    assert hasher.hexdigest() == digest(X, y)
    assert digest(X.astype(">f8"), y.astype(">i8")) == digest(X, y)


def test_publication_parameters_follow_the_split_table():
    """PUBLICATION_PARAMETERS spells PUBLICATION_SPLITS as the eight parameters, default radii."""
    assert PUBLICATION_PARAMETERS == {
        "size": PUBLICATION_SPLITS["train"][0], "validation_size": PUBLICATION_SPLITS["validation"][0],
        "test_size": PUBLICATION_SPLITS["test"][0], "train_seed": PUBLICATION_SPLITS["train"][1],
        "validation_seed": PUBLICATION_SPLITS["validation"][1],
        "test_seed": PUBLICATION_SPLITS["test"][1], "r_small": 0.1, "r_big": 0.5}


def test_class_counts_of_paper_training_split():
    """Labels are only roughly balanced: seed 42, size 5000 gives 1681/1702/1617."""
    _, y = sample(5000, 42)
    assert np.bincount(y, minlength=3).tolist() == [1681, 1702, 1617]


def test_defaults():
    """sample() is sample(1000, 42, r_small=0.1, r_big=0.5)."""
    assert_same(sample(), sample(1000, 42, r_small=0.1, r_big=0.5))
    assert CLASS_NAMES == ("yin", "yang", "dot")


@pytest.mark.parametrize("chunk_size", [1, 7, 4096, 65536, 10**9])
def test_chunks_concatenate_to_sample(chunk_size):
    """iter_chunks pieces have at most chunk_size rows and concatenate to sample()."""
    size = 20_000 if chunk_size > 1 else 3_000
    pieces = list(iter_chunks(size, 5, chunk_size=chunk_size))
    assert all(1 <= len(y) <= chunk_size for _, y in pieces)
    assert all(len(y) == chunk_size for _, y in pieces[:-1])
    X = np.concatenate([X for X, _ in pieces])
    y = np.concatenate([y for _, y in pieces])
    assert_same((X, y), sample(size, 5))


def test_chunks_are_contiguous_arrays():
    """Each piece is a C-contiguous (n, 4) float64 array and an int64 vector."""
    for X, y in iter_chunks(100_000, 1, chunk_size=30_000):
        assert X.flags.c_contiguous and y.flags.c_contiguous
        assert X.shape == (len(y), 4)


def test_iter_chunks_of_zero_rows_yields_nothing():
    """A size of 0 yields no piece at all."""
    assert list(iter_chunks(0)) == []


def test_smaller_size_is_a_prefix():
    """Same seed and radii: a smaller size gives the first rows of a larger one."""
    X, y = sample(30_000, 9)
    for size in (0, 1, 2, 999, 29_999):
        X_small, y_small = sample(size, 9)
        assert_same((X_small, y_small), (X[:size], y[:size]))


@pytest.mark.parametrize(("r_small", "r_big"), [(0.1, 0.5), (0.2, 1.3), (0.01, 0.1)])
def test_points_lie_in_their_regions(r_small, r_big):
    """Every point is inside the big circle, in its class's region, and x2 = 1 - x1."""
    X, y = sample(20_000, 3, r_small=r_small, r_big=r_big)
    x1, y1 = X[:, 0], X[:, 1]
    assert (np.sqrt((x1 - r_big) ** 2 + (y1 - r_big) ** 2) <= r_big).all()
    assert (X[:, 2] == 1.0 - x1).all() and (X[:, 3] == 1.0 - y1).all()
    np.testing.assert_allclose(X[:, 0] + X[:, 2], 1.0, rtol=0, atol=1e-15)
    assert set(np.unique(y)) == {0, 1, 2}
    for i in np.random.default_rng(0).choice(len(y), 2_000, replace=False):
        assert y[i] == which_class(x1[i], y1[i], r_small, r_big)
    d_dots = np.minimum(np.hypot(x1 - 1.5 * r_big, y1 - r_big), np.hypot(x1 - 0.5 * r_big, y1 - r_big))
    assert ((d_dots < r_small) == (y == 2)).all()


@pytest.mark.parametrize("r_small", [0.1, 0.03, 0.01])
def test_tiny_blocks_and_segments_give_the_same_stream(monkeypatch, r_small):
    """Small blocks, many chains, and samples longer than a block change nothing."""
    expected = published_sample(300, 11, r_small, 0.5)
    monkeypatch.setattr(_engine, "_MAX_BLOCK_WORDS", 1024)
    monkeypatch.setattr(_engine, "_SEGMENT_WORDS", 16)
    assert_same(sample(300, 11, r_small=r_small, r_big=0.5), expected)


def test_very_small_dots_keep_memory_bounded(monkeypatch):
    """A sample needing more words than a block holds is finished alone, not by a growing block."""
    calls = []
    original = _engine._long_sample

    def spy(words, draw, geo):
        assert len(words) <= 2 * _engine._MAX_BLOCK_WORDS
        calls.append(len(words))
        return original(words, draw, geo)

    monkeypatch.setattr(_engine, "_MAX_BLOCK_WORDS", 1024)
    monkeypatch.setattr(_engine, "_long_sample", spy)
    assert_same(sample(60, 3, r_small=0.01, r_big=0.5), published_sample(60, 3, 0.01, 0.5))
    assert calls


def test_square_thresholds_decide_like_sqrt():
    """Each threshold t is the last double whose rounded square root passes the comparison."""
    for r in (0.1, 0.25, 0.5, 0.3, 1.7, 1e-3):
        t = _engine._max_square_le(r)
        assert math.sqrt(t) <= r < math.sqrt(math.nextafter(t, math.inf))
        t = _engine._min_square_ge(r)
        assert math.sqrt(math.nextafter(t, -math.inf)) < r <= math.sqrt(t)


@pytest.mark.parametrize(("r_small", "r_big"), [(0.1, 0.5), (0.2, 1.3)])
def test_cell_table_agrees_with_exact_classification(r_small, r_big):
    """Every settled cell of the lookup table holds the exact class of random points in it."""
    geo = _engine._Geometry(r_small, r_big)
    words = np.random.RandomState(0).randint(0, 2**32, size=2_000_000, dtype=np.uint32)
    at = np.arange(0, len(words) - 3, 2)
    x, y = _engine._points(words, at, geo)
    exact = geo.classify(x, y)
    bits = 32 - _engine._CELL_BITS
    cell = (words[at].astype(np.intp) >> bits << _engine._CELL_BITS) | (words[at + 2] >> bits)
    table = geo.lut[cell]
    settled = table != _engine._AMBIGUOUS
    assert settled.mean() > 0.95
    assert (table[settled] == exact[settled]).all()


@pytest.mark.parametrize(("r_small", "r_big"), [(0.1, 0.5), (0.2, 1.3)])
def test_small_cell_table_agrees_with_exact_classification(r_small, r_big):
    """Every settled cell of the 8-bit table holds the exact class of random points in it."""
    geo = _engine._Geometry(r_small, r_big)
    words = np.random.RandomState(1).randint(0, 2**32, size=1_000_000, dtype=np.uint32)
    at = np.arange(0, len(words) - 3, 2)
    exact = geo.classify(*_engine._points(words, at, geo))
    bits = _engine._SMALL_CELL_BITS
    cell = (words[at].astype(np.intp) >> (32 - bits) << bits) | (words[at + 2] >> (32 - bits))
    table = geo.table(bits)[cell]
    settled = table != _engine._AMBIGUOUS
    assert settled.mean() > 0.9
    assert (table[settled] == exact[settled]).all()


@pytest.mark.parametrize(("r_small", "r_big"),
                         [(0.1, 0.5), (0.13, 0.6), (1e-5, 1.0), (0.2499, 0.5), (3.0, 7.0)])
def test_refined_cell_tables_equal_every_cell_evaluated(r_small, r_big):
    """Tables refined from coarser ones near boundaries equal a cell-by-cell build."""
    geo = _engine._Geometry(r_small, r_big)
    for bits in (_engine._SMALL_CELL_BITS, _engine._CELL_BITS):
        index = np.arange(1 << bits)
        full = _engine._cell_classes(geo, bits, index[:, None], index[None, :])
        assert geo.table(bits).tobytes() == full.tobytes()



@st.composite
def invalid_sampler_call(draw):
    """``(name of the bad parameter, keyword arguments of sample)``."""
    name = draw(st.sampled_from(["size", "seed", "r_small", "r_big"]))
    value = draw({"size": bad_size, "seed": bad_seed}.get(name, bad_radius))
    return name, {"size": 5, "seed": 1, name: value}


@settings(max_examples=300, deadline=None)
@given(invalid_sampler_call())
@example(("size", {"size": -3}))
@example(("size", {"size": True}))
@example(("size", {"size": "10"}))
@example(("size", {"size": None}))
@example(("size", {"size": 2**70}))
@example(("seed", {"seed": 2**32}))
@example(("seed", {"seed": False}))
@example(("seed", {"seed": None}))  # an unseeded dataset cannot be reproduced
@example(("seed", {"size": 5, "seed": 10**5000}))  # repr beyond int_max_str_digits
@example(("r_small", {"r_small": 0.0}))
@example(("r_big", {"r_big": float("inf")}))
@example(("r_big", {"r_big": "0.5"}))
@example(("r_big", {"size": 5, "seed": 1, "r_big": 1e308}))  # 2 * r_big overflowed
@example(("r_small", {"size": 5, "seed": 1, "r_small": 4e-320}))  # r_small**2 underflowed to 0
@example(("r_big", {"size": 5, "seed": 1, "r_big": 10**400}))  # math.isfinite overflowed
@example(("r_small", {"r_small": 0.25}))  # 2 * r_small < r_big fails
@example(("r_small", {"r_small": 0.3, "r_big": 0.5}))
def test_sampler_refuses_every_invalid_parameter(call):
    """sample and iter_chunks refuse a bad size, seed or radius with TypeError/ValueError naming
    it and saying what came, in one short sentence."""
    name, kwargs = call
    for entry_point in (sample, iter_chunks):
        with pytest.raises((TypeError, ValueError)) as raised:
            entry_point(**{"size": 5, "seed": 1, **kwargs})
        message = str(raised.value)
        assert f"'{name}'" in message and "got" in message, message
        assert len(message) < 400 and "\n" not in message


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"size": -3}, ValueError, "'size' must be an int in [0, 2**62], got -3 (int)."),
    ({"size": 2.0}, TypeError, "'size' must be an int in [0, 2**62], got 2.0 (float)."),
    ({"seed": 2**32}, ValueError, "'seed' must be an int in [0, 2**32 - 1], got 4294967296 (int)."),
    ({"r_big": float("nan")}, ValueError, "'r_big' must be a finite positive float, got nan (float)."),
    ({"r_small": 1e-101}, ValueError, "'r_small' must be a float in [1e-100, 1e+100] (beyond, "
     "float64 squares overflow or underflow), got 1e-101 (float)."),
])
def test_messages_say_what_was_expected_and_what_came(kwargs, error, message):
    """A refusal names the argument, the expected type and range, and the value with its type."""
    with pytest.raises(error) as raised:
        sample(**kwargs)
    assert str(raised.value) == message


@settings(max_examples=100, deadline=None)
@given(st.one_of(bad_count(2**62), st.just(0)))
@example(-1)
@example(1.5)
@example(True)
def test_iter_chunks_refuses_every_invalid_chunk_size(chunk_size):
    """iter_chunks refuses a bad chunk_size when called, before the first piece is asked for."""
    with pytest.raises((TypeError, ValueError), match=r"'chunk_size' must be an int in \[1, 2\*\*62\], got "):
        iter_chunks(10, chunk_size=chunk_size)


@settings(max_examples=40, deadline=None)
@given(size=st.integers(0, 300), seed=st.integers(0, 2**32 - 1), radii=radii(),
       chunk_size=st.integers(1, 400), data=st.data())
def test_valid_parameters_however_spelled_give_the_same_rows(size, seed, radii, chunk_size, data):
    """numpy scalars give the rows of the Python values; iter_chunks concatenates to sample."""
    r_small, r_big = radii
    X, y = sample(size, seed, r_small=r_small, r_big=r_big)
    spelling = {key: data.draw(spelled(value), label=key) for key, value in
                {"size": size, "seed": seed, "r_small": r_small, "r_big": r_big}.items()}
    assert digest(*sample(**spelling)) == digest(X, y)
    chunks = list(iter_chunks(**spelling, chunk_size=chunk_size))
    assert all(len(part_y) <= chunk_size for _, part_y in chunks)
    if size:
        assert digest(np.concatenate([c[0] for c in chunks]),
                      np.concatenate([c[1] for c in chunks])) == digest(X, y)


def test_extreme_valid_radii_work():
    """The smallest and largest radii allowed give the published rows, neither overflow nor hang."""
    for r_small, r_big in ((1e-100, 3e-100), (3e99, 1e100)):
        assert digest(*sample(20, 3, r_small=r_small, r_big=r_big)) == digest(
            *published_sample(20, 3, r_small, r_big))


@pytest.mark.parametrize(("r_small", "r_big"), [(0.1, 0.5), (1e-3, 0.5), (0.2, 0.41),
                                             (1e-4, 1.0), (3e-100, 1e-99), (0.49, 1.0)])
def test_expected_words_per_sample_is_the_engines(r_small, r_big):
    """The cost bound's closed form (in _checks) equals the engine's expected words per sample."""
    assert _checks.expected_words_per_sample(r_small, r_big) == pytest.approx(
        _engine._geometry(r_small, r_big).words_per_sample, rel=1e-12)


@pytest.mark.parametrize(("r_small", "r_big"), [(1e-100, 0.5), (1e-9, 0.5), (2.91e-5, 1.0),
                                             (1e-100, 1e100), (2e-10, 3.0)])
def test_radii_beyond_practical_use_are_refused_up_front(r_small, r_big):
    """Dots so small that a sample takes over 1e9 random words in expectation (minutes) are
    refused when called, naming r_small and the expected words, instead of running for ever."""
    message = (r"^'r_small' must be at least 2\.92e-05 \* r_big, got "
               + re.escape(f"r_small={r_small!r} with r_big={r_big!r}")
               + r": a sample would take ([0-9.e+]+|more than 1e\+308) random words in "
               r"expectation, more than the 1e\+09 allowed \(about 10 s each\); raise 'r_small'\.$")
    for entry_point in (lambda: iter_chunks(1, 3, r_small=r_small, r_big=r_big),
                        lambda: check_parameters(r_small=r_small, r_big=r_big),
                        lambda: sample(1, 3, r_small=r_small, r_big=r_big)):
        with pytest.raises(ValueError, match=message):
            entry_point()
    assert _checks.expected_words_per_sample(r_small, r_big) > _checks.MAX_WORDS_PER_SAMPLE


def test_the_smallest_allowed_dots_are_valid():
    """r_small = 2.92e-05 * r_big, the bound the message states, is accepted: under 1e9 words."""
    assert _checks.check_radii(2.92e-5, 1.0) == (2.92e-5, 1.0)
    assert _checks.expected_words_per_sample(2.92e-5, 1.0) <= _checks.MAX_WORDS_PER_SAMPLE


def test_unknown_keyword_is_refused():
    """Radii are keyword-only, unknown keywords are refused by Python itself."""
    with pytest.raises(TypeError):
        sample(10, 1, 0.1)
    with pytest.raises(TypeError, match="r_smal"):
        sample(10, r_smal=0.1)


def test_unallocatable_size_gives_a_clear_error():
    """A size whose arrays cannot be allocated says so instead of failing deep inside numpy."""
    with pytest.raises(MemoryError, match=r"'size' = 35184372088832 needs .* bytes.*iter_chunks"):
        sample(2**45)


def test_imports_nothing_beyond_numpy(tmp_path):
    """Importing yinyang_generator loads neither datasets, pyarrow, torch nor jax."""
    code = (
        "import sys, yinyang_generator, yinyang_generator.publication;"
        "heavy = {'datasets', 'pyarrow', 'torch', 'jax', 'pandas', 'huggingface_hub'};"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=tmp_path)
    assert out.stdout.strip() == "[]"


def test_a_small_request_loads_only_its_own_modules_after_numpy(tmp_path):
    """The paper's split in a fresh process imports nothing but yinyang_generator's modules and
    CPython's _random (neither numpy.random nor difflib: each costs about 1-12 ms there)."""
    code = ("import sys, numpy\n"
            "before = set(sys.modules)\n"
            "from yinyang_generator import sample\n"
            "for size, seed in ((5000, 42), (1000, 41), (1000, 40)):\n"
            "    sample(size, seed)\n"
            "print(sorted(name for name in set(sys.modules) - before\n"
            "             if name.partition('.')[0] != 'yinyang_generator'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=tmp_path)
    assert out.stdout.strip() in ("[]", "['_random']"), out.stdout


def test_public_names():
    """The package lists its public names, and each of them exists."""
    assert {"sample", "iter_chunks", "CLASS_NAMES", "PUBLICATION_SPLITS"} <= set(yinyang_generator.__all__)
    assert all(hasattr(yinyang_generator, name) for name in yinyang_generator.__all__)
