"""The ``req`` domain: requirement data per document, references, consistency checks.

Data is plain JSON-able tables keyed by document name, so ``clear_doc`` and
``merge_domaindata`` keep ``-j N`` and incremental builds equal to a fresh serial build.
Requirement records are kept as text (see :mod:`.record_store`).
Cross-document checks (duplicate ids, dangling references) run in ``check_consistency``,
after every worker's data has been merged.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole

from .diagnostics import warn
from .id_index import IdIndex
from .nodes import anchor, requirement_refnode
from .order import document_order
from .record_store import Record, RecordStore

if TYPE_CHECKING:
    from docutils.nodes import Element, Node, system_message
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..fleet.matrix import Fleet
    from ..results import HostResults
    from .table_cache import TableCache


class RequirementRefRole(XRefRole):
    """``req:ref``: link to a requirement, showing its title unless text is given."""

    def result_nodes(
        self, document: nodes.document, env: BuildEnvironment, node: Element, is_ref: bool
    ) -> tuple[list[Node], list[system_message]]:
        """Remember the reference so dangling ones are warned about after merging."""
        domain: RequirementDomain = env.domains["req"]  # type: ignore[assignment]
        domain.note_ref(env.docname, node["reftarget"], self.lineno)
        return [node], []


class RequirementDomain(Domain):
    """Requirements, the ``req:ref`` role and the ``req:summary`` table.

    Its directives and its role are registered in ``setup()`` through Sphinx's
    ``add_directive_to_domain`` and ``add_role_to_domain``.
    """

    name = "req"
    label = "Requirements"
    object_types: ClassVar[dict[str, ObjType]] = {"requirement": ObjType("requirement", "ref")}
    initial_data: ClassVar[dict[str, Any]] = {
        # docname -> [JSON text of a record, ...] in source order; a record is a manifest
        # entry without ``url`` plus ``valid``.
        "requirements": {},
        # docname -> [id, ...], [title, ...], [summary filters, ...] and [digest of what
        # other pages show, ...] of those records, in the same order (see .record_store)
        "ids": {},
        "titles": {},
        "filters": {},
        "shown": {},
        # docname -> [[target id, line], ...]
        "refs": {},
        # docname -> True when the document holds a summary table
        "summaries": {},
        # sha256 of the results and fleet files the last build showed ("" for none)
        "results_digest": "",
        "fleet_results_digest": "",
    }
    data_version = 4

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        # A fleet's results, loaded per build from reqcheck_fleet_results (never pickled).
        self.fleet_results: Fleet | None = None
        # id_index() and get_objects(), kept; dropped whenever the data changes.
        self._id_index: IdIndex | None = None
        self._objects: list[tuple[str, str, str, str, str, int]] | None = None
        self.store = RecordStore(self.data)
        # One host's results, loaded per build from reqcheck_results (never pickled).
        self.host_results: HostResults | None = None
        # What the documents this build rereads held before it reread them.
        self.shown_before: Snapshot | None = None
        # Summary tables translated to HTML, kept between builds (loaded when first used).
        self.table_cache: TableCache | None = None
        # Whether a requirement's head goes into its doctree as it is read (HTML builds).
        self.heads_at_read = False

    # -- recording (read phase) ------------------------------------------------------------

    def note_requirement(self, docname: str, entry: Record, valid: bool) -> int:
        """Record a requirement read from ``docname``; return its place among the
        document's requirements (its block keeps that, not a copy of the record)."""
        self._id_index = self._objects = None
        return self.store.add(docname, {**entry, "valid": valid})

    def note_ref(self, docname: str, target: str, line: int) -> None:
        """Record a ``req:ref`` so dangling targets are reported once all docs are known."""
        self.data["refs"].setdefault(docname, []).append([target, line])

    def note_summary(self, docname: str) -> None:
        """Record that ``docname`` shows a summary (it depends on every document)."""
        self.data["summaries"][docname] = True

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Once a document is read, keep its requirements in their stored form."""
        self.store.seal(docname)

    def clear_doc(self, docname: str) -> None:
        """Forget everything ``docname`` contributed."""
        self._id_index = self._objects = None
        self.store.forget(docname)
        for table in ("refs", "summaries"):
            self.data[table].pop(docname, None)

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        """Take over a parallel worker's data for ``docnames``."""
        self._id_index = self._objects = None
        self.store.take_over(docnames, otherdata)
        for table in ("refs", "summaries"):
            for docname in docnames:
                if docname in otherdata[table]:
                    self.data[table][docname] = otherdata[table][docname]

    # -- queries -----------------------------------------------------------------------------

    def document_order(self) -> list[str]:
        """The documents that hold requirements, in document order."""
        return document_order(self.env, self.store.documents())

    def count(self) -> int:
        """How many requirements the documents hold (duplicates and invalid ones too)."""
        return sum(len(self.store.ids(docname)) for docname in self.store.documents())

    def id_index(self) -> IdIndex:
        """Where each id is first defined, and the duplicates.

        Built once per phase (the consistency check, the inventory and every reference
        use it) and dropped whenever the data changes."""
        if self._id_index is None:
            self._id_index = IdIndex(self.document_order(), self.store.ids)
        return self._id_index

    def columns(self, *tables: str) -> Iterator[tuple[str, Collection[int], list[list[str]]]]:
        """Each document that holds requirements, in document order, with the places of
        its requirements whose id an earlier one defined (duplicates: the columns still
        hold them, and every caller leaves them out of what it lists) and its columns
        ``tables`` of the record store, read without decoding a record."""
        repeats = self.id_index().repeats
        for docname in self.document_order():
            yield (
                docname,
                repeats.get(docname, ()),
                [self.store.column(docname, table) for table in tables],
            )

    def unique_records(self) -> Iterator[Record]:
        """Each id's first record, in document then source order (decoded a document at
        a time)."""
        for docname, repeated, _ in self.columns():
            for place, record in enumerate(self.store.records(docname)):
                if record["id"] and place not in repeated:
                    yield record

    def record_at(self, docname: str, index: int) -> Record | None:
        """The record at ``index`` among ``docname``'s requirements."""
        return self.store.record(docname, index)

    def record_of(self, block: Element) -> Record | None:
        """The record a requirement block was read from (None for a foreign block)."""
        place = block.get("reqcheck")
        if place is None:
            return None
        return self.record_at(place["doc"], place["index"])

    def find(self, requirement_id: str) -> Record | None:
        """The first record with this id, in document order."""
        index = self.id_index()
        if requirement_id not in index:
            return None
        return self.record_at(*index.first(requirement_id))

    def snapshot(self, docnames: AbstractSet[str]) -> Snapshot:
        """What ``docnames`` hold of requirements, and the order of the documents that do."""
        held = {
            docname: list(zip(self.store.ids(docname), self.store.column(docname, "shown")))
            for docname in docnames
        }
        return self.document_order(), held

    def dependents_of(self, ids: AbstractSet[str], order_changed: bool) -> set[str]:
        """Documents that show one of ``ids`` (summaries show them all, and their order)."""
        docs = {
            docname
            for docname, refs in self.data["refs"].items()
            if any(target in ids for target, _line in refs)
        }
        if ids or order_changed:
            docs.update(self.data["summaries"])
        return docs

    def dependent_docs(self) -> set[str]:
        """Documents whose output shows other documents' requirements."""
        return set(self.data["summaries"]) | set(self.data["refs"])

    def documents_showing_requirements(self) -> set[str]:
        """Documents that show a requirement, a summary or a reference."""
        return self.store.documents() | self.dependent_docs()

    # -- consistency (after merging) --------------------------------------------------------

    def check_consistency(self) -> None:
        """Warn about ids used twice and references to ids that do not exist."""
        index = self.id_index()
        for docname in self.document_order():
            for place in index.repeats.get(docname, ()):
                requirement_id = self.store.ids(docname)[place]
                first_doc, first_place = index.first(requirement_id)
                earlier = self.store.records(first_doc)[first_place]["source"]
                warn(
                    f"duplicate requirement id {requirement_id!r}, first defined at "
                    f"{self.env.doc2path(earlier['doc'])}:{earlier['line']}; "
                    "this one is left out of the manifest; give it another id",
                    "duplicate",
                    (docname, self.store.records(docname)[place]["source"]["line"]),
                )
        for docname in sorted(self.data["refs"]):
            for target, line in self.data["refs"][docname]:
                if target not in index:
                    warn(
                        f"req:ref to unknown requirement id {target!r}",
                        "ref",
                        (docname, line),
                    )

    # -- resolving ---------------------------------------------------------------------------

    def _refnode(
        self, builder: Builder, fromdocname: str, record: Record, contnode: Element, node: Any
    ) -> Element:
        if not node.get("refexplicit"):
            title = record["title"] or record["id"]
            contnode = nodes.inline(title, title, classes=["reqcheck-ref"])
        return requirement_refnode(builder, fromdocname, record, contnode)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> Element | None:
        """Link ``req:ref`` to its requirement; unknown ids were warned about already."""
        record = self.find(target)
        if record is None:
            return None
        return self._refnode(builder, fromdocname, record, contnode, node)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, Element]]:
        """Let ``:any:`` find requirements too."""
        record = self.find(target)
        if record is None:
            return []
        return [("req:ref", self._refnode(builder, fromdocname, record, contnode, node))]

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Requirements for the search index and inventories.

        Made once per phase, sorted as both callers sort them: HTML asks twice at the
        end of every build (inventory, then search index), which then sort a sorted
        list in one pass and share its tuples, instead of thousands made anew."""
        if self._objects is None:
            objects: list[tuple[str, str, str, str, str, int]] = []
            for docname, repeated, (ids, titles) in self.columns("ids", "titles"):
                objects += [
                    (
                        requirement_id,
                        title or requirement_id,
                        "requirement",
                        docname,
                        anchor(requirement_id),
                        1,
                    )
                    for place, (requirement_id, title) in enumerate(zip(ids, titles))
                    if is_linkable(requirement_id) and place not in repeated
                ]
            objects.sort()
            self._objects = objects
        return self._objects


# The order of the documents holding requirements, and per document reread, its
# requirements' ids with digests of what other documents show of them.
Snapshot = tuple[list[str], dict[str, list[tuple[str, str]]]]


def is_linkable(requirement_id: str) -> bool:
    """Requirements with a usable id have an anchor (invalid ones too, they are rendered)."""
    return bool(requirement_id) and " " not in requirement_id


def _shown_by_id(held: list[tuple[str, str]]) -> dict[str, list[str]]:
    """What one document shows of each id it holds (a duplicate id twice), in order."""
    by_id: dict[str, list[str]] = {}
    for requirement_id, shown in held:
        by_id.setdefault(requirement_id, []).append(shown)
    return by_id


def remember_shown(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Before any document is reread: what the documents to reread show now.

    Only their records can change (documents reread for other reasons hold the same
    source), so a small edit in a large handbook compares a few records, not all."""
    domain: RequirementDomain = env.domains["req"]  # type: ignore[assignment]
    reread = added | changed | removed
    domain.shown_before = domain.snapshot(reread) if reread else None
    return []


def rewrite_dependents(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages to rewrite (never reread) because a requirement they show has changed.

    Summaries, references and host and fleet reports show other documents'
    requirements, and Sphinx rewrites only the documents it reread. An edit of a body
    alone changes none of what they show.
    """
    domain: RequirementDomain = env.domains["req"]  # type: ignore[assignment]
    before, domain.shown_before = domain.shown_before, None
    if before is None:
        return []
    order_before, held_before = before
    order_after, held_after = domain.snapshot(held_before.keys())
    changed: set[str] = set()
    order_changed = order_before != order_after
    for docname, was in held_before.items():
        now = held_after[docname]
        if was != now:
            before_by_id, after_by_id = _shown_by_id(was), _shown_by_id(now)
            changed.update(
                requirement_id
                for requirement_id in before_by_id.keys() | after_by_id.keys()
                if before_by_id.get(requirement_id) != after_by_id.get(requirement_id)
            )
            order_changed = order_changed or list(before_by_id) != list(after_by_id)
    return sorted(domain.dependents_of(changed, order_changed) & env.found_docs)
