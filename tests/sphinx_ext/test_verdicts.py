"""The handbook with a host's verdicts, and the reqcheck builder's run on the build host."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

from .helpers import build_once, warnings_of

FAKE_TOOL = "frobnicate-nothing-here"


@pytest.fixture
def srcdir(rootdir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "src"
    shutil.copytree(rootdir / "test-verdicts", target)
    return target


def run_build(make_app: Any, srcdir: Path, outdir: Path) -> Any:
    return build_once(make_app, "reqcheck", srcdir, outdir, confoverrides={"reqcheck_run": True})


@pytest.fixture
def results(make_app: Any, srcdir: Path, tmp_path: Path) -> Path:
    """results.json of a real run of the test root's manifest on this host."""
    app = run_build(make_app, srcdir, tmp_path / "run")
    assert app.statuscode == 1  # the frobnicator is missing
    return Path(app.outdir) / "results.json"


def html_build(make_app: Any, srcdir: Path, outdir: Path, results: Path | None) -> Any:
    overrides = {"reqcheck_results": str(results)} if results else {}
    return build_once(make_app, "html", srcdir, outdir, confoverrides=overrides)


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a source of the test root, as an author would."""
    path.write_text(path.read_text().replace(old, new))


def rewrite_results(results: Path, change: Callable[[dict[str, Any]], object]) -> None:
    """Change a results file in place, as another run (or another runner) would have."""
    data = json.loads(results.read_text())
    change(data)
    results.write_text(json.dumps(data))


def page(app: Any, name: str) -> str:
    return (Path(app.outdir) / f"{name}.html").read_text(encoding="utf-8")


def block(html: str, requirement_id: str) -> str:
    start = html.index(f'id="req-{requirement_id}"')
    return html[start : html.index("</section>", start)]


def summary_row(html: str, requirement_id: str) -> str:
    """The row of ``requirement_id`` in the page's summary table."""
    start = html.index('class="reqcheck-summary-table')
    table = html[start : html.index("</table>", start)]
    cell = table.index(f">{requirement_id}<")
    return table[table.rindex("<tr", 0, cell) : table.index("</tr>", cell)]


def test_run_writes_manifest_verdicts_junit_and_the_runner_to_carry(
    results: Path,
) -> None:
    outdir = results.parent
    for name in ("manifest.json", "results.json", "output.txt", "junit.xml", "reqcheck.pyz"):
        assert (outdir / name).is_file(), name
    statuses = {r["id"]: r["status"] for r in json.loads(results.read_text())["results"]}
    assert statuses == {
        "shell-present": "pass",
        "frobnicator-present": "fail",
        "old-tool": "warn",
        "package-name": "manual",
    }
    assert (outdir / "output.txt").read_text().splitlines()[-1] == (
        "1 passed, 1 failed, 1 warned, 1 skipped"
    )


def test_run_exits_0_when_the_host_has_what_is_required(
    make_app: Any, srcdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / FAKE_TOOL).write_text("#!/bin/sh\nexit 0\n")
    (tools / FAKE_TOOL).chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    app = run_build(make_app, srcdir, tmp_path / "run")
    assert app.statuscode == 0
    assert "0 failed" in (Path(app.outdir) / "output.txt").read_text()


def test_without_run_only_manifest_and_runner_are_written(
    make_app: Any, srcdir: Path, tmp_path: Path
) -> None:
    app = build_once(make_app, "reqcheck", srcdir, tmp_path / "plain")
    written = sorted(p.name for p in Path(app.outdir).iterdir() if not p.name.startswith("."))
    assert written == ["manifest.json", "reqcheck.pyz"]
    assert app.statuscode == 0


def test_blocks_show_verdict_observed_and_evidence(
    make_app: Any, srcdir: Path, tmp_path: Path, results: Path
) -> None:
    app = html_build(make_app, srcdir, tmp_path / "html", results)
    assert warnings_of(app) == ""
    tools = page(app, "tools")
    failed = block(tools, "frobnicator-present")
    assert "\u2717 FAIL" in failed
    assert "reqcheck-verdict-fail" in failed
    assert "reqcheck-evidence" in failed  # the evidence of a failure is shown
    assert "\u2713 pass" in block(tools, "shell-present")
    assert "reqcheck-evidence" not in block(tools, "shell-present")
    assert "! warn" in block(tools, "old-tool")


def test_summary_gains_a_verdict_column(
    make_app: Any, srcdir: Path, tmp_path: Path, results: Path
) -> None:
    app = html_build(make_app, srcdir, tmp_path / "html", results)
    summary = page(app, "tools").split("reqcheck-summary-table", 1)[1].split("</table>", 1)[0]
    assert "Verdict" in summary
    assert "\u2717 FAIL" in summary


def test_host_report_lists_failures_first_with_links(
    make_app: Any, srcdir: Path, tmp_path: Path, results: Path
) -> None:
    app = html_build(make_app, srcdir, tmp_path / "html", results)
    report = page(app, "host")
    rows = re.findall(r'href="tools.html#req-([a-z-]+)"', report)
    assert rows == ["frobnicator-present", "old-tool", "package-name", "shell-present"]
    assert "1 passed, 1 failed, 1 warned, 1 skipped" in report
    data = json.loads(results.read_text())
    assert data["host"]["hostname"] in report
    assert f"verdicts 1.0, sha256 {data['manifest']['sha256'][:12]}" in report


def test_failures_and_warnings_say_what_to_do_in_blocks_and_host_report(
    make_app: Any, srcdir: Path, tmp_path: Path, results: Path
) -> None:
    app = html_build(make_app, srcdir, tmp_path / "html", results)
    tools = page(app, "tools")
    hint = "install the package that provides <code"
    assert "What to do: </strong>" + hint in block(tools, "frobnicator-present")
    assert "What to do:" in block(tools, "old-tool")
    assert "What to do:" not in block(tools, "shell-present")
    report = page(app, "host")
    assert report.count("What to do:") == 2  # the failure and the warning


def test_host_report_shows_each_fact_once_and_the_unset_inputs_on_one_line(
    make_app: Any, srcdir: Path, tmp_path: Path, results: Path
) -> None:
    app = html_build(make_app, srcdir, tmp_path / "html", results)
    facts = page(app, "host").split('class="reqcheck-host-facts', 1)[1].split("</dl>", 1)[0]
    names = re.findall(r"<dt[^>]*>(.*?)<span", facts)
    assert names.count("Root inspected") == 1
    assert "root" not in names
    assert "(unset)" not in facts
    not_set = facts.split("Not set", 1)[1].split("</dd>", 1)[0]
    assert "AUTO_GOPATH, DOCKER_CLIENTONLY, DOCKER_INITPATH" in not_set
    assert "timeout" in names  # an input that was given keeps a line of its own


def test_host_report_without_results_says_how_to_get_them(
    make_app: Any, srcdir: Path, tmp_path: Path
) -> None:
    app = html_build(make_app, srcdir, tmp_path / "html", None)
    assert "shows no host" in page(app, "host")
    assert "Verdict" not in page(app, "tools")
    assert warnings_of(app) == ""


def test_stale_verdicts_are_warned_and_marked_not_dropped(
    make_app: Any, srcdir: Path, tmp_path: Path, results: Path
) -> None:
    # The handbook changes the check after the run: a verdict on "2.0 or later" says
    # nothing about "3.0 or later".
    replace_in(srcdir / "tools.md", ":minimum: 2.0", ":minimum: 3.0")
    rewrite_results(
        results,
        lambda data: data["results"].append(
            dict(data["results"][1], id="gone-requirement", title="Removed since")
        ),
    )
    app = html_build(make_app, srcdir, tmp_path / "html", results)
    warnings = warnings_of(app)
    assert re.search(r"tools.md:\d+: WARNING: .*'old-tool' is stale \(made when", warnings)
    assert "'gone-requirement' is stale (the handbook has no such requirement" in warnings
    assert "[reqcheck.results]" in warnings
    assert len(re.findall("is stale", warnings)) == 2
    assert "stale" in block(page(app, "tools"), "old-tool")
    assert "stale" not in block(page(app, "tools"), "shell-present")
    report = page(app, "host")
    assert "gone-requirement" in report
    assert 'href="tools.html#req-gone-requirement"' not in report


def test_rewording_leaves_verdicts_current(
    make_app: Any, srcdir: Path, tmp_path: Path, results: Path
) -> None:
    # Titles reworded in the handbook, and the expected value described in other words
    # (as when model.py's wording changes): the requirements themselves are the same.
    replace_in(srcdir / "tools.md", "A POSIX shell", "A shell that follows POSIX")

    def reword(data: dict[str, Any]) -> None:
        for entry in data["results"]:
            entry["expected"] = f"in other words: {entry['expected']}"

    rewrite_results(results, reword)
    app = html_build(make_app, srcdir, tmp_path / "html", results)
    assert warnings_of(app) == ""
    assert "stale" not in page(app, "tools")
    assert "\u2713 pass" in block(page(app, "tools"), "shell-present")


def test_results_of_a_manifest_without_digests_are_stale(
    make_app: Any, srcdir: Path, tmp_path: Path, results: Path
) -> None:
    rewrite_results(results, lambda data: [entry.update(digest="") for entry in data["results"]])
    app = html_build(make_app, srcdir, tmp_path / "html", results)
    assert "carried no requirement digest" in warnings_of(app)


def test_unusable_results_file_is_a_warning_not_a_crash(
    make_app: Any, srcdir: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "results.json"
    broken.write_bytes(b"\xff not json")
    app = html_build(make_app, srcdir, tmp_path / "html", broken)
    assert "reqcheck_results:" in warnings_of(app)
    assert "not a JSON report" in warnings_of(app)
    assert "shows no host" in page(app, "host")
    missing = html_build(make_app, srcdir, tmp_path / "html2", tmp_path / "nope.json")
    assert "cannot read" in warnings_of(missing)


def sphinx_build(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command line, as a user types it in ``cwd``."""
    argv = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", *args]
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_results_given_with_d_are_relative_to_the_working_directory(
    srcdir: Path, tmp_path: Path, results: Path
) -> None:
    # The README's recipe, run from the directory holding results.json (not conf.py's).
    shutil.copy(results, tmp_path / "results.json")
    done = sphinx_build(tmp_path, "-D", "reqcheck_results=results.json", "src", "out")
    assert done.returncode == 0, done.stderr
    assert "\u2717 FAIL" in (tmp_path / "out" / "tools.html").read_text(encoding="utf-8")


def test_results_set_in_conf_py_are_relative_to_its_directory(
    srcdir: Path, tmp_path: Path, results: Path
) -> None:
    shutil.copy(results, srcdir / "host-results.json")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('reqcheck_results = "host-results.json"\n')
    done = sphinx_build(tmp_path, "src", "out")
    assert done.returncode == 0, done.stderr
    assert "\u2717 FAIL" in (tmp_path / "out" / "tools.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("content", [None, b"\xff not json", b'{"format": 1}'])
def test_a_results_file_that_cannot_be_used_fails_the_build_under_w(
    srcdir: Path, tmp_path: Path, content: bytes | None
) -> None:
    if content is not None:
        (tmp_path / "results.json").write_bytes(content)
    done = sphinx_build(tmp_path, "-D", "reqcheck_results=results.json", "src", "out")
    assert done.returncode != 0
    assert "reqcheck_results:" in done.stderr
    assert str(tmp_path / "results.json") in done.stderr  # the file it tried, in full


def test_new_results_rerender_the_pages_of_an_incremental_build(
    make_app: Any, srcdir: Path, tmp_path: Path, results: Path
) -> None:
    outdir = tmp_path / "html"
    first = html_build(make_app, srcdir, outdir, results)
    assert "\u2717 FAIL" in block(page(first, "tools"), "frobnicator-present")
    assert "\u2717 FAIL" in summary_row(page(first, "tools"), "frobnicator-present")
    data = json.loads(results.read_text())
    for entry in data["results"]:
        if entry["id"] == "frobnicator-present":
            entry["status"], entry["observed"] = "pass", "/usr/bin/frobnicate"
    results.write_text(json.dumps(data))
    second = html_build(make_app, srcdir, outdir, results)
    assert "\u2713 pass" in block(page(second, "tools"), "frobnicator-present")
    assert "\u2713 pass" in summary_row(page(second, "tools"), "frobnicator-present")
    assert "\u2713 pass" in page(second, "host")
