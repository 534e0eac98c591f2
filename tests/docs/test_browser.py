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
    assert cells[0].text.splitlines()[0] == "daemon-platform"  # the id, then the title
    assert cells[1].text == "daemon required"
    labels = browser.execute_script(
        "return Array.from(arguments[0].querySelectorAll('span'))"
        ".map(span => getComputedStyle(span, '::before').content)",
        cells[1],
    )
    assert labels == ['"scope: "', '"level: "']  # each value labelled in words
    for cell in cells[:2]:
        assert cell.is_displayed()
        assert cell.rect["x"] + cell.rect["width"] <= width + 1, cell.text
    # Scope and level on one line: neither hides off to the right or breaks in two.
    font = float(cells[1].value_of_css_property("font-size").removesuffix("px"))
    assert cells[1].rect["height"] < 2.5 * font


def site_with_changed_verdicts(
    results: Path, tmp_path_factory: pytest.TempPathFactory, changes: dict[str, dict[str, str]]
) -> Path:
    """The handbook with this host's verdicts, some of them changed (id -> new fields)."""
    data = json.loads(results.read_text(encoding="utf-8"))
    for entry in data["results"]:
        entry.update(changes.get(entry["id"], {}))
    changed = tmp_path_factory.mktemp("results") / "results.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path_factory.mktemp("site") / "html"
    build = build_handbook("html", out, "-D", f"reqcheck_results={changed}")
    assert build.returncode == 0, build.stderr
    return out


@pytest.fixture(scope="module")
def failing_site(results: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The handbook with this host's verdicts, one of them turned into a failure."""
    failure = {"status": "fail", "observed": "1.2.2"}
    return site_with_changed_verdicts(results, tmp_path_factory, {"go-version": failure})


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


# -- layout and colour at common screen widths ---------------------------------------------

WIDTHS = (390, 1024, 1366, 1920)
PHONE = 40 * 16  # the stylesheet's card layout applies below 40em
STATUS_OF = {
    "git-version": "pass",
    "go-version": "fail",
    "mercurial": "warn",
    "gopath-layout": "skip",
    "dockerfile-deps": "manual",
    "source-checkout": "error",
}
TABLE_PAGES = ("kernel.html", "build-dependencies.html", "host-report.html")


@pytest.fixture(scope="module")
def every_status_site(results: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The handbook with this host's verdicts, set so that every status is shown."""
    changes = {rid: {"status": status} for rid, status in STATUS_OF.items()}
    return site_with_changed_verdicts(results, tmp_path_factory, changes)


COLUMN_RIGHT = """
const table = arguments[0];
const column = table.closest('.table-wrapper') || table.parentElement;
const style = getComputedStyle(column);
return column.getBoundingClientRect().left + column.clientLeft
  + column.clientWidth - parseFloat(style.paddingRight);
"""
# Cells whose content is wider than the cell (cut off or drawn over the next column).
SPILLED_CELLS = """
return Array.from(arguments[0].querySelectorAll('td, th'))
  .filter(cell => cell.scrollWidth > cell.clientWidth + 1)
  .map(cell => cell.textContent.trim().slice(0, 40));
"""


def _right_edge(browser: Any, element: Any) -> float:
    return float(
        browser.execute_script("return arguments[0].getBoundingClientRect().right", element)
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", TABLE_PAGES)
def test_tables_fit_without_sideways_scrolling_and_show_the_verdict(
    browser: Any, every_status_site: Path, page: str, width: int
) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, every_status_site, page, width=width)
    viewport = browser.execute_script("return document.documentElement.clientWidth")
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px"
    tables = browser.find_elements(
        By.CSS_SELECTOR, "table.reqcheck-summary-table, table.reqcheck-host-table"
    )
    assert tables
    for table in tables:
        # The column the table sits in (furo's scrolling wrapper, where it has one).
        column = browser.execute_script(COLUMN_RIGHT, table)
        limit = min(viewport, column) + 1
        assert _right_edge(browser, table) <= limit, "the table is wider than its column"
        spilled = browser.execute_script(SPILLED_CELLS, table)
        assert spilled == [], f"cells whose content is cut or overlaps: {spilled[:3]}"
        verdicts = table.find_elements(By.CSS_SELECTOR, "tbody .reqcheck-status")
        assert verdicts, "no verdict in the table"
        for verdict in verdicts[:5]:
            assert verdict.is_displayed()
            assert _right_edge(browser, verdict) <= limit, verdict.text
        if width > PHONE:
            header = table.find_elements(By.CSS_SELECTOR, "thead th")
            assert header[-1 if "summary" in table.get_attribute("class") else 0].text == (
                "Verdict"
            )
            assert _right_edge(browser, header[-1]) <= limit


def _rgba(text: str) -> tuple[float, float, float, float]:
    values = [float(part) for part in re.findall(r"[\d.]+", text)]
    return (values[0], values[1], values[2], values[3] if len(values) > 3 else 1.0)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(channel) for channel in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(one: tuple[float, float, float], other: tuple[float, float, float]) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# The colour behind an element: its ancestors' backgrounds composited, page colour last.
BACKGROUNDS = """
const layers = [];
for (let node = arguments[0]; node; node = node.parentElement) {
  layers.push(getComputedStyle(node).backgroundColor);
}
layers.push(getComputedStyle(document.documentElement).backgroundColor);
return layers;
"""


def _background(layers: list[str]) -> tuple[float, float, float]:
    colour = (255.0, 255.0, 255.0)
    for layer in reversed(layers):
        r, g, b, alpha = _rgba(layer)
        colour = (
            r * alpha + colour[0] * (1 - alpha),
            g * alpha + colour[1] * (1 - alpha),
            b * alpha + colour[2] * (1 - alpha),
        )
    return colour


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_status_has_its_own_colour_with_aa_contrast_and_its_words(
    browser: Any, every_status_site: Path, theme: str
) -> None:
    from selenium.webdriver.common.by import By

    from sphinx_reqcheck.model import STATUS_LOOK, STATUSES

    colours = {}
    for page in ("host-report.html", "build-dependencies.html"):
        _open(browser, every_status_site, page, width=1366)
        browser.execute_script(f"document.body.dataset.theme = '{theme}'")
        for status in STATUSES:
            for element in browser.find_elements(By.CSS_SELECTOR, f".reqcheck-status-{status}"):
                symbol, word = STATUS_LOOK[status]
                assert element.text.startswith(f"{symbol} {word}"), element.text
                colour = _rgba(element.value_of_css_property("color"))[:3]
                behind = _background(browser.execute_script(BACKGROUNDS, element))
                ratio = _contrast(colour, behind)
                assert ratio >= 4.5, f"{status} on {page} ({theme}): contrast {ratio:.2f}"
                colours.setdefault(status, set()).add(colour)
    assert set(colours) == set(STATUSES), "every status is shown somewhere"
    assert all(len(shades) == 1 for shades in colours.values())
    assert len({next(iter(shades)) for shades in colours.values()}) == len(STATUSES)
