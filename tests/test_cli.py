"""The ``yinyang`` command: help on every subcommand, one-line errors, the build summary."""

import os
import socket
import subprocess
import sys
import tempfile

import datasets
import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

import yinyang
from helpers import (CONSOLE_SCRIPT, assert_one_line_failure, built_files, examples, files_under,
                     obeying_file_modes, read_only, run_cli)
from yinyang_generator import CLASS_NAMES, PUBLICATION_SPLITS, sample
from yinyang_generator._checks import expected_words_per_sample
from yinyang_tools import baselines, build, cli

SUBCOMMANDS = ("build", "export", "push", "plot", "baselines", "card")


@pytest.mark.parametrize("command", ("",) + SUBCOMMANDS)
def test_every_subcommand_has_help(command):
    """`yinyang [COMMAND] --help` prints a usage naming the command and exits 0."""
    status, out, _ = run_cli([command, "--help"] if command else ["--help"])
    assert status == 0
    assert out.startswith(f"usage: yinyang {command}".rstrip())
    if not command:
        assert all(name in out for name in SUBCOMMANDS)


def test_parameter_options_are_the_datasets_parameters():
    """build, plot, export and push take one option per dataset parameter, with the paper's
    value in its help."""
    for command in ("build", "plot", "export", "push"):
        _, out, _ = run_cli([command, "--help"])
        for option, paper in (("--size", 5000), ("--validation-seed", 41), ("--r-small", 0.1)):
            assert option in out and f"(paper: {paper})" in out, (command, option)


def test_help_imports_no_heavy_library():
    """`yinyang --help` imports neither datasets, matplotlib nor torch, so it answers at once."""
    code = ("import sys\nfrom yinyang_tools import cli\n"
            "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('datasets', 'matplotlib', 'torch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[]"


def test_bare_command_prints_help_and_fails():
    """`yinyang` alone does nothing but list the commands, with exit status 2."""
    status, _, err = run_cli([])
    assert status == 2 and "build" in err


# Command-line values refused for each parameter option (each alone; the others at their defaults).
BAD_OPTION_VALUES = {
    "--size": ["-3", "1.5", "abc", "", str(2**62 + 1), "1e3", "0x10"],
    "--validation-size": ["-1", "nan", "9" * 30],
    "--test-size": ["-1", "2.0"],
    "--train-seed": ["-1", str(2**32), "41", "seed"],
    "--validation-seed": ["-5", "40", "1.0"],
    "--test-seed": [str(2**40), "42"],
    "--r-small": ["0", "-0.1", "nan", "inf", "0.25", "1e-200", "x", "1e-9"],
    "--r-big": ["0", "-inf", "0.2", "1e200", "1e400", ""],
}


@pytest.mark.compat
@examples(100)
@given(command=st.sampled_from(["build", "plot", "export"]),
       bad=st.sampled_from([(option, value) for option, values in BAD_OPTION_VALUES.items()
                            for value in values]))
@example(command="build", bad=("--size", "-3"))
@example(command="build", bad=("--train-seed", "41"))  # the validation split's seed
@example(command="build", bad=("--r-small", "0.3"))
@example(command="build", bad=("--r-small", "1e-9"))  # ran for ever: 1.7e17 words a sample
@example(command="plot", bad=("--validation-seed", "-1"))
@example(command="export", bad=("--size", "-1"))
def test_every_bad_parameter_option_is_one_line(command, bad, tmp_path):
    """build, plot and export refuse every bad parameter value in one line naming the parameter
    (or its option, for a malformed number), making nothing."""
    target = tempfile.mkdtemp(dir=tmp_path)
    argv = {"build": ["build", "--cache-dir", os.path.join(target, "cache")],
            "plot": ["plot", os.path.join(target, "p.png")],
            "export": ["export", os.path.join(target, "out"), "--name", "extra"]}[command]
    status, out, err = run_cli(argv + [bad[0], bad[1]])
    assert_one_line_failure(status, out, err)
    assert bad[0] in err or f"'{bad[0][2:].replace('-', '_')}'" in err, err
    assert built_files(target) == [] and not os.path.exists(os.path.join(target, "out"))


# Other mistakes, each with what its one line must name.
MISTAKES = [
    (["build", "--config", "publication", "--size", "10"], "'size' cannot be changed"),
    (["build", "--config", "paper"], "--config"),
    (["bild"], "invalid choice: 'bild'"),
    (["build", "--seed", "1"], "unrecognized arguments: --seed 1 (did you mean '--train-seed'?)"),
    (["build", "publication"], "(did you mean '--config publication'?)"),
    (["plot", "{tmp}/p.png", "--sise", "3"], "(did you mean '--size'?)"),
    (["export", "{tmp}/out", "--test_size", "3"], "(did you mean '--test-size'?)"),
    (["export"], "DIRECTORY"),
    (["export", "{tmp}", "--size", "5"], "'--size' needs '--name NAME'"),
    (["export", "{tmp}/out", "--name", "data"], "'extra_configs' names"),
    (["export", "{tmp}/no/such/folder"], "'directory'"),
    (["push", "yinyang"], "'repo_id'"),
    (["push", "a/b/c"], "'repo_id'"),
    (["plot", "{tmp}/no/such/folder/yinyang.png"], "'path'"),
    (["plot", "{tmp}/p.png", "--dpi", "0"], "'dpi'"),
    (["card", "--readme", "{tmp}/missing.md"], "'readme'"),
    (["baselines", "--runs", "0"], "'runs'"),
    (["baselines", "--runs", "abc"], "--runs"),
    (["baselines", "--epochs", "-1"], "'epochs'"),
    (["baselines", "--threads", "0"], "'threads'"),
    (["baselines", "--seed", str(2**32)], "'seed'"),
    (["baselines", "--json", "{tmp}/no/such/folder/out.json"], "'--json'"),
    (["baselines", "--runs", "1", "--epochs", "1", "--json", "{tmp}"], "'--json'"),  # a folder
    (["plot", "{tmp}/p.txt"], "'path'"),  # PNG bytes in a .txt file
    (["baselines", "--bogus"], "--bogus"),
]


@pytest.mark.parametrize(("argv", "status"), [
    (["build", "--seed", "1"], 2), (["export", "{tmp}/out", "--size", "5"], 2),  # malformed
    (["build", "--size", "-3"], 1), (["plot", "{tmp}/p.txt"], 1),  # refused values
])
def test_a_malformed_command_line_exits_2_a_refused_value_1(argv, status, tmp_path):
    """Exit status 2 for options that do not parse or cannot go together, 1 for the rest."""
    got, out, err = run_cli([arg.format(tmp=tmp_path) for arg in argv])
    assert_one_line_failure(got, out, err)
    assert got == status, err


@pytest.mark.parametrize(("argv", "names"), MISTAKES)
def test_a_mistake_is_one_line_and_a_failure(argv, names, tmp_path):
    """A refused argument gives exactly one line on stderr, naming it, and a non-zero status,
    before any work (no build, no file, no training)."""
    argv = [arg.format(tmp=tmp_path) for arg in argv]
    if argv[0] == "build":
        argv += ["--cache-dir", str(tmp_path / "cache")]
    status, out, err = run_cli(argv)
    assert_one_line_failure(status, out, err)
    assert names in err, err
    assert built_files(tmp_path) == []


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
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


# Hostile inputs for each subcommand, run from a folder holding: afile (a file), folder (an empty
# folder), ro/ (read-only, holding a finished build in ro/cache and a README.md), with HF_HOME
# read-only too. Every one must fail in one last line, never a traceback.
HOSTILE = [
    ["build"],  # the default cache is read-only
    ["build", "--cache-dir", "ro/cache"],  # a finished build in a read-only cache
    ["build", "--cache-dir", "afile"],
    ["build", "--r-small", "1e-9"],
    ["export", "ro/out"],
    ["export", "afile"],
    ["push", "someone/yinyang"],  # offline
    ["plot", "ro/p.png"],
    ["plot", "p.txt"],
    ["baselines", "--runs", "1", "--epochs", "1"],  # the default cache is read-only
    ["baselines", "--runs", "1", "--epochs", "1", "--json", "folder"],
    ["baselines", "--runs", "1", "--epochs", "1", "--json", "ro/r.json"],
    ["card", "--readme", "ro/README.md", "--infos", "ro/dataset_infos.json"],
]


@pytest.mark.compat
@pytest.mark.skipif(not CONSOLE_SCRIPT.exists(), reason="the yinyang console script is not installed")
def test_no_subcommand_prints_a_traceback_for_hostile_inputs(tmp_path):
    """Read-only caches and outputs, files for folders and folders for files, endless radii,
    no network: each subcommand fails with one last line 'yinyang COMMAND: error: ...', no
    traceback, and writes nothing."""
    privileges = obeying_file_modes()
    (tmp_path / "afile").write_text("x")
    (tmp_path / "folder").mkdir()
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro" / "README.md").write_text("# card\n")
    (tmp_path / "hf" / "datasets").mkdir(parents=True)
    datasets.load_dataset("yinyang", cache_dir=str(tmp_path / "ro" / "cache"))
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf"),
           "HF_DATASETS_CACHE": str(tmp_path / "hf" / "datasets")}
    before = files_under(tmp_path)
    with read_only(tmp_path / "ro"), read_only(tmp_path / "hf"):
        processes = [subprocess.Popen([str(CONSOLE_SCRIPT), *argv], cwd=tmp_path, env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                      **privileges) for argv in HOSTILE]
        results = [(argv, *process.communicate(timeout=300), process.returncode)
                   for argv, process in zip(HOSTILE, processes)]
    for argv, out, err, status in results:
        assert status == 1 and "Traceback" not in err, (argv, err[-3000:])
        assert err.splitlines()[-1].startswith(f"yinyang {argv[0]}: error: "), (argv, err)
    assert files_under(tmp_path) == before


@pytest.mark.compat
def test_an_unexpected_failure_is_one_line_too(monkeypatch, tmp_path):
    """Even an error no subcommand expects (here datasets' DatasetGenerationError around a
    failing build) is one last line naming its type and its cause, not a traceback."""
    def failing(self, **kwargs):
        raise RuntimeError("the sampler broke")
        yield

    monkeypatch.setattr(yinyang.YinYang, "_generate_tables", failing)
    status, out, err = run_cli(["build", "--size", "10", "--cache-dir", str(tmp_path)])
    assert status == 1 and out == "" and "Traceback" not in err
    assert err.splitlines()[-1] == (
        "yinyang build: error: DatasetGenerationError: An error occurred while generating the "
        "dataset (caused by RuntimeError: the sampler broke)")


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


@pytest.mark.compat
def test_build_prints_class_counts_and_warms_the_load_dataset_cache(tmp_path):
    """`yinyang build --size 100 ...` prints rows and class counts per split, in load_dataset's cache."""
    argv = ["build", "--size", "100", "--train-seed", "7", "--validation-size", "0",
            "--test-size", "10", "--cache-dir", str(tmp_path)]
    status, out, _ = run_cli(argv)
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == ("yinyang, 'default' config: load_dataset('yinyang', size=100, "
                        f"validation_size=0, test_size=10, train_seed=7, cache_dir={str(tmp_path)!r})")
    table = {line.split()[0]: [int(n) for n in line.split()[1:]] for line in lines[3:]}
    assert lines[2].split() == ["split", "rows", *CLASS_NAMES]
    assert table == {
        "train": [100, *np.bincount(sample(100, 7)[1], minlength=3)],
        "test": [10, *np.bincount(sample(10, 40)[1], minlength=3)],
    }
    builder = datasets.load_dataset_builder("yinyang", size=100, train_seed=7, validation_size=0,
                                            test_size=10, cache_dir=str(tmp_path))
    assert lines[1] == f"cache: {builder.cache_dir}"
    assert sorted(p.name for p in tmp_path.rglob("*.arrow")) == [
        "yinyang-test.arrow", "yinyang-train.arrow"]


@pytest.mark.compat
def test_build_announces_a_slow_build_with_its_expected_cost(monkeypatch, tmp_path):
    """Before a build expected to take over 10 s, `yinyang build` prints its expected random
    words and a rough duration on stderr; a fast build, or one already cached, prints none."""
    monkeypatch.setattr(build, "_WORDS_PER_SECOND", 1e5)  # as if on a very slow machine
    argv = ["build", "--size", "200", "--validation-size", "0", "--test-size", "0", "--r-small",
            "0.005", "--cache-dir", str(tmp_path)]
    words = 200 * expected_words_per_sample(0.005, 0.5)
    status, _, err = run_cli(argv)
    assert status == 0 and "Traceback" not in err
    assert (f"yinyang build: expect about {words:.2g} random words "
            f"({words / 200:.2g} a sample), roughly {words / 1e5:.0f} s at 1e+05 words/s; "
            "datasets' progress bar shows the actual rate.") in err.splitlines()
    assert "expect about" not in run_cli(argv)[2]
    assert "expect about" not in run_cli(argv[:-1] + [str(tmp_path / "other")] + ["--size", "2"])[2]


@pytest.mark.compat
def test_build_publication_prints_the_papers_class_counts(tmp_path):
    """`yinyang build --config publication` checks the paper's split and prints its class counts."""
    status, out, _ = run_cli(["build", "--config", "publication", "--cache-dir", str(tmp_path)])
    assert status == 0
    expected = [[split, str(size), *map(str, np.bincount(sample(size, seed)[1], minlength=3))]
                for split, (size, seed) in PUBLICATION_SPLITS.items()]
    # Class counts (yin, yang, dot) of the published files.
    assert expected[0][2:] == ["1681", "1702", "1617"]
    assert [line.split() for line in out.splitlines()[3:]] == expected


def test_baselines_command_runs_the_baselines(monkeypatch, tmp_path):
    """`yinyang baselines --runs 2 ...` calls run_baselines with those settings, prints the table
    and writes the JSON."""
    seen = []
    fake = {"networks": {}, "seconds": 0.0, "protocol": {}}
    monkeypatch.setattr(baselines, "run_baselines", lambda **kw: seen.append(kw) or fake)
    status, out, _ = run_cli(["baselines", "--runs", "2", "--epochs", "3", "--json",
                              str(tmp_path / "r.json")])
    assert status == 0 and out.startswith(baselines.format_table(fake))
    assert seen[0]["runs"] == 2 and seen[0]["epochs"] == 3 and seen[0]["threads"] == 1
    assert (tmp_path / "r.json").is_file()


@pytest.mark.compat
def test_export_command_writes_an_extra_config(tmp_path):
    """`yinyang export DIR --name small --size 50 --train-seed 7` adds the config 'small', and
    says how to upload the same folder to the repo given."""
    out = tmp_path / "export"
    status, printed, _ = run_cli(["export", str(out), "--name", "small", "--size", "50",
                                  "--train-seed", "7", "--repo-id", "someone/yy"])
    assert status == 0 and printed.startswith(f"wrote {out}")
    assert printed.rstrip().endswith(
        "to upload it: yinyang push someone/yy --name small --size 50 --train-seed 7"), printed
    small = datasets.load_dataset(str(out), "small", split="train")
    assert np.array_equal(yinyang.to_numpy(small)[0], sample(50, 7)[0])


def test_python_m_yinyang_tools_is_the_command():
    """`python -m yinyang_tools` is the `yinyang` command (for a scripts folder not on PATH)."""
    process = subprocess.run([sys.executable, "-m", "yinyang_tools", "--help"],
                             capture_output=True, text=True, check=True)
    assert process.stdout.startswith("usage: yinyang")
    assert cli.main is not None


def test_python_m_yinyang_points_at_the_command():
    """`python -m yinyang` is no program: it says so in one line and names the command."""
    process = subprocess.run([sys.executable, "-m", "yinyang"], capture_output=True, text=True)
    assert process.returncode == 1
    assert process.stderr.splitlines() == [
        "yinyang.py is the dataset builder, not a program; run the 'yinyang' command instead, "
        "e.g. 'yinyang build'."]


@pytest.mark.parametrize(("module", "argv", "hint"), [
    ("datasets", ["build"], "this command needs datasets, which is not installed: pip install datasets"),
    ("torch", ["baselines", "--runs", "1"], "download.pytorch.org/whl/cpu"),
    ("matplotlib", ["plot", "{tmp}/p.png"], "pip install matplotlib"),
])
def test_a_missing_library_is_named_with_a_working_install_command(module, argv, hint, tmp_path):
    """In an install without an optional library (numpy-only: no datasets), a subcommand that
    needs it says in one line what to install."""
    argv = [arg.format(tmp=tmp_path) for arg in argv]
    code = (f"import sys\nsys.modules[{module!r}] = None\nfrom yinyang_tools import cli\n"
            f"sys.exit(cli.main({argv!r}))\n")
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert_one_line_failure(process.returncode, process.stdout, process.stderr)
    assert hint in process.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", [["export", "{tmp}/afile/out"], ["plot", "{tmp}/afile/p.png"]])
def test_a_path_under_a_file_is_refused_saying_so(argv, tmp_path):
    """A path whose parent is a file: the one line says the parent is a file, not missing."""
    (tmp_path / "afile").write_text("")
    status, out, err = run_cli([arg.format(tmp=tmp_path) for arg in argv])
    assert_one_line_failure(status, out, err)
    assert f"whose folder '{tmp_path / 'afile'}' is a file" in err, err
