"""The numpy sampler ``yinyang_generator``: the published stream, bit for bit, and its checks."""

import hashlib
import math
import pathlib
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import yinyang_generator
from oracle import published_sample, which_class
from yinyang_generator import CLASS_NAMES, _engine, iter_chunks, sample
from yinyang_generator.publication import PUBLICATION_SPLITS, publication_files

ROOT = pathlib.Path(__file__).resolve().parents[1]


def digest(X, y):
    return hashlib.sha256(X.astype("<f8").tobytes() + y.astype("<i8").tobytes()).hexdigest()


def assert_same(a, b):
    assert a[0].dtype == b[0].dtype == np.float64 and a[1].dtype == b[1].dtype == np.int64
    assert a[0].shape == b[0].shape and a[1].shape == b[1].shape
    assert a[0].tobytes() == b[0].tobytes()
    assert a[1].tobytes() == b[1].tobytes()


# Radii: r_big over two decades, r_small a fraction of it. Below ~0.05 r_big the dots get so rare
# that the per-sample oracle would need minutes; the engine has no such limit.
radii = st.floats(0.05, 5.0).flatmap(
    lambda r_big: st.tuples(st.floats(0.05, 0.49).map(lambda f: f * r_big), st.just(r_big))
)


@settings(max_examples=60, deadline=None)
@given(size=st.integers(0, 250), seed=st.integers(0, 2**32 - 1), radii=radii)
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
@given(size=st.integers(0, 250), seed=st.integers(0, 2**32 - 1), radii=radii)
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

# Golden streams, recipe: sha256(X.astype("<f8").tobytes() + y.astype("<i8").tobytes()) of
# sample(size, seed, r_small=..., r_big=...). Each digest was checked once against the
# per-sample oracle in tests/oracle.py (350,000 samples in all), too slow to rerun every time.
GOLDEN = [
    ((200_000, 0, 0.1, 0.5), "2d93de3e829faf139ad32c56f6377736c4b0cbf74d75d5bbad51353f1d8549d6"),
    ((100_000, 2**32 - 1, 0.15, 0.4),
     "117271fa8b9dee3f390505511fe98251b96f8cb19bc7ebbae5c0b9774b22fa57"),
    ((50_000, 123456789, 0.3, 2.0),
     "8d2c78764e190b41fea8ff5d4b429df7f6b5290bdd47f86235be5b8eb9f93659"),
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
    """In a fresh interpreter (numpy.random not imported) the paper split has the same bytes."""
    code = (
        "import hashlib, sys; import numpy as np; from yinyang_generator import sample;"
        "parts = [sample(n, s) for n, s in ((5000, 42), (1000, 41), (1000, 40))];"
        "print('numpy.random' in sys.modules, hashlib.sha256(b''.join("
        "X.astype('<f8').tobytes() + y.astype('<i8').tobytes() for X, y in parts)).hexdigest())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=tmp_path)
    expected = hashlib.sha256(b"".join(
        X.astype("<f8").tobytes() + y.astype("<i8").tobytes()
        for X, y in (sample(n, s) for n, s in ((5000, 42), (1000, 41), (1000, 40)))
    )).hexdigest()
    assert out.stdout.split() == ["False", expected]

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


def test_publication_split_is_the_published_one():
    """The paper's splits are sample(5000, 42), sample(1000, 41), sample(1000, 40)."""
    assert PUBLICATION_SPLITS == {"train": (5000, 42), "validation": (1000, 41), "test": (1000, 40)}


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

BAD_ARGUMENTS = [
    ({"size": -3}, ValueError, r"'size' must be an int in \[0, 2\*\*62\], got -3 \(int\)"),
    ({"size": 2.0}, TypeError, r"'size' must be an int in \[0, 2\*\*62\], got 2\.0 \(float\)"),
    ({"size": True}, TypeError, r"'size' must be an int in \[0, 2\*\*62\], got True \(bool\)"),
    ({"size": "10"}, TypeError, r"'size' must be an int in \[0, 2\*\*62\], got '10' \(str\)"),
    ({"size": None}, TypeError, r"'size' must be an int in \[0, 2\*\*62\], got None"),
    ({"size": 2**70}, ValueError, r"'size' must be an int in \[0, 2\*\*62\], got 1180591620"),
    ({"seed": -1}, ValueError, r"'seed' must be an int in \[0, 2\*\*32 - 1\], got -1 \(int\)"),
    ({"seed": 2**32}, ValueError, r"'seed' must be an int in \[0, 2\*\*32 - 1\], got 4294967296"),
    ({"seed": 1.0}, TypeError, r"'seed' must be an int in \[0, 2\*\*32 - 1\], got 1\.0 \(float\)"),
    ({"seed": False}, TypeError, r"'seed' must be an int in \[0, 2\*\*32 - 1\], got False"),
    ({"seed": None}, TypeError, r"'seed' must be an int in \[0, 2\*\*32 - 1\], got None"),
    ({"r_small": 0.0}, ValueError, r"'r_small' must be a finite positive float, got 0\.0"),
    ({"r_small": -0.1}, ValueError, r"'r_small' must be a finite positive float"),
    ({"r_big": float("nan")}, ValueError, r"'r_big' must be a finite positive float, got nan"),
    ({"r_big": float("inf")}, ValueError, r"'r_big' must be a finite positive float, got inf"),
    ({"r_big": "0.5"}, TypeError, r"'r_big' must be a finite positive float, got '0\.5' \(str\)"),
    ({"r_small": True}, TypeError, r"'r_small' must be a finite positive float, got True"),
    ({"r_small": 0.25}, ValueError, r"2 \* r_small < r_big .*r_small=0\.25, r_big=0\.5"),
    ({"r_small": 0.3, "r_big": 0.5}, ValueError, r"2 \* r_small < r_big"),
]


@pytest.mark.parametrize(("kwargs", "error", "match"), BAD_ARGUMENTS)
def test_bad_arguments_are_refused(kwargs, error, match):
    """Bad parameters raise an error naming the parameter, what was expected and what came."""
    with pytest.raises(error, match=match):
        sample(**kwargs)
    with pytest.raises(error, match=match):
        iter_chunks(**{"size": 10, **kwargs})


@pytest.mark.parametrize(("chunk_size", "error"), [(0, ValueError), (-1, ValueError),
                                                    (1.5, TypeError), (True, TypeError)])
def test_bad_chunk_size_is_refused_on_call(chunk_size, error):
    """iter_chunks checks chunk_size when called, before the first piece is asked for."""
    with pytest.raises(error, match=r"'chunk_size' must be an int in \[1, 2\*\*62\], got "):
        iter_chunks(10, chunk_size=chunk_size)


def test_unknown_keyword_is_refused():
    """Radii are keyword-only, unknown keywords are refused by Python itself."""
    with pytest.raises(TypeError):
        sample(10, 1, 0.1)
    with pytest.raises(TypeError, match="r_smal"):
        sample(10, r_smal=0.1)


def test_numpy_integers_are_accepted():
    """numpy integer and float scalars work like Python ones."""
    fast = sample(np.int64(50), np.uint32(7), r_small=np.float64(0.1), r_big=np.float64(0.5))
    assert_same(fast, sample(50, 7))


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


def test_public_names():
    """The package lists its public names."""
    assert {"sample", "iter_chunks", "CLASS_NAMES"} <= set(yinyang_generator.__all__)
