"""Every test and doctest runs offline with Hugging Face caches in a temporary directory, never
in ~/.cache.

This file sits at the root so that it covers the doctests of ``yinyang.py``, ``generator/`` and
``tools/`` as well as ``tests/``. The environment is set when it is imported, before anything
imports ``datasets`` or ``huggingface_hub`` (both read it at import time); each test then gets its
own datasets cache.
"""

import os
import shutil
import sys
import tempfile

import pytest

_HF_HOME = tempfile.mkdtemp(prefix="yinyang-tests-hf-")
os.environ.update({
    "HF_HOME": _HF_HOME,
    "HF_DATASETS_CACHE": os.path.join(_HF_HOME, "datasets"),
    "HF_HUB_CACHE": os.path.join(_HF_HOME, "hub"),
    "HF_MODULES_CACHE": os.path.join(_HF_HOME, "modules"),
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_UPDATE_DOWNLOAD_COUNTS": "0",
})


@pytest.fixture(autouse=True)
def _hf_cache(tmp_path, monkeypatch):
    """Give each test an empty datasets cache (``datasets.config`` keeps its own copy of the path)."""
    cache = tmp_path / "hf-datasets"
    monkeypatch.setenv("HF_DATASETS_CACHE", str(cache))
    if "datasets" in sys.modules:
        monkeypatch.setattr(sys.modules["datasets"].config, "HF_DATASETS_CACHE", cache)
    return cache


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_HF_HOME, ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    """Skip, with a reason, the docstring examples that use an optional library not installed
    (torch and jax are extras; the README's test set-up leaves them out)."""
    import importlib.util

    for item in items:
        test = getattr(item, "dtest", None)
        if test is None:
            continue
        source = "".join(example.source for example in test.examples)
        for module in ("torch", "jax"):
            if module in source and importlib.util.find_spec(module) is None:
                item.add_marker(pytest.mark.skip(
                    reason=f"{module} is not installed (optional; CI installs it)"))
