"""A fleet in the handbook (``reqcheck_fleet_results = "fleet.json"``).

``req:fleet-report`` renders the host x requirement matrix of ``reqcheck fleet --format
json``: the hosts with their states and Ansible's reasons, then one row per requirement
(worst first) and one column per host under a sticky header; each cell links to the
requirement's block and carries the host's observed value as its title (hover), and rows
where a host failed or warned get a details row listing the observed values (phones have
no hover). Without fleet results the page says how to make them. Every requirement block
lists the hosts that fail it.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective

from ..model import STATUS_LOOK
from .config import setting_path
from .diagnostics import warn
from .nodes import anchor, reqcheck_requirement
from .summary import id_cell, plain_cell, simple_table
from .verdicts import outdated_by_file, status_label

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..fleet.matrix import Fleet, FleetHost, Row
    from .domain import RequirementDomain
    from .record_store import Record

FLEET_CSS_FILE = "reqcheck-fleet.css"
NO_FLEET = (
    "This build shows no fleet. Run the checks on every host of an Ansible inventory "
    "(reqcheck fleet -i INVENTORY --format json --output fleet.json) and build the handbook "
    "with -D reqcheck_fleet_results=path/to/fleet.json."
)
# Cells whose observed value is worth a details row.
_DETAILED = ("fail", "error", "warn")


class reqcheck_fleet_report(nodes.container):  # type: ignore[misc]
    """Placeholder for the fleet matrix, filled when the doctree is resolved."""


class FleetReportDirective(SphinxDirective):
    """``req:fleet-report`` (no argument, no options)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """Leave a placeholder; the matrix needs every document and the fleet results."""
        node = reqcheck_fleet_report(classes=["reqcheck-fleet-report"])
        self.set_source_info(node)
        domain: RequirementDomain = self.env.domains["req"]  # type: ignore[assignment]
        domain.note_summary(self.env.docname)
        return [node]


def load_fleet_results(app: Sphinx) -> None:
    """Read ``reqcheck_fleet_results`` once per build; an unusable file is a warning."""
    domain: RequirementDomain = app.env.domains["req"]  # type: ignore[assignment]
    path = setting_path(app, "fleet_results")
    if path is None:
        domain.fleet_results = None
        return
    # Imported here: a handbook without a fleet need not load the fleet's readers.
    from ..fleet.matrix import FleetError, load_fleet

    try:
        domain.fleet_results = load_fleet(path)
    except FleetError as error:
        domain.fleet_results = None
        warn(f"reqcheck_fleet_results: {error}; building without the fleet", "results", None)


def fleet_of(env: BuildEnvironment) -> Fleet | None:
    """The fleet loaded for this build, if any."""
    domain: RequirementDomain = env.domains["req"]  # type: ignore[assignment]
    return domain.fleet_results


def outdated_by_fleet(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """New fleet results change every requirement block and the fleet page: re-read them."""
    return outdated_by_file(app, env, "fleet_results", removed)


# -- every requirement block: the hosts that fail it ---------------------------------------


def add_failing_hosts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Under each requirement some host failed: which hosts."""
    fleet = fleet_of(app.env)
    if fleet is None:
        return
    failing = fleet.failing_hosts()
    domain: RequirementDomain = app.env.domains["req"]  # type: ignore[assignment]
    for block in doctree.findall(reqcheck_requirement):
        record = domain.record_of(block)
        if record is None or block["reqcheck"].get("fleet_shown"):
            continue
        block["reqcheck"]["fleet_shown"] = True
        hosts = failing.get(record["id"])
        if not hosts:
            continue
        line = nodes.paragraph(classes=["reqcheck-fleet-failing"])
        label = f"{status_label('fail')} on {len(hosts)} of {len(fleet.hosts)} hosts: "
        line += nodes.strong(label, label)
        for index, host in enumerate(hosts):
            line += nodes.Text(", " if index else "")
            line += nodes.literal(host, host)
        block += line


# -- the fleet page --------------------------------------------------------------------------


def _hosts_table(fleet: Fleet) -> nodes.table:
    rows = []
    for host in fleet.hosts:
        counts = ""
        if host.results is not None:
            found = [v.status for v in host.results.verdicts.values()]
            failed = found.count("fail") + found.count("error")
            counts = f"{found.count('pass')} passed, {failed} failed, {found.count('warn')} warned"
        rows.append(
            [
                [nodes.literal(host.name, host.name)],
                [plain_cell(host.state)],
                [plain_cell(counts or host.reason)],
            ]
        )
    return simple_table(
        ("Host", "State", "Verdicts, or why none"), (20, 12, 68), rows, "reqcheck-fleet-hosts"
    )


def _href(builder: Builder, docname: str, record: Record | None) -> str | None:
    if record is None or not record["valid"]:
        return None
    try:
        uri = builder.get_relative_uri(docname, record["source"]["doc"])
    except NoUri:
        return None
    return f"{uri}#{anchor(record['id'])}"


def _cell(host: FleetHost, row: Row, href: str | None) -> str:
    verdict = row.verdicts[host.name]
    if verdict is None:
        why = f"{host.name}: no verdict ({host.state})"
        return f'<td class="reqcheck-cell reqcheck-cell-none" title="{escape(why)}">.</td>'
    symbol, word = STATUS_LOOK[verdict.status]
    hover = f"{host.name}: {symbol} {word}; observed {verdict.observed or '-'}"
    mark = f'<span class="reqcheck-cell-symbol">{escape(symbol)}</span>'
    inner = f'<a href="{escape(href)}">{mark}</a>' if href else mark
    # The title is the hover text and, for screen readers, the cell's description.
    classes = f"reqcheck-cell reqcheck-cell-{verdict.status}"
    return f'<td class="{classes}" title="{escape(hover)}">{inner}</td>'


def _details_row(row: Row, width: int) -> str:
    items = [
        f"<li><code>{escape(name)}</code> {escape(status_label(verdict.status))}: "
        f"{escape(verdict.observed or '-')}</li>"
        for name, verdict in row.verdicts.items()
        if verdict is not None and verdict.status in _DETAILED
    ]
    if not items:
        return ""
    return (
        f'<tr class="reqcheck-fleet-details"><td colspan="{width}"><details>'
        f"<summary>observed on {len(items)} hosts</summary><ul>{''.join(items)}</ul>"
        "</details></td></tr>"
    )


def matrix_html(fleet: Fleet, domain: RequirementDomain, builder: Builder, docname: str) -> str:
    """The matrix as an HTML table in a scrolling box (sticky header and first column)."""
    head = "".join(
        f'<th scope="col" class="reqcheck-fleet-host reqcheck-fleet-state-{host.state}" '
        f'title="{escape(host.state + (": " + host.reason if host.reason else ""))}">'
        f"{escape(host.name)}</th>"
        for host in fleet.hosts
    )
    body = []
    for row in fleet.rows():
        href = _href(builder, docname, domain.find(row.id))
        name = f"<code>{escape(row.id)}</code>"
        link = f'<a href="{escape(href)}" title="{escape(row.title)}">{name}</a>' if href else name
        cells = "".join(_cell(host, row, href) for host in fleet.hosts)
        body.append(f'<tr><th scope="row" class="reqcheck-fleet-req">{link}</th>{cells}</tr>')
        body.append(_details_row(row, len(fleet.hosts) + 1))
    return (
        '<div class="reqcheck-fleet-scroll" tabindex="0">'
        '<table class="reqcheck-fleet-matrix"><thead><tr>'
        f'<th scope="col" class="reqcheck-fleet-req">Requirement</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _matrix_table(
    fleet: Fleet, domain: RequirementDomain, builder: Builder, docname: str
) -> nodes.table:
    """The matrix for builders other than HTML: symbols in a plain table."""
    rows = []
    for row in fleet.rows():
        record = domain.find(row.id)
        first: nodes.Node = (
            id_cell(record, builder, docname) if record else nodes.literal(row.id, row.id)
        )
        cells = [
            [plain_cell(STATUS_LOOK[v.status][0] if v else ".")] for v in row.verdicts.values()
        ]
        rows.append([[first], *cells])
    columns = ["Requirement", *(host.name for host in fleet.hosts)]
    return simple_table(columns, [24] + [6] * len(fleet.hosts), rows, "reqcheck-fleet-matrix")


def fleet_nodes(
    fleet: Fleet, domain: RequirementDomain, builder: Builder, docname: str
) -> list[nodes.Node]:
    """Counts, the hosts with their states, and the matrix."""
    hosts = fleet.summary()["hosts"]
    last = fleet.verdict_counts().last_line()
    counts = nodes.paragraph(classes=["reqcheck-fleet-counts"])
    counts += nodes.strong(last, last)
    from ..fleet.ledger import STATES  # the fleet is loaded, so is its ledger

    states = ", ".join(f"{hosts[state]} {state}" for state in STATES)
    counts += nodes.Text(f" over {hosts['total']} hosts ({states})")
    if builder.format == "html":
        matrix: nodes.Node = nodes.raw(
            "", matrix_html(fleet, domain, builder, docname), format="html"
        )
    else:
        matrix = _matrix_table(fleet, domain, builder, docname)
    return [counts, _hosts_table(fleet), matrix]


def _page_content(app: Sphinx, docname: str) -> list[nodes.Node]:
    fleet = fleet_of(app.env)
    if fleet is None:
        return [nodes.paragraph(NO_FLEET, NO_FLEET)]
    domain: RequirementDomain = app.env.domains["req"]  # type: ignore[assignment]
    return fleet_nodes(fleet, domain, app.builder, docname)


def fill_fleet_reports(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each ``req:fleet-report`` placeholder with the fleet (or how to get one)."""
    for node in list(doctree.findall(reqcheck_fleet_report)):
        node.replace_self(_page_content(app, docname))
