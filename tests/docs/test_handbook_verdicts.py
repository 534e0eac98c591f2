"""The handbook built with a host's results (``tox -e docs``): verdicts everywhere, -W clean."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx_reqcheck.manifest import bundled_manifest_path

from .handbook import Build


def test_handbook_with_results_builds_with_warnings_as_errors(verdict_build: Build) -> None:
    assert verdict_build.returncode == 0, verdict_build.stderr
    assert "WARNING" not in verdict_build.stderr


def test_every_requirement_block_shows_its_verdict(verdict_build: Build, results: Path) -> None:
    report: dict[str, Any] = json.loads(results.read_text(encoding="utf-8"))
    by_page: dict[str, int] = {}
    for entry in json.loads(bundled_manifest_path().read_text(encoding="utf-8"))["requirements"]:
        page = entry["url"].partition("#")[0]
        by_page[page] = by_page.get(page, 0) + 1
    for page, count in by_page.items():
        html = (verdict_build.out / page).read_text(encoding="utf-8")
        # One verdict per block, and one more per summary row of the page's own table.
        assert html.count('class="reqcheck-verdict ') >= count, page
    assert len(report["results"]) == sum(by_page.values())


def test_host_report_page_lists_every_verdict(verdict_build: Build) -> None:
    html = (verdict_build.out / "host-report.html").read_text(encoding="utf-8")
    assert "This build shows no host" not in html
    assert 'href="build-dependencies.html#req-go-version"' in html
    assert 'href="kernel.html#req-kernel-namespaces"' in html


def test_host_report_page_explains_itself_without_results(html_build: Build) -> None:
    html = (html_build.out / "host-report.html").read_text(encoding="utf-8")
    assert "reqcheck_results" in html
