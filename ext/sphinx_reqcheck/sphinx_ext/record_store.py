"""Requirement records per document, kept in the environment as JSON text.

Sphinx pickles the environment after every build and loads it before the next. Records
kept as dicts and lists would be thousands of small objects for the cyclic garbage
collector to walk on every full collection of every later build (about ten containers per
requirement). Kept as one string per requirement they are none. A record is decoded
when a page needs it and freed once used: none stays alive while a page is written, long
enough for the collector to move it to its oldest generation, where only a full
collection frees it and where enough newcomers bring the next full collection on.

What every build needs of every record is kept beside the text as flat lists of strings
(the columns below), so that no build decodes all records for it: the ids and titles
(consistency checks, the inventory, the search index), what summaries filter by, and a
digest of what other pages show of a record (the key of a summary's kept HTML, and what
tells an incremental build which pages to rewrite).

A document being read collects its records as dicts; :meth:`RecordStore.seal` turns each
into text once the document is read (the ``req`` domain's ``process_doc``), so a parallel
worker hands its documents back already in the stored form.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any

Record = dict[str, Any]

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def shown_elsewhere(record: Record) -> tuple[Any, ...]:
    """What other documents may show of a requirement: all but its body and line."""
    return (
        record["source"]["doc"],
        record["title"],
        record["scope"],
        record["level"],
        record["check"],
        record["when"],
        record["valid"],
        record.get("digest", ""),
    )


def shown_digest(record: Record) -> str:
    """A digest of :func:`shown_elsewhere`: equal digests, equal rows in other pages."""
    shown = _encode(shown_elsewhere(record)).encode("utf-8")
    return hashlib.blake2b(shown, digest_size=16).hexdigest()


def summary_filters(record: Record) -> str:
    """What ``req:summary`` filters a record by: its level, then its scopes, as words
    (both are names from closed lists); empty for an invalid record, which no summary
    lists."""
    return " ".join([record["level"], *record["scope"]]) if record["valid"] else ""


# The columns: the table of the domain's data that keeps each, and how it is computed.
COLUMNS: dict[str, Callable[[Record], str]] = {
    "ids": lambda record: record["id"],
    "titles": lambda record: record["title"],
    "filters": summary_filters,
    "shown": shown_digest,
}
# Tables of the domain's data that this store owns, each keyed by document name.
TABLES = ("requirements", *COLUMNS)

# The texts are JSON as encoded above, with no whitespace around: raw_decode skips
# decode's two whitespace scans, a third of the cost of decoding one record.
_raw_decode = json.JSONDecoder().raw_decode


def _decode(text: str) -> Any:
    return _raw_decode(text)[0]


class RecordStore:
    """The records of each document: text in ``data``, dicts only while in use."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        # Documents being read in this process: their records, not yet sealed.
        self._reading: dict[str, list[Record]] = {}

    def add(self, docname: str, record: Record) -> int:
        """Add a record read from ``docname``; return its place in the document."""
        records = self._reading.setdefault(docname, [])
        records.append(record)
        return len(records) - 1

    def seal(self, docname: str) -> None:
        """Store what ``docname`` was read to hold as text (it holds nothing else)."""
        records = self._reading.pop(docname, None)
        if records is None:
            return
        self.data["requirements"][docname] = [_encode(record) for record in records]
        for table, value in COLUMNS.items():
            self.data[table][docname] = [value(record) for record in records]

    def forget(self, docname: str) -> None:
        """Drop everything held for ``docname``."""
        self._reading.pop(docname, None)
        for table in TABLES:
            self.data[table].pop(docname, None)

    def take_over(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        """Take ``docnames``' records from another process's data (already sealed)."""
        for docname in docnames:
            for table in TABLES:
                if docname in otherdata[table]:
                    self.data[table][docname] = otherdata[table][docname]

    def documents(self) -> set[str]:
        """Documents that hold a requirement."""
        return set(self.data["ids"]) | set(self._reading)

    def ids(self, docname: str) -> list[str]:
        """The ids of ``docname``'s requirements, in source order (``""`` for none)."""
        return self.column(docname, "ids")

    def column(self, docname: str, table: str) -> list[str]:
        """One of the :data:`COLUMNS` for ``docname``'s requirements, in source order."""
        reading = self._reading.get(docname)
        if reading is not None:
            return [COLUMNS[table](record) for record in reading]
        values: list[str] = self.data[table].get(docname, [])
        return values

    def records(self, docname: str) -> list[Record]:
        """``docname``'s records in source order, decoded for this caller alone."""
        reading = self._reading.get(docname)
        if reading is not None:
            return reading
        # One decoding of them all: the decoder shares the keys' strings among a
        # document's records, which callers such as the manifest keep alive together.
        records: list[Record] = _decode(f"[{','.join(self._texts(docname))}]")
        return records

    def record(self, docname: str, index: int) -> Record | None:
        """The record at ``index`` among ``docname``'s, or None if it has no such one."""
        reading = self._reading.get(docname)
        if reading is not None:
            return reading[index] if index < len(reading) else None
        texts = self._texts(docname)
        if index >= len(texts):
            return None
        record: Record = _decode(texts[index])
        return record

    def _texts(self, docname: str) -> list[str]:
        texts: list[str] = self.data["requirements"].get(docname, [])
        return texts
