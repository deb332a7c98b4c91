"""The Hub export loads without this package and equals the builder; push at the HfApi boundary.

Runs on every supported ``datasets`` (marker ``compat``): each time the export is loaded in a
fresh Python process that never imports ``yinyang``.
"""

import fnmatch
import json
import os
import pathlib
import signal
import subprocess
import sys
import textwrap
import time
import traceback

import datasets
import pytest
from huggingface_hub import DatasetCard, HfApi

import yinyang
from helpers import ROOT, assert_one_line_failure, count_generated_splits, run_cli
from yinyang_generator import SPLITS
from yinyang_generator.parameters import check_parameters
from yinyang_generator.publication import PUBLICATION_SHA256, digest
from yinyang_tools import facts, hub
from yinyang_tools.baselines import format_table
from yinyang_tools.card import MANAGED_KEY, layout
from yinyang_tools.hub_card import PLACEHOLDER, hub_card_text

pytestmark = pytest.mark.compat
# An extra config as `yinyang export --name small --size 50 --train-seed 7 --test-size 0` makes it.
SMALL = {"size": 50, "train_seed": 7, "test_size": 0}

# Runs in a fresh process: loads every config of the export with plain load_dataset and prints,
# per split, the row count, the Arrow type and datasets' feature of "inputs", and the digest of
# the rows (yinyang_generator.publication.digest, numpy only).
LOAD_WITHOUT_YINYANG = textwrap.dedent("""
    import json, sys
    import datasets
    from yinyang_generator.publication import PUBLICATION_SHA256, digest

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
    return hub.export(tmp_path_factory.mktemp("hub") / "export", repo_id="someone/yinyang",
                      extra_configs={"small": SMALL})


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
    """The export holds the card, the picture and one Parquet file per distinct split: `default`'s
    in data/ (read by `publication` too), and of `small` only its own train split; no code."""
    files = sorted(path.relative_to(exported).as_posix() for path in exported.rglob("*")
                   if path.is_file())
    assert files == sorted(
        ["README.md", "images/yinyang.png", "small/train-00000-of-00001.parquet"]
        + [f"data/{split}-00000-of-00001.parquet" for split in SPLITS]
    )
    assert not [path for path in exported.rglob("*") if path.suffix in (".py", ".pyc", ".ipynb")]
    assert (exported / "images/yinyang.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_no_two_parquet_files_of_the_export_are_byte_identical(exported):
    """No byte is uploaded twice: every Parquet file of the export has its own content."""
    contents = [path.read_bytes() for path in exported.rglob("*.parquet")]
    assert len(contents) == 4 and len(set(contents)) == len(contents)


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


def test_export_card_maps_every_split_to_its_files(exported):
    """The card's YAML maps each split to the files holding its rows, shared where the rows are
    the same; its download sizes are those files' bytes, its size category what the Hub counts
    (the rows of all configs), and it lists the configs this package manages."""
    card = DatasetCard.load(exported / "README.md").data.to_dict()
    configs = {c["config_name"]: c for c in card["configs"]}
    assert configs["default"]["default"] is True
    paper_files = [{"split": split, "path": f"data/{split}-*"} for split in SPLITS]
    assert configs["default"]["data_files"] == configs["publication"]["data_files"] == paper_files
    assert configs["small"]["data_files"] == [{"split": "train", "path": "small/train-*"},
                                              {"split": "validation", "path": "data/validation-*"}]
    infos = {info["config_name"]: info for info in card["dataset_info"]}
    assert {split["name"]: split["num_examples"] for split in infos["small"]["splits"]} == {
        "train": 50, "validation": 1000}
    assert infos["default"]["features"][0] == {"name": "inputs", "sequence": "float64", "length": 4}
    size = {path.relative_to(exported).as_posix(): path.stat().st_size
            for path in exported.rglob("*.parquet")}
    assert infos["default"]["download_size"] == infos["publication"]["download_size"] == sum(
        size[f"data/{split}-00000-of-00001.parquet"] for split in SPLITS)
    assert infos["small"]["download_size"] == (size["small/train-00000-of-00001.parquet"]
                                               + size["data/validation-00000-of-00001.parquet"])
    assert card["size_categories"] == ["10K<n<100K"]  # 7000 + 7000 + 1050 rows
    assert card[MANAGED_KEY] == ["default", "publication", "small"]


def test_export_card_is_written_for_hub_visitors(exported):
    """The export's card names its repo, links the paper and the upstream code, gives every
    config's exact seeds and radii, the eight publications, BibTeX and APA, and holds no
    instruction that only makes sense in this package's source repository."""
    text = DatasetCard.load(exported / "README.md").text
    assert 'load_dataset("someone/yinyang")' in text
    assert 'load_dataset("someone/yinyang", "publication")' in text
    assert "https://huggingface.co/datasets/someone/yinyang/discussions" in text
    assert PLACEHOLDER not in text
    assert facts.UPSTREAM in text and f"https://doi.org/{facts.PAPER['doi']}" in text
    assert "| `small` | 50 | 1,000 | – | 7 / 41 / – | 0.1 / 0.5 | `small/train-*`, `data/validation-*` |" in text
    assert "| `publication` | 5,000 | 1,000 | 1,000 | 42 / 41 / 40 | 0.1 / 0.5 |" in text
    assert facts.publications_markdown() in text and len(facts.PUBLICATIONS) == 8
    assert facts.BIBTEX in text and facts.APA in text
    for section in ("## Uses", "### Direct Use", "### Out-of-Scope Use", "## Dataset Structure",
                    "### Personal and Sensitive Information", "## Bias, Risks, and Limitations",
                    "## Reference results", "## Citation", "## License", "## Dataset Card Contact"):
        assert f"\n{section}\n" in text, section
    for repository_only in ("clone", ".ci", "tests/", "generator/", "results/", "pip install -e",
                            "pip install .", ", any |", "<owner>"):
        assert repository_only not in text, repository_only
    # Other parameters: from the package on PyPI, with the name the installed builder answers to.
    assert "# pip install yinyang-dataset\n" in text
    assert 'load_dataset("yinyang", size=100_000, train_seed=7)' in text


def test_export_command_names_the_repo_in_the_card(tmp_path):
    """`yinyang export DIR --repo-id someone/yinyang` writes a card loading from that repo; a
    malformed repo id is refused in one line before any build."""
    status, _, _ = run_cli(["export", str(tmp_path / "out"), "--repo-id", "someone/yinyang"])
    assert status == 0
    assert 'load_dataset("someone/yinyang")' in (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    status, out, err = run_cli(["export", str(tmp_path / "bad"), "--repo-id", "someone"])
    assert_one_line_failure(status, out, err)
    assert "'repo_id' must be 'namespace/name'" in err and not (tmp_path / "bad").exists()


def test_card_without_a_repo_id_shows_a_marked_placeholder():
    """A card written without a repo id loads from the placeholder and says what it stands for."""
    configs = {name: check_parameters() for name in ("default", "publication")}
    text = hub_card_text(None, configs, layout(configs))
    assert f'load_dataset("{PLACEHOLDER}")' in text
    assert f"`{PLACEHOLDER}` stands for the id of the Hub repository that holds this card" in text
    assert "huggingface.co/datasets/" not in text


def test_card_reference_results_are_the_reproduced_ones():
    """The Hub card's results table is format_table of results/baselines.json."""
    results = json.loads((ROOT / "results" / "baselines.json").read_text(encoding="utf-8"))
    configs = {name: check_parameters() for name in ("default", "publication")}
    assert format_table(results) in hub_card_text("a/b", configs, layout(configs))


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


@pytest.mark.parametrize("name", ["README.md", "readme.MD", "Data", "IMAGES", "Publication"])
def test_export_refuses_names_of_the_layout_before_any_build(tmp_path, monkeypatch, name):
    """An extra config may not take the name of a file or folder of the layout, in any case
    (a case-insensitive file system would mix them up): refused before anything is built."""
    generated = count_generated_splits(monkeypatch)
    with pytest.raises(ValueError, match="'extra_configs' names must not be one of"):
        hub.export(tmp_path / "export", extra_configs={name: {"size": 10}})
    assert generated == [] and list(tmp_path.iterdir()) == []


def test_export_refuses_a_cache_dir_inside_the_folder(tmp_path):
    """A cache_dir inside the export folder (or the folder itself) is refused up front, and
    nothing is created."""
    for cache_dir in (tmp_path / "export" / "cache", tmp_path / "export"):
        with pytest.raises(ValueError, match="'cache_dir' must be outside 'directory'"):
            hub.export(tmp_path / "export", cache_dir=cache_dir)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("size, error, match", [
    (39, ValueError, r"'max_shard_size' must be at least 40 \(the bytes of one row\), got 39"),
    (0, ValueError, "'max_shard_size' must be at least 40"),
    (True, TypeError, "'max_shard_size' must be an int"),
    (1e9, TypeError, "'max_shard_size' must be an int"),
])
def test_export_refuses_a_shard_smaller_than_one_row(tmp_path, size, error, match):
    """A shard must hold at least one row (else some shards would be empty and not load)."""
    with pytest.raises(error, match=match):
        hub.export(tmp_path / "export", max_shard_size=size)
    assert list(tmp_path.iterdir()) == []


def test_export_shards_large_splits_and_loads_them(tmp_path):
    """With max_shard_size of 2000 rows, the 5000-row train split is 3 shards; all load."""
    folder = hub.export(tmp_path / "export", max_shard_size=2000 * 40)
    assert sorted(p.name for p in (folder / "data").iterdir() if p.name.startswith("train")) == [
        f"train-0000{i}-of-00003.parquet" for i in range(3)]
    train = datasets.load_dataset(str(folder), "publication", split="train")
    assert digest(*yinyang.to_numpy(train)) == PUBLICATION_SHA256["train"]


def test_export_refuses_an_empty_path(tmp_path, monkeypatch):
    """`export ""` names the empty string (not the files of the current folder) and writes
    nothing."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=r"'directory' must be a folder path, got '' \(an empty string"):
        hub.export("")
    status, out, err = run_cli(["export", ""])
    assert_one_line_failure(status, out, err)
    assert "'directory' must be a folder path" in err and list(tmp_path.iterdir()) == []


def test_export_writes_into_an_empty_folder_it_was_given(tmp_path):
    """An existing empty folder (as a mount point would be) is written into, not replaced: it
    keeps its inode and mode."""
    target = tmp_path / "export"
    target.mkdir(mode=0o711)
    before = target.stat()
    hub.export(target)
    after = target.stat()
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert sorted(p.name for p in target.iterdir()) == ["README.md", "data", "images"]


def test_export_writes_through_a_symlink_to_an_empty_folder(tmp_path):
    """A symlink to an empty folder stays a symlink; the files land in the folder it points at."""
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    hub.export(tmp_path / "link")
    assert (tmp_path / "link").is_symlink()
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["README.md", "data", "images"]
    with pytest.raises(FileNotFoundError, match="a symlink to .*, which does not exist"):
        (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
        hub.export(tmp_path / "dangling")


def test_export_permissions_follow_the_umask(tmp_path):
    """The folder, its subfolders and files get the permissions the umask gives, as any file
    a program writes (not the 0700 of a temporary folder)."""
    previous = os.umask(0o027)
    try:
        folder = hub.export(tmp_path / "export")
    finally:
        os.umask(previous)
    modes = {p.relative_to(folder).as_posix(): p.stat().st_mode & 0o777 for p in folder.rglob("*")}
    assert folder.stat().st_mode & 0o777 == 0o750
    assert modes == {name: 0o750 if (folder / name).is_dir() else 0o640 for name in modes}


@pytest.mark.parametrize("exists", [False, True])
def test_a_failed_export_leaves_the_folder_as_it_was(tmp_path, monkeypatch, exists):
    """An export that fails at the last step leaves no folder it made, and an empty folder it was
    given empty (no staging folder inside)."""
    target = tmp_path / "export"
    if exists:
        target.mkdir()

    def broken(*args, **kwargs):
        raise RuntimeError("the card could not be written")

    monkeypatch.setattr(hub, "hub_card_text", broken)
    with pytest.raises(RuntimeError, match="the card could not be written"):
        hub.export(target)
    assert [p.name for p in tmp_path.iterdir()] == (["export"] if exists else [])
    assert not exists or list(target.iterdir()) == []


@pytest.mark.parametrize("signum, status", [(signal.SIGTERM, -signal.SIGTERM), (signal.SIGINT, 130)])
def test_an_interrupted_export_leaves_nothing_behind(tmp_path, signum, status):
    """`yinyang export` stopped by SIGTERM (as a job scheduler does) or SIGINT (Ctrl-C) in the
    middle of its builds removes its staging folder, the folder it made and its temporary cache;
    SIGTERM still ends the process as killed by SIGTERM."""
    temporary, target = tmp_path / "tmp", tmp_path / "export"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary), "HF_HOME": str(tmp_path / "hf")}
    code = "import sys; from yinyang_tools.cli import main; sys.exit(main(sys.argv[1:]))"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "export", str(target), "--name", "big", "--size", "5000000"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        while not list(target.glob(".yinyang-export-*")) and process.poll() is None:
            time.sleep(0.05)  # polls for the staging folder: the builds have begun
        process.send_signal(signum)
        _, err = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == status, err
    assert not target.exists() and list(temporary.iterdir()) == []


class FakeHub:
    """Stands in for one Hub dataset repo at the HfApi boundary: holds its files (path -> bytes)
    and commit id, records every call with the token it was made with, and applies uploads as the
    Hub does (delete_patterns matched against the repo's files, .gitattributes kept; the commit
    refused if parent_commit is not the current one). ``fail`` is raised by ``fail_at``."""

    def __init__(self, monkeypatch, files=None, fail=None, fail_at="create_repo"):
        self.files = {".gitattributes": b"*.parquet filter=lfs\n", **(files or {})}
        self.commits = 0
        self.calls = []
        fake = self

        def record(name, api, *details):
            fake.calls.append((name, *details, api.token))
            if fail is not None and name == fail_at:
                raise fail

        def create_repo(api, repo_id, **kwargs):
            record("create_repo", api, repo_id, kwargs)
            return type("RepoUrl", (), {"repo_id": repo_id})()

        def dataset_info(api, repo_id, **kwargs):
            record("dataset_info", api, repo_id)
            return type("DatasetInfo", (), {"sha": f"commit-{fake.commits}"})()

        def list_repo_files(api, repo_id, **kwargs):
            record("list_repo_files", api, repo_id, kwargs)
            return sorted(fake.files)

        def hf_hub_download(api, repo_id, filename, **kwargs):
            record("hf_hub_download", api, repo_id, filename)
            path = pathlib.Path(kwargs["local_dir"]) / filename
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(fake.files[filename])
            return str(path)

        def upload_folder(api, **kwargs):
            folder = pathlib.Path(kwargs["folder_path"])
            added = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                     if p.is_file()}
            record("upload_folder", api, sorted(added), kwargs)
            assert kwargs["parent_commit"] == f"commit-{fake.commits}", "stale parent commit"
            patterns = kwargs.get("delete_patterns") or []
            for name in [n for n in fake.files if n != ".gitattributes"]:
                if any(fnmatch.fnmatch(name, pattern) for pattern in patterns):
                    del fake.files[name]
            fake.files.update(added)
            fake.commits += 1
            return type("CommitInfo", (), {"commit_url": f"https://huggingface.co/fake/commit/{fake.commits}"})()

        for name, method in [("create_repo", create_repo), ("dataset_info", dataset_info),
                             ("list_repo_files", list_repo_files),
                             ("hf_hub_download", hf_hub_download),
                             ("upload_folder", upload_folder)]:
            monkeypatch.setattr(HfApi, name, method)

    def parquet(self):
        """The repo's Parquet files."""
        return sorted(name for name in self.files if name.endswith(".parquet"))


TOKEN = "hf_DoNotPrintThisTokenAnywhere0123456789"
# Files of the repo that this package never wrote, some in the folders of its configs.
FOREIGN = {"my_own_data/train.parquet": b"mine", "results/metrics.parquet": b"mine",
           "data/notes.parquet": b"mine", "small/extra-00000-of-00001.parquet": b"mine",
           "mine/train-00000-of-00001.parquet": b"mine", "notes.md": b"mine"}
PAPER_FILES = [f"data/{split}-00000-of-00001.parquet" for split in SPLITS]


def test_push_creates_the_dataset_repo_and_uploads_the_export(monkeypatch):
    """push() creates the dataset repo (exist_ok) and uploads an export whose card names it, with
    the given token stripped of surrounding whitespace."""
    fake = FakeHub(monkeypatch)
    hub.push("someone/yinyang", private=True, token=f"  {TOKEN}\n")
    create, *_, upload = fake.calls
    assert create == ("create_repo", "someone/yinyang",
                      {"repo_type": "dataset", "private": True, "exist_ok": True}, TOKEN)
    assert all(call[-1] == TOKEN for call in fake.calls)
    assert upload[0] == "upload_folder" and upload[2]["repo_type"] == "dataset"
    assert upload[2]["repo_id"] == "someone/yinyang" and upload[2]["delete_patterns"] is None
    assert upload[1] == sorted(["README.md", "images/yinyang.png", *PAPER_FILES])
    assert 'load_dataset("someone/yinyang")' in fake.files["README.md"].decode()
    assert not pathlib.Path(upload[2]["folder_path"]).exists()  # the temporary export is gone


def test_push_deletes_only_stale_files_of_configs_it_wrote(monkeypatch):
    """Two pushes to a repo holding files of others keep every one of them; the second push
    deletes the files of the extra config it no longer uploads (recorded in the card as its own)
    and of the old layout's publication/ folder, and nothing else."""
    old_layout = {f"publication/{split}-00000-of-00001.parquet": b"old" for split in SPLITS}
    fake = FakeHub(monkeypatch, files={**FOREIGN, **old_layout})
    hub.push("someone/yinyang", token=TOKEN, extra_configs={"small": SMALL})
    assert fake.parquet() == sorted([*PAPER_FILES, "small/train-00000-of-00001.parquet",
                                     *(name for name in FOREIGN if name.endswith(".parquet"))])
    hub.push("someone/yinyang", token=TOKEN, extra_configs={"big": {"size": 2000, "train_seed": 3}})
    assert fake.parquet() == sorted([*PAPER_FILES, "big/train-00000-of-00001.parquet",
                                     *(name for name in FOREIGN if name.endswith(".parquet"))])
    assert all(fake.files[name] == content for name, content in FOREIGN.items())
    card = DatasetCard(fake.files["README.md"].decode()).data.to_dict()
    assert card[MANAGED_KEY] == ["default", "publication", "big"]


def test_push_never_deletes_configs_a_card_it_did_not_write_lists(monkeypatch):
    """A repo whose card is someone else's (configs, but no list of this package's configs) keeps
    the files of those configs, even where they are named as an export names its files."""
    theirs = "---\nconfigs:\n- config_name: mine\n  data_files: mine/train-*\n---\n# Mine\n"
    fake = FakeHub(monkeypatch, files={**FOREIGN, "README.md": theirs.encode()})
    hub.push("someone/yinyang", token=TOKEN)
    assert "mine/train-00000-of-00001.parquet" in fake.files
    assert fake.calls[-1][2]["delete_patterns"] is None


def test_stale_files_are_shards_of_managed_folders_only():
    """Only files named as an export names its shards, in a folder of a managed config and not
    uploaded now, are stale."""
    files = ["data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet",
             "data/train-00000-of-00001.parquet", "data/train.parquet", "data/x/train-00000-of-00001.parquet",
             "old/test-00003-of-00004.parquet", "other/test-00000-of-00001.parquet", "README.md"]
    assert hub._stale_files(files, {"default", "old"}, {"data/train-00000-of-00001.parquet"}) == [
        "data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet",
        "old/test-00003-of-00004.parquet"]


def hub_failures():
    """Errors huggingface_hub may raise that carry the token: a header it refused, HTTP 401, 403
    and 500, and transport errors."""
    from huggingface_hub.errors import HfHubHTTPError

    def http(status):
        response = type("Response", (), {"status_code": status, "headers": {}, "request": None})()
        return HfHubHTTPError(f"{status} Client Error for url https://huggingface.co/api "
                              f"(Authorization: Bearer {TOKEN})", response=response)

    transport = hub._network_errors() or (ConnectionError,)
    return [
        ValueError(f"Invalid header value b'Bearer {TOKEN}\\n'"),
        transport[0](f"Illegal header value b'Bearer {TOKEN}'"),
        http(401), http(403), http(500),
        transport[0](f"[Errno 111] Connection refused (token {TOKEN})"),
    ]


@pytest.mark.parametrize("index", range(6))
@pytest.mark.parametrize("fail_at", ["create_repo", "upload_folder"])
def test_a_failed_push_never_shows_the_token(monkeypatch, caplog, capsys, index, fail_at):
    """Whatever the Hub raises, push raises an OSError naming the repo whose message, repr and
    traceback (with its chain) never hold the token; nor does anything printed or logged."""
    caplog.set_level("DEBUG")
    failure = hub_failures()[index]
    FakeHub(monkeypatch, fail=failure, fail_at=fail_at)
    with pytest.raises(OSError, match="'someone/yinyang'") as raised:
        hub.push("someone/yinyang", token=TOKEN + "\n")
    shown = "".join(traceback.format_exception(raised.value)) + repr(raised.value)
    out, err = capsys.readouterr()
    assert TOKEN not in shown + out + err + caplog.text
    assert TOKEN[3:15] not in shown
    status = getattr(getattr(failure, "response", None), "status_code", None)
    if status in (401, 403):
        assert isinstance(raised.value, PermissionError)


@pytest.mark.parametrize("token, error, match", [
    ("", ValueError, "'token' must be a Hub token .*empty"),
    (" \n", ValueError, "'token' must be a Hub token .*empty"),
    ("hf_abc def", ValueError, r"'token' must be a Hub token: printable ASCII without spaces.*\(not shown\)"),
    ("hf_abc\x00def", ValueError, r"\(not shown\)"),
    ("hf_abcé", ValueError, r"\(not shown\)"),
    (b"hf_abc", TypeError, "'token' must be a str or None, got a bytes"),
])
def test_push_refuses_a_malformed_token_before_any_work(monkeypatch, token, error, match):
    """A token that cannot be a Hub token is refused, without showing it, before exporting or
    calling the Hub."""
    fake = FakeHub(monkeypatch)
    with pytest.raises(error, match=match) as raised:
        hub.push("someone/yinyang", token=token)
    assert fake.calls == []
    if isinstance(token, str) and token.strip():
        assert token.strip() not in str(raised.value)


def test_push_command_never_prints_the_token(monkeypatch, capsys, caplog):
    """`yinyang push` reads the token from HF_TOKEN and prints it neither on success nor failure."""
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    caplog.set_level("DEBUG")
    fake = FakeHub(monkeypatch)
    status, out, err = run_cli(["push", "someone/yinyang"])
    assert status == 0
    assert fake.calls[0][2]["private"] is False and fake.calls[0][-1] == TOKEN
    FakeHub(monkeypatch, fail=hub_failures()[2])
    status, out_2, err_2 = run_cli(["push", "someone/yinyang", "--private"])
    assert status == 1
    out, err = out + out_2, err + err_2
    assert "https://huggingface.co/datasets/someone/yinyang" in out
    assert err.strip().splitlines()[-1].startswith(
        "yinyang push: error: the Hub refused to push 'someone/yinyang' (HTTP 401")
    assert TOKEN not in out + err + caplog.text


def test_push_refuses_a_bad_repo_id_before_any_work(monkeypatch):
    """A malformed repo id is refused before exporting or calling the Hub."""
    fake = FakeHub(monkeypatch)
    for repo_id in ("yinyang", "a/b/c", "some one/yinyang"):
        with pytest.raises(ValueError):
            hub.push(repo_id)
    assert fake.calls == []
