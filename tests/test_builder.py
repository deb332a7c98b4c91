"""The Hugging Face builder: ``load_dataset("yinyang", ...)`` equals the sampler, split by split.

Runs on every supported ``datasets`` (CI: 3.6.0, 4.0.0 and the newest); no test needs torch.
"""

import hashlib
import importlib.metadata
import os
import pathlib
import subprocess
import sys

import datasets
import numpy as np
import pytest
from datasets import get_dataset_config_names, load_dataset, load_dataset_builder

import yinyang
from yinyang_generator import sample

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATASETS_MAJOR = int(datasets.__version__.split(".")[0])

# The paper's split (Kriener, Goeltz, Petrovici 2022): split -> (size, seed).
PAPER = {"train": (5000, 42), "validation": (1000, 41), "test": (1000, 40)}


def digests(X, y):
    """sha256 of X as little-endian float64 bytes (C order) and of y as little-endian int64."""
    return (
        hashlib.sha256(np.ascontiguousarray(X, dtype="<f8").tobytes()).hexdigest(),
        hashlib.sha256(np.ascontiguousarray(y, dtype="<i8").tobytes()).hexdigest(),
    )


def assert_split_equals(split, size, seed, **radii):
    X, y = yinyang.to_numpy(split)
    X_expected, y_expected = sample(size, seed, **radii)
    assert X.dtype == np.float64 and y.dtype == np.int64
    np.testing.assert_array_equal(X, X_expected)
    np.testing.assert_array_equal(y, y_expected)


def cache_entries(cache):
    """Files and folders in a datasets cache, leaving out datasets' lock files."""
    if not cache.exists():
        return []
    return sorted(p.name for p in cache.iterdir() if not p.name.endswith(".lock"))


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    return load_dataset("yinyang", cache_dir=str(tmp_path_factory.mktemp("paper")))


def test_default_config_is_the_paper_split(paper):
    """With no arguments the three splits are the published files (sizes, values and labels)."""
    assert {name: len(split) for name, split in paper.items()} == {
        "train": 5000, "validation": 1000, "test": 1000,
    }
    for name, (size, seed) in PAPER.items():
        assert digests(*yinyang.to_numpy(paper[name])) == yinyang._PUBLICATION_SHA256[name]
        assert_split_equals(paper[name], size, seed)


def test_publication_config_is_the_paper_split(tmp_path):
    """The "publication" config builds the same rows as the paper's files."""
    dataset = load_dataset("yinyang", "publication")
    for name, (size, seed) in PAPER.items():
        assert digests(*yinyang.to_numpy(dataset[name])) == yinyang._PUBLICATION_SHA256[name]


def test_publication_digests_come_from_the_sampler():
    """The stored digests are those of sample(5000, 42), sample(1000, 41), sample(1000, 40)."""
    for name, (size, seed) in PAPER.items():
        assert digests(*sample(size, seed)) == yinyang._PUBLICATION_SHA256[name]


def test_publication_digests_match_the_published_files():
    """The stored digests are those of the published .npy files in publication_data/."""
    folder = ROOT / "publication_data"
    if not (folder / "train_samples.npy").exists():
        pytest.skip("publication_data/ is not in this checkout")
    for name in PAPER:
        X = np.load(folder / f"{name}_samples.npy")
        y = np.load(folder / f"{name}_labels.npy")
        assert digests(X, y) == yinyang._PUBLICATION_SHA256[name]


def test_publication_build_checks_its_digests(monkeypatch):
    """A publication build whose rows miss the digests fails and leaves nothing to be served."""
    with monkeypatch.context() as patch:
        patch.setitem(yinyang._PUBLICATION_SHA256, "test", ("0" * 64, "0" * 64))
        with pytest.raises(Exception) as raised:  # datasets wraps it in DatasetGenerationError
            load_dataset("yinyang", "publication")
    chain = [raised.value]
    while chain[-1].__cause__ or chain[-1].__context__:
        chain.append(chain[-1].__cause__ or chain[-1].__context__)
    assert any("'test' split does not match the paper's sha256" in str(e) for e in chain)
    dataset = load_dataset("yinyang", "publication")
    assert digests(*yinyang.to_numpy(dataset["test"])) == yinyang._PUBLICATION_SHA256["test"]


@pytest.mark.parametrize("params", [
    {"size": 1, "validation_size": 2, "test_size": 3, "train_seed": 0, "validation_seed": 1,
     "test_seed": 2**32 - 1},
    {"size": 70_000, "validation_size": 0, "test_size": 0},  # more than one 65536-row chunk
    {"size": 500, "r_small": 0.05, "r_big": 0.3, "train_seed": 7, "validation_seed": 8,
     "test_seed": 9},
])
def test_any_parameters_equal_sample(params):
    """Every split equals yinyang_generator.sample with that split's size, seed and radii."""
    config = yinyang.YinYangConfig(**params)
    dataset = load_dataset("yinyang", **params)
    radii = {"r_small": config.r_small, "r_big": config.r_big}
    for name, (size_name, seed_name) in yinyang._SPLITS.items():
        size = getattr(config, size_name)
        if size:
            assert_split_equals(dataset[name], size, getattr(config, seed_name), **radii)
        else:
            assert name not in dataset


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


def test_features(paper):
    """inputs is a fixed-length sequence of 4 float64, label a ClassLabel yin/yang/dot."""
    features = paper["train"].features
    assert features["label"].names == ["yin", "yang", "dot"]
    assert str(features.arrow_schema.field("inputs").type) == "fixed_size_list<item: double>[4]"
    assert features.arrow_schema.field("label").type == "int64"


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
    assert_split_equals(built["train"], 20, 42)
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


def test_empty_splits_are_left_out():
    """A split of size 0 is absent from the dataset, and its seed may repeat another's."""
    dataset = load_dataset("yinyang", size=10, validation_size=0, test_size=0, validation_seed=42)
    assert list(dataset) == ["train"]


@pytest.mark.parametrize(("params", "error", "match"), [
    ({"size": -3}, ValueError, r"'size' must be an int in \[0, 2\*\*62\], got -3 \(int\)"),
    ({"size": 2.5}, TypeError, r"'size' must be an int in \[0, 2\*\*62\], got 2.5 \(float\)"),
    ({"test_size": True}, TypeError, r"'test_size' must be an int in \[0, 2\*\*62\], got True"),
    ({"size": "10"}, TypeError, r"'size' must be an int in \[0, 2\*\*62\], got '10' \(str\)"),
    ({"train_seed": None}, TypeError, r"'train_seed' must be an int .*got None"),
    ({"test_seed": 2**32}, ValueError, r"'test_seed' must be an int in \[0, 2\*\*32 - 1\]"),
    ({"validation_seed": -1}, ValueError, r"'validation_seed' must be an int in"),
    ({"r_small": 0.0}, ValueError, r"'r_small' must be a finite positive float, got 0.0"),
    ({"r_big": float("nan")}, ValueError, r"'r_big' must be a finite positive float, got nan"),
    ({"r_small": 0.3}, ValueError, r"2 \* r_small < r_big"),
    ({"validation_seed": 42}, ValueError, r"'validation_seed' must differ from 'train_seed'.*overlap"),
    ({"test_seed": 41}, ValueError, r"'test_seed' must differ from 'validation_seed'"),
    ({"size": 0, "validation_size": 0, "test_size": 0}, ValueError, r"At least one of 'size'"),
    ({"sizes": 10}, ValueError, r"'sizes'"),
    ({"description": "x"}, ValueError, r"'description' is not a parameter of the yinyang dataset"),
    ({"data_files": "x.csv"}, ValueError, r"'data_files' must be None: yinyang makes its rows from parameters"),
])
def test_bad_parameters_are_refused_before_any_work(params, error, match, _hf_cache):
    """A bad parameter raises an error naming it and leaves nothing in the cache."""
    for entry_point in (load_dataset_builder, load_dataset):
        with pytest.raises(error, match=match):
            entry_point("yinyang", **params)
        assert cache_entries(_hf_cache) == []
    with pytest.raises(error, match=match):
        yinyang.YinYang(**params)
    assert cache_entries(_hf_cache) == []


def test_custom_features_are_refused():
    """features= cannot change the schema."""
    features = datasets.Features({"inputs": datasets.Value("string"), "label": datasets.Value("int8")})
    with pytest.raises(ValueError, match="'features' cannot be changed"):
        load_dataset_builder("yinyang", features=features)


def test_publication_refuses_other_parameters(_hf_cache):
    """Changing a parameter of the "publication" config is refused, naming the parameter."""
    with pytest.raises(ValueError, match="'publication' config is the paper's fixed split; 'test_seed'"):
        load_dataset("yinyang", "publication", test_seed=3)
    assert cache_entries(_hf_cache) == []


def test_publication_accepts_its_own_values():
    """Passing the publication values explicitly is the same config."""
    builder = load_dataset_builder("yinyang", "publication", size=5000, r_big=0.5)
    assert builder.cache_dir == load_dataset_builder("yinyang", "publication").cache_dir


def test_same_parameters_however_spelled_share_one_cache(monkeypatch):
    """Defaults passed explicitly, numpy ints or ints for floats give the same cache directory."""
    spellings = [
        {},
        {"size": 5000},
        {"size": np.int64(5000), "train_seed": np.uint32(42), "r_big": 0.5},
        {"r_small": 0.1, "r_big": 1 / 2, "test_seed": 40, "validation_size": 1000},
    ]
    dirs = {load_dataset_builder("yinyang", **params).cache_dir for params in spellings}
    assert len(dirs) == 1
    custom = [{"size": 7, "r_big": 1}, {"r_big": 1.0, "size": 7}]
    assert len({load_dataset_builder("yinyang", **params).cache_dir for params in custom}) == 1


def test_same_parameters_reuse_the_cache_without_regenerating(monkeypatch):
    """A second load of the same parameters reads the cache and never calls the sampler."""
    first = load_dataset("yinyang", size=100, r_small=0.12)

    def refuse(*args, **kwargs):
        raise AssertionError("the sampler ran although the dataset was cached")

    monkeypatch.setattr(yinyang, "iter_chunks", refuse)
    second = load_dataset("yinyang", size=100, r_small=0.12)
    assert second["train"].to_list() == first["train"].to_list()


def test_different_parameters_never_share_a_cache():
    """Each parameter, and each config, changes the cache directory."""
    variants = [{}, {"size": 4999}, {"validation_size": 999}, {"test_size": 999},
                {"train_seed": 43}, {"validation_seed": 39}, {"test_seed": 39},
                {"r_small": 0.11}, {"r_big": 0.51}, {"size": 5000 + 2**40}]
    dirs = [load_dataset_builder("yinyang", **params).cache_dir for params in variants]
    dirs.append(load_dataset_builder("yinyang", "publication").cache_dir)
    assert len(set(dirs)) == len(dirs)


def test_cache_key_follows_package_and_datasets_major(monkeypatch):
    """The cache path changes with the package version and datasets' major version only."""
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


def test_load_fails_clearly_if_datasets_moves_its_internals(monkeypatch):
    """Without dataset_module_factory, load_dataset("yinyang") points at yinyang.YinYang."""
    import datasets.load

    monkeypatch.delattr(datasets.load, "dataset_module_factory")
    monkeypatch.setattr(datasets.load, "load_dataset_builder", datasets.load.load_dataset_builder)
    assert yinyang._register() is False
    with pytest.raises(RuntimeError, match=r"yinyang\.YinYang\(size=\.\.\.\)"):
        datasets.load.load_dataset("yinyang")


def test_to_numpy_is_exact_on_selections(paper):
    """to_numpy returns float64 (n, 4) and int64 (n,) for any selection of rows."""
    X, y = sample(5000, 42)
    picked = [4999, 3, 17, 3]
    X_part, y_part = yinyang.to_numpy(paper["train"].select(picked))
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


def test_the_samplers_seed_keyword_points_at_train_seed(_hf_cache):
    """seed= (the sampler's name) is refused with a pointer to the per-split seeds."""
    with pytest.raises(ValueError, match=r"'seed' is not a parameter .*did you mean 'train_seed'"):
        load_dataset("yinyang", seed=3)
    assert not any(_hf_cache.rglob("*.arrow"))


def test_import_stays_light():
    """import yinyang imports neither torch nor matplotlib."""
    code = "import sys, yinyang; print(sorted({'torch', 'matplotlib', 'jax'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.skipif(DATASETS_MAJOR >= 4, reason="datasets >= 4 has no loading scripts")
def test_loading_script_path_on_datasets_3():
    """On datasets 3.x, yinyang.py also works as a loading script, with the same rows."""
    script = os.path.abspath(yinyang.__file__)
    dataset = load_dataset(script, size=300, test_seed=7, trust_remote_code=True)
    assert_split_equals(dataset["train"], 300, 42)
    assert_split_equals(dataset["test"], 1000, 7)
    publication = load_dataset(script, "publication", trust_remote_code=True)
    for name in PAPER:
        assert digests(*yinyang.to_numpy(publication[name])) == yinyang._PUBLICATION_SHA256[name]
