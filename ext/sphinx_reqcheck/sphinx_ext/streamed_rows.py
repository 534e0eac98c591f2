"""A table body whose rows are made one at a time while HTML is written, then dropped.

A summary of every requirement is one table of thousands of rows, about fifteen docutils
nodes each. Built whole, that tree lives through its translation, long enough for the
cyclic collector to promote it to its oldest generation and count it towards the next full
collection, each a walk over every object of the build. A handbook of 5,000 requirements
made four more full collections than the same text without the extension, all while its
summary was written. Made a row at a time, each row is garbage as soon as it is written
and goes in a young collection.

The rows are written by the builder's own translator, inside the body of a real table,
so the HTML is the same as the whole table's: row parity, cell tags, theme overrides.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator


class reqcheck_streamed_rows(nodes.tbody):  # type: ignore[misc]
    """A ``tbody`` holding, while it is written, one row of :attr:`rows` at a time.

    Only the HTML summary translation uses it, in a document of its own; it never enters
    a doctree that is pickled or handed to another writer."""

    def __init__(self, rows: Iterable[nodes.row]) -> None:
        super().__init__()
        self.rows = rows


def visit_streamed_rows_html(self: HTML5Translator, node: reqcheck_streamed_rows) -> None:
    """Open the body, then write each row in turn as the body's only child."""
    self.visit_tbody(node)
    for row in node.rows:
        node.append(row)
        row.walkabout(self)
        node.remove(row)


def depart_streamed_rows_html(self: HTML5Translator, node: reqcheck_streamed_rows) -> None:
    """Close the body."""
    self.depart_tbody(node)
