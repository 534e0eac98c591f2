"""Requirement records are kept as text in the environment and decoded only when used."""

from __future__ import annotations

import gc
import json
import pickle
from pathlib import Path
from typing import Any

from sphinx_reqcheck.sphinx_ext.record_store import DECODED_KEPT, TABLES, RecordStore

from .helpers import build_once, ids_of

PAGES = 3
PER_PAGE = 40


def _project(src: Path) -> None:
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_reqcheck"]\n', encoding="utf-8")
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
    assert all(isinstance(text, str) for text in data["requirements"].values())
    loaded = pickle.loads(pickle.dumps(data))
    gc.collect()  # untracks what holds only atoms
    # A dict and two lists per document and the tables: not ~10 per requirement.
    assert _containers(loaded) < 4 * PAGES + 20 < PAGES * PER_PAGE
    records = json.loads(loaded["requirements"]["page1"])
    assert [record["id"] for record in records] == loaded["ids"]["page1"]
    assert records[3]["title"] == loaded["titles"]["page1"][3] == "Command 1.3"


def _data() -> dict[str, Any]:
    return {table: {} for table in TABLES}


def _sealed(store: RecordStore, docname: str, count: int) -> None:
    for index in range(count):
        store.add(docname, {"id": f"{docname}-{index}", "title": f"T{index}"})
    store.seal(docname)


def test_a_document_being_read_is_seen_before_it_is_sealed() -> None:
    store = RecordStore(_data())
    assert store.add("a", {"id": "a-0", "title": "T"}) == 0
    assert store.ids("a") == ["a-0"] and store.documents() == {"a"}
    assert store.data["requirements"] == {}
    store.seal("a")
    assert store.ids("a") == ["a-0"] and store.titles("a") == ["T"]
    assert json.loads(store.data["requirements"]["a"]) == [{"id": "a-0", "title": "T"}]


def test_only_a_few_decoded_documents_are_kept() -> None:
    store = RecordStore(_data())
    docnames = [f"d{number}" for number in range(DECODED_KEPT + 3)]
    for docname in docnames:
        _sealed(store, docname, 2)
    for docname in docnames:
        assert store.records(docname)[1]["id"] == f"{docname}-1"
    assert list(store._decoded) == docnames[-DECODED_KEPT:]
    assert store.records("d0") == store.records("d0")  # decoded again, then kept
    assert store.records("d0") is store.records("d0")
    everything = list(store.all_records(docnames))
    assert len(everything) == 2 * len(docnames)
    assert "d1" not in store._decoded  # reading them all keeps none


def test_forgetting_and_taking_over_a_document() -> None:
    store, other = RecordStore(_data()), RecordStore(_data())
    _sealed(store, "a", 2)
    _sealed(other, "a", 5)
    store.records("a")  # decoded and kept: must not outlive the take-over
    store.take_over({"a"}, other.data)
    assert len(store.records("a")) == 5
    store.forget("a")
    assert store.documents() == set() and store.records("a") == []
    assert all(store.data[table] == {} for table in TABLES)
