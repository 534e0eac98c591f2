"""A big summary costs the build little memory, and the cyclic collector little work.

No record is kept while a summary's table is made: the rows are chosen from the record
store's columns, and an HTML table's rows are made one at a time, each from a record
decoded for it, and dropped once written. The page must not change: the
streamed table writes the same HTML as the whole one, which other writers still get
(and which the table cache tests compare across builds).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from sphinx_reqcheck.sphinx_ext.summary import summary_table
from sphinx_reqcheck.sphinx_ext.table_cache import translate_alone

from .helpers import build_once

PAGES = 10
BUILD_PER_PAGE = 6  # requirements a summary of the daemon scope leaves out
SHOWN = PAGES  # one daemon requirement per page

# A translator that notes, when a table opens, how many requirement records are alive,
# and when it closes, how many of the rows it wrote still are.
WATCH = """
import gc, weakref
from sphinx.writers.html5 import HTML5Translator

ALIVE_AT_END = []
RECORDS_AT_START = []

def _is_record(item):
    # Other tests (hypothesis) may leave record-like dicts alive: only string ids count.
    return (
        type(item) is dict and "check" in item and "source" in item
        and isinstance(item.get("id"), str)
    )

class RowWatch(HTML5Translator):
    def visit_table(self, node):
        self._written_rows = []
        gc.collect()
        RECORDS_AT_START.append([item["id"] for item in gc.get_objects() if _is_record(item)])
        super().visit_table(node)

    def visit_row(self, node):
        self._written_rows.append(weakref.ref(node))
        super().visit_row(node)

    def depart_table(self, node):
        gc.collect()
        alive = sum(ref() is not None for ref in self._written_rows)
        ALIVE_AT_END.append((len(self._written_rows), alive))
        super().depart_table(node)

def setup(app):
    app.set_translator("html", RowWatch, override=True)
"""


def _project(src: Path, watch: bool = True, prefix: str = "") -> None:
    src.mkdir()
    (src / "row_watch.py").write_text(WATCH, encoding="utf-8")
    extensions = ["sphinx_reqcheck", "row_watch"] if watch else ["sphinx_reqcheck"]
    (src / "conf.py").write_text(f"extensions = {extensions!r}\n", encoding="utf-8")
    pages = [f"page{number:02}" for number in range(PAGES)]
    toctree = "".join(f"   {page}\n" for page in pages)
    (src / "index.rst").write_text(
        f"Index\n=====\n\n.. toctree::\n\n{toctree}\n.. req:summary::\n   :scope: daemon\n",
        encoding="utf-8",
    )
    for number, page in enumerate(pages):
        blocks = "".join(
            f".. req:command:: {prefix}cmd-{number}-{index}\n   :title: Command {index}\n"
            f"   :scope: build\n   :names: tool{index}\n\n"
            for index in range(BUILD_PER_PAGE)
        )
        daemon = f".. req:manual:: {prefix}man-{number}\n   :title: Look at it\n   :scope: daemon\n"
        (src / f"{page}.rst").write_text(
            f"Page {number}\n=======\n\n{blocks}{daemon}", encoding="utf-8"
        )


def _watched_build(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefix: str = ""
) -> Any:
    src = tmp_path / "src"
    _project(src, prefix=prefix)
    monkeypatch.syspath_prepend(str(src))
    try:
        build_once(make_app, "html", src, tmp_path / "build")
        return sys.modules["row_watch"]
    finally:
        sys.modules.pop("row_watch", None)


def test_written_rows_of_an_html_summary_are_freed_before_the_table_ends(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ((written, alive),) = _watched_build(make_app, tmp_path, monkeypatch).ALIVE_AT_END
    assert written == SHOWN + 1  # the header row and one row per requirement shown
    assert alive <= 2  # the header row and the last row written, at most


def test_no_record_is_kept_while_a_summary_is_made(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The summary's page is written first and holds no requirement of its own. Records
    # of other tests' builds may still be alive: only this build's ids count.
    watch = _watched_build(make_app, tmp_path, monkeypatch, prefix="kept-")
    (alive,) = watch.RECORDS_AT_START
    assert [requirement_id for requirement_id in alive if requirement_id.startswith("kept-")] == []


def test_a_streamed_table_writes_the_same_html_as_the_whole_table(
    make_app: Any, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    _project(src, watch=False)
    app = build_once(make_app, "html", src, tmp_path / "build")
    records = list(app.env.domains["req"].unique_records())
    assert len(records) == PAGES * (BUILD_PER_PAGE + 1)
    for with_verdicts in (False, True):
        whole, streamed = (
            translate_alone(
                app.builder, summary_table(records, app.builder, "index", with_verdicts, stream)
            )
            for stream in (False, True)
        )
        assert streamed == whole
        assert whole.count("<tr") == len(records) + 1 and "row-even" in whole
