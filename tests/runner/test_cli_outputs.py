"""Where the reqcheck command line writes its reports: atomic files, several formats from
one run, refused outputs (the manifest itself, one file twice, devices, missing
directories), and standard output that is full or closed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fakehost import FakeTools, run_cli


def test_output_file_is_written_atomically(
    tools: FakeTools, handbook: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "out" / "results.json"
    target.parent.mkdir()
    target.write_text("old")
    code, _out, _err = run_cli(
        capsys, "run", str(handbook), "--format", "json", "--output", str(target)
    )
    assert code == 1
    assert json.loads(target.read_text())["format"] == 2
    assert os.listdir(target.parent) == ["results.json"]  # no temporary left behind
    code, _out, err = run_cli(
        capsys, "run", str(handbook), "--output", str(tmp_path / "no" / "dir.txt")
    )
    assert code == 2
    assert "no such directory" in err  # said before the run, not after


def test_write_adds_reports_in_other_formats_from_one_run(
    tools: FakeTools, handbook: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    junit, results = tmp_path / "junit.xml", tmp_path / "results.json"
    code, out, _err = run_cli(
        capsys, "run", str(handbook), "--write", f"junit:{junit}", "--write", f"json:{results}"
    )
    assert code == 1
    counts = out.splitlines()[-1]
    data = json.loads(results.read_text())
    assert counts == (
        f"{data['summary']['passed']} passed, {data['summary']['failed']} failed, "
        f"{data['summary']['warned']} warned, {data['summary']['skipped']} skipped"
    )
    suites = ET.parse(junit).getroot()
    assert int(suites.get("tests", "0")) == len(data["results"])
    code, _out, err = run_cli(capsys, "run", str(handbook), "--write", "yaml:x.yaml")
    assert code == 2
    assert "FORMAT:FILE" in err


def test_output_over_the_manifest_being_run_is_refused(
    tools: FakeTools, handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = handbook.read_bytes()
    code, _out, err = run_cli(capsys, "run", str(handbook), "--output", str(handbook))
    assert code == 2
    assert "would replace the manifest being run" in err
    assert handbook.read_bytes() == before


def test_output_and_write_naming_one_file_are_refused(
    tools: FakeTools, handbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report"
    code, _out, err = run_cli(
        capsys, "run", str(handbook), "--output", str(report), "--write", f"json:{report}"
    )
    assert code == 2
    assert "name the same file; one report each" in err
    assert not report.exists()


def test_output_to_a_device_or_directory_is_refused_and_left_alone(
    tools: FakeTools, handbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import stat

    device = tmp_path / "full"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # a /dev/full of our own
    code, _out, err = run_cli(capsys, "run", str(handbook), "--output", str(device))
    assert (code, stat.S_ISCHR(device.lstat().st_mode)) == (2, True)
    assert "is a character device; an output must be a regular file" in err
    code, _out, err = run_cli(capsys, "run", str(handbook), "--output", str(tmp_path))
    assert code == 2
    assert f"--output {tmp_path}: is a directory" in err
    assert ".tmp" not in err and "/." not in err  # no temporary file named


def _run_with_stdout(
    handbook: Path, redirect: str, command: str = "run", after_main: str = ""
) -> subprocess.CompletedProcess[str]:
    """``reqcheck COMMAND HANDBOOK`` in a shell that redirects its stdout; ``after_main`` is
    Python run between main's return and the exit."""
    program = (
        "import sys; from sphinx_reqcheck.runner.cli import main; "
        f"status = main(); {after_main}sys.exit(status)"
    )
    return subprocess.run(
        [
            "/bin/sh",
            "-c",
            f'"$0" -c "$1" {command} "$2" {redirect}',
            sys.executable,
            program,
            str(handbook),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("redirect", "message"),
    [
        (">/dev/full", "cannot write the report to standard output: No space left on device"),
        (">&-", "standard output is closed: pass --output FILE for the report"),
    ],
)
def test_a_report_that_cannot_be_written_is_exit_2(
    tools: FakeTools, handbook: Path, redirect: str, message: str
) -> None:
    done = _run_with_stdout(handbook, redirect)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_output_left_buffered_after_a_failed_report_does_not_change_the_exit_status(
    tools: FakeTools, handbook: Path
) -> None:
    # Whether a failed write leaves bytes in stdout's buffer depends on the report's length;
    # Python flushes them at exit, fails again on /dev/full and would exit 120 instead of 2.
    done = _run_with_stdout(
        handbook, ">/dev/full", after_main="sys.stdout.write('left in the buffer'); "
    )
    assert done.returncode == 2
    assert "Exception ignored" not in done.stderr


def test_validate_with_stdout_closed_is_exit_2_not_a_traceback(handbook: Path) -> None:
    done = _run_with_stdout(handbook, ">&-", command="validate")
    assert (done.returncode, done.stderr) == (2, "reqcheck: standard output is closed\n")


def test_output_in_a_missing_directory_is_refused_before_running(
    handbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "run", str(handbook), "--output", str(tmp_path / "no/r.txt"))
    assert (code, out) == (2, "")
    assert (
        err == f"reqcheck: --output {tmp_path / 'no/r.txt'}: no such directory {tmp_path / 'no'}\n"
    )
