"""``run_tee``: subprocess-tee's streaming, plus the deadline it lacks."""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx_reqcheck.tee import NOT_STARTED, run_tee


def test_lines_stream_to_the_callbacks_and_are_kept() -> None:
    out: list[str] = []
    err: list[str] = []
    done = run_tee(
        [sys.executable, "-c", "import sys; print('one'); print('two', file=sys.stderr)"],
        timeout=60,
        on_stdout=out.append,
        on_stderr=err.append,
    )
    assert (out, err) == (["one"], ["two"])
    assert (done.returncode, done.stdout, done.stderr, done.timed_out) == (
        0,
        "one\n",
        "two\n",
        False,
    )


def test_a_command_that_cannot_start_exits_127_with_the_reason() -> None:
    done = run_tee(["/nonexistent/tool"], timeout=60, on_stderr=lambda line: None)
    assert done.returncode == NOT_STARTED
    assert "cannot run /nonexistent/tool: No such file or directory" in done.stderr


def test_the_deadline_kills_the_command_and_what_it_left_running(tmp_path: Path) -> None:
    marker = tmp_path / "late"
    # A background child in its own session, as the runner starts its probes.
    script = (
        "import subprocess, sys, time; "
        f"subprocess.Popen(['sh', '-c', 'sleep 3; touch {marker}'], start_new_session=True); "
        "print('started', flush=True); time.sleep(60)"
    )
    done = run_tee([sys.executable, "-c", script], timeout=1, on_stdout=lambda line: None)
    assert done.timed_out
    assert done.stdout == "started\n"
    run_tee(["sleep", "4"], timeout=60)
    assert not marker.exists()
