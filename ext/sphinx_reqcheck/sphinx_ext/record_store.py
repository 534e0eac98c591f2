"""Requirement records per document, kept in the environment as JSON text.

Sphinx pickles the environment after every build and loads it before the next. Records
kept as dicts and lists would be thousands of small objects for the cyclic garbage
collector to walk on every full collection of every later build (about ten containers per
requirement). Kept as one string per document they are none: a document's records are
decoded when a page needs them, and the few decoded last are kept for the next lookup.
The ids and titles, which every build needs (consistency checks, the inventory), are kept
beside the text as flat lists of strings.

A document being read collects its records as dicts; :meth:`RecordStore.seal` turns them
into text once the document is read (the ``req`` domain's ``process_doc``), so a parallel
worker hands its documents back already in the stored form.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

Record = dict[str, Any]

# Fields kept beside the text, and the table of the domain's data that keeps each.
COLUMNS = {"id": "ids", "title": "titles"}
# Tables of the domain's data that this store owns, each keyed by document name.
TABLES = ("requirements", *COLUMNS.values())
# Decoded documents kept for later lookups: a page's own and a few it refers to.
DECODED_KEPT = 8

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class RecordStore:
    """The records of each document: text in ``data``, dicts only while in use."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        # Documents being read in this process: their records, not yet sealed.
        self._reading: dict[str, list[Record]] = {}
        # Documents decoded lately, oldest first.
        self._decoded: dict[str, list[Record]] = {}

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
        self.data["requirements"][docname] = _encode(records)
        for field, table in COLUMNS.items():
            self.data[table][docname] = [record[field] for record in records]

    def forget(self, docname: str) -> None:
        """Drop everything held for ``docname``."""
        self._reading.pop(docname, None)
        self._decoded.pop(docname, None)
        for table in TABLES:
            self.data[table].pop(docname, None)

    def take_over(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        """Take ``docnames``' records from another process's data (already sealed)."""
        for docname in docnames:
            self._decoded.pop(docname, None)
            for table in TABLES:
                if docname in otherdata[table]:
                    self.data[table][docname] = otherdata[table][docname]

    def documents(self) -> set[str]:
        """Documents that hold a requirement."""
        return set(self.data["ids"]) | set(self._reading)

    def ids(self, docname: str) -> list[str]:
        """The ids of ``docname``'s requirements, in source order (``""`` for none)."""
        return self._column(docname, "id")

    def titles(self, docname: str) -> list[str]:
        """The titles of ``docname``'s requirements, in source order."""
        return self._column(docname, "title")

    def _column(self, docname: str, field: str) -> list[str]:
        reading = self._reading.get(docname)
        if reading is not None:
            return [record[field] for record in reading]
        values: list[str] = self.data[COLUMNS[field]].get(docname, [])
        return values

    def records(self, docname: str, keep: bool = True) -> list[Record]:
        """``docname``'s records in source order; ``keep=False`` when reading them all
        once (a summary, the manifest), so they are freed right after."""
        found = self._reading.get(docname) or self._decoded.get(docname)
        if found is not None:
            return found
        text = self.data["requirements"].get(docname)
        records: list[Record] = json.loads(text) if text is not None else []
        if keep:
            if len(self._decoded) >= DECODED_KEPT:
                del self._decoded[next(iter(self._decoded))]
            self._decoded[docname] = records
        return records

    def all_records(self, order: list[str]) -> Iterator[Record]:
        """Every record of the documents in ``order``, none of them kept."""
        for docname in order:
            yield from self.records(docname, keep=False)
