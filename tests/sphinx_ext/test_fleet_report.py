"""``reqcheck_fleet_results`` and ``req:fleet-report`` in Sphinx builds (HTML and text)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from sphinx_reqcheck.fleet.matrix import Fleet, FleetHost
from sphinx_reqcheck.results import FORMAT as RESULTS_FORMAT
from sphinx_reqcheck.results import parse_results

from .helpers import build_once, warnings_of


def _report(statuses: dict[str, str]) -> dict[str, Any]:
    results = [
        {
            "id": rid,
            "title": title,
            "scope": ["build"],
            "level": "required",
            "status": statuses[rid],
            "expected": expected,
            "observed": "nothing found" if statuses[rid] == "fail" else "here",
            "detail": "",
            "digest": "",
        }
        for rid, title, expected in (
            ("shell-present", "A POSIX shell", "`sh` on the PATH"),
            (
                "frobnicator-present",
                "The frobnicator is installed",
                "`frobnicate-nothing-here` on the PATH",
            ),
        )
    ]
    return {
        "format": RESULTS_FORMAT,
        "host": {"hostname": "h"},
        "summary": {"exit_status": 0},
        "results": results,
    }


def _block(html: str, requirement_id: str) -> str:
    start = html.index(f'id="req-{requirement_id}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def srcdir(rootdir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "src"
    shutil.copytree(rootdir / "test-verdicts", target)
    (target / "fleet.md").write_text("# Fleet\n\n```{req:fleet-report}\n```\n")
    index = target / "index.md"
    index.write_text(index.read_text().replace("tools\n", "tools\nfleet\n", 1))
    return target


@pytest.fixture
def fleet_file(tmp_path: Path) -> Path:
    good = _report({"shell-present": "pass", "frobnicator-present": "pass"})
    bad = _report({"shell-present": "pass", "frobnicator-present": "fail"})
    hosts = [
        FleetHost("alpha", "ok", "", good, parse_results(good, "alpha")),
        FleetHost("beta", "ok", "", bad, parse_results(bad, "beta")),
        FleetHost("gamma", "unreachable", "ssh: connection refused"),
    ]
    path = tmp_path / "fleet.json"
    path.write_text(json.dumps(Fleet({"project": "verdicts"}, hosts).to_json()))
    return path


def test_blocks_list_failing_hosts_and_the_page_shows_the_matrix(
    make_app: Any, srcdir: Path, tmp_path: Path, fleet_file: Path
) -> None:
    overrides = {"reqcheck_fleet_results": str(fleet_file)}
    app = build_once(make_app, "html", srcdir, tmp_path / "html", confoverrides=overrides)
    assert warnings_of(app) == ""
    tools = (Path(app.outdir) / "tools.html").read_text(encoding="utf-8")
    failing = _block(tools, "frobnicator-present")
    assert "\u2717 FAIL on 1 of 3 hosts: " in failing and "beta" in failing
    assert "alpha" not in failing
    assert "reqcheck-fleet-failing" not in _block(tools, "shell-present")
    page = (Path(app.outdir) / "fleet.html").read_text(encoding="utf-8")
    assert page.index("frobnicator-present") < page.index("shell-present")  # worst first
    assert 'href="tools.html#req-frobnicator-present"' in page
    assert 'title="beta: \u2717 FAIL; observed nothing found"' in page
    assert "ssh: connection refused" in page


def test_other_builders_get_a_plain_table(
    make_app: Any, srcdir: Path, tmp_path: Path, fleet_file: Path
) -> None:
    overrides = {"reqcheck_fleet_results": str(fleet_file)}
    app = build_once(make_app, "text", srcdir, tmp_path / "text", confoverrides=overrides)
    assert warnings_of(app) == ""
    text = (Path(app.outdir) / "fleet.txt").read_text(encoding="utf-8")
    assert "alpha" in text and "beta" in text and "gamma" in text
    assert "\u2717" in text


def test_an_unusable_fleet_file_is_a_typed_warning(
    make_app: Any, srcdir: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "fleet.json"
    broken.write_text(json.dumps({"format": 1, "manifest": {}, "hosts": {"a": {"state": "gone"}}}))
    overrides = {"reqcheck_fleet_results": str(broken)}
    app = build_once(make_app, "html", srcdir, tmp_path / "html", confoverrides=overrides)
    warnings = warnings_of(app)
    assert "hosts/a/state: must be one of ok, unreachable, failed, skipped" in warnings
    assert "[reqcheck.results]" in warnings
    page = (Path(app.outdir) / "fleet.html").read_text(encoding="utf-8")
    assert "This build shows no fleet." in page


def test_a_relative_path_given_with_d_is_read_from_the_working_directory(
    make_app: Any, srcdir: Path, tmp_path: Path, fleet_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(fleet_file.parent)  # not the configuration directory (srcdir)
    overrides = {"reqcheck_fleet_results": fleet_file.name}
    app = build_once(make_app, "html", srcdir, tmp_path / "html", confoverrides=overrides)
    assert warnings_of(app) == ""
    assert "beta" in (Path(app.outdir) / "fleet.html").read_text(encoding="utf-8")
