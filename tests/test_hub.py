"""The Hub export loads without this package and equals the builder; push at the HfApi boundary.

Runs on every supported ``datasets`` (marker ``compat``): each time the export is loaded in a
fresh Python process that never imports ``yinyang``.
"""

import json
import os
import pathlib
import subprocess
import sys
import textwrap

import datasets
import pytest
from huggingface_hub import DatasetCard, HfApi

import yinyang
from helpers import ROOT, run_cli
from yinyang_generator import SPLITS
from yinyang_generator.publication import digest
from yinyang_tools import hub

pytestmark = pytest.mark.compat
# An extra config as `yinyang export --name small --size 50 --train-seed 7 --test-size 0` makes it.
SMALL = {"size": 50, "train_seed": 7, "test_size": 0}

# Runs in a fresh process: loads every config of the export with plain load_dataset and prints,
# per split, the row count, the Arrow type and datasets' feature of "inputs", and the digest of
# the rows (yinyang_generator.publication.digest, numpy only).
LOAD_WITHOUT_YINYANG = textwrap.dedent("""
    import json, sys
    import datasets
    from yinyang_generator.publication import digest

    def summary(part):
        table = part.with_format("arrow")[:]
        inputs = table.column("inputs").combine_chunks()
        X = inputs.flatten().to_numpy().reshape(-1, 4)
        y = table.column("label").to_numpy()
        return {"rows": part.num_rows, "arrow_type": str(inputs.type),
                "length": part.features["inputs"].length, "names": part.features["label"].names,
                "digest": digest(X, y)}

    directory = sys.argv[1]
    result = {"default": {k: summary(v) for k, v in datasets.load_dataset(directory).items()}}
    for name in sys.argv[2:]:
        result[name] = {k: summary(v) for k, v in datasets.load_dataset(directory, name).items()}
    streamed = next(iter(datasets.load_dataset(directory, "publication", split="test",
                                               streaming=True)))
    result["streamed"] = streamed["inputs"]
    result["yinyang_imported"] = any(m.split(".")[0] == "yinyang" for m in sys.modules)
    print(json.dumps(result))
""")


def builder_summary(dataset):
    """The summary LOAD_WITHOUT_YINYANG prints, of a split the builder made."""
    return {"rows": dataset.num_rows, "arrow_type": "fixed_size_list<item: double>[4]", "length": 4,
            "names": ["yin", "yang", "dot"], "digest": digest(*yinyang.to_numpy(dataset))}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return hub.export(tmp_path_factory.mktemp("hub") / "export", extra_configs={"small": SMALL})


@pytest.fixture(scope="module")
def loaded(exported, tmp_path_factory):
    """What a fresh process without yinyang reads from the export, with its own empty HF cache."""
    home = tmp_path_factory.mktemp("hf-home")
    env = {**os.environ, "HF_HOME": str(home), "HF_DATASETS_CACHE": str(home / "datasets"),
           "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    process = subprocess.run(
        [sys.executable, "-c", LOAD_WITHOUT_YINYANG, str(exported), "publication", "small"],
        capture_output=True, text=True, env=env, cwd=home, check=False,
    )
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout.splitlines()[-1])


def test_export_is_laid_out_like_push_to_hub_and_holds_no_code(exported):
    """The export holds the card, one Parquet file per split and config, the picture; no code."""
    files = sorted(path.relative_to(exported).as_posix() for path in exported.rglob("*")
                   if path.is_file())
    assert files == sorted(
        ["README.md", "images/yinyang.png"]
        + [f"{folder}/{split}-00000-of-00001.parquet"
           for folder in ("data", "publication") for split in SPLITS]
        + [f"small/{split}-00000-of-00001.parquet" for split in ("train", "validation")]
    )
    assert not [path for path in exported.rglob("*") if path.suffix in (".py", ".pyc", ".ipynb")]
    assert (exported / "images/yinyang.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_export_loads_without_yinyang_and_equals_the_builder(loaded):
    """load_dataset(export[, config]) in a process without yinyang gives the builder's rows."""
    assert loaded.pop("yinyang_imported") is False
    streamed = loaded.pop("streamed")
    expected = {
        "default": datasets.load_dataset("yinyang"),
        "publication": datasets.load_dataset("yinyang", "publication"),
        "small": datasets.load_dataset("yinyang", **SMALL),
    }
    assert loaded == {name: {split: builder_summary(part) for split, part in ds.items()}
                      for name, ds in expected.items()}
    assert streamed == expected["publication"]["test"][0]["inputs"]


def test_export_reads_inputs_back_as_fixed_length_4(loaded):
    """Every split's inputs are a fixed-size Arrow list of 4 float64 on this datasets version."""
    for name in ("default", "publication", "small"):
        for split in loaded[name].values():
            assert split["arrow_type"] == "fixed_size_list<item: double>[4]"
            assert split["length"] == 4


def test_export_card_is_the_readme_text_with_configs(exported):
    """The card's YAML maps every split to its files, default marked; its text is the README's."""
    card = DatasetCard.load(exported / "README.md")
    configs = {c["config_name"]: c for c in card.data.to_dict()["configs"]}
    assert configs["default"]["default"] is True
    assert configs["default"]["data_files"] == [
        {"split": split, "path": f"data/{split}-*"} for split in SPLITS]
    assert configs["small"]["data_files"] == [
        {"split": split, "path": f"small/{split}-*"} for split in ("train", "validation")]
    infos = {info["config_name"]: info for info in card.data.to_dict()["dataset_info"]}
    assert {split["name"]: split["num_examples"] for split in infos["small"]["splits"]} == {
        "train": 50, "validation": 1000}
    assert infos["default"]["features"][0] == {"name": "inputs", "sequence": "float64", "length": 4}
    assert infos["default"]["download_size"] == sum(
        path.stat().st_size for path in (exported / "data").iterdir())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.endswith(card.text)


@pytest.mark.parametrize("extra, error, match", [
    ({"data": {}}, ValueError, "'extra_configs' names must not be one of"),
    ({"a b": {}}, ValueError, "'extra_configs' names must be"),
    ({"big": {"size": -1}}, ValueError, "'size'"),
    ({"big": {"train_seed": 41}}, ValueError, "'validation_seed' must differ from 'train_seed'"),
    ({"big": {"colour": 1}}, ValueError, "must hold only parameters of the yinyang dataset .*, got 'colour'"),
    ({"big": 5000}, TypeError, r"'extra_configs\['big'\]' must be a mapping"),
    (["big"], TypeError, "'extra_configs' must be a mapping"),
])
def test_export_refuses_bad_extra_configs_and_writes_nothing(tmp_path, extra, error, match):
    """A refused extra config is reported by name and leaves no folder behind."""
    with pytest.raises(error, match=match):
        hub.export(tmp_path / "export", extra_configs=extra)
    assert list(tmp_path.iterdir()) == []


def test_export_refuses_a_folder_holding_files(tmp_path):
    """An export never writes into a folder that already holds files, and leaves it as it was."""
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="'directory' must not exist or be an empty folder"):
        hub.export(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_export_outside_a_checkout_draws_the_picture_or_names_the_extra(tmp_path, monkeypatch):
    """Installed without images/ and without matplotlib, export names the plot extra it needs to
    draw the card's picture, and leaves nothing behind."""
    monkeypatch.setattr(hub, "_ROOT", tmp_path / "installed")
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    target = tmp_path / "export"
    with pytest.raises(ModuleNotFoundError, match=r"export draws .*: pip install matplotlib"):
        hub.export(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


class FakeHub:
    """Stands in for the Hub at the HfApi boundary: records calls and the folder's files."""

    def __init__(self, monkeypatch, fail=False):
        self.calls = []
        hub = self

        def create_repo(api, repo_id, **kwargs):
            hub.calls.append(("create_repo", repo_id, kwargs, api.token))
            if fail:
                raise OSError("401 Client Error: Unauthorized for url: https://huggingface.co/api/repos/create")
            return type("RepoUrl", (), {"repo_id": repo_id})()

        def upload_folder(api, **kwargs):
            folder = pathlib.Path(kwargs["folder_path"])
            files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
            hub.calls.append(("upload_folder", files, kwargs, api.token))
            return type("CommitInfo", (), {"commit_url": "https://huggingface.co/fake/commit/1"})()

        monkeypatch.setattr(HfApi, "create_repo", create_repo)
        monkeypatch.setattr(HfApi, "upload_folder", upload_folder)


TOKEN = "hf_DoNotPrintThisTokenAnywhere0123456789"


def test_push_creates_the_dataset_repo_and_uploads_the_export(monkeypatch):
    """push() creates the dataset repo (exist_ok) and uploads an export with the given token."""
    fake = FakeHub(monkeypatch)
    hub.push("someone/yinyang", private=True, token=TOKEN)
    (create, repo_id, create_kwargs, create_token), (upload, files, upload_kwargs, _) = fake.calls
    assert (create, repo_id, create_token) == ("create_repo", "someone/yinyang", TOKEN)
    assert create_kwargs == {"repo_type": "dataset", "private": True, "exist_ok": True}
    assert upload == "upload_folder" and upload_kwargs["repo_type"] == "dataset"
    assert upload_kwargs["repo_id"] == "someone/yinyang"
    assert "README.md" in files and "publication/train-00000-of-00001.parquet" in files
    assert not [f for f in files if f.endswith(".py")]
    assert not pathlib.Path(upload_kwargs["folder_path"]).exists()  # the temporary export is gone


def test_push_command_never_prints_the_token(monkeypatch, capsys, caplog):
    """`yinyang push` reads the token from HF_TOKEN and prints it neither on success nor failure."""
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    caplog.set_level("DEBUG")
    fake = FakeHub(monkeypatch)
    status, out, err = run_cli(["push", "someone/yinyang"])
    assert status == 0
    assert fake.calls[0][2]["private"] is False
    FakeHub(monkeypatch, fail=True)
    status, out_2, err_2 = run_cli(["push", "someone/yinyang", "--private"])
    assert status == 1
    out, err = out + out_2, err + err_2
    assert "https://huggingface.co/datasets/someone/yinyang" in out
    assert err.strip().splitlines()[-1].startswith("yinyang push: error: 401 Client Error")
    assert TOKEN not in out + err + caplog.text


def test_push_refuses_a_bad_repo_id_before_any_work(monkeypatch):
    """A malformed repo id is refused before exporting or calling the Hub."""
    fake = FakeHub(monkeypatch)
    for repo_id in ("yinyang", "a/b/c", "some one/yinyang"):
        with pytest.raises(ValueError):
            hub.push(repo_id)
    assert fake.calls == []
