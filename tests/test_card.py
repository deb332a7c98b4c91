"""The card's metadata: README.md's YAML front matter and dataset_infos.json are what fresh builds
report (``yinyang card``), on every supported ``datasets``."""

import json

import datasets
import pytest
from huggingface_hub import DatasetCard

from helpers import ROOT
from yinyang_generator import PUBLICATION_SPLITS
from yinyang_generator.parameters import check_parameters
from yinyang_tools.card import (FIXED_CONFIGS, card, dataset_infos, layout, pypi_description,
                                update_card)

pytestmark = pytest.mark.compat

INFOS = ROOT / "dataset_infos.json"
README = ROOT / "README.md"
PYPI = ROOT / "PYPI.md"
# Both fixed configs are the paper's split, stored once in data/.
FIXED_LAYOUT = layout({name: check_parameters() for name in FIXED_CONFIGS})
# Fields whose spelling does not depend on the datasets version that wrote the file (datasets 4
# renamed the feature type of fixed-length inputs from Sequence to List).
PORTABLE = ("citation", "config_name", "dataset_name", "dataset_size", "description", "homepage",
            "license", "supervised_keys", "version")
PAPER_SIZES = {split: size for split, (size, _) in PUBLICATION_SPLITS.items()}


def without_empty(infos):
    """Drop fields left empty, which datasets versions write as {} or leave out."""
    return {name: {k: v for k, v in info.items() if v not in (None, {})} for name, info in infos.items()}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    return dataset_infos(tmp_path_factory.mktemp("infos"))


def test_infos_file_equals_a_fresh_build(fresh):
    """dataset_infos.json holds the infos of fresh builds of "default" and "publication"."""
    stored = json.loads(INFOS.read_text(encoding="utf-8"))
    assert sorted(stored) == ["default", "publication"]
    if int(datasets.__version__.split(".")[0]) >= 4:
        assert without_empty(stored) == without_empty(fresh)
    for name in stored:
        assert {k: stored[name][k] for k in PORTABLE} == {k: fresh[name][k] for k in PORTABLE}
        sizes = {split: info["num_examples"] for split, info in stored[name]["splits"].items()}
        assert sizes == PAPER_SIZES
        assert sizes == {split: info["num_examples"] for split, info in fresh[name]["splits"].items()}


def test_readme_card_parses_and_agrees_with_dataset_infos():
    """README.md's front matter is a Hub dataset card whose split sizes are dataset_infos.json's."""
    data = DatasetCard.load(README).data.to_dict()
    assert data["license"] == "mit" and data["task_categories"] == ["tabular-classification"]
    stored = json.loads(INFOS.read_text(encoding="utf-8"))
    assert {info["config_name"]: {s["name"]: s["num_examples"] for s in info["splits"]}
            for info in data["dataset_info"]} == {
        name: {split: s["num_examples"] for split, s in info["splits"].items()}
        for name, info in stored.items()}
    assert [c["config_name"] for c in data["configs"] if c.get("default")] == ["default"]


def test_readme_front_matter_is_generated_from_dataset_infos():
    """README.md's YAML is exactly what `yinyang card` makes from dataset_infos.json: no hand edits."""
    readme = README.read_text(encoding="utf-8")
    stored = json.loads(INFOS.read_text(encoding="utf-8"))
    assert str(card(stored, DatasetCard.load(README).text, data_files=FIXED_LAYOUT)) == readme


def test_readme_configs_share_the_papers_files():
    """In README.md's YAML, `default` and `publication` read the same files, and the size category
    is what the Hub counts: the rows of both configs."""
    data = DatasetCard.load(README).data.to_dict()
    files = {c["config_name"]: c["data_files"] for c in data["configs"]}
    assert files["default"] == files["publication"] == [
        {"split": split, "path": f"data/{split}-*"} for split in PAPER_SIZES]
    assert data["size_categories"] == ["10K<n<100K"]  # 2 x 7000 rows


def test_pypi_description_is_the_readme_without_front_matter():
    """PYPI.md, the PyPI long description, is the README's text after its YAML, with the picture
    linked absolutely, a pip install for set-up and no clone-only section, as `yinyang card`
    writes it."""
    description = PYPI.read_text(encoding="utf-8")
    assert description == pypi_description(README.read_text(encoding="utf-8"))
    assert description.startswith("# The Yin-Yang dataset\n\nA tiny, synthetic")
    assert "](images/" not in description and "\n---\n" not in description[:200]
    assert "python -m pip install yinyang-dataset" in description
    assert "clone" not in description and "## Development" not in description
    with pytest.raises(ValueError, match="README.md links 'results/baselines.json' relatively"):
        pypi_description("# T\n\nSee [the results](results/baselines.json).\n")


def test_update_card_rewrites_front_matter_only(tmp_path):
    """update_card adds front matter made from fresh builds, keeps the body, writes the PyPI
    description, then finds no change."""
    readme, infos, pypi = tmp_path / "README.md", tmp_path / "dataset_infos.json", tmp_path / "PYPI.md"
    body = "# Title\n\nSome text.\n\n---\n\nMore text after a rule.\n"
    readme.write_text(body, encoding="utf-8")
    assert update_card(readme, infos, pypi, check=True) == [readme, infos, pypi]
    assert readme.read_text(encoding="utf-8") == body and not infos.exists() and not pypi.exists()
    assert update_card(readme, infos, pypi) == [readme, infos, pypi]
    written = DatasetCard.load(readme)
    assert written.text == body and pypi.read_text(encoding="utf-8") == body
    assert written.data.to_dict()["size_categories"] == ["10K<n<100K"]
    assert json.loads(infos.read_text(encoding="utf-8"))["publication"]["splits"]["test"][
        "num_examples"] == PAPER_SIZES["test"]
    assert update_card(readme, infos, pypi) == []
