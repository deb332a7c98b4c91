"""The layout a newcomer relies on: three import names, imports that flow one way, the paper's
numbers defined once, public names listed, no remote code."""

import ast
import pathlib
import shutil
import subprocess
import sys
import tomllib
import zipfile

import pytest

import yinyang
import yinyang_generator
import yinyang_tools
from helpers import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
# Import names in the order imports may flow: a module may import its own level or lower ones.
LEVELS = {"yinyang_generator": 0, "yinyang": 1, "yinyang_tools": 2, "yinyang_tools.cli": 3,
          "yinyang_tools.__main__": 4}


def library_modules():
    """``{import name: source path}`` of every module the distribution installs."""
    modules = {name: ROOT / f"{name}.py" for name in SETUPTOOLS["py-modules"]}
    for package in SETUPTOOLS["packages"]:
        folder = ROOT / SETUPTOOLS["package-dir"].get(package, package)
        for path in sorted(folder.glob("*.py")):
            modules[package if path.stem == "__init__" else f"{package}.{path.stem}"] = path
    return modules


def level(module):
    """The level of ``module`` in LEVELS (the longest matching prefix), or None if not ours."""
    matches = [name for name in LEVELS if module == name or module.startswith(name + ".")]
    return LEVELS[max(matches, key=len)] if matches else None


def imported_modules(name, path):
    """Absolute names of every module ``name`` imports, at the top or inside functions."""
    package = name if path.stem == "__init__" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """A wheel built from a copy of the project (the checkout is left untouched)."""
    source = tmp_path_factory.mktemp("source") / "project"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
        ".hypothesis"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                    str(source)], check=True, capture_output=True)
    [path] = out.glob("*.whl")
    return path


def test_the_wheel_holds_three_import_names(wheel):
    """yinyang (the builder), yinyang_generator (numpy only) and yinyang_tools (the rest)."""
    with zipfile.ZipFile(wheel) as archive:
        hook = {"yinyang_dataset_autoload.pth", "yinyang_dataset_autoload.start"}  # start-up hook
        names = {item.split("/")[0].removesuffix(".py") for item in archive.namelist()
                 if ".dist-info/" not in item and ".data/" not in item and item not in hook}
        assert hook <= set(archive.namelist())
    assert names == {"yinyang", "yinyang_generator", "yinyang_tools"}


def test_imports_flow_one_way():
    """command -> hub/plot/baselines/... -> builder -> sampler: no module imports a higher one."""
    modules = library_modules()
    assert set(modules) >= {"yinyang", "yinyang_generator.sampler", "yinyang_tools.cli",
                            "yinyang_tools.hub"}
    for name, path in modules.items():
        for imported in imported_modules(name, path):
            target = level(imported)
            if target is not None:
                assert target <= level(name), f"{name} imports {imported}"


def test_the_papers_split_is_written_down_once():
    """Outside docstrings, the paper's sizes and seeds (5000 and 42/41) are numbers in one
    module only, parameters.py; every other module derives them. (1000 and 40 also mean other
    things: dpi, bytes a row. The published class's defaults, size=1000 and seed=42, stay in the
    signatures that copy it: sample, iter_chunks, YinYangDataset.)"""
    where = set()
    for name, path in library_modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = {id(node.body[0].value) for node in ast.walk(tree)
                if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
                and node.body and isinstance(node.body[0], ast.Expr)}
        published = {"yinyang_generator.sampler": ("sample", "iter_chunks"),
                     "yinyang_generator.dataset": ("__init__",)}.get(name, ())
        skip |= {id(default) for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
                 and node.name in published for default in node.args.defaults}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and id(node) not in skip:
                if type(node.value) is int and node.value in (5000, 42, 41):
                    where.add(name)
    assert where == {"yinyang_generator.parameters"}


@pytest.mark.parametrize("module", [yinyang, yinyang_generator])
def test_public_names_are_listed_and_exist(module):
    """Each public module lists its public names in __all__, and each exists."""
    assert module.__all__ and all(hasattr(module, name) for name in module.__all__)


def test_every_tools_module_registers_its_subcommands():
    """Each job module of yinyang_tools adds its own subcommands (as datasets' commands do)."""
    import importlib

    for job in ("build", "hub", "card", "plot", "baselines"):
        module = importlib.import_module(f"yinyang_tools.{job}")
        assert callable(module.register) and "register" in module.__all__
    assert yinyang_tools.__doc__


def test_nothing_in_the_package_asks_for_remote_code():
    """No package source passes trust_remote_code (as a keyword, a dict key, an attribute or the
    HF_DATASETS_TRUST_REMOTE_CODE variable); only docstrings may mention it."""
    sources = list(library_modules().values())
    assert len(sources) >= 10 and all(path.exists() for path in sources)
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            where = f"{path.name}:{getattr(node, 'lineno', '?')}"
            assert not (isinstance(node, ast.keyword) and node.arg == "trust_remote_code"), where
            assert not (isinstance(node, ast.Attribute) and "trust_remote_code" in node.attr.lower()), where
            assert not (isinstance(node, ast.Name) and "trust_remote_code" in node.id.lower()), where
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert node.value.strip().lower() != "trust_remote_code", where
                assert "TRUST_REMOTE_CODE" not in node.value, where
