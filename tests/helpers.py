"""Helpers shared by the tests: running the command, listing caches, hypothesis settings."""

import contextlib
import ctypes
import io
import os
import pathlib
import stat
import subprocess
import sys
import tempfile

from hypothesis import HealthCheck, settings

from yinyang_tools import cli

ROOT = pathlib.Path(__file__).resolve().parents[1]
# The console script sits beside the interpreter in a virtual environment.
CONSOLE_SCRIPT = pathlib.Path(sys.executable).with_name("yinyang")


def examples(n):
    """Hypothesis settings: ``n`` examples, no deadline, tmp_path shared by the examples."""
    return settings(max_examples=n, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def error_names(raised, *names):
    """True if the error message quotes every one of ``names``."""
    return all(f"'{name}'" in str(raised.value) or f"{name}=" in str(raised.value) for name in names)


def files_under(folder):
    """Every file and folder below ``folder``, as relative paths."""
    folder = pathlib.Path(folder)
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) if folder.exists() else []


def built_files(folder):
    """What a build leaves below ``folder``: everything but datasets' lock files and the empty
    folders that hold them (made by every DatasetBuilder, before any check of ours can run)."""
    folder = pathlib.Path(folder)
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and not p.name.endswith(".lock"))


def run_cli(argv):
    """``(status, stdout, stderr)`` of the ``yinyang`` command with ``argv``, in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(argv)
        except SystemExit as exit_:
            status = exit_.code
    return status, out.getvalue(), err.getvalue()


def assert_one_line_failure(status, out, err):
    """A refusal: non-zero status, nothing on stdout, one 'yinyang ...: error: ...' line on stderr."""
    assert status not in (0, None), (status, out, err)
    assert out == "", out
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith("yinyang") and "error: " in err, err


def count_generated_splits(monkeypatch):
    """Return the list to which every split the builder generates from now on is appended."""
    import yinyang

    calls = []
    original = yinyang.YinYang._generate_tables

    def counting(self, **kwargs):
        calls.append(kwargs["split"])
        yield from original(self, **kwargs)

    monkeypatch.setattr(yinyang.YinYang, "_generate_tables", counting)
    return calls


@contextlib.contextmanager
def read_only(folder):
    """Make ``folder`` and everything in it read-only (chmod a-w) for the ``with`` block."""
    paths = [pathlib.Path(folder), *pathlib.Path(folder).rglob("*")]
    modes = {path: path.stat().st_mode for path in paths}
    for path in paths:
        path.chmod(modes[path] & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        yield folder
    finally:
        for path in reversed(paths):
            path.chmod(modes[path])


def _drop_write_override():
    """In a child of root: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set,
    so that the program it runs obeys file modes as any user does (Linux prctl)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def obeying_file_modes():
    """Return ``subprocess`` keywords under which a child cannot write a read-only folder, or skip
    the test. Root writes anywhere; its child drops that privilege first."""
    import pytest

    kwargs = {"preexec_fn": _drop_write_override} if os.geteuid() == 0 else {}
    with tempfile.TemporaryDirectory() as folder, read_only(folder):
        try:
            probe = subprocess.run([sys.executable, "-c", "import sys; open(sys.argv[1], 'w')",
                                    os.path.join(folder, "probe")], capture_output=True, **kwargs)
        except (OSError, subprocess.SubprocessError) as error:
            pytest.skip(f"cannot run a process that obeys file modes here: {error}")
    if probe.returncode == 0:
        pytest.skip("this user writes into read-only folders (chmod cannot deny it here)")
    return kwargs
