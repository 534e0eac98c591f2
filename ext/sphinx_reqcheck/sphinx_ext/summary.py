"""``req:summary``: a table of requirements, filled in once every document is known.

The directive leaves a placeholder; a post-transform (run for every builder when a
doctree is resolved) replaces it with the table. :func:`summary_table` builds the table
alone, so later work can add columns (e.g. a verdict) in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective

from ..model import LEVELS, SCOPES, describe_check
from ..params import split_names
from .diagnostics import warn
from .nodes import inline_code, reqcheck_summary, requirement_refnode
from .streamed_rows import reqcheck_streamed_rows
from .table_cache import (
    TableCache,
    html_node,
    renders_html,
    slot_name,
    translate_alone,
    translation_key,
)
from .verdicts import host_results, shown_verdict, status_node

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .domain import RequirementDomain
    from .record_store import Record

# Id and title share a cell, as do scope and level, so that the table (with a verdict
# column) fits the content width of a laptop screen without sideways scrolling.
COLUMNS = ("Requirement", "Scope, level", "Expected")
WIDTHS = (36, 16, 34)
VERDICT_COLUMN = ("Verdict", 14)
# A cell holds one node per line.
Cell = Sequence[nodes.Node]


class SummaryDirective(SphinxDirective):
    """``req:summary`` with optional ``:scope:``, ``:level:`` and ``:local:`` filters."""

    has_content = False
    required_arguments = 0
    optional_arguments = 0
    option_spec: ClassVar[dict[str, Any]] = {
        "scope": directives.unchanged,
        "level": directives.unchanged,
        "local": directives.flag,
    }

    def _names(self, option: str, allowed: dict[str, str]) -> list[str]:
        names = split_names(self.options.get(option))
        for name in names:
            if name not in allowed:
                warn(
                    f"req:summary: unknown {option} {name!r}; use one or more of: "
                    f"{', '.join(allowed)}",
                    option,
                    self.get_location(),
                )
        return [name for name in names if name in allowed]

    def run(self) -> list[nodes.Node]:
        """Leave a placeholder carrying the filters."""
        node = reqcheck_summary(classes=["reqcheck-summary"])
        node["scope"] = self._names("scope", SCOPES)
        node["level"] = self._names("level", LEVELS)
        node["local"] = "local" in self.options
        node["docname"] = self.env.docname
        self.set_source_info(node)
        domain: RequirementDomain = self.env.domains["req"]  # type: ignore[assignment]
        domain.note_summary(self.env.docname)
        return [node]


class SummaryFilter:
    """A summary placeholder's filters, made ready to test thousands of requirements."""

    def __init__(self, node: reqcheck_summary) -> None:
        self.scopes = set(node["scope"])
        self.levels = set(node["level"])
        self.docname: str | None = node["docname"] if node["local"] else None
        # Decisions by filters value: a handbook has few distinct ones.
        self._decided: dict[str, bool] = {}

    def places(self, docname: str, filters: list[str]) -> list[int]:
        """The places of ``docname``'s requirements the summary lists, given their
        :func:`.record_store.summary_filters` column (valid requirements only), deciding
        once per distinct value rather than once per requirement."""
        if self.docname is not None and docname != self.docname:
            return []
        decided = self._decided
        for value in set(filters).difference(decided):
            decided[value] = self._takes(value)
        return [place for place, value in enumerate(filters) if decided[value]]

    def _takes(self, filters: str) -> bool:
        if not filters:
            return False
        level, _, scopes = filters.partition(" ")
        return (not self.levels or level in self.levels) and (
            not self.scopes or not self.scopes.isdisjoint(scopes.split())
        )


# A requirement a summary shows, before it is decoded: its document, its place there,
# its id and the digest of what other pages show of it.
Row = tuple[str, int, str, str]


_BREAK_AFTER = re.compile(r"(?<=[_/])(?=[^\s_/])")


def breakable(text: str) -> list[nodes.Node]:
    """``text`` with a line-break opportunity (HTML's ``<wbr>``) after each ``_`` and ``/``,
    so that names such as CONFIG_NETFILTER_XT_MATCH_CONNTRACK or long paths wrap at their
    parts in a narrow column instead of mid-word. Other writers ignore the HTML."""
    result: list[nodes.Node] = []
    for index, part in enumerate(_BREAK_AFTER.split(text)):
        if index:
            result.append(nodes.raw("", "<wbr>", format="html"))
        result.append(nodes.Text(part))
    return result


def _breakable_code(text: str) -> list[nodes.Node]:
    """:func:`inline_code`, with the plain parts made :func:`breakable`."""
    result: list[nodes.Node] = []
    for node in inline_code(text):
        result.extend(breakable(node.astext()) if isinstance(node, nodes.Text) else [node])
    return result


def _cell(lines: Cell) -> nodes.entry:
    return nodes.entry("", *(nodes.paragraph("", "", line) for line in lines))


def plain_cell(text: str) -> nodes.Text:
    """A table cell's text."""
    return nodes.Text(text)


def labelled(text: str, name: str) -> nodes.inline:
    """A value whose class names what it is (the phone layout labels it in words)."""
    return nodes.inline(text, "", *breakable(text), classes=[f"reqcheck-cell-{name}"])


def requirement_cell(
    record: Record | None, verdict_id: str, title: str, builder: Builder, fromdocname: str
) -> Cell:
    """Id (linked when the handbook has the requirement) above the title."""
    if record is None:
        return [nodes.literal(verdict_id, verdict_id), labelled(title, "title")]
    return [id_cell(record, builder, fromdocname), labelled(title, "title")]


def id_cell(record: Record, builder: Builder, fromdocname: str) -> nodes.Element:
    """The requirement's id, linked to its block where the builder has a page for it."""
    label = nodes.literal(record["id"], record["id"])
    try:
        return requirement_refnode(builder, fromdocname, record, label)
    except NoUri:
        # The builder has no page for that document (e.g. LaTeX outside the toctree).
        return label


def simple_table(
    columns: Sequence[str],
    widths: Sequence[int],
    rows: Iterable[Sequence[Cell]],
    classes: Sequence[str],
    streamed: bool = False,
) -> nodes.table:
    """A table with a header row; each row gives one cell (its lines) per column.
    ``streamed``: the rows are made as HTML writes them (:mod:`.streamed_rows`)."""
    table = nodes.table(classes=list(classes))
    group = nodes.tgroup(cols=len(columns))
    table += group
    # Text writers take these as character widths; others as proportions.
    for width in widths:
        group += nodes.colspec(colwidth=width)
    group += nodes.thead("", _table_row([[nodes.Text(title)] for title in columns]))
    body_rows = (_table_row(cells) for cells in rows)
    group += reqcheck_streamed_rows(body_rows) if streamed else nodes.tbody("", *body_rows)
    return table


def _table_row(cells: Iterable[Cell]) -> nodes.row:
    return nodes.row("", *(_cell(cell) for cell in cells))


def _row(record: Record, builder: Builder, fromdocname: str, with_verdict: bool) -> list[Cell]:
    expected, _ = describe_check(record["check"])
    cells = [
        requirement_cell(record, record["id"], record["title"], builder, fromdocname),
        [labelled(", ".join(record["scope"]), "scope"), labelled(record["level"], "level")],
        [nodes.inline("", "", *_breakable_code(expected), classes=["reqcheck-cell-expected"])],
    ]
    if with_verdict:
        cells.append(_verdict_cell(builder.env, record))
    return cells


def _verdict_cell(env: BuildEnvironment, record: Record) -> Cell:
    shown = shown_verdict(env, record)
    if shown is None:
        return [labelled("not run", "verdict")]
    return [status_node(shown.verdict.status, bool(shown.stale))]


def summary_table(
    records: Iterable[Record],
    builder: Builder,
    fromdocname: str,
    with_verdicts: bool = False,
    streamed: bool = False,
) -> nodes.table:
    """One row per record: id (linked) and title, scope and level, expected, and the
    verdict on the host when the build shows one."""
    columns: Sequence[str] = COLUMNS
    widths: Sequence[int] = WIDTHS
    classes = ["reqcheck-summary-table"]
    if with_verdicts:
        columns, widths = (*COLUMNS, VERDICT_COLUMN[0]), (*WIDTHS, VERDICT_COLUMN[1])
        classes.append("reqcheck-with-verdicts")
    rows = (_row(record, builder, fromdocname, with_verdicts) for record in records)
    return simple_table(columns, widths, rows, classes, streamed)


def _verdict_shown(env: BuildEnvironment, record: Record) -> list[Any] | None:
    shown = shown_verdict(env, record)
    return None if shown is None else [shown.verdict.status, bool(shown.stale)]


def _decoded(domain: RequirementDomain, rows: Iterable[Row]) -> Iterator[Record]:
    """The records of ``rows`` (places the record store holds), each decoded as it is
    reached."""
    for docname, index, _requirement_id, _digest in rows:
        record = domain.record_at(docname, index)
        if record is not None:
            yield record


def _translated_table(
    app: Sphinx, docname: str, node: reqcheck_summary, rows: Sequence[Row], with_verdicts: bool
) -> str:
    domain: RequirementDomain = app.env.domains["req"]  # type: ignore[assignment]
    records = _decoded(domain, rows)
    table = summary_table(records, app.builder, docname, with_verdicts, streamed=True)
    table.update_basic_atts(node)  # what replace_self gives the table in other builders
    return translate_alone(app.builder, table)


def _html_table(
    app: Sphinx,
    docname: str,
    node: reqcheck_summary,
    position: int,
    rows: Sequence[Row],
    with_verdicts: bool,
) -> nodes.Element:
    """The table as raw HTML, translated again only when something it shows changed.
    Its key takes what other pages show of each row from the record store's digests, so
    a table kept from the last build is found without decoding a record (only a verdict
    shown needs one)."""
    domain: RequirementDomain = app.env.domains["req"]  # type: ignore[assignment]
    if domain.table_cache is None:
        domain.table_cache = TableCache.load(app)
    # Each row's id and digest, one line each (an id never holds a space or a line
    # break), then the verdicts shown, if any.
    shown: list[Any] = ["\n".join([f"{row[2]} {row[3]}" for row in rows])]
    if with_verdicts:
        shown.append([_verdict_shown(app.env, record) for record in _decoded(domain, rows)])
    html = domain.table_cache.html(
        slot_name(docname, position),
        translation_key(app.builder, docname, [node["classes"], shown]),
        lambda: _translated_table(app, docname, node, rows, with_verdicts),
    )
    return html_node(html)


def fill_summaries(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each ``req:summary`` placeholder of a resolved doctree with its table."""
    placeholders = list(doctree.findall(reqcheck_summary))
    if not placeholders:
        return
    domain: RequirementDomain = app.env.domains["req"]  # type: ignore[assignment]
    shown: list[list[Row]] = [[] for _ in placeholders]
    # Chosen from the record store's columns: a table kept from the last build is then
    # used without decoding any record, and one made again decodes only its own rows,
    # each as it is written.
    chosen = [(SummaryFilter(node), rows) for node, rows in zip(placeholders, shown)]
    for where, repeated, (ids, filters, digests) in domain.columns("ids", "filters", "shown"):
        for summary, rows in chosen:
            rows.extend(
                (where, place, ids[place], digests[place])
                for place in summary.places(where, filters)
                if place not in repeated
            )
    for position, (node, rows) in enumerate(zip(placeholders, shown)):
        if not rows:
            text = "No requirements match this summary."
            node.replace_self(nodes.paragraph(text, text, classes=["reqcheck-summary-empty"]))
            continue
        with_verdicts = host_results(app.env) is not None
        if renders_html(app.builder):
            # Not replace_self: the raw node would take the classes (a wrapper in HTML).
            node.parent.replace(
                node, _html_table(app, docname, node, position, rows, with_verdicts)
            )
        else:
            records = list(_decoded(domain, rows))
            node.replace_self(summary_table(records, app.builder, docname, with_verdicts))


def save_tables(app: Sphinx, exception: Exception | None) -> None:
    """Keep the translated tables for the next build (after a build that succeeded)."""
    domain: RequirementDomain = app.env.domains["req"]  # type: ignore[assignment]
    if exception is None and domain.table_cache is not None:
        domain.table_cache.save(set(app.env.found_docs))
