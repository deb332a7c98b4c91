"""The `yinyang` command: help on every subcommand, one-line errors, the build summary."""

import pathlib
import subprocess
import sys

import datasets
import numpy as np
import pytest

import yinyang
import yinyang_baselines
import yinyang_cli
from yinyang_generator import sample

SUBCOMMANDS = ("build", "export", "push", "plot", "baselines", "card")


@pytest.mark.parametrize("command", ("",) + SUBCOMMANDS)
def test_every_subcommand_has_help(command, capsys):
    """`yinyang [COMMAND] --help` prints a usage naming the command and exits 0."""
    argv = [command, "--help"] if command else ["--help"]
    with pytest.raises(SystemExit) as exit_:
        yinyang_cli.main(argv)
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: yinyang {command}".rstrip())
    if not command:
        assert all(name in out for name in SUBCOMMANDS)


def test_help_imports_no_heavy_library():
    """`yinyang --help` imports neither datasets, matplotlib nor torch, so it answers at once."""
    code = ("import sys, yinyang_cli\n"
            "try:\n    yinyang_cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('datasets', 'matplotlib', 'torch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[]"


def test_bare_command_prints_help_and_fails(capsys):
    """`yinyang` alone does nothing but list the commands, with exit status 2."""
    assert yinyang_cli.main([]) == 2
    assert "build" in capsys.readouterr().err


@pytest.mark.parametrize("argv, names", [
    (["build", "--size", "-3"], "'size'"),
    (["build", "--size", "1.5"], "--size"),
    (["build", "--size", "abc"], "--size"),
    (["build", "--test-seed", str(2**32)], "'test_seed'"),
    (["build", "--train-seed", "41"], "'train_seed'"),
    (["build", "--r-small", "nan"], "'r_small'"),
    (["build", "--r-small", "0.3"], "r_small"),
    (["build", "--config", "publication", "--size", "10"], "'size' cannot be changed"),
    (["build", "--config", "paper"], "--config"),
    (["bild"], "invalid choice: 'bild'"),
    (["export"], "DIRECTORY"),
    (["export", "{tmp}", "--size", "5"], "'--size' needs '--name NAME'"),
    (["export", "{tmp}/out", "--name", "data"], "'extra_configs' names"),
    (["export", "{tmp}/out", "--name", "big", "--size", "-1"], "'size'"),
    (["export", "{tmp}/no/such/folder"], "'directory'"),
    (["push", "yinyang"], "'repo_id'"),
    (["plot", "{tmp}/no/such/folder/yinyang.png"], "'path'"),
    (["plot", "{tmp}/p.png", "--dpi", "0"], "'dpi'"),
    (["plot", "{tmp}/p.png", "--validation-seed", "-1"], "'validation_seed'"),
    (["card", "--readme", "{tmp}/missing.md"], "'readme'"),
])
def test_a_mistake_is_one_line_and_a_failure(argv, names, tmp_path, capsys):
    """A refused argument gives exactly one line on stderr, naming it, and a non-zero status."""
    cache = tmp_path / "cache"
    argv = [arg.format(tmp=tmp_path) for arg in argv]
    if argv[0] == "build":
        argv += ["--cache-dir", str(cache)]
    try:
        status = yinyang_cli.main(argv)
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    assert status != 0 and out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith("yinyang") and "error: " in err and names in err
    assert not cache.exists() or not any(cache.rglob("*.arrow"))
    assert not list(tmp_path.glob("*.png")) and not (tmp_path / "out").exists()


def test_build_prints_class_counts_and_warms_the_load_dataset_cache(tmp_path, capsys):
    """`yinyang build --size 100 ...` prints rows and class counts per split, in load_dataset's cache."""
    argv = ["build", "--size", "100", "--train-seed", "7", "--validation-size", "0",
            "--test-size", "10", "--cache-dir", str(tmp_path)]
    assert yinyang_cli.main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("yinyang, 'default' config: load_dataset('yinyang', size=100, "
                        f"validation_size=0, test_size=10, train_seed=7, cache_dir={str(tmp_path)!r})")
    table = {line.split()[0]: [int(n) for n in line.split()[1:]] for line in lines[3:]}
    assert lines[2].split() == ["split", "rows", "yin", "yang", "dot"]
    assert table == {
        "train": [100, *np.bincount(sample(100, 7)[1], minlength=3)],
        "test": [10, *np.bincount(sample(10, 40)[1], minlength=3)],
    }
    builder = datasets.load_dataset_builder("yinyang", size=100, train_seed=7, validation_size=0,
                                            test_size=10, cache_dir=str(tmp_path))
    assert lines[1] == f"cache: {builder.cache_dir}"
    assert sorted(p.name for p in pathlib.Path(builder.cache_dir).glob("*.arrow")) == [
        "yinyang-test.arrow", "yinyang-train.arrow"]


def test_build_publication_prints_the_papers_class_counts(tmp_path, capsys):
    """`yinyang build --config publication` checks the paper's split and prints its class counts."""
    assert yinyang_cli.main(["build", "--config", "publication", "--cache-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    # Class counts (yin, yang, dot) of the published files, split by split.
    assert [line.split() for line in out[3:]] == [
        ["train", "5000", "1681", "1702", "1617"],
        ["validation", "1000", "316", "336", "348"],
        ["test", "1000", "350", "316", "334"],
    ]


def test_baselines_passes_its_arguments_through(monkeypatch):
    """`yinyang baselines ARGS` is `python -m yinyang_baselines ARGS`."""
    seen = []
    monkeypatch.setattr(yinyang_baselines, "main", lambda argv: seen.append(argv) or 7)
    assert yinyang_cli.main(["baselines", "--runs", "2", "--epochs", "3"]) == 7
    assert seen == [["--runs", "2", "--epochs", "3"]]


def test_export_command_writes_an_extra_config(tmp_path, capsys):
    """`yinyang export DIR --name small --size 50 --train-seed 7` adds the config 'small'."""
    out = tmp_path / "export"
    argv = ["export", str(out), "--name", "small", "--size", "50", "--train-seed", "7"]
    assert yinyang_cli.main(argv) == 0
    assert capsys.readouterr().out.startswith(f"wrote {out}")
    small = datasets.load_dataset(str(out), "small", split="train")
    assert np.array_equal(yinyang.to_numpy(small)[0], sample(50, 7)[0])
