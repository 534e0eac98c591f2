"""The ``reqcheck`` program ends its process itself, without Python freeing every object
first, and still does what Python's exit does: exit handlers run, the standard streams
are flushed (a flush that fails is status 120), and a thread still running is waited for.

Each case runs the command and ``end_process`` in a fresh interpreter with buffered
standard streams.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fakehost import requirement, write_manifest

PROGRAM = """
import atexit, sys, threading, time
from sphinx_reqcheck.runner.cli import main
from sphinx_reqcheck.runner.start import end_process
setup, argv = sys.argv[1], sys.argv[2:]
exec(setup)
end_process(main(argv))
"""


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    check = {"kind": "paths", "any_of": ["/"], "type": "dir"}
    return write_manifest(tmp_path / "manifest.json", requirement("root", check))


def _program(setup: str, *argv: str, stdout: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-c", PROGRAM, setup, *argv],
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


def test_exit_handlers_run_and_what_they_print_is_flushed(manifest: Path) -> None:
    setup = "atexit.register(lambda: print('printed at exit'))"
    done = _program(setup, "run", str(manifest), "--format", "json")
    assert done.returncode == 0, done.stderr
    report, _, after = done.stdout.rpartition("}\n")
    assert json.loads(report + "}")["results"][0]["status"] == "pass"
    assert after == "printed at exit\n"


def test_a_flush_that_fails_at_exit_is_status_120_as_in_python(
    manifest: Path, tmp_path: Path
) -> None:
    setup = "atexit.register(lambda: print('printed at exit'))"
    report = tmp_path / "report.json"
    with open("/dev/full", "w") as full:
        done = _program(setup, "run", str(manifest), "--output", str(report), stdout=full.fileno())
    assert done.returncode == 120
    assert report.is_file()


def test_a_thread_still_running_is_waited_for(manifest: Path, tmp_path: Path) -> None:
    mark = tmp_path / "thread-finished"
    setup = (
        "threading.Thread(target=lambda: (time.sleep(0.5), "
        f"open({str(mark)!r}, 'w').close())).start()"
    )
    done = _program(setup, "run", str(manifest), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert mark.exists()
