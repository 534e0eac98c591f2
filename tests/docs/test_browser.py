"""The published handbook in a real browser: anchors, summary tables and scannable blocks.

Drives headless Chromium through chromedriver (Debian's ``chromium`` and
``chromium-driver`` packages). Skipped only when Chromium is not installed; CI installs
it.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .chromium import CHROMIUM, open_browser
from .handbook import Build, build_handbook

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium driven by selenium, with its own throw-away profile."""
    with tempfile.TemporaryDirectory(prefix="reqcheck-chromium-") as profile:
        driver = open_browser(profile)
        try:
            driver.set_window_size(1280, 2000)
            yield driver
        finally:
            driver.quit()


@pytest.fixture(scope="module")
def site(html_build: Build) -> Path:
    """The handbook's HTML output (the build must have succeeded)."""
    assert html_build.returncode == 0, html_build.stderr
    return html_build.out


def _open(browser: Any, site: Path, page: str, width: int = 1280) -> None:
    # as_uri() would escape the "#" of a fragment, so it is added afterwards.
    name, _, fragment = page.partition("#")
    browser.set_window_size(width, 2000)
    browser.get((site / name).as_uri() + (f"#{fragment}" if fragment else ""))


def _summary_tables(browser: Any) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(browser.find_elements(By.CSS_SELECTOR, "table[class*='reqcheck-summary']"))


def test_requirement_anchor_is_present_and_shows_id_level_and_scope(
    browser: Any, site: Path
) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, site, "build-dependencies.html#req-go-version")
    block = browser.find_element(By.ID, "req-go-version")
    assert block.is_displayed()
    text = block.text.lower()
    for word in ("go-version", "required", "build", "go 1.3 or later"):
        assert word in text, word


def test_summary_table_links_to_the_requirements_of_the_page(browser: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, site, "build-dependencies.html")
    tables = _summary_tables(browser)
    assert tables, "no summary table on build-dependencies.html"
    links = tables[0].find_elements(By.CSS_SELECTOR, "a[href*='#req-']")
    targets = {link.get_attribute("href").rsplit("#", 1)[1] for link in links}
    assert {"req-go-version", "req-git-version", "req-gopath-layout"} <= targets
    for target in targets:
        assert browser.find_elements(By.ID, target), target


def test_following_a_summary_link_lands_on_the_requirement(browser: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, site, "all-requirements.html")
    (table,) = _summary_tables(browser)
    link = table.find_element(By.CSS_SELECTOR, "a[href$='#req-dockerinit-search-path']")
    # Centre it at once (furo scrolls smoothly): its header and back-to-top button cover edges.
    centre = "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})"
    browser.execute_script(centre, link)
    link.click()
    assert browser.current_url.endswith("building.html#req-dockerinit-search-path")
    assert browser.find_element(By.ID, "req-dockerinit-search-path").is_displayed()


def test_all_requirements_page_has_a_row_per_requirement(
    browser: Any, site: Path, manifest: dict[str, Any]
) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, site, "all-requirements.html")
    (table,) = _summary_tables(browser)
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == len(manifest["requirements"])


def test_phone_width_keeps_id_level_and_scope_readable(browser: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, site, "kernel.html#req-kernel-netfilter", width=390)
    block = browser.find_element(By.ID, "req-kernel-netfilter")
    assert block.is_displayed()
    text = block.text.lower()
    for word in ("kernel-netfilter", "required", "daemon"):
        assert word in text, word
    # The block fits the narrow viewport instead of forcing sideways scrolling.
    assert block.size["width"] <= browser.execute_script("return window.innerWidth")


def test_every_guide_page_shows_its_summary_table(browser: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By

    from .test_handbook_build import GUIDE_PAGES

    for page in GUIDE_PAGES:
        _open(browser, site, f"{page}.html")
        tables = _summary_tables(browser)
        assert len(tables) == 1, page
        assert tables[0].is_displayed(), page
        assert tables[0].find_elements(By.CSS_SELECTOR, "tbody tr"), page


def test_phone_width_summary_shows_id_scope_and_level_without_sideways_scrolling(
    browser: Any, site: Path
) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, site, "runtime-dependencies.html", width=390)
    (table,) = _summary_tables(browser)
    width = browser.execute_script("return document.documentElement.clientWidth")
    assert table.rect["x"] + table.rect["width"] <= width + 1
    row = table.find_elements(By.CSS_SELECTOR, "tbody tr")[0]
    cells = row.find_elements(By.CSS_SELECTOR, "td")
    for cell, word in ((cells[0], "daemon-platform"), (cells[2], "daemon"), (cells[3], "required")):
        assert cell.is_displayed()
        assert word in cell.text
        # On screen, and on one line: no value hides off to the right or breaks in two.
        assert cell.rect["x"] + cell.rect["width"] <= width + 1, word
        font = float(cell.value_of_css_property("font-size").removesuffix("px"))
        assert cell.rect["height"] < 2.5 * font, word


@pytest.fixture(scope="module")
def failing_site(results: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The handbook with this host's verdicts, one of them turned into a failure."""
    data = json.loads(results.read_text(encoding="utf-8"))
    for entry in data["results"]:
        if entry["id"] == "go-version":
            entry["status"], entry["observed"] = "fail", "1.2.2"
    failing = tmp_path_factory.mktemp("failing") / "results.json"
    failing.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path_factory.mktemp("failing-site") / "html"
    build = build_handbook("html", out, "-D", f"reqcheck_results={failing}")
    assert build.returncode == 0, build.stderr
    return out


def test_host_report_shows_counts_and_failures_first(browser: Any, failing_site: Path) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, failing_site, "host-report.html")
    counts = browser.find_element(By.CSS_SELECTOR, ".reqcheck-host-counts")
    assert re.match(r"\d+ passed, 1 failed, \d+ warned, \d+ skipped", counts.text)
    rows = browser.find_elements(By.CSS_SELECTOR, "table.reqcheck-host-table tbody tr")
    first = rows[0].find_elements(By.CSS_SELECTOR, "td")
    assert first[0].text == "\u2717 FAIL"
    assert "go-version" in first[1].text
    statuses = [row.find_element(By.CSS_SELECTOR, "td").text.split()[-1].lower() for row in rows]
    worst_first = ["fail", "error", "warn", "manual", "pass", "skip"]
    ranks = [worst_first.index(status) for status in statuses]
    assert ranks == sorted(ranks), "worst verdicts come first"
    first[1].find_element(By.CSS_SELECTOR, "a").click()
    assert browser.current_url.endswith("build-dependencies.html#req-go-version")


def test_requirement_block_shows_its_verdict_in_words(browser: Any, failing_site: Path) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, failing_site, "build-dependencies.html#req-go-version")
    verdict = browser.find_element(By.CSS_SELECTOR, "#req-go-version .reqcheck-verdict")
    assert verdict.is_displayed()
    assert verdict.text.startswith("\u2717 FAIL on ")
    assert "observed 1.2.2" in verdict.text
