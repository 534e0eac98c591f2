"""Incremental html builds write the same bytes as a fresh build.

After an edit, Sphinx rereads only the edited document; the extension has pages rewritten
(not reread) where they show a requirement whose shown part changed: summaries, "All
requirements", references and the host report. Every page of the incremental build must
equal the fresh build's, byte for byte, whether the edit touched a body only or a title.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from .helpers import build_once

# (root, edits in the order they are made: page, old text, new text)
EDITS = [
    (
        "test-multi",
        [
            # a body only, then a title
            ("zeta.rst", "See also", "As said before, see also"),
            ("zeta.rst", "Kernel options for networking", "Kernel options for the network"),
            # an id renamed (a reference to the old id dangles), then a requirement removed
            ("zeta.rst", ".. req:command:: zeta-two", ".. req:command:: zeta-three"),
            ("zeta.rst", ".. req:kernel-config:: zeta-one", ".. comment:: zeta-one"),
        ],
    ),
    (
        "test-verdicts",
        [
            ("tools.md", "Every build script", "Each build script"),
            ("tools.md", "A POSIX shell", "A POSIX shell (sh)"),
        ],
    ),
]


def _pages(outdir: Path) -> dict[str, bytes]:
    """Every html page, by path. (Not searchindex.js: Sphinx's own incremental index keeps
    a term whose last use was edited away as ``"term":[]``, with or without extensions.)"""
    return {str(path.relative_to(outdir)): path.read_bytes() for path in outdir.rglob("*.html")}


def _edit(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    # Sphinx compares modification times: make the edit newer than the last build.
    stat = page.stat()
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


@pytest.fixture
def results(make_app: Any, rootdir: Path, tmp_path: Path) -> Path:
    """results.json of a real run of the verdicts root's manifest on this host."""
    app = build_once(
        make_app,
        "reqcheck",
        rootdir / "test-verdicts",
        tmp_path / "run",
        confoverrides={"reqcheck_run": True},
    )
    return Path(app.outdir) / "results.json"


@pytest.mark.parametrize("parallel", [0, 2])
@pytest.mark.parametrize(("root", "edits"), EDITS)
def test_incremental_html_equals_fresh(
    make_app: Any,
    rootdir: Path,
    tmp_path: Path,
    results: Path,
    root: str,
    edits: list[tuple[str, str, str]],
    parallel: int,
) -> None:
    src = tmp_path / "src"
    shutil.copytree(rootdir / root, src)
    overrides = {"reqcheck_results": str(results)} if root == "test-verdicts" else {}

    def build(builddir: Path, fresh: bool = False) -> dict[str, bytes]:
        app = build_once(make_app, "html", src, builddir, freshenv=fresh, confoverrides=overrides)
        return _pages(Path(app.outdir))

    incremental = tmp_path / "incremental"
    build(incremental)
    for step, (name, old, new) in enumerate(edits):
        _edit(src / name, old, new)
        rebuilt = build(incremental)
        fresh = build(tmp_path / f"fresh{step}", fresh=True)
        assert rebuilt.keys() == fresh.keys()
        differing = [page for page in fresh if rebuilt[page] != fresh[page]]
        assert differing == [], f"after editing {old!r} to {new!r}"
        assert new.split()[-1].encode() in b"".join(fresh.values())


def test_reordered_pages_reorder_the_summary(make_app: Any, rootdir: Path, tmp_path: Path) -> None:
    """Swapping two pages in the toctree moves their rows in the summary of a rebuild.
    (Only the summary is compared: Sphinx itself leaves the neighbours' previous and next
    links as they were, with or without extensions.)"""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-multi", src)

    def summary(builddir: Path, fresh: bool = False) -> bytes:
        app = build_once(make_app, "html", src, builddir, freshenv=fresh)
        return (Path(app.outdir) / "summary.html").read_bytes()

    before = summary(tmp_path / "incremental")
    _edit(src / "index.rst", "   zeta\n   alpha\n", "   alpha\n   zeta\n")
    after = summary(tmp_path / "incremental")
    assert after == summary(tmp_path / "fresh", fresh=True)
    assert before.index(b"zeta-one") < before.index(b"alpha-one")
    assert after.index(b"alpha-one") < after.index(b"zeta-one")


@pytest.mark.parametrize("buildername", ["html", "reqcheck"])
def test_rebuild_reports_no_configuration_change(
    make_app: Any, rootdir: Path, tmp_path: Path, buildername: str
) -> None:
    """A second build with the same conf.py says nothing of a changed configuration (the
    extension's static path was appended after Sphinx had compared the configurations, so
    every rebuild reported 'html_static_path' as changed)."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-multi", src)
    # Given, not left to sphinx.testing, which sets its own theme after comparing.
    theme = {"html_theme": "basic"}
    build_once(make_app, buildername, src, tmp_path / "build", confoverrides=theme)
    _edit(src / "zeta.rst", "See also", "As said before, see also")
    app = build_once(make_app, buildername, src, tmp_path / "build", confoverrides=theme)
    assert "configuration has changed" not in app.status.getvalue()
    assert "0 added, 1 changed, 0 removed" in app.status.getvalue()
