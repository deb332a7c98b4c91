"""The README's usage examples run as written, and its set-up commands are the ones CI runs."""

import json
import pathlib
import re

from yinyang_tools.baselines import format_table

ROOT = pathlib.Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_usage_examples_run():
    """Every ```python block of the README runs, in order, in one namespace."""
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    assert len(blocks) >= 5
    namespace = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    X, y = namespace["X"], namespace["y"]
    assert X.shape == (5000, 4) and str(X.dtype) == "float64" and str(y.dtype) == "int64"


def test_setup_commands_are_the_ones_ci_runs():
    """README has exactly two set-up commands, and .ci/run runs the test command verbatim."""
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", setup, flags=re.DOTALL)
    assert len(commands) == 2
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_results_table_is_the_one_the_baselines_command_wrote():
    """The card's reference table is yinyang_tools.baselines.format_table of results/baselines.json."""
    results = json.loads((ROOT / "results" / "baselines.json").read_text(encoding="utf-8"))
    assert results["protocol"]["runs"] == 20 and results["protocol"]["epochs"] == 300
    assert format_table(results) in README
