"""dataset_infos.json is what a fresh build of each config reports (written by ``yinyang card``)."""

import json
import pathlib

import datasets
import pytest

import yinyang
import yinyang_hub

INFOS = pathlib.Path(__file__).resolve().parents[1] / "dataset_infos.json"
# Fields whose spelling does not depend on the datasets version that wrote the file (datasets 4
# renamed the feature type of fixed-length inputs from Sequence to List).
PORTABLE = ("citation", "config_name", "dataset_name", "dataset_size", "description", "homepage",
            "license", "version")


def without_empty(infos):
    """Drop fields left empty, which datasets versions write as {} or leave out."""
    return {name: {k: v for k, v in info.items() if v not in (None, {})} for name, info in infos.items()}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    return yinyang_hub.dataset_infos(tmp_path_factory.mktemp("infos"))


def test_infos_file_equals_a_fresh_build(fresh):
    """dataset_infos.json holds the infos of fresh builds of "default" and "publication"."""
    stored = json.loads(INFOS.read_text(encoding="utf-8"))
    assert sorted(stored) == ["default", "publication"]
    if int(datasets.__version__.split(".")[0]) >= 4:
        assert without_empty(stored) == without_empty(fresh)
    for name in stored:
        assert {k: stored[name][k] for k in PORTABLE} == {k: fresh[name][k] for k in PORTABLE}
        sizes = {split: info["num_examples"] for split, info in stored[name]["splits"].items()}
        assert sizes == {"train": 5000, "validation": 1000, "test": 1000}
        assert sizes == {split: info["num_examples"] for split, info in fresh[name]["splits"].items()}


def test_declared_infos_equal_the_built_ones(tmp_path):
    """The split sizes and bytes the builder declares before building are those it then writes."""
    builder = yinyang.YinYang(size=123, test_size=0, cache_dir=str(tmp_path))
    declared = {name: (s.num_examples, s.num_bytes) for name, s in builder.info.splits.items()}
    builder.download_and_prepare()
    built = {name: (s.num_examples, s.num_bytes) for name, s in builder.info.splits.items()}
    assert declared == built == {"train": (123, 123 * 40), "validation": (1000, 40_000)}
    assert builder.info.dataset_size == 1123 * 40
