"""The Hugging Face builder ``yinyang.py``: ``load_dataset("yinyang", ...)`` equals the sampler,
refuses bad configs before any work, keys its cache by value, and survives races, kills and full
disks.

Every test here runs on each supported ``datasets`` (CI: newest, 4.0.0 and 3.6.0, marker
``compat``); none needs torch.
"""

import hashlib
import importlib.metadata
import inspect
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import namedtuple

import datasets
import numpy as np
import pyarrow as pa
import pytest
from datasets import get_dataset_config_names, load_dataset, load_dataset_builder
from hypothesis import example, given
from hypothesis import strategies as st

import yinyang
from helpers import (ROOT, built_files, count_generated_splits, error_names, examples, files_under,
                     obeying_file_modes, read_only)
from strategies import bad_radius, bad_seed, bad_size, radii, spelled
from yinyang_generator import _checks
from yinyang_generator import PARAMETERS, PUBLICATION_PARAMETERS, PUBLICATION_SPLITS, SPLITS, sample
from yinyang_generator.publication import PUBLICATION_SHA256, digest

pytestmark = pytest.mark.compat

DATASETS_MAJOR = int(datasets.__version__.split(".")[0])
README = (ROOT / "README.md").read_text(encoding="utf-8")
SIZES = tuple(size for size, _ in SPLITS.values())
SEEDS = tuple(seed for _, seed in SPLITS.values())


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    return load_dataset("yinyang", cache_dir=str(tmp_path_factory.mktemp("paper")))


# -- rows -----------------------------------------------------------------------------------------

def test_default_config_is_the_paper_split(paper):
    """With no arguments the three splits are the paper's: sizes, digests, and sample()."""
    assert {name: len(split) for name, split in paper.items()} == {
        name: size for name, (size, _) in PUBLICATION_SPLITS.items()}
    for name in PUBLICATION_SPLITS:
        assert digest(*yinyang.to_numpy(paper[name])) == PUBLICATION_SHA256[name]


def test_publication_config_is_the_paper_split():
    """The "publication" config builds the rows of the paper's files."""
    dataset = load_dataset("yinyang", "publication")
    for name in PUBLICATION_SPLITS:
        assert digest(*yinyang.to_numpy(dataset[name])) == PUBLICATION_SHA256[name]


def test_publication_build_checks_its_digests(monkeypatch):
    """A publication build whose rows miss the digests fails and leaves nothing to be served."""
    with monkeypatch.context() as patch:
        patch.setitem(yinyang.PUBLICATION_SHA256, "test", "0" * 64)
        with pytest.raises(Exception) as raised:  # datasets wraps it in DatasetGenerationError
            load_dataset("yinyang", "publication")
    chain = [raised.value]
    while chain[-1].__cause__ or chain[-1].__context__:
        chain.append(chain[-1].__cause__ or chain[-1].__context__)
    assert any("'test' split does not match the paper's sha256" in str(e) for e in chain)
    dataset = load_dataset("yinyang", "publication")
    assert digest(*yinyang.to_numpy(dataset["test"])) == PUBLICATION_SHA256["test"]


def damage(path, how):
    """Flip one byte in the middle of the file at ``path`` (same length), or cut it in half."""
    data = bytearray(path.read_bytes())
    if how == "flip":
        data[len(data) // 2] ^= 0xFF
    path.write_bytes(data if how == "flip" else data[: len(data) // 2])


@pytest.mark.parametrize("how", ["flip", "truncate"])
def test_a_damaged_publication_cache_is_rebuilt_with_a_warning(tmp_path, how):
    """A cached publication split with a flipped byte (same length) or cut short is not served:
    the next load warns, rebuilds it and returns the paper's rows."""
    load_dataset("yinyang", "publication", cache_dir=str(tmp_path))
    [train] = tmp_path.rglob("yinyang-train.arrow")
    original = train.read_bytes()
    damage(train, how)
    with pytest.warns(UserWarning, match=r"^The cached 'publication' dataset in .* (does not match "
                      r"the paper's sha256 digests|cannot be read .*); rebuilding it\.$"):
        dataset = load_dataset("yinyang", "publication", cache_dir=str(tmp_path))
    for name in PUBLICATION_SPLITS:
        assert digest(*yinyang.to_numpy(dataset[name])) == PUBLICATION_SHA256[name]
    assert train.read_bytes() == original


def test_a_damaged_publication_cache_is_refused_by_as_dataset(tmp_path):
    """as_dataset of a prepared publication builder checks the digests on every call: a flipped
    byte is refused with the remedy."""
    builder = yinyang.YinYang(config_name="publication", cache_dir=str(tmp_path))
    builder.download_and_prepare()
    assert len(builder.as_dataset("test")) == 1000
    damage(next(tmp_path.rglob("yinyang-validation.arrow")), "flip")
    for split in ("test", None):
        with pytest.raises(OSError, match=r"^The cached 'publication' dataset in .* does not match "
                           r"the paper's sha256 digests; load it again with "
                           r"download_mode='force_redownload' to rebuild it\.$"):
            builder.as_dataset(split)


def test_a_truncated_cache_names_the_remedy(tmp_path):
    """A cut-short Arrow file of a default build gives an OSError saying what to do, not only
    pyarrow's 'Expected to be able to read ...'; force_redownload then rebuilds it."""
    load_dataset("yinyang", size=300, cache_dir=str(tmp_path))
    damage(next(tmp_path.rglob("yinyang-train.arrow")), "truncate")
    with pytest.raises(OSError, match=r"^The cached yinyang dataset in .* cannot be read \(.*\); "
                       r"load it again with download_mode='force_redownload' to rebuild it\.$"):
        load_dataset("yinyang", size=300, cache_dir=str(tmp_path))
    dataset = load_dataset("yinyang", size=300, cache_dir=str(tmp_path),
                           download_mode="force_redownload")
    assert digest(*yinyang.to_numpy(dataset["train"])) == digest(*sample(300, 42))


@st.composite
def valid_config(draw):
    """Valid keyword arguments of load_dataset("yinyang", ...): small sizes, distinct seeds."""
    sizes = draw(st.tuples(*[st.integers(0, 200)] * 3).filter(any))
    seeds = draw(st.lists(st.integers(0, 2**32 - 1), min_size=3, max_size=3, unique=True))
    r_small, r_big = draw(st.one_of(st.just((0.1, 0.5)), radii()))
    kwargs = dict(zip(SIZES + SEEDS, sizes + tuple(seeds)), r_small=r_small, r_big=r_big)
    return {key: draw(spelled(value)) for key, value in kwargs.items()
            if draw(st.booleans()) or value != PUBLICATION_PARAMETERS[key]}


@examples(8)
@given(valid_config())
@example({"size": 1, "validation_size": 2, "test_size": 3, "train_seed": 0,
          "validation_seed": 1, "test_seed": 2**32 - 1})
@example({"size": 70_000, "validation_size": 0, "test_size": 0})  # more than one 65536-row chunk
@example({"size": 500, "r_small": 0.05, "r_big": 0.3, "train_seed": 7, "validation_seed": 8,
          "test_seed": 9})
@example({"size": 10, "validation_size": 0, "test_size": 0, "validation_seed": 42})  # unused seed
def test_valid_configs_equal_sample(kwargs):
    """Any valid config, however spelled, builds each split equal to sample(size, seed, radii);
    a split of size 0 is left out."""
    config = yinyang.YinYangConfig(**kwargs)
    dataset = load_dataset("yinyang", **kwargs)
    for split, (size_name, seed_name) in SPLITS.items():
        size = getattr(config, size_name)
        assert (split in dataset) == (size > 0)
        if size:
            expected = sample(size, getattr(config, seed_name), r_small=config.r_small,
                              r_big=config.r_big)
            assert digest(*yinyang.to_numpy(dataset[split])) == digest(*expected)


@pytest.mark.parametrize(("r_small", "size"), [(0.1, 70_000), (0.001, 400)])
def test_slow_radii_are_written_in_small_pieces(r_small, size):
    """Each piece the builder writes takes at most 2**26 random words in expectation (about a
    second) and 65536 rows, so datasets' progress bar keeps moving when small dots make samples
    slow; the pieces join to sample()."""
    builder = yinyang.YinYang(size=size, r_small=r_small)
    words = _checks.expected_words_per_sample(r_small, 0.5)
    pieces = [table for _, table in builder._generate_tables(split="train", size=size, seed=42)]
    assert all(len(piece) * words <= 2**26 and len(piece) <= 65536 for piece in pieces)
    assert len(pieces) == -(-size // min(65536, int(2**26 / words))) > 1
    joined = pa.concat_tables(pieces)
    X = np.asarray(joined.column("inputs").combine_chunks().flatten()).reshape(-1, 4)
    assert digest(X, joined.column("label").to_numpy()) == digest(*sample(size, 42,
                                                                          r_small=r_small))


def test_splits_are_disjoint(paper):
    """No row appears in two splits of the paper's dataset."""
    seen = {}
    for name, split in paper.items():
        X, _ = yinyang.to_numpy(split)
        rows = {hashlib.sha256(row.tobytes()).hexdigest() for row in X}
        assert len(rows) == len(X)
        for other, other_rows in seen.items():
            assert not rows & other_rows, f"{name} and {other} share rows"
        seen[name] = rows


def test_rows_lie_in_the_symbol(paper):
    """Each point lies inside the big circle and its mirror is (1 - x1, 1 - y1)."""
    X, y = yinyang.to_numpy(paper["train"])
    assert ((X[:, 0] - 0.5) ** 2 + (X[:, 1] - 0.5) ** 2 <= 0.5**2).all()
    np.testing.assert_array_equal(X[:, 2:], 1.0 - X[:, :2])
    assert set(np.unique(y)) == {0, 1, 2}


def test_features_and_supervised_keys(paper):
    """inputs is a fixed-length sequence of 4 float64, label a ClassLabel yin/yang/dot, and the
    info names them as the supervised pair."""
    features = paper["train"].features
    assert features["label"].names == ["yin", "yang", "dot"]
    assert str(features.arrow_schema.field("inputs").type) == "fixed_size_list<item: double>[4]"
    assert features.arrow_schema.field("label").type == "int64"
    keys = paper["train"].info.supervised_keys
    assert (keys.input, keys.output) == ("inputs", "label")


def test_config_names_are_known():
    """get_dataset_config_names and load_dataset_builder know the name "yinyang"."""
    assert get_dataset_config_names("yinyang") == ["default", "publication"]
    builder = load_dataset_builder("yinyang", size=10)
    assert isinstance(builder, yinyang.YinYang) and builder.config.size == 10


def test_builder_works_without_load_dataset(tmp_path):
    """YinYang(...) alone prepares, loads and streams the dataset."""
    builder = yinyang.YinYang(size=20, test_size=5, validation_size=0, cache_dir=str(tmp_path))
    builder.download_and_prepare()
    built = builder.as_dataset()
    assert sorted(built) == ["test", "train"]
    assert digest(*yinyang.to_numpy(built["train"])) == digest(*sample(20, 42))
    streamed = builder.as_streaming_dataset()
    assert [row["inputs"] for row in streamed["test"]] == sample(5, 40)[0].tolist()


def test_streaming_yields_the_built_rows_in_order():
    """streaming=True yields the same rows in the same order as the built dataset."""
    params = {"size": 3000, "validation_size": 300, "test_size": 200}
    built = load_dataset("yinyang", **params)
    streamed = load_dataset("yinyang", streaming=True, **params)
    assert sorted(streamed) == sorted(built)
    for name in built:
        assert list(streamed[name]) == built[name].to_list()


# What the README says streaming writes (section "Scale"), and what a read-only cache does.
STREAMING_WRITES = ("Streaming makes rows on the fly and writes no data; `datasets` only creates the "
                    "cache folder and one empty `.lock` file in it")
READ_ONLY_CACHE = ("A cache folder you cannot write cannot be read either: `datasets` takes a "
                   "lock file in it to load a finished build, and even to stream")


def test_streaming_writes_one_lock_file_and_no_data(tmp_path):
    """Streaming writes no rows: datasets leaves one empty .lock file in the cache folder, as the
    README says."""
    stream = load_dataset("yinyang", size=50, streaming=True, cache_dir=str(tmp_path / "cache"))
    assert len(list(stream["train"])) == 50
    [lock] = files_under(tmp_path / "cache")
    assert lock.endswith(".lock") and (tmp_path / "cache" / lock).stat().st_size == 0
    assert STREAMING_WRITES in " ".join(README.split())


# Run in a fresh process: load (argv[2] == "load") or stream (argv[2] == "stream") the paper's split
# from the cache argv[1]; print the error's type and message, or its first row.
READ_ONLY_LOAD = textwrap.dedent("""
    import json, sys
    import datasets, yinyang

    try:
        ds = datasets.load_dataset("yinyang", cache_dir=sys.argv[1], streaming=sys.argv[2] == "stream")
        print(json.dumps({"first": next(iter(ds["train"]))["inputs"]}))
    except Exception as error:
        print(json.dumps({"error": type(error).__name__, "message": str(error)}))
""")


@pytest.mark.parametrize("how", ["load", "stream"])
def test_a_read_only_cache_is_refused_naming_the_workaround(tmp_path, how):
    """Loading a finished build, or streaming, from a cache folder the user cannot write fails
    with a PermissionError naming 'cache_dir' and the remedies (datasets takes a lock there); the
    Arrow files of the finished build still load with datasets.Dataset.from_file, as the README
    says."""
    privileges = obeying_file_modes()
    cache = tmp_path / "cache"
    load_dataset("yinyang", cache_dir=str(cache))
    with read_only(cache):
        process = subprocess.run([sys.executable, "-c", READ_ONLY_LOAD, str(cache), how],
                                 capture_output=True, text=True, timeout=120, **privileges)
        [train] = cache.rglob("yinyang-train.arrow")
        from_file = subprocess.run(
            [sys.executable, "-c", "import sys, datasets; print(len(datasets.Dataset.from_file("
             "sys.argv[1])))", str(train)], capture_output=True, text=True, timeout=120, **privileges)
    result = json.loads(process.stdout.splitlines()[-1])
    assert result == {"error": "PermissionError", "message": (
        f"'cache_dir' must be a folder you can write, got {str(cache)!r}: datasets takes a lock "
        "file there even to load a finished build or to stream; pass another cache_dir, or load "
        "a finished build's Arrow files with datasets.Dataset.from_file.")}
    assert from_file.stdout.split() == ["5000"], from_file.stderr[-2000:]
    assert READ_ONLY_CACHE in " ".join(README.split())


def test_to_numpy_is_exact_on_selections(paper):
    """to_numpy returns float64 (n, 4) and int64 (n,) for any selection of rows."""
    X, y = sample(5000, 42)
    picked = [4999, 3, 17, 3]
    X_part, y_part = yinyang.to_numpy(paper["train"].select(picked))
    assert X_part.dtype == np.float64 and y_part.dtype == np.int64
    assert X_part.shape == (4, 4) and y_part.shape == (4,)
    np.testing.assert_array_equal(X_part, X[picked])
    np.testing.assert_array_equal(y_part, y[picked])


def test_to_numpy_refuses_what_is_not_one_built_split(paper):
    """to_numpy names its argument when given a DatasetDict or a streaming split."""
    with pytest.raises(TypeError, match=r"'dataset' must be one split .* got DatasetDict"):
        yinyang.to_numpy(paper)
    stream = load_dataset("yinyang", size=10, streaming=True)["train"]
    with pytest.raises(TypeError, match=r"got IterableDataset; for a streaming split"):
        yinyang.to_numpy(stream)


@pytest.mark.parametrize(("rows", "missing"), [
    ({"inputs": [[0.1, 0.2, 0.9, 0.8], None], "label": [0, 1]}, "1 null in 'inputs'"),
    ({"inputs": [[0.1, None, 0.9, 0.8], [0.5] * 4], "label": [0, 1]}, "1 null in 'inputs'"),
    ({"inputs": [[0.1, 0.2, 0.9, 0.8], [0.5] * 4], "label": [None, 1]}, "1 null in 'label'"),
])
def test_to_numpy_refuses_missing_values(paper, rows, missing):
    """A null in inputs (which misaligned X (1, 4) with y (2,)) or in label is refused by name."""
    split = datasets.Dataset.from_dict(rows, features=paper["train"].features)
    with pytest.raises(ValueError, match=rf"^'dataset' must have no missing values, got {missing}"):
        yinyang.to_numpy(split)


@pytest.mark.parametrize(("column", "feature", "got"), [
    ("inputs", datasets.Sequence(datasets.Value("float32"), length=4),
     r"fixed_size_list<item: float>\[4\]"),
    ("inputs", datasets.Sequence(datasets.Value("float64")), None),  # lengths 4: accepted
    ("label", datasets.Value("float64"), "double"),
    ("label", datasets.Value("int32"), None),  # ints widen exactly: accepted
])
def test_to_numpy_refuses_a_split_cast_away_from_float64(paper, column, feature, got):
    """A split cast to float32 inputs (or float labels) is refused: to_numpy promises the exact
    float64 rows; casts that keep every value are read as usual."""
    cast = paper["train"].select(range(20)).cast_column(column, feature)
    if got is None:
        X, y = yinyang.to_numpy(cast)
        assert X.dtype == np.float64 and y.dtype == np.int64
        assert digest(X, y) == digest(*sample(20, 42))
        return
    with pytest.raises(TypeError, match=rf"^'dataset' column '{column}' must hold .*, got {got}"):
        yinyang.to_numpy(cast)


@pytest.mark.skipif(DATASETS_MAJOR >= 4, reason="datasets >= 4 has no loading scripts")
def test_loading_script_path_on_datasets_3():
    """On datasets 3.x, yinyang.py also works as a loading script, with the same rows."""
    script = os.path.abspath(yinyang.__file__)
    dataset = load_dataset(script, size=300, test_seed=7, trust_remote_code=True)
    assert digest(*yinyang.to_numpy(dataset["train"])) == digest(*sample(300, 42))
    assert digest(*yinyang.to_numpy(dataset["test"])) == digest(*sample(1000, 7))
    publication = load_dataset(script, "publication", trust_remote_code=True)
    for name in PUBLICATION_SPLITS:
        assert digest(*yinyang.to_numpy(publication[name])) == PUBLICATION_SHA256[name]


# -- refusals -------------------------------------------------------------------------------------

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
        known = (yinyang._PASSED_KEYWORDS | yinyang._REPLACED_KEYWORDS
                 | yinyang._CHECKED_KEYWORDS | set(yinyang._DATASETS_KEYWORDS) | set(PARAMETERS)
                 | set(inspect.signature(load_dataset).parameters)
                 | set(inspect.signature(load_dataset_builder).parameters))
        key = draw(st.from_regex(r"[a-z][a-z_]{0,12}", fullmatch=True).filter(
            lambda k: k not in known))
        return [key], "default", {key: draw(st.integers())}
    name = draw(st.sampled_from(PARAMETERS))
    value = PUBLICATION_PARAMETERS[name] + draw(st.integers(1, 1000)) * (
        1 if name in SIZES + SEEDS else 0.001)
    return [name], "publication", {name: value}


@examples(200)
@given(case=invalid_config())
@example(case=(["size"], "default", {"size": -3}))
@example(case=(["size"], "default", {"size": 2.5}))
@example(case=(["size"], "default", {"size": "10"}))
@example(case=(["size"], "default", {"size": 2**62 + 1}))
@example(case=(["test_size"], "default", {"test_size": True}))
@example(case=(["train_seed"], "default", {"train_seed": None}))
@example(case=(["r_big"], "default", {"r_big": float("nan")}))
@example(case=(["r_small"], "default", {"r_small": 0.3}))
@example(case=(["validation_seed", "train_seed"], "default", {"validation_seed": 42}))
@example(case=(["sizes"], "default", {"sizes": 10}))
@example(case=(["seed", "train_seed"], "default", {"seed": 3}))  # the sampler's name
@example(case=(["description"], "default", {"description": "x"}))
@example(case=(["data_files"], "default", {"data_files": "x.csv"}))
@example(case=(["test_seed"], "publication", {"test_seed": 3}))
def test_builder_refuses_every_invalid_config_and_leaves_nothing(case, tmp_path):
    """YinYang(...), load_dataset_builder and load_dataset refuse a bad config with TypeError or
    ValueError naming the parameter, and leave nothing in the cache directory."""
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


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"sizes": 10}, "'sizes' is not a parameter of the yinyang dataset (did you mean 'size'?), "
     "which takes only size, validation_size, test_size, train_seed, validation_seed, test_seed, "
     "r_small, r_big."),
    ({"data_files": "x.csv"}, "'data_files' must be None: yinyang makes its rows from "
     "parameters, not files; got 'x.csv'."),
    ({"size": 1000, "train_seed": 41}, "'validation_seed' must differ from 'train_seed', got 41 "
     "for both: two splits with the same seed and radii overlap (the smaller is a prefix of the "
     "larger), which leaks one split into the other; give another seed, or validation_size=0 / "
     "size=0 to leave a split out."),
    ({"size": 0, "validation_size": 0, "test_size": 0},
     "At least one of 'size', 'validation_size', 'test_size' must be > 0, got all 0."),
])
def test_refusals_are_one_sentence_with_the_remedy(kwargs, message):
    """The builder's own refusals are one sentence naming the parameter and what to do."""
    for entry_point in (yinyang.YinYang, lambda **kw: load_dataset("yinyang", **kw)):
        with pytest.raises(ValueError) as raised:
            entry_point(**kwargs)
        assert str(raised.value) == message


def test_publication_refuses_other_parameters_but_accepts_its_own():
    """Changing a parameter of "publication" is refused by name; its own values are the same
    config."""
    with pytest.raises(ValueError, match="'publication' config is the paper's fixed split; 'test_seed'"):
        load_dataset("yinyang", "publication", test_seed=3)
    builder = load_dataset_builder("yinyang", "publication", size=5000, r_big=0.5)
    assert builder.cache_dir == load_dataset_builder("yinyang", "publication").cache_dir


def test_custom_features_are_refused():
    """features= cannot change the schema."""
    features = datasets.Features({"inputs": datasets.Value("string"), "label": datasets.Value("int8")})
    with pytest.raises(ValueError, match="'features' cannot be changed"):
        load_dataset_builder("yinyang", features=features)


@pytest.mark.parametrize("kwargs", [{"size": 9}, {"size": "abc"}, {"size": -5}])
def test_config_id_cannot_bypass_the_checks_or_the_cache_key(kwargs):
    """config_id (a DatasetBuilder keyword since datasets 5) is refused by name: it skipped the
    parameter checks and put size=9 in the cache of size=7."""
    with pytest.raises(ValueError, match="'config_id'") as raised:
        load_dataset("yinyang", config_id="default-size=7", **kwargs)
    assert "\n" not in str(raised.value)
    assert len(load_dataset("yinyang", size=7, split="train")) == 7


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"version": "2.0.0"}, "'version' must be '1.0.0' (the only version of the yinyang builder; "
     "leave it out), got '2.0.0' (str)."),
    ({"name": "paper"}, "'config_name' (load_dataset's 'name') must be 'default' or "
     "'publication', got 'paper' (str)."),
    ({"writer_batch_size": "a"}, "'writer_batch_size' must be an int in [1, 2**62], got 'a' (str)."),
    ({"dataset_name": "a/b"}, "'dataset_name' must be None or a name of letters, digits, '_', '.' "
     "and '-' (it names a cache folder), got 'a/b' (str)."),
])
def test_datasets_keywords_are_checked_by_name(kwargs, message):
    """Builder keywords yinyang checks are refused with a message naming them, not datasets'
    (load_dataset passes dataset_name itself, so only YinYang can be given another)."""
    entry_points = [yinyang.YinYang] + ([] if "dataset_name" in kwargs else [
        lambda **kw: load_dataset_builder("yinyang", **kw)])
    for entry_point in entry_points:
        with pytest.raises((TypeError, ValueError)) as raised:
            entry_point(**kwargs)
        assert str(raised.value) == message


def test_harmless_datasets_keywords_keep_the_rows_and_the_key(tmp_path):
    """version='1.0.0', the builder's own features, hash, info and writer_batch_size change
    neither the cache directory nor the rows."""
    plain = load_dataset_builder("yinyang", size=30, cache_dir=str(tmp_path))
    features = plain.info.features
    builder = yinyang.YinYang(size=30, cache_dir=str(tmp_path), version="1.0.0", features=features,
                              hash="0" * 16, info=datasets.DatasetInfo(), writer_batch_size=7)
    assert builder.cache_dir == plain.cache_dir
    assert yinyang.YinYang(str(tmp_path), size=30).cache_dir == plain.cache_dir  # cache_dir first
    builder.download_and_prepare()
    assert digest(*yinyang.to_numpy(builder.as_dataset("train"))) == digest(*sample(30, 42))



@pytest.mark.parametrize("below", ["", "sub"])
def test_a_cache_dir_that_is_a_file_is_refused_by_name(tmp_path, below):
    """A cache_dir that is a file, or lies below one, is refused naming 'cache_dir' (not
    '[Errno 17] File exists'), and the file is left as it was."""
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(NotADirectoryError, match=r"^'cache_dir' must be a folder, got .*afile.* is a "
                       r"file; pass another folder\.$"):
        load_dataset("yinyang", cache_dir=str(afile / below))
    assert afile.read_text() == "x" and files_under(tmp_path) == ["afile"]

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


@st.composite
def respelled(draw, params):
    """``(params, another spelling of the same parameters)``: defaults passed or not, numpy or
    Python scalars, ints for floats."""
    full = {**PUBLICATION_PARAMETERS, **params}
    return params, {key: draw(spelled(type(PUBLICATION_PARAMETERS[key])(value)))
                    for key, value in full.items()
                    if draw(st.booleans()) or value != PUBLICATION_PARAMETERS[key]}


@examples(60)
@given(canonical_configs.flatmap(respelled))
@example(({}, {"size": 5000}))
@example(({}, {"size": np.int64(5000), "train_seed": np.uint32(42), "r_big": 0.5}))
@example(({}, {"r_small": 0.1, "r_big": 1 / 2, "test_seed": 40, "validation_size": 1000}))
@example(({"size": 7, "r_big": 1}, {"r_big": 1.0, "size": 7}))
def test_same_parameters_however_spelled_share_one_cache_dir(pair):
    """Explicit defaults or not, numpy or Python scalars, 1 or 1.0: one cache directory."""
    params, spelling = pair
    assert (load_dataset_builder("yinyang", **params).cache_dir
            == load_dataset_builder("yinyang", **spelling).cache_dir)


@examples(60)
@given(canonical_configs, canonical_configs)
@example({}, {"size": 4999})
@example({"size": 5000 + 2**40}, {})
@example({"r_small": 0.1 + 2**-55}, {})
def test_different_parameters_never_share_a_cache_dir(first, second):
    """Two configs whose canonical parameters differ get different cache directories, and
    neither shares one with the "publication" config."""
    one, two = yinyang.YinYangConfig(**first), yinyang.YinYangConfig(**second)
    dirs = [load_dataset_builder("yinyang", **first).cache_dir,
            load_dataset_builder("yinyang", **second).cache_dir]
    assert (dirs[0] == dirs[1]) == (one.parameters() == two.parameters())
    assert load_dataset_builder("yinyang", "publication").cache_dir not in dirs


# Values a caller might give each keyword a builder takes besides the parameters: those of the
# installed DatasetBuilder.__init__ (cache_dir aside: the test's own) and the BuilderConfig fields
# datasets applies. A keyword this list does not know -- one a future datasets adds -- gets
# arbitrary values, and must then be refused unless None (its default).
OTHER_FEATURES = datasets.Features({"inputs": datasets.Value("string"), "label": datasets.Value("int8")})
KEYWORD_VALUES = {
    "dataset_name": [None, "yinyang", "other", "a/b", 3],
    "config_name": [None, "default", "publication", "paper"],
    "hash": [None, "0" * 16, "abc"],
    "base_path": [None, ".", "/nonexistent"],
    "info": [None, datasets.DatasetInfo(description="stale")],
    "features": [None, yinyang._FEATURES, OTHER_FEATURES],
    "token": [None, False, True, "hf_x"],
    "repo_id": [None, "someone/yinyang"],
    "data_files": [None, "x.csv", {"train": "x.csv"}],
    "data_dir": [None, "data"],
    "storage_options": [None, {}],
    "writer_batch_size": [None, 1, 7, 0, "a"],
    "config_id": [None, "default-size=7", "default", "publication"],
    "name": [None, "default", "publication"],
    "version": [None, "1.0.0", datasets.Version("1.0.0"), "2.0.0"],
    "description": [None, "x"],
}
BUILDER_KEYWORDS = sorted(
    {name for name, p in inspect.signature(datasets.DatasetBuilder.__init__).parameters.items()
     if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL) and name not in ("self", "cache_dir")}
    | set(KEYWORD_VALUES))


@st.composite
def keyword_sets(draw):
    """Keyword arguments of one load: some builder keywords, valid parameters (small sizes)."""
    chosen = draw(st.lists(st.sampled_from(BUILDER_KEYWORDS), unique=True, max_size=4))
    kwargs = {name: draw(st.sampled_from(KEYWORD_VALUES[name]) if name in KEYWORD_VALUES
                         else st.one_of(st.none(), st.integers(), st.text(max_size=5)))
              for name in chosen}
    return {**draw(valid_config()), **kwargs}


def load_or_refuse(entry_point, cache, kwargs):
    """``(effective config, cache folder, DatasetDict)`` of one load, or None if it was refused
    by TypeError or ValueError quoting one of the keywords given."""
    try:
        if entry_point == "YinYang":
            builder = yinyang.YinYang(cache_dir=cache, **kwargs)
            builder.download_and_prepare()
            dataset = builder.as_dataset()
        else:
            builder = load_dataset_builder("yinyang", cache_dir=cache, **kwargs)
            dataset = load_dataset("yinyang", cache_dir=cache, **kwargs)
    except (TypeError, ValueError) as error:
        assert any(f"'{key}'" in str(error) for key in kwargs), error
        return None
    effective = (builder.config.name, tuple(builder.config.parameters().items()))
    folders = {os.path.dirname(part.cache_files[0]["filename"]) for part in dataset.values()}
    assert folders == {builder.cache_dir}
    for split, part in dataset.items():
        size_name, seed_name = SPLITS[split]
        expected = sample(getattr(builder.config, size_name), getattr(builder.config, seed_name),
                          r_small=builder.config.r_small, r_big=builder.config.r_big)
        assert digest(*yinyang.to_numpy(part)) == digest(*expected), (split, kwargs)
    return effective, builder.cache_dir, dataset


@examples(40)
@given(first=keyword_sets(), second=keyword_sets(),
       entry_points=st.tuples(*[st.sampled_from(["YinYang", "load_dataset"])] * 2))
@example(first={"size": 9, "config_id": "default-size=7"}, second={"size": 7},
         entry_points=("load_dataset", "load_dataset"))
@example(first={"size": 9, "hash": "0" * 16}, second={"size": 7, "hash": "0" * 16},
         entry_points=("YinYang", "YinYang"))
@example(first={"size": 9}, second={"size": 9, "dataset_name": "other", "repo_id": "a/b"},
         entry_points=("YinYang", "YinYang"))
@example(first={"size": 9, "version": "1.0.0", "info": datasets.DatasetInfo()},
         second={"size": 8, "features": yinyang._FEATURES}, entry_points=("YinYang", "load_dataset"))
def test_no_keyword_bypasses_the_checks_or_the_cache_key(first, second, entry_points, tmp_path):
    """For any keywords of the installed DatasetBuilder.__init__ (and the config fields), two
    loads into one cache either refuse a keyword by name or return the rows of sample() for
    their parameters, and loads with different effective parameters never share a folder."""
    cache = tempfile.mkdtemp(dir=tmp_path)
    loads = [load_or_refuse(entry_point, cache, kwargs)
             for entry_point, kwargs in zip(entry_points, (first, second))]
    if all(loads):
        (one, one_dir, _), (two, two_dir, _) = loads
        assert one == two or one_dir != two_dir


def test_a_respelled_config_is_served_from_the_cache(monkeypatch, tmp_path):
    """Loading again with the same parameters spelled otherwise generates nothing and rewrites
    no file: the Arrow files keep their bytes and modification times."""
    calls = count_generated_splits(monkeypatch)
    load_dataset("yinyang", size=300, r_small=0.1, r_big=0.6, cache_dir=str(tmp_path))
    assert calls == ["train", "validation", "test"]
    arrow = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*.arrow")}
    assert len(arrow) == 3
    time.sleep(0.01)
    for spelling in ({"size": np.int64(300), "r_small": np.float64(0.1), "r_big": np.float64(0.6)},
                     {"size": np.uint32(300), "r_big": 0.6, "test_seed": 40, "train_seed": 42,
                      "validation_size": np.int16(1000), "r_small": 1 / 10}):
        again = load_dataset("yinyang", cache_dir=str(tmp_path), **spelling)
        assert calls == ["train", "validation", "test"]
        assert digest(*yinyang.to_numpy(again["train"])) == digest(
            *sample(300, 42, r_small=0.1, r_big=0.6))
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*.arrow")} == arrow


def test_cache_key_follows_package_source_and_datasets_major(monkeypatch):
    """The cache path changes with the package version, the source of the builder and the
    sampler, and datasets' major version, not with its minor version."""
    key = yinyang._cache_hash()
    assert load_dataset_builder("yinyang").cache_dir.endswith(key)
    major, minor = datasets.__version__.split(".")[:2]
    monkeypatch.setattr(datasets, "__version__", f"{major}.{int(minor) + 1}.0")
    assert yinyang._cache_hash() == key
    for version in ("3.6.0", "4.0.0", "5.2.0", "99.0.0"):
        monkeypatch.setattr(datasets, "__version__", version)
        assert (yinyang._cache_hash() == key) == (version.split(".")[0] == major)
    monkeypatch.setattr(datasets, "__version__", f"{major}.{minor}.0")
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "999.0.0")
    assert yinyang._cache_hash() != key
    monkeypatch.undo()
    monkeypatch.setattr(yinyang, "_SOURCE_DIGEST", "0" * 64)
    assert yinyang._cache_hash() != key


# Run in a fresh process with a copy of the package first on sys.path (argv[1]): load 50 training
# rows into the cache argv[2] and print whether they equal sample() and the cache folder.
EDITED_LOAD = textwrap.dedent("""
    import json, sys
    import datasets, yinyang, yinyang_generator.sampler
    from yinyang_generator import sample
    from yinyang_generator.publication import digest

    for module in (yinyang, yinyang_generator.sampler):
        assert module.__file__.startswith(sys.argv[1]), f"imported {module.__file__}"
    ds = datasets.load_dataset("yinyang", size=50, validation_size=0, test_size=0,
                               cache_dir=sys.argv[2])
    print(json.dumps({"same": digest(*yinyang.to_numpy(ds["train"])) == digest(*sample(50, 42)),
                      "folder": ds["train"].cache_files[0]["filename"].rsplit("/", 1)[0]}))
""")

# Appended to the copy's sampler.py: an edit that changes every row, made through public names.
MIRRORING_EDIT = textwrap.dedent("""

    _sample, _iter_chunks = sample, iter_chunks

    def sample(*args, **kwargs):
        X, y = _sample(*args, **kwargs)
        return 1.0 - X, y

    def iter_chunks(*args, **kwargs):
        return ((1.0 - X, y) for X, y in _iter_chunks(*args, **kwargs))
""")


def test_an_edited_sampler_is_never_served_stale_rows(tmp_path):
    """After an edit of yinyang_generator with the package version unchanged (an editable
    install), a load gives the edited sampler's rows, from another cache folder, not the rows an
    earlier build cached."""
    import yinyang_generator

    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(yinyang.__file__, source / "yinyang.py")
    shutil.copytree(os.path.dirname(yinyang_generator.__file__), source / "yinyang_generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(source)}

    def load():
        process = subprocess.run([sys.executable, "-c", EDITED_LOAD, str(source),
                                  str(tmp_path / "cache")], cwd=source, env=env,
                                 capture_output=True, text=True, timeout=120)
        assert process.returncode == 0, process.stderr[-3000:]
        return json.loads(process.stdout.splitlines()[-1])

    before = load()
    with open(source / "yinyang_generator" / "sampler.py", "a", encoding="utf-8") as sampler:
        sampler.write(MIRRORING_EDIT)
    after = load()
    assert before["same"] and after["same"]
    assert before["folder"] != after["folder"]


def test_load_fails_clearly_if_datasets_moves_its_internals(monkeypatch):
    """Without dataset_module_factory, load_dataset("yinyang") points at yinyang.YinYang."""
    import datasets.load

    monkeypatch.delattr(datasets.load, "dataset_module_factory")
    monkeypatch.setattr(datasets.load, "load_dataset_builder", datasets.load.load_dataset_builder)
    assert yinyang._register() is False
    with pytest.raises(RuntimeError, match=r"yinyang\.YinYang\(size=\.\.\.\)"):
        datasets.load.load_dataset("yinyang")


# -- two builds at once, a killed build -----------------------------------------------------------

# Run in a fresh process: announce itself (argv[3]), wait for the other (argv[4]) so both builds
# start together, build the train split of argv[2] rows into argv[1], and print the rows' digest
# and the splits this process generated itself.
RACE = textwrap.dedent("""
    import json, pathlib, sys, time
    import datasets, yinyang
    from yinyang_generator.publication import digest

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
    print(json.dumps({"digest": digest(*yinyang.to_numpy(ds["train"])), "generated": generated}))
""")

# Run in a fresh process: build the train split of argv[2] rows into argv[1], slowly (50 ms per
# 1000 rows), so that the test can kill it midway.
SLOW_BUILD = textwrap.dedent("""
    import sys, time
    import datasets, yinyang

    original = yinyang.iter_chunks

    def slow(*args, **kwargs):
        for chunk in original(*args, **{**kwargs, "chunk_size": 1000}):
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

    calls = count_generated_splits(monkeypatch)
    dataset = load_dataset("yinyang", size=size, validation_size=0, test_size=0,
                           cache_dir=str(cache))
    assert calls == ["train"]
    assert digest(*yinyang.to_numpy(dataset["train"])) == digest(*sample(size, 42))
    assert not list(cache.rglob("*.incomplete"))
    assert sorted(os.listdir(builder.cache_dir)) == ["LICENSE", "dataset_info.json",
                                                     "yinyang-train.arrow"]


# -- sizes and disk space -------------------------------------------------------------------------

Usage = namedtuple("Usage", "total used free")


def test_declared_sizes_are_the_built_ones(tmp_path):
    """Each split declares 40 bytes a row before the build, as the build then writes them;
    dataset_size and size_in_bytes are their sum, download_size 0."""
    builder = yinyang.YinYang(size=123, validation_size=7, test_size=0, cache_dir=str(tmp_path))
    info = builder.info
    declared = {name: (s.num_examples, s.num_bytes) for name, s in info.splits.items()}
    assert declared == {"train": (123, 123 * 40), "validation": (7, 7 * 40)}
    assert info.dataset_size == info.size_in_bytes == 130 * 40 and info.download_size == 0
    builder.download_and_prepare()
    assert {name: (s.num_examples, s.num_bytes) for name, s in builder.info.splits.items()} == declared


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


def test_import_stays_light():
    """import yinyang imports neither torch, jax nor matplotlib, nor the yinyang command (only the
    start-up hook, yinyang_tools._autoload, may have loaded yinyang_tools)."""
    code = ("import sys, yinyang; print(sorted({'torch', 'matplotlib', 'jax', 'yinyang_tools.cli'}"
            " & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
