"""``req:summary``: a table of requirements, filled in once every document is known.

The directive leaves a placeholder; a post-transform (run for every builder when a
doctree is resolved) replaces it with the table. :func:`summary_table` builds the table
alone, so later work can add columns (e.g. a verdict) in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from ..model import LEVELS, SCOPES, describe_check
from .diagnostics import warn
from .nodes import anchor, reqcheck_summary
from .parsing import split_names

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .domain import Record, RequirementDomain

COLUMNS = ("Id", "Title", "Scope", "Level", "Expected")


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


def _cell(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children))


def _id_cell(record: Record, builder: Builder, fromdocname: str) -> nodes.Element:
    label = nodes.literal(record["id"], record["id"])
    try:
        return make_refnode(
            builder,
            fromdocname,
            record["source"]["doc"],
            anchor(record["id"]),
            label,
            record["title"],
        )
    except NoUri:
        # The builder has no page for that document (e.g. LaTeX outside the toctree).
        return label


def _row(record: Record, builder: Builder, fromdocname: str) -> nodes.row:
    link = _id_cell(record, builder, fromdocname)
    expected, _ = describe_check(record["check"])
    row = nodes.row()
    row += _cell(link)
    row += _cell(nodes.Text(record["title"]))
    row += _cell(nodes.Text(", ".join(record["scope"])))
    row += _cell(nodes.Text(record["level"]))
    row += _cell(nodes.Text(expected))
    return row


def summary_table(records: Sequence[Record], builder: Builder, fromdocname: str) -> nodes.table:
    """A table with one row per record: id (linked), title, scope, level, expected."""
    table = nodes.table(classes=["reqcheck-summary-table"])
    group = nodes.tgroup(cols=len(COLUMNS))
    table += group
    # Text writers take these as character widths; others as proportions.
    for width in (22, 30, 12, 12, 24):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    header = nodes.row()
    for title in COLUMNS:
        header += _cell(nodes.Text(title))
    head += header
    group += head
    body = nodes.tbody()
    for record in records:
        body += _row(record, builder, fromdocname)
    group += body
    return table


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
            replacement: nodes.Element = summary_table(rows, app.builder, docname)
        else:
            text = "No requirements match this summary."
            replacement = nodes.paragraph(text, text, classes=["reqcheck-summary-empty"])
        node.replace_self(replacement)


def setup_summary(app: Sphinx) -> None:
    """Register ``req:summary`` (as a domain directive); tables are filled when resolved."""
    from .domain import RequirementDomain

    RequirementDomain.directives["summary"] = SummaryDirective
    app.connect("doctree-resolved", fill_summaries)
