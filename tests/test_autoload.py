"""The start-up hook (yinyang_dataset_autoload.pth -> yinyang_tools._autoload), in fresh processes.

Runs against the installed distribution (editable or regular) in the interpreter running pytest.
Every child runs in an empty temporary folder (so the project root is not on sys.path), offline,
with its own HF_HOME, and without YINYANG_NO_AUTOLOAD unless a test sets it.
"""

import importlib.metadata
import os
import site
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.compat

PTH = "yinyang_dataset_autoload.pth"
OFF = "YINYANG_NO_AUTOLOAD"
HOOK_MODULES = ("yinyang_tools", "yinyang_tools._autoload")


def _installed_file(name):
    """The file ``name`` at the root of site-packages that the installed RECORD lists, or None.

    Only site directories are searched: a checkout holds a yinyang_dataset.egg-info of its own.
    """
    folders = [*site.getsitepackages(), site.getusersitepackages()]
    for distribution in importlib.metadata.distributions(name="yinyang-dataset", path=folders):
        for path in distribution.files or ():
            if path.name == name and len(path.parts) == 1:
                return path.locate()
    return None


def run(code, cwd, env=None, args=(), check=True):
    environ = {k: v for k, v in os.environ.items() if k != OFF}
    environ.update(HF_HOME=str(cwd / "hf"), HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    environ.update(env or {})
    result = subprocess.run([sys.executable, *args, "-c", textwrap.dedent(code)], cwd=cwd,
                            env=environ, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def cwd(tmp_path):
    folder = tmp_path / "cwd"
    folder.mkdir()
    return folder


def test_the_pth_file_is_installed_in_a_site_directory_and_recorded():
    """The .pth sits at the root of site-packages, is listed in RECORD (so uninstall removes
    it), is one import line and honours the off switch."""
    path = _installed_file(PTH)
    assert path is not None, f"{PTH} is not in the RECORD of yinyang-dataset"
    assert path.is_file(), path
    assert str(path.parent) in {*site.getsitepackages(), site.getusersitepackages()}, path
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("import "), lines
    assert OFF in lines[0]


LOAD = """
    import sys
    import numpy as np
    from datasets import load_dataset
    assert "yinyang" not in sys.modules
    ds = load_dataset("yinyang", size=100, train_seed=3)
    from yinyang_generator import sample
    X, y = sample(100, 3)
    import yinyang  # imported by the load already; to_numpy gives the exact float64 rows
    X_loaded, y_loaded = yinyang.to_numpy(ds["train"])
    assert np.array_equal(X_loaded, X) and np.array_equal(y_loaded, y)
    print("rows equal")
"""


def test_load_dataset_knows_the_name_without_import(cwd):
    """A fresh process: load_dataset("yinyang", size=100, train_seed=3) with no import gives
    sample(100, 3)."""
    assert "rows equal" in run(LOAD, cwd).stdout


def test_load_dataset_builder_and_config_names(cwd):
    """load_dataset_builder and get_dataset_config_names know the name without an import."""
    run("""
        import datasets
        builder = datasets.load_dataset_builder("yinyang", size=10)
        assert type(builder).__name__ == "YinYang" and builder.config.size == 10, builder
        assert datasets.get_dataset_config_names("yinyang") == ["default", "publication"]
    """, cwd)


def test_import_datasets_imports_nothing_of_ours_and_hooks_both_references(cwd):
    """import datasets loads no yinyang module and wraps both datasets.load's and
    datasets.inspect's reference."""
    run("""
        import sys, datasets, datasets.inspect
        assert "yinyang" not in sys.modules
        factory = datasets.load.dataset_module_factory
        assert factory._yinyang_hook and datasets.inspect.dataset_module_factory is factory
    """, cwd)


def test_import_yinyang_first_patches_once(cwd):
    """import yinyang as well as the hook: one wrapper, not two."""
    run("""
        import yinyang, datasets, datasets.inspect
        factory = datasets.load.dataset_module_factory
        assert factory._yinyang_hook and not getattr(factory.__wrapped__, "_yinyang_hook", False)
        assert datasets.inspect.dataset_module_factory is factory
        assert yinyang._register() is True and datasets.load.dataset_module_factory is factory
    """, cwd)


def _hook_microseconds(cwd, env):
    """The hook's cumulative -X importtime line of one `python -c pass`, and all imported names."""
    stderr = run("pass", cwd, env=env, args=("-X", "importtime")).stderr
    rows = {}
    for line in stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            _, cumulative, name = line[len("import time:"):].split("|")
            if cumulative.strip().isdigit():
                rows[name.strip()] = int(cumulative)
    return rows.get("yinyang_tools._autoload"), rows


def test_startup_cost_under_2_ms_and_no_heavy_import(cwd):
    """python -X importtime -c pass: the hook costs under 2 ms and imports neither datasets,
    numpy, pyarrow nor yinyang."""
    # Bytecode allowed: an editable install compiles tools/ once, as in everyday use (with
    # PYTHONDONTWRITEBYTECODE=1 every start pays ~1 ms more: CPython's first compile()).
    env = {"PYTHONDONTWRITEBYTECODE": ""}
    run("pass", cwd, env=env)
    samples = [_hook_microseconds(cwd, env) for _ in range(5)]
    for cost, names in samples:
        assert cost is not None, "the hook did not run at start-up"
        heavy = {n for n in names if n.split(".")[0] in {"datasets", "numpy", "pyarrow", "yinyang"}}
        assert not heavy, heavy
    assert min(cost for cost, _ in samples) < 2000, samples


@pytest.mark.parametrize("value", ["1", "yes"])
def test_off_switch(cwd, value):
    """YINYANG_NO_AUTOLOAD=1 (or any non-empty value but 0) turns the hook off; import yinyang
    still works as before."""
    result = run(f"""
        import sys
        assert not any(m in sys.modules for m in {HOOK_MODULES!r})
        import datasets
        assert not getattr(datasets.load.dataset_module_factory, "_yinyang_hook", False)
        try:
            datasets.load_dataset_builder("yinyang")
        except Exception as error:
            print("unknown without import:", type(error).__name__)
        else:
            raise AssertionError("the name worked with the hook off")
        import yinyang  # registers the name as before
        assert type(datasets.load_dataset_builder("yinyang")).__name__ == "YinYang"
    """, cwd, env={OFF: value})
    assert "unknown without import" in result.stdout


def test_off_switch_zero_means_on(cwd):
    """YINYANG_NO_AUTOLOAD=0 leaves the hook on."""
    run("import sys; assert 'yinyang_tools._autoload' in sys.modules", cwd, env={OFF: "0"})


BROKEN = {
    "raises": "raise RuntimeError('broken hook')",
    "syntax": "def (:",
}


@pytest.mark.parametrize("kind", ["raises", "syntax"])
@pytest.mark.parametrize("where", ["__init__.py", "_autoload.py"])
def test_a_broken_hook_is_silent(cwd, tmp_path, kind, where):
    """A yinyang_tools on PYTHONPATH (searched before site-packages) stands in for a broken
    install."""
    fake = tmp_path / "fake" / "yinyang_tools"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(BROKEN[kind] if where == "__init__.py" else "")
    if where == "_autoload.py":
        (fake / "_autoload.py").write_text(BROKEN[kind])
    result = run("print('ok')", cwd, env={"PYTHONPATH": str(fake.parent)})
    assert (result.stdout, result.stderr) == ("ok\n", "")


def test_a_hook_that_finds_a_strange_datasets_is_silent(cwd, tmp_path):
    """datasets.load without the function the hook wraps: datasets imports as if no hook existed."""
    fake = tmp_path / "fake" / "datasets"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("from . import load\n")
    (fake / "load.py").write_text("x = 1\n")
    result = run("import datasets; print(datasets.load.x)", cwd,
                 env={"PYTHONPATH": str(fake.parent)})
    assert (result.stdout, result.stderr) == ("1\n", "")


def test_an_empty_yinyang_folder_in_the_working_directory_does_not_shadow_the_module(cwd):
    """A yinyang/ folder in the working directory (editable install) does not shadow the builder
    module."""
    (cwd / "yinyang").mkdir()  # as left by `yinyang export yinyang` (no __init__.py)
    run("import yinyang; assert hasattr(yinyang, 'to_numpy'), yinyang", cwd)
    assert "rows equal" in run(LOAD, cwd).stdout


def test_a_module_of_the_users_named_yinyang_is_reported_in_one_line(cwd):
    """A user's own yinyang.py wins, and load_dataset says in one line that it shadows the
    builder."""
    (cwd / "yinyang.py").write_text("x = 1\n")  # the user's own module wins, as Python has it
    result = run("from datasets import load_dataset; load_dataset('yinyang')", cwd, check=False)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: 'import yinyang' gave") and "shadows it" in last, last


@pytest.mark.parametrize("first, env", [("", {}), ("import yinyang", {}),
                                        # without the hook the folder would shadow the module
                                        ("import sys; del sys.path[0]; import yinyang",
                                         {OFF: "1"})],
                         ids=["hook", "import", "import-without-hook"])
def test_a_data_folder_named_yinyang_is_loaded_as_datasets_would_with_a_warning(cwd, first, env):
    """A local folder wins over the name, as it does for every name in datasets (e.g. the folder
    `yinyang export yinyang` writes); a warning says how to reach the builder instead."""
    (cwd / "yinyang").mkdir()
    (cwd / "yinyang" / "rows.csv").write_text("a,b\n1,2\n3,4\n")
    result = run(f"""
        import warnings
        {first}
        from datasets import load_dataset
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ds = load_dataset("yinyang", split="train")
        print(ds.column_names, ds.num_rows)
        print([str(w.message) for w in caught if "yinyang" in str(w.message)])
    """, cwd, env=env)
    columns, messages = result.stdout.splitlines()
    assert columns == "['a', 'b'] 2"
    assert "the folder ./yinyang" in messages and "rename" in messages, messages
