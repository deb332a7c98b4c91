"""What a PyPI visitor sees and what the sdist holds: the wheel's description is the README for
PyPI (prose first, no YAML, no relative links), `twine check` passes, the metadata links the
paper and the upstream code, and the sdist carries everything the tests read.

The sdist and wheel are built offline (``python -m build --no-isolation``) from a copy of the
project. ``.ci/run`` also installs the sdist and runs the tests in its unpacked folder.
"""

import email.parser
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

import pytest

from helpers import ROOT

# Folders the sdist carries whole, besides the packages: the tests read all of them.
DATA_FOLDERS = ("tests", "publication_data", "images", "results", "benchmarks")


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """``{"sdist": path, "wheel": path}`` built from a copy of the project (the checkout is left
    untouched)."""
    source = tmp_path_factory.mktemp("source") / "project"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
        ".hypothesis"))
    out = tmp_path_factory.mktemp("dist")
    process = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--sdist",
                              "--wheel", "--outdir", str(out), str(source)],
                             capture_output=True, text=True)
    assert process.returncode == 0, process.stdout[-2000:] + process.stderr[-2000:]
    [sdist], [wheel] = out.glob("*.tar.gz"), out.glob("*.whl")
    return {"sdist": sdist, "wheel": wheel}


@pytest.fixture(scope="module")
def metadata(dist):
    """The wheel's METADATA, parsed."""
    with zipfile.ZipFile(dist["wheel"]) as archive:
        [name] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


def test_wheel_description_is_the_readme_for_pypi(metadata):
    """The long description is PYPI.md: it starts with the title and prose, not the Hub YAML, and
    links nothing relatively."""
    description = metadata.get_payload()
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert description == (ROOT / "PYPI.md").read_text(encoding="utf-8")
    assert description.startswith("# The Yin-Yang dataset\n\nA tiny, synthetic")
    assert "](images/" not in description and "dataset_info:" not in description


def test_wheel_metadata_links_the_paper_and_the_upstream_code(metadata):
    """Project URLs name the paper, the upstream repository and the documentation; classifiers
    give Python 3.10 to 3.13, the development status, the audience and the topic."""
    urls = dict(entry.split(", ", 1) for entry in metadata.get_all("Project-URL"))
    assert urls["Paper"] == "https://doi.org/10.1145/3517343.3517380"
    assert urls["Upstream"] == "https://github.com/lkriener/yin_yang_data_set"
    assert "Documentation" in urls
    classifiers = metadata.get_all("Classifier")
    for version in ("3.10", "3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert "Intended Audience :: Science/Research" in classifiers
    assert any(c.startswith("Development Status :: ") for c in classifiers)
    assert any(c.startswith("Topic :: Scientific/Engineering") for c in classifiers)


def test_twine_check_passes(dist):
    """`twine check` (PyPI's renderer) accepts the sdist and the wheel."""
    process = subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                              str(dist["sdist"]), str(dist["wheel"])],
                             capture_output=True, text=True)
    assert process.returncode == 0, process.stdout + process.stderr
    assert process.stdout.count("PASSED") == 2


def test_sdist_holds_everything_the_tests_read(dist):
    """The sdist holds the tests with their helpers and the root conftest.py, the published
    files, the picture, the results, the benchmarks, the CI script and the generated files."""
    with tarfile.open(dist["sdist"]) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    expected = {"conftest.py", "README.md", "PYPI.md", "dataset_infos.json", "pyproject.toml",
                "LICENSE", ".ci/run", "yinyang.py"}
    for folder in DATA_FOLDERS + ("generator", "tools"):
        expected |= {path.relative_to(ROOT).as_posix() for path in (ROOT / folder).rglob("*")
                     if path.is_file() and "__pycache__" not in path.parts}
    assert {"tests/oracle.py", "tests/helpers.py", "tests/strategies.py"} <= expected
    assert expected <= names, sorted(expected - names)
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_a_regular_install_exports_the_picture_without_matplotlib(dist, tmp_path):
    """The wheel carries the card's picture, so `yinyang export` of a regular install copies it
    (byte for byte) and needs no matplotlib to draw it."""
    site = tmp_path / "site"
    with zipfile.ZipFile(dist["wheel"]) as archive:
        archive.extractall(site)
    code = ("import sys; sys.modules['matplotlib'] = None\n"
            "import yinyang_tools.hub as hub\n"
            "assert hub.__file__.startswith(sys.argv[1]), hub.__file__\n"
            "hub.export(sys.argv[2])\n")
    environ = {**os.environ, "PYTHONPATH": str(site), "HF_HOME": str(tmp_path / "hf"),
               "YINYANG_NO_AUTOLOAD": "1"}
    process = subprocess.run([sys.executable, "-c", code, str(site), str(tmp_path / "out")],
                             cwd=tmp_path, env=environ, capture_output=True, text=True)
    assert process.returncode == 0, process.stderr[-2000:]
    picture = (tmp_path / "out" / "images" / "yinyang.png").read_bytes()
    assert picture == (ROOT / "images" / "yinyang.png").read_bytes()
