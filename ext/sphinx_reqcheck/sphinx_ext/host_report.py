"""``req:host-report``: one host's facts, counts and verdicts, failures first.

Without ``reqcheck_results`` the page says how to get a report; with results it shows the
host and the inputs of the run, the runner's counts, and one table of every verdict,
worst first, each linked to its requirement. Verdicts for requirements the handbook no
longer has stay in the table, marked stale, without a link.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..model import SEVERITY
from ..results import HostResults, Verdict
from .summary import id_cell, plain_cell, simple_table
from .verdicts import counts_of, host_results, staleness, status_label

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .domain import RequirementDomain

NO_RESULTS = (
    "This build shows no host's verdicts. Run the checks on a host "
    "(reqcheck run --format json --output results.json) and build the handbook with "
    "-D reqcheck_results=path/to/results.json."
)
HOST_FACTS = (
    ("hostname", "Host"),
    ("system", "System"),
    ("release", "Kernel release"),
    ("machine", "Machine"),
    ("root", "Root inspected"),
    ("python", "Python"),
    ("runner", "Runner version"),
)


class reqcheck_host_report(nodes.container):  # type: ignore[misc]
    """Placeholder for the host report, filled when the doctree is resolved."""


class HostReportDirective(SphinxDirective):
    """``req:host-report`` (no argument, no options)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """Leave a placeholder; the report needs every document and the results."""
        node = reqcheck_host_report(classes=["reqcheck-host-report"])
        self.set_source_info(node)
        domain: RequirementDomain = self.env.domains["req"]  # type: ignore[assignment]
        domain.note_summary(self.env.docname)
        return [node]


def _facts_list(pairs: list[tuple[str, str]]) -> nodes.field_list:
    fields = nodes.field_list(classes=["reqcheck-host-facts"])
    for name, value in pairs:
        field = nodes.field()
        field += nodes.field_name(name, name)
        field += nodes.field_body("", nodes.paragraph(value, value))
        fields += field
    return fields


def _inputs(inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
    pairs = []
    for name, value in inputs.items():
        if isinstance(value, list):
            value = " ".join(str(item) for item in value)
        pairs.append((name, "(unset)" if value in (None, "") else str(value)))
    return pairs


def _ordered(results: HostResults) -> list[Verdict]:
    rank = {status: index for index, status in enumerate(SEVERITY)}
    # sorted() is stable: within one status the runner's (manifest) order stays.
    return sorted(results.verdicts.values(), key=lambda verdict: rank[verdict.status])


def _verdict_rows(
    results: HostResults, domain: RequirementDomain, builder: Builder, docname: str
) -> list[list[nodes.Element]]:
    rows = []
    for verdict in _ordered(results):
        record = domain.find(verdict.id)
        stale = staleness(record, verdict)
        label = status_label(verdict.status) + (" (stale)" if stale else "")
        link = (
            id_cell(record, builder, docname)
            if record is not None and record["valid"]
            else nodes.literal(verdict.id, verdict.id)
        )
        rows.append(
            [
                plain_cell(label),
                link,
                plain_cell(verdict.title),
                plain_cell(verdict.observed),
            ]
        )
    return rows


def report_nodes(
    results: HostResults, domain: RequirementDomain, builder: Builder, docname: str
) -> list[nodes.Node]:
    """Host facts, inputs, counts and the verdict table."""
    host = [(label, str(results.host[key])) for key, label in HOST_FACTS if key in results.host]
    manifest = results.manifest
    if manifest:
        checked = f"{manifest.get('project', '')} {manifest.get('version', '')}".strip()
        host.append(("Manifest run", f"{checked}, sha256 {str(manifest.get('sha256', ''))[:12]}"))
    recount = counts_of(results)
    counts = recount.last_line()
    manual, errors = recount.counts["manual"], recount.counts["error"]
    summary = nodes.paragraph(classes=["reqcheck-host-counts"])
    summary += nodes.strong(counts, counts)
    extra = f" ({manual} manual, counted as skipped; {errors} errors, counted as failed)"
    summary += nodes.Text(extra)
    table = simple_table(
        ("Verdict", "Id", "Title", "Observed"),
        (14, 24, 34, 28),
        _verdict_rows(results, domain, builder, docname),
        "reqcheck-host-table",
    )
    return [summary, _facts_list(host + _inputs(results.inputs)), table]


def fill_host_reports(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each ``req:host-report`` placeholder with the report."""
    placeholders = list(doctree.findall(reqcheck_host_report))
    if not placeholders:
        return
    results = host_results(app.env)
    domain: RequirementDomain = app.env.domains["req"]  # type: ignore[assignment]
    for node in placeholders:
        if results is None:
            content: list[nodes.Node] = [nodes.paragraph(NO_RESULTS, NO_RESULTS)]
        else:
            content = report_nodes(results, domain, app.builder, docname)
        node.replace_self(content)
