"""The fleet page and the failing hosts of a block, in headless Chromium at 1366 and 390 px.

The fleet is made of real runs of the bundled manifest: this host (``results``) and an
empty chroot (``reqcheck run --root``), the chroot repeated under a dozen names so the
matrix is wider than a phone, and one unreachable host; ``Fleet`` gathers them as
``reqcheck fleet`` does (the Ansible part is tested in tests/fleet).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sphinx_reqcheck.fleet.matrix import Fleet, FleetHost
from sphinx_reqcheck.results import parse_results

from .chromium import CHROMIUM, open_browser
from .handbook import build_handbook

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]
CHROOTS = [f"chroot-{index:02}" for index in range(1, 13)]
HOSTS = ["build-host", *CHROOTS, "target-down"]


def _host(name: str, report: dict[str, Any]) -> FleetHost:
    return FleetHost(name, "ok", "", report, parse_results(report, name))


@pytest.fixture(scope="module")
def fleet_site(results: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("fleet-site")
    (base / "empty-root").mkdir()
    chroot = base / "chroot.json"
    argv = [sys.executable, "-m", "sphinx_reqcheck.runner", "run", "--format", "json"]
    done = subprocess.run(
        [*argv, "--root", str(base / "empty-root"), "--output", str(chroot)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    here = json.loads(results.read_text(encoding="utf-8"))
    empty = json.loads(chroot.read_text(encoding="utf-8"))
    hosts = [_host("build-host", here), *(_host(name, empty) for name in CHROOTS)]
    hosts.append(FleetHost("target-down", "unreachable", "ssh: connect to host: refused"))
    fleet_json = base / "fleet.json"
    fleet_json.write_text(json.dumps(Fleet(here["manifest"], hosts).to_json()), encoding="utf-8")
    out = base / "html"
    build = build_handbook("html", out, "-D", f"reqcheck_fleet_results={fleet_json}")
    assert build.returncode == 0, build.stderr
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with tempfile.TemporaryDirectory(prefix="reqcheck-chromium-") as profile:
        driver = open_browser(profile)
        try:
            yield driver
        finally:
            driver.quit()


def _open(browser: Any, site: Path, page: str, width: int) -> None:
    name, _, fragment = page.partition("#")
    browser.set_window_size(width, 1000)
    browser.get((site / name).as_uri() + (f"#{fragment}" if fragment else ""))


def _click(browser: Any, element: Any) -> None:
    # Furo scrolls smoothly; a click must wait for nothing, so jump there first.
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'})",
        element,
    )
    element.click()


def _page_overflows(browser: Any) -> bool:
    return bool(
        browser.execute_script(
            "const e = document.documentElement; return e.scrollWidth > e.clientWidth + 1"
        )
    )


@pytest.mark.parametrize("width", [1366, 390])
def test_matrix_has_a_column_per_host_and_the_page_does_not_overflow(
    browser: Any, fleet_site: Path, width: int
) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, fleet_site, "fleet-report.html", width)
    heads = browser.find_elements(By.CSS_SELECTOR, "table.reqcheck-fleet-matrix thead th")
    assert [head.text for head in heads] == ["Requirement", *HOSTS]
    assert not _page_overflows(browser), "the matrix scrolls in its box, not the page"
    box = browser.find_element(By.CSS_SELECTOR, ".reqcheck-fleet-scroll")
    if width == 390:
        assert browser.execute_script("return arguments[0].scrollWidth", box) > box.rect["width"]


@pytest.mark.parametrize("width", [1366, 390])
def test_header_and_requirement_column_stay_put_while_the_matrix_scrolls(
    browser: Any, fleet_site: Path, width: int
) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, fleet_site, "fleet-report.html", width)
    box = browser.find_element(By.CSS_SELECTOR, ".reqcheck-fleet-scroll")
    host_head = browser.find_elements(By.CSS_SELECTOR, "table.reqcheck-fleet-matrix thead th")[1]
    first_row = browser.find_element(By.CSS_SELECTOR, "table.reqcheck-fleet-matrix tbody th")
    browser.execute_script("arguments[0].scrollTop = 400; arguments[0].scrollLeft = 300", box)
    assert abs(host_head.rect["y"] - box.rect["y"]) <= 2, "the host names stick to the top"
    row_head = browser.find_elements(By.CSS_SELECTOR, "table.reqcheck-fleet-matrix tbody th")[8]
    assert abs(row_head.rect["x"] - box.rect["x"]) <= 2, "the ids stick to the left"
    assert first_row.rect["y"] < box.rect["y"], "the body did scroll"


def test_a_cell_shows_the_observed_value_and_links_to_the_requirement(
    browser: Any, fleet_site: Path
) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, fleet_site, "fleet-report.html", 1366)
    row = next(
        row
        for row in browser.find_elements(By.CSS_SELECTOR, "table.reqcheck-fleet-matrix tbody tr")
        if row.find_elements(By.CSS_SELECTOR, "th") and "go-version" in row.text
    )
    cells = row.find_elements(By.CSS_SELECTOR, "td")
    assert len(cells) == len(HOSTS)
    chroot = cells[1]
    assert "reqcheck-cell-fail" in chroot.get_attribute("class")
    assert chroot.get_attribute("title").startswith("chroot-01: \u2717 FAIL; observed ")
    assert cells[-1].text == "." and "unreachable" in cells[-1].get_attribute("title")
    _click(browser, chroot.find_element(By.CSS_SELECTOR, "a"))
    assert browser.current_url.endswith("build-dependencies.html#req-go-version")


def test_phone_details_row_lists_the_observed_values(browser: Any, fleet_site: Path) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, fleet_site, "fleet-report.html", 390)
    details = browser.find_element(By.CSS_SELECTOR, "tr.reqcheck-fleet-details details")
    items = details.find_elements(By.CSS_SELECTOR, "li")
    assert not items[0].is_displayed()
    _click(browser, details.find_element(By.CSS_SELECTOR, "summary"))
    assert items[0].is_displayed()
    assert items[0].text.startswith("chroot-01 ")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_requirement_block_lists_the_hosts_that_fail_it(
    browser: Any, fleet_site: Path, width: int
) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, fleet_site, "build-dependencies.html#req-go-version", width)
    line = browser.find_element(By.CSS_SELECTOR, "#req-go-version .reqcheck-fleet-failing")
    assert line.is_displayed()
    assert line.text.startswith(f"\u2717 FAIL on 12 of {len(HOSTS)} hosts: chroot-01, ")
    assert "build-host" not in line.text
    assert not _page_overflows(browser)
