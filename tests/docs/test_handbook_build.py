"""The handbook builds cleanly, exports a valid manifest, and every page is summarised."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema

from sphinx_reqcheck.manifest import parse_manifest
from sphinx_reqcheck.schema import manifest_schema

from .handbook import CONF, DOCS, ROOT, Build

# Pages of the guide; each opens with a summary of its own requirements.
GUIDE_PAGES = (
    "getting-started",
    "package-name",
    "official-build",
    "build-dependencies",
    "stripping",
    "building",
    "runtime-dependencies",
    "kernel",
    "optional-dependencies",
    "init-script",
    "getting-in-touch",
)


class _SummaryLinks(HTMLParser):
    """Collects the links of every summary table and the requirement anchors of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[str]] = []
        self.anchors: list[str] = []
        self.first_summary_at: int | None = None
        self.first_anchor_at: int | None = None
        self._depth = 0  # nesting of <table> inside the current summary table
        self._events = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._events += 1
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "table" and any(c.startswith("reqcheck-summary") for c in classes):
            self.tables.append([])
            self._depth = 1
            if self.first_summary_at is None:
                self.first_summary_at = self._events
        elif tag == "table" and self._depth:
            self._depth += 1
        if tag == "a" and self._depth and attributes.get("href"):
            self.tables[-1].append(str(attributes["href"]))
        anchor = attributes.get("id") or ""
        if anchor.startswith("req-"):
            self.anchors.append(anchor[len("req-") :])
            if self.first_anchor_at is None:
                self.first_anchor_at = self._events

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._depth:
            self._depth -= 1


def _page(html_build: Build, name: str) -> _SummaryLinks:
    parser = _SummaryLinks()
    parser.feed((html_build.out / f"{name}.html").read_text(encoding="utf-8"))
    return parser


def _linked_ids(links: list[str]) -> set[str]:
    return {match.group(1) for link in links if (match := re.search(r"#req-(.+)$", link))}


def test_html_build_succeeds_with_warnings_as_errors(html_build: Build) -> None:
    assert html_build.returncode == 0, html_build.stderr
    assert "WARNING" not in html_build.stderr
    assert "ERROR" not in html_build.stderr


def test_manifest_build_succeeds_with_warnings_as_errors(manifest_build: Build) -> None:
    assert manifest_build.returncode == 0, manifest_build.stderr
    assert "WARNING" not in manifest_build.stderr
    assert (manifest_build.out / "manifest.json").is_file()


def test_manifest_is_valid_for_the_runner_and_the_schema(manifest: dict[str, Any]) -> None:
    parsed = parse_manifest(manifest)
    jsonschema.validate(manifest, manifest_schema())
    assert parsed.project == "Docker packager handbook"
    assert len(parsed.requirements) >= 60


def test_every_requirement_comes_from_a_guide_page(manifest: dict[str, Any]) -> None:
    docs = {entry["source"]["doc"] for entry in manifest["requirements"]}
    assert docs == set(GUIDE_PAGES)


def test_no_example_requirement_leaks_into_the_handbook(manifest: dict[str, Any]) -> None:
    ids = [entry["id"] for entry in manifest["requirements"]]
    assert not [rid for rid in ids if rid.startswith("example-")]


def test_every_guide_page_opens_with_a_summary_of_its_requirements(
    html_build: Build, manifest: dict[str, Any]
) -> None:
    for name in GUIDE_PAGES:
        page = _page(html_build, name)
        own = [e["id"] for e in manifest["requirements"] if e["source"]["doc"] == name]
        assert own, f"{name} has no requirements"
        assert page.tables, f"{name} has no summary table"
        assert page.first_summary_at is not None and page.first_anchor_at is not None
        assert page.first_summary_at < page.first_anchor_at, f"{name}: summary comes late"
        assert _linked_ids(page.tables[0]) == set(own), name
        assert sorted(page.anchors) == sorted(own), name


def test_all_requirements_page_lists_every_requirement(
    html_build: Build, manifest: dict[str, Any]
) -> None:
    page = _page(html_build, "all-requirements")
    assert len(page.tables) == 1
    assert _linked_ids(page.tables[0]) == {e["id"] for e in manifest["requirements"]}


def test_every_page_is_in_the_toctree(html_build: Build) -> None:
    sources = {path.stem for path in DOCS.glob("*.md")}
    built = {path.stem for path in html_build.out.glob("*.html")}
    assert sources <= built
    index = (html_build.out / "index.html").read_text(encoding="utf-8")
    for name in sources - {"index"}:
        assert f'href="{name}.html"' in index, name


def test_requirement_anchor_in_manifest_url_exists_in_html(
    html_build: Build, manifest: dict[str, Any]
) -> None:
    pages: dict[str, str] = {}
    for entry in manifest["requirements"]:
        page, _, anchor = entry["url"].partition("#")
        if page not in pages:
            pages[page] = (html_build.out / page).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in pages[page], entry["url"]


def test_sources_have_no_unfinished_markers() -> None:
    for path in sorted(DOCS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for marker in ("TODO", "FIXME", "XXX", "lorem"):
            assert marker not in text, f"{path.name}: {marker}"


def test_the_checkout_has_one_configuration_at_the_top() -> None:
    configurations = sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.glob("**/conf.py")
        if not path.relative_to(ROOT).parts[0].startswith(".")
        and path.relative_to(ROOT).parts[:2] != ("tests", "roots")
    )
    assert configurations == ["conf.py"]


def test_conf_puts_the_checkout_extension_first_on_the_path() -> None:
    # Run conf.py as Sphinx would (by itself, in a fresh interpreter), then ask where
    # sys.path[0] points and which sphinx_reqcheck that makes importable.
    script = (
        "import runpy, sys; namespace = runpy.run_path(sys.argv[1]); "
        "import sphinx_reqcheck; "
        "print(sys.path[0]); print(sphinx_reqcheck.__file__); print(namespace['extensions'])"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script, str(CONF)],
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    )
    first, package, extensions = completed.stdout.splitlines()
    assert Path(first) == ROOT / "ext"
    assert Path(package) == ROOT / "ext" / "sphinx_reqcheck" / "__init__.py"
    assert extensions == "['myst_parser', 'sphinx_reqcheck']"
