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

from ..model import EVIDENCE_FOR, SEVERITY
from ..results import HostResults, Verdict
from .summary import Cell, labelled, requirement_cell, simple_table
from .verdicts import counts_of, hint_line, host_results, staleness, status_node

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


def _input_label(name: str) -> str:
    # Environment knobs keep their names; the runner's own inputs read as words.
    return name if name.isupper() else name.replace("_", " ")


def _inputs(
    inputs: Mapping[str, Any], host: Mapping[str, Any]
) -> tuple[list[tuple[str, str]], list[str]]:
    """The inputs that were set, as label and value, and the names of those that were not.

    An input that is also a host fact (the root) is shown once, among the host facts.
    """
    given: list[tuple[str, str]] = []
    unset: list[str] = []
    for name, value in inputs.items():
        if name in host:
            continue
        if isinstance(value, list):
            value = " ".join(str(item) for item in value)
        if value in (None, ""):
            unset.append(_input_label(name))
        else:
            given.append((_input_label(name), str(value)))
    return given, unset


def _ordered(results: HostResults) -> list[Verdict]:
    rank = {status: index for index, status in enumerate(SEVERITY)}
    # sorted() is stable: within one status the runner's (manifest) order stays.
    return sorted(results.verdicts.values(), key=lambda verdict: rank[verdict.status])


def _verdict_rows(
    results: HostResults, domain: RequirementDomain, builder: Builder, docname: str
) -> list[list[Cell]]:
    rows = []
    for verdict in _ordered(results):
        record = domain.find(verdict.id)
        stale = staleness(record, verdict)
        linked = record if record is not None and record["valid"] else None
        observed: list[nodes.Node] = [labelled(verdict.observed, "observed")]
        if verdict.hint and verdict.status in EVIDENCE_FOR:
            observed.append(hint_line(verdict.hint))
        rows.append(
            [
                [status_node(verdict.status, bool(stale))],
                requirement_cell(linked, verdict.id, verdict.title, builder, docname),
                observed,
            ]
        )
    return rows


def report_nodes(
    results: HostResults, domain: RequirementDomain, builder: Builder, docname: str
) -> list[nodes.Node]:
    """Counts, host facts, the inputs of the run (unset ones on one line), verdicts."""
    host = [(label, str(results.host[key])) for key, label in HOST_FACTS if key in results.host]
    manifest = results.manifest
    if manifest:
        checked = f"{manifest.get('project', '')} {manifest.get('version', '')}".strip()
        host.append(("Manifest run", f"{checked}, sha256 {str(manifest.get('sha256', ''))[:12]}"))
    given, unset = _inputs(results.inputs, results.host)
    if unset:
        given.append(("Not set", ", ".join(unset)))
    recount = counts_of(results)
    counts = recount.last_line()
    manual, errors = recount.counts["manual"], recount.counts["error"]
    summary = nodes.paragraph(classes=["reqcheck-host-counts"])
    summary += nodes.strong(counts, counts)
    extra = f" ({manual} manual, counted as skipped; {errors} errors, counted as failed)"
    summary += nodes.Text(extra)
    table = simple_table(
        ("Verdict", "Requirement", "Observed"),
        (14, 40, 46),
        _verdict_rows(results, domain, builder, docname),
        ["reqcheck-host-table"],
    )
    return [summary, _facts_list(host + given), table]


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
