"""Summary tables rendered to HTML once, and reused while what they show is unchanged.

Sphinx rewrites a page whenever a page its toctree lists is reread, so editing any page of
a handbook rewrites the page that holds the summary of every requirement. Building and
translating such a table costs about a millisecond a row, most of a small rebuild. The
HTML builders therefore translate each table on its own, put the HTML into the page as a
raw node, and keep it (in the doctree directory) under a key made of everything the table
shows and everything its translation depends on. A later rewrite with the same key takes
the kept HTML. A fresh build and an incremental one put the same raw node into the page,
so they write the same bytes.

The kept tables live as long as the pickled environment: when Sphinx starts a fresh one
(``-E``, another extension version, an unreadable pickle), they are dropped too. They are
kept as a pickle beside Sphinx's own (the environment and the doctrees, trusted as much):
a table's HTML is one string, loaded as it was saved, where JSON would unescape every
quote of it on each rebuild.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docutils
import sphinx
from docutils import nodes
from docutils.utils import new_document

from .. import __version__
from ..atomic import write_bytes_atomic

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder

CACHE_FILE = "reqcheck-tables.pickle"


class TableCache:
    """Translated tables by slot (page and position), each with the key it was made for."""

    def __init__(self, path: Path, entries: dict[str, list[str]]) -> None:
        self.path = path
        self.entries = entries
        self.changed = False

    @classmethod
    def load(cls, app: Sphinx) -> TableCache:
        """The tables kept by the last build, or none after a fresh environment."""
        path = Path(app.doctreedir) / CACHE_FILE
        entries: dict[str, list[str]] = {}
        if not app.fresh_env_used:
            try:
                loaded = pickle.loads(path.read_bytes())
            except Exception:  # missing or damaged (unpickling raises many kinds)
                loaded = None  # the tables are translated again
            if isinstance(loaded, dict):
                entries = {
                    slot: entry
                    for slot, entry in loaded.items()
                    if isinstance(entry, list) and [type(part) for part in entry] == [str, str]
                }
        return cls(path, entries)

    def html(self, slot: str, key: str, translate: Callable[[], str]) -> str:
        """The HTML kept for ``slot`` if it was made for ``key``, else ``translate()``'s."""
        kept = self.entries.get(slot)
        if kept is not None and kept[0] == key:
            return kept[1]
        html = translate()
        self.entries[slot] = [key, html]
        self.changed = True
        return html

    def save(self, docnames: set[str]) -> None:
        """Write the tables of pages that still exist, if any table was translated."""
        kept = {slot: entry for slot, entry in self.entries.items() if slot_page(slot) in docnames}
        if self.changed or len(kept) != len(self.entries):
            data = pickle.dumps(dict(sorted(kept.items())), protocol=pickle.HIGHEST_PROTOCOL)
            write_bytes_atomic(self.path, data)
            self.changed = False


def slot_name(docname: str, position: int) -> str:
    """Where a table sits: its page and its place among that page's tables."""
    return f"{position}:{docname}"


def slot_page(slot: str) -> str:
    """The page of a :func:`slot_name`."""
    return slot.partition(":")[2]


def renders_html(builder: Builder) -> bool:
    """Whether ``builder`` writes HTML with a docutils translator (html, dirhtml, epub...)."""
    return builder.format == "html" and hasattr(builder, "docsettings")


def translation_key(builder: Builder, docname: str, shown: Any) -> str:
    """A digest of ``shown`` (what the table shows) and of what its HTML depends on:
    the page's address, the builder, its translator and configuration, the versions."""
    build_info = getattr(builder, "build_info", None)
    translator = builder.get_translator_class()
    material = [
        __version__,
        sphinx.__version__,
        docutils.__version__,
        builder.name,
        f"{translator.__module__}.{translator.__qualname__}",
        getattr(build_info, "config_hash", ""),
        getattr(build_info, "tags_hash", ""),
        builder.get_target_uri(docname),
        shown,
    ]
    encoded = json.dumps(material, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def translate_alone(builder: Builder, element: nodes.Element) -> str:
    """``element`` in HTML, translated by the builder's own translator on its own."""
    settings = builder.docsettings  # type: ignore[attr-defined]
    document = new_document("<reqcheck table>", settings)
    document += element
    translator = builder.create_translator(document, builder)
    element.walkabout(translator)
    return "".join(translator.body)


def html_node(html: str) -> nodes.raw:
    """The translated table as it goes into the page, out of the search index (Sphinx's
    ``no-search`` class, which HTML writes as a wrapping ``div``): a search for a
    requirement's expected value finds the block that defines it (see
    :func:`.nodes.facts_words`), not every summary that lists it. Indexing a summary
    of thousands of rows also cost a tenth of a second on every rewrite."""
    return nodes.raw("", html, format="html", classes=["no-search"])
