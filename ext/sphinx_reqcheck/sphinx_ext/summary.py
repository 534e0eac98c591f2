"""``req:summary``: a table of requirements, filled in once every document is known.

The directive leaves a placeholder; a post-transform (run for every builder when a
doctree is resolved) replaces it with the table. :func:`summary_table` builds the table
alone, so later work can add columns (e.g. a verdict) in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective

from ..model import LEVELS, SCOPES, describe_check
from ..params import split_names
from .diagnostics import warn
from .nodes import inline_code, reqcheck_summary, requirement_refnode
from .verdicts import host_results, shown_verdict, status_label

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .domain import Record, RequirementDomain

COLUMNS = ("Id", "Title", "Scope", "Level", "Expected")
WIDTHS = (22, 30, 12, 12, 24)


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


def selected(records: Sequence[Record], node: reqcheck_summary) -> list[Record]:
    """The valid records a summary placeholder asks for, in document order."""
    result = []
    for record in records:
        if not record["valid"]:
            continue
        if node["scope"] and not set(node["scope"]) & set(record["scope"]):
            continue
        if node["level"] and record["level"] not in node["level"]:
            continue
        if node["local"] and record["source"]["doc"] != node["docname"]:
            continue
        result.append(record)
    return result


def _cell(child: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", child))


def plain_cell(text: str) -> nodes.Text:
    """A table cell's text."""
    return nodes.Text(text)


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
    rows: Iterable[Sequence[nodes.Node]],
    css_class: str,
) -> nodes.table:
    """A table with a header row; each row gives one node per column."""
    table = nodes.table(classes=[css_class])
    group = nodes.tgroup(cols=len(columns))
    table += group
    # Text writers take these as character widths; others as proportions.
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    header = nodes.row()
    for title in columns:
        header += _cell(nodes.Text(title))
    head += header
    group += head
    body = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            row += _cell(cell)
        body += row
    group += body
    return table


def _row(record: Record, builder: Builder, fromdocname: str) -> list[nodes.Node]:
    expected, _ = describe_check(record["check"])
    return [
        id_cell(record, builder, fromdocname),
        plain_cell(record["title"]),
        plain_cell(", ".join(record["scope"])),
        plain_cell(record["level"]),
        nodes.inline("", "", *inline_code(expected)),
    ]


def _verdict_cell(env: BuildEnvironment, record: Record) -> nodes.Node:
    shown = shown_verdict(env, record)
    if shown is None:
        return plain_cell("not run")
    label = status_label(shown.verdict.status)
    return plain_cell(label + (" (stale)" if shown.stale else ""))


def summary_table(
    records: Sequence[Record], builder: Builder, fromdocname: str, with_verdicts: bool = False
) -> nodes.table:
    """One row per record: id (linked), title, scope, level, expected, and the verdict
    on the host when the build shows one."""
    columns: Sequence[str] = COLUMNS
    widths: Sequence[int] = WIDTHS
    rows = [_row(record, builder, fromdocname) for record in records]
    if with_verdicts:
        columns, widths = (*COLUMNS, "Verdict"), (*WIDTHS, 12)
        for row, record in zip(rows, records):
            row.append(_verdict_cell(builder.env, record))
    return simple_table(columns, widths, rows, "reqcheck-summary-table")


def fill_summaries(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each ``req:summary`` placeholder of a resolved doctree with its table."""
    placeholders = list(doctree.findall(reqcheck_summary))
    if not placeholders:
        return
    domain: RequirementDomain = app.env.domains["req"]  # type: ignore[assignment]
    records = list(domain.unique_records())
    for node in placeholders:
        rows = selected(records, node)
        if rows:
            with_verdicts = host_results(app.env) is not None
            replacement: nodes.Element = summary_table(rows, app.builder, docname, with_verdicts)
        else:
            text = "No requirements match this summary."
            replacement = nodes.paragraph(text, text, classes=["reqcheck-summary-empty"])
        node.replace_self(replacement)
