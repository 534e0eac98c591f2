"""Where each requirement id is first defined, and which places repeat an id.

Ids are unique in a handbook; a later requirement with an id already used is a duplicate
(warned about, left out of the manifest, the inventory and the summaries). The index is
built from the record store's id columns, once per phase, and kept as flat dicts of
strings and integers: a ``(document, place)`` tuple per requirement would be thousands of
objects for the cyclic garbage collector to count on every build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


class IdIndex:
    """Each id's first place in document then source order, and the later places."""

    def __init__(self, order: Iterable[str], ids_of: Callable[[str], list[str]]) -> None:
        # id -> the document of its first place, and its place among that document's
        self._docs: dict[str, str] = {}
        self._places: dict[str, int] = {}
        # document -> places there whose id was defined before (duplicates)
        self.repeats: dict[str, list[int]] = {}
        for docname in order:
            for place, requirement_id in enumerate(ids_of(docname)):
                if not requirement_id:
                    continue
                if requirement_id in self._docs:
                    self.repeats.setdefault(docname, []).append(place)
                else:
                    self._docs[requirement_id] = docname
                    self._places[requirement_id] = place

    def __contains__(self, requirement_id: str) -> bool:
        return requirement_id in self._docs

    def first(self, requirement_id: str) -> tuple[str, int]:
        """The document and place that define ``requirement_id`` (KeyError if none)."""
        return self._docs[requirement_id], self._places[requirement_id]
