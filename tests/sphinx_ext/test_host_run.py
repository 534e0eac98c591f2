"""``-D reqcheck_run=1``: the runner streams through subprocess-tee, and failures reach the log.

The runner's text report is streamed into the Sphinx console as it is written; a failed
required requirement is one ``reqcheck.run`` warning holding the report's lines for each
failure and the path of ``output.txt`` (visible under ``-q``, where info is not); a runner
that outlives its deadline is killed with its process group.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sphinx_reqcheck import carry
from sphinx_reqcheck.sphinx_ext import host_run

from .helpers import build_once, warnings_of


@pytest.fixture
def srcdir(rootdir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "src"
    shutil.copytree(rootdir / "test-verdicts", target)
    return target


def tool_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, script: str) -> None:
    tools = tmp_path / "bin"
    tools.mkdir(exist_ok=True)
    (tools / name).write_text(f"#!/bin/sh\n{script}\n")
    (tools / name).chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")


def run_build(make_app: Any, srcdir: Path, outdir: Path) -> Any:
    return build_once(make_app, "reqcheck", srcdir, outdir, confoverrides={"reqcheck_run": True})


def test_failures_are_one_warning_with_the_report_lines_and_output_path(
    make_app: Any, srcdir: Path, tmp_path: Path
) -> None:
    app = run_build(make_app, srcdir, tmp_path / "run")
    assert app.statuscode == 1
    warnings = warnings_of(app)
    output = Path(app.outdir) / "output.txt"
    assert f"required requirements failed on this host; the report is {output}" in warnings
    assert "[reqcheck.run]" in warnings
    report = output.read_text(encoding="utf-8").splitlines()
    failed = [line for line in report if "frobnicator-present:" in line]
    assert len(failed) == 1
    start = end = report.index(failed[0])
    while report[end + 1].startswith("      "):
        end += 1
    assert end > start, "a failure carries evidence in the text report"
    shown = warnings.splitlines()
    # The same lines as the text report, in its order, and only the failure's.
    at = shown.index(failed[0])
    assert shown[at : at + end - start + 1] == report[start : end + 1]
    assert not [line for line in shown if "shell-present" in line or "old-tool:" in line]
    assert report[-1] in warnings  # the totals line


def test_a_passing_run_logs_no_warning(
    make_app: Any, srcdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tool_on_path(tmp_path, monkeypatch, "frobnicate-nothing-here", "exit 0")
    app = run_build(make_app, srcdir, tmp_path / "run")
    assert app.statuscode == 0
    assert warnings_of(app) == ""


def test_the_report_streams_into_the_console(make_app: Any, srcdir: Path, tmp_path: Path) -> None:
    app = run_build(make_app, srcdir, tmp_path / "run")
    status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
    report = (Path(app.outdir) / "output.txt").read_text(encoding="utf-8").splitlines()
    verdicts = [line for line in report if re.match(r"^  \S+ +\S+ +[a-z-]+: ", line)]
    assert len(verdicts) == 4
    for line in [*verdicts, report[-1]]:
        assert line in status.splitlines()


def test_a_runner_past_its_deadline_is_killed_with_its_group(
    make_app: Any, srcdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "still-running"
    # The tool outlives the runner's own 10 s probe timeout; the deadline comes first.
    tool_on_path(tmp_path, monkeypatch, "old-tool", f"sleep 5; touch {marker}")
    monkeypatch.setattr(host_run, "RUN_TIMEOUT", 1.0)
    app = run_build(make_app, srcdir, tmp_path / "run")
    assert app.statuscode == 1
    assert "reqcheck run was stopped after 1 s" in warnings_of(app)
    assert not (Path(app.outdir) / "results.json").exists()
    os.system("sleep 6")  # the tool would have touched the marker by now, had it lived
    assert not marker.exists()


def test_a_rebuild_keeps_the_runner_base_and_carries_the_new_manifest(
    make_app: Any, srcdir: Path, tmp_path: Path
) -> None:
    first = build_once(make_app, "reqcheck", srcdir, tmp_path / "b", freshenv=True)
    cache = Path(first.doctreedir) / carry.BASE_CACHE_NAME
    kept = (cache.stat().st_ino, cache.stat().st_mtime_ns)
    page = srcdir / "tools.md"
    page.write_text(page.read_text().replace("frobnicator-present", "frobnicator-there"))
    second = build_once(make_app, "reqcheck", srcdir, tmp_path / "b", freshenv=True)
    assert (cache.stat().st_ino, cache.stat().st_mtime_ns) == kept
    with zipfile.ZipFile(Path(second.outdir) / host_run.ZIPAPP_NAME) as runner:
        carried = runner.read(carry.MANIFEST_NAME)
    assert carried == (Path(second.outdir) / "manifest.json").read_bytes()
    assert b"frobnicator-there" in carried
