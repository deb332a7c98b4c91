"""The README's usage examples run as written, each on its own, and its set-up commands are the
ones CI runs."""

import importlib.util
import json
import os
import re
import subprocess
import sys


from helpers import ROOT
from yinyang_tools.baselines import format_table

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)


def test_every_python_block_runs_alone_in_a_fresh_process(tmp_path):
    """Each ```python block of the README runs by itself in a new interpreter (no import of
    yinyang unless the block has one), offline, in an empty folder; blocks that need torch skip
    without it."""
    assert len(BLOCKS) >= 8
    runnable = [block for block in BLOCKS
                if "torch" not in block or importlib.util.find_spec("torch") is not None]
    env = {k: v for k, v in os.environ.items() if k != "YINYANG_NO_AUTOLOAD"}
    processes = []
    for index, block in enumerate(runnable):
        folder = tmp_path / f"block-{index}"
        folder.mkdir()
        block_env = {**env, "HF_HOME": str(folder / "hf"),
                     "HF_DATASETS_CACHE": str(folder / "hf" / "datasets")}
        processes.append((block, subprocess.Popen(
            [sys.executable, "-c", block], cwd=folder, env=block_env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)))
    for block, process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, f"README block failed:\n{block}\n{err[-2000:]}"


def test_setup_commands_are_the_ones_ci_runs():
    """README has exactly two set-up commands, and .ci/run runs the test command verbatim; the
    test command installs neither torch nor jax."""
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", setup, flags=re.DOTALL)
    assert len(commands) == 2
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "torch" not in commands[1] and "jax" not in commands[1]


def test_results_table_is_the_one_the_baselines_command_wrote():
    """The card's reference table is yinyang_tools.baselines.format_table of results/baselines.json."""
    results = json.loads((ROOT / "results" / "baselines.json").read_text(encoding="utf-8"))
    assert results["protocol"]["runs"] == 20 and results["protocol"]["epochs"] == 300
    assert format_table(results) in README


def test_the_light_test_extra_holds_no_torch_or_jax():
    """The test extra the README installs leaves torch and jax out (CI adds them)."""
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"]
    assert not [r for r in extras["test"] if re.match(r"(torch|jax)\b", r)]
