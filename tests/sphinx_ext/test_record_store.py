"""Requirement records are kept as text in the environment and decoded only when used,
one at a time and for that use alone."""

from __future__ import annotations

import gc
import json
import pickle
import sys
from pathlib import Path
from typing import Any

import pytest

from sphinx_reqcheck.sphinx_ext.record_store import TABLES, RecordStore

from .helpers import build_once, ids_of, watch_decodes

PAGES = 3
PER_PAGE = 40


def _project(src: Path, extensions: tuple[str, ...] = ()) -> None:
    src.mkdir()
    names = ["sphinx_reqcheck", *extensions]
    (src / "conf.py").write_text(f"extensions = {names!r}\n", encoding="utf-8")
    pages = [f"page{number}" for number in range(PAGES)]
    toctree = "\n".join(f"   {page}" for page in pages)
    (src / "index.rst").write_text(f"Index\n=====\n\n.. toctree::\n\n{toctree}\n", encoding="utf-8")
    for number, page in enumerate(pages):
        blocks = "\n".join(
            f".. req:command:: cmd-{number}-{index}\n"
            f"   :title: Command {number}.{index}\n   :scope: build\n   :names: tool{index}\n\n"
            f"   Body {index}.\n"
            for index in range(PER_PAGE)
        )
        (src / f"{page}.rst").write_text(f"Page {number}\n======\n\n{blocks}", encoding="utf-8")


def _containers(root: Any) -> int:
    """Objects the cyclic collector tracks, reachable from ``root`` (``root`` included)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        item = stack.pop()
        if id(item) in seen or not gc.is_tracked(item):
            continue
        seen.add(id(item))
        stack.extend(gc.get_referents(item))
    return len(seen)


def test_the_pickled_environment_holds_a_few_objects_per_document_not_per_requirement(
    make_app: Any, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    _project(src)
    app = build_once(make_app, "reqcheck", src, tmp_path / "build")
    assert len(ids_of(app)) == PAGES * PER_PAGE, app.warning.getvalue()
    data = app.env.domaindata["req"]
    texts = data["requirements"].values()
    assert all(isinstance(text, str) for texts_of_page in texts for text in texts_of_page)
    loaded = pickle.loads(pickle.dumps(data))
    gc.collect()  # untracks what holds only atoms
    # A dict and two lists per document and the tables: not ~10 per requirement.
    assert _containers(loaded) < 4 * PAGES + 20 < PAGES * PER_PAGE
    records = [json.loads(text) for text in loaded["requirements"]["page1"]]
    assert [record["id"] for record in records] == loaded["ids"]["page1"]
    assert records[3]["title"] == loaded["titles"]["page1"][3] == "Command 1.3"


def _data() -> dict[str, Any]:
    return {table: {} for table in TABLES}


def _record(requirement_id: str, title: str, **changes: Any) -> dict[str, Any]:
    record = {
        "id": requirement_id,
        "title": title,
        "scope": ["build", "daemon"],
        "level": "manual",
        "check": {"kind": "manual"},
        "when": [],
        "valid": True,
        "source": {"doc": requirement_id.split("-")[0], "line": 3},
        "body": "Why.",
    }
    return {**record, **changes}


def _sealed(store: RecordStore, docname: str, count: int) -> None:
    for index in range(count):
        store.add(docname, _record(f"{docname}-{index}", f"T{index}"))
    store.seal(docname)


def test_a_document_being_read_is_seen_before_it_is_sealed() -> None:
    store = RecordStore(_data())
    assert store.add("a", _record("a-0", "T")) == 0
    assert store.ids("a") == ["a-0"] and store.documents() == {"a"}
    assert store.column("a", "filters") == ["manual build daemon"]
    assert store.data["requirements"] == {}
    store.seal("a")
    assert store.ids("a") == ["a-0"] and store.column("a", "titles") == ["T"]
    assert store.column("a", "filters") == ["manual build daemon"]
    assert [json.loads(text) for text in store.data["requirements"]["a"]] == [_record("a-0", "T")]


def test_columns_answer_summaries_and_rewrites_without_decoding() -> None:
    store = RecordStore(_data())
    variants = [
        _record("a-0", "T"),
        _record("a-0", "T", body="Another why.", source={"doc": "a", "line": 9}),
        _record("a-0", "Another title"),
        _record("a-0", "T", level="required"),
        _record("a-0", "T", valid=False),
    ]
    for record in variants:
        store.add("a", record)
    store.seal("a")
    shown = store.column("a", "shown")
    # The body and the line are not shown elsewhere; the title, the level... are.
    assert shown[0] == shown[1]
    assert len({shown[0], shown[2], shown[3], shown[4]}) == 4
    assert store.column("a", "filters") == [
        "manual build daemon",
        "manual build daemon",
        "manual build daemon",
        "required build daemon",
        "",
    ]


def test_each_use_decodes_a_record_of_its_own_and_the_store_keeps_none() -> None:
    store = RecordStore(_data())
    _sealed(store, "d", 3)
    assert [record["id"] for record in store.records("d")] == ["d-0", "d-1", "d-2"]
    assert store.records("d") == store.records("d")
    assert store.records("d") is not store.records("d")
    assert store.record("d", 1) == _record("d-1", "T1")
    assert store.record("d", 1) is not store.record("d", 1)
    assert store.record("d", 3) is None and store.record("nowhere", 0) is None
    assert vars(store).keys() == {"data", "_reading"}
    assert store.records("nowhere") == []


# An HTML translator that counts, whenever it writes a requirement's body, how many of
# this build's records are alive.
RECORD_WATCH = """
import gc
from sphinx.writers.html5 import HTML5Translator

ALIVE = []

class RecordWatch(HTML5Translator):
    def visit_paragraph(self, node):
        if node.astext().startswith("Body "):
            gc.collect()
            ALIVE.append(sum(
                type(item) is dict and str(item.get("id", "")).startswith("cmd-")
                and "source" in item
                for item in gc.get_objects()
            ))
        super().visit_paragraph(node)

def setup(app):
    app.set_translator("html", RecordWatch, override=True)
"""


def test_html_keeps_no_record_alive_while_it_writes_a_page(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A record kept for the whole page would outlive young collections and age into
    # the oldest generation, bringing full collections on; each is used and freed.
    src = tmp_path / "src"
    _project(src, extensions=("record_watch",))
    (src / "record_watch.py").write_text(RECORD_WATCH, encoding="utf-8")
    monkeypatch.syspath_prepend(str(src))
    try:
        build_once(make_app, "html", src, tmp_path / "build")
        alive = sys.modules["record_watch"].ALIVE  # type: ignore[attr-defined]
    finally:
        sys.modules.pop("record_watch", None)
    assert len(alive) == PAGES * PER_PAGE
    assert max(alive) == 0


def test_forgetting_and_taking_over_a_document() -> None:
    store, other = RecordStore(_data()), RecordStore(_data())
    _sealed(store, "a", 2)
    _sealed(other, "a", 5)
    store.take_over({"a"}, other.data)
    assert len(store.records("a")) == 5
    store.forget("a")
    assert store.documents() == set() and store.records("a") == []
    assert all(store.data[table] == {} for table in TABLES)


def test_reading_decodes_no_record_to_find_the_pages_to_rewrite(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Once the documents are read, the pages that show a changed requirement are found
    # from the digests kept beside each record. Decoding every record for it held them
    # all at once: 65 MB more at the peak of a fresh 50,000-requirement build.
    decoded = watch_decodes(monkeypatch)
    src = tmp_path / "src"
    _project(src)
    app = make_app("html", srcdir=src, builddir=tmp_path / "build")
    decoded_when_read: list[int] = []
    app.connect("env-updated", lambda app, env: decoded_when_read.append(len(decoded)), 900)
    app.build()
    assert decoded_when_read == [0]
    assert decoded  # and the pages were written from the records
