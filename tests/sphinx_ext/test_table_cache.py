"""Summary tables translated once are reused, and never stale.

The kept HTML lives in the doctree directory; these tests look at that file and at the
pages, as a user of ``sphinx-build`` would.
"""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

from sphinx_reqcheck.sphinx_ext.table_cache import CACHE_FILE

from .helpers import build_once, watch_decodes
from .test_incremental import _edit


def _build(make_app: Any, src: Path, builddir: Path, fresh: bool = False) -> Path:
    app = build_once(make_app, "html", src, builddir, freshenv=fresh)
    return Path(app.outdir)


def _source(rootdir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-multi", src)
    return src


def test_a_body_edit_reuses_the_kept_table_and_a_title_edit_replaces_it(
    make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    src = _source(rootdir, tmp_path)
    builddir = tmp_path / "incremental"
    outdir = _build(make_app, src, builddir)
    cache = builddir / "doctrees" / CACHE_FILE
    kept = cache.read_bytes()
    assert {slot.partition(":")[2] for slot in pickle.loads(kept)} == {"summary"}

    _edit(src / "summary.rst", "Summary", "Summary of it all")  # rewrites the table's page
    _build(make_app, src, builddir)
    assert cache.read_bytes() == kept

    _edit(src / "zeta.rst", "Kernel options for networking", "Kernel options for the network")
    _build(make_app, src, builddir)
    assert cache.read_bytes() != kept
    page = (outdir / "summary.html").read_text(encoding="utf-8")
    assert "Kernel options for the network" in page
    fresh = _build(make_app, src, tmp_path / "fresh", fresh=True)
    assert (fresh / "summary.html").read_text(encoding="utf-8") == page


def test_a_kept_table_is_used_without_decoding_the_records_it_shows(
    make_app: Any, rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its rows are chosen and its key made from the record store's columns: rewriting
    # the page of a summary of thousands of requirements decodes none of them.
    src = _source(rootdir, tmp_path)
    builddir = tmp_path / "incremental"
    _build(make_app, src, builddir)
    decoded = watch_decodes(monkeypatch)
    _edit(src / "summary.rst", "Summary", "Summary of it all")  # rewrites the tables' page
    outdir = _build(make_app, src, builddir)
    assert "Kernel options for networking" in (outdir / "summary.html").read_text("utf-8")
    # Only the blocks of the pages rewritten: the summaries' and the index (its toctree
    # shows the edited title).
    assert set(decoded) == {"local-req", "index-req"}


def test_a_damaged_cache_is_translated_again(make_app: Any, rootdir: Path, tmp_path: Path) -> None:
    src = _source(rootdir, tmp_path)
    builddir = tmp_path / "incremental"
    _build(make_app, src, builddir)
    cache = builddir / "doctrees" / CACHE_FILE
    stale = pickle.dumps({"0:summary": ["stale key", "<p>stale</p>"]})
    wrong_shapes = pickle.dumps({"0:summary": 7, "1:summary": ["stale key"]})
    for damage in (b"\xff not a pickle", stale, wrong_shapes, pickle.dumps(["not", "a dict"])):
        cache.write_bytes(damage)
        _edit(src / "summary.rst", "Summary", "Summary again")
        outdir = _build(make_app, src, builddir)
        page = (outdir / "summary.html").read_text(encoding="utf-8")
        assert "stale" not in page
        assert "Kernel options for networking" in page
        assert pickle.loads(cache.read_bytes())["0:summary"][0] != "stale key"


def test_a_fresh_environment_drops_what_was_kept(
    make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    src = _source(rootdir, tmp_path)
    builddir = tmp_path / "incremental"
    _build(make_app, src, builddir)
    cache = builddir / "doctrees" / CACHE_FILE
    key = pickle.loads(cache.read_bytes())["0:summary"][0]
    # Same key, other HTML: only a build that trusts the file would show it.
    cache.write_bytes(pickle.dumps({"0:summary": [key, "<p>kept from before</p>"]}))
    outdir = _build(make_app, src, builddir, fresh=True)
    assert "kept from before" not in (outdir / "summary.html").read_text(encoding="utf-8")


def _search_index(outdir: Path) -> dict[str, Any]:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return loaded


def test_search_finds_an_expected_value_where_it_is_defined_not_in_summaries(
    make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    outdir = _build(make_app, _source(rootdir, tmp_path), tmp_path / "html")
    index = _search_index(outdir)
    pages = {index["docnames"][number] for number in _as_list(index["terms"]["config_veth"])}
    assert pages == {"zeta"}  # the block's page; summary.html lists it too, unindexed
    assert '<div class="no-search"><table' in (outdir / "summary.html").read_text("utf-8")


def _as_list(documents: int | list[int]) -> list[int]:
    return documents if isinstance(documents, list) else [documents]
