"""The handbook with one host's verdicts (``reqcheck_results = "results.json"``).

Each requirement block gains its verdict, observed value and evidence. A verdict is shown
as current only while it was made against the requirement the handbook now states, judged
by the requirement's digest (:func:`sphinx_reqcheck.model.requirement_digest`: its check,
conditions, scope and level as exported, carried in the manifest and echoed in each
result), never by words: rewording a title or a description keeps verdicts current. One
whose id the handbook no longer has, or whose digest differs, is marked stale and warned
about (``reqcheck.results``), never silently dropped or shown as current.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from ..bounded_read import MANIFEST_LIMIT, read_regular_file
from ..model import EVIDENCE_FOR, STATUS_LOOK
from ..records import dataclass
from ..results import Counts, HostResults, ResultsError, Verdict, load_results
from .config import setting_path
from .diagnostics import warn
from .nodes import inline_code, reqcheck_head, reqcheck_requirement

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import RequirementDomain
    from .record_store import Record


@dataclass(frozen=True)
class ShownVerdict:
    """A verdict as the handbook shows it: current, or stale with the reason."""

    verdict: Verdict
    stale: str | None = None


def status_label(status: str) -> str:
    """A status as symbol and word, readable without colour: ``✗ FAIL``."""
    symbol, word = STATUS_LOOK[status]
    return f"{symbol} {word}"


def status_node(status: str, stale: bool = False) -> nodes.inline:
    """A status as symbol and word, classed for its colour (never the only signal)."""
    label = status_label(status) + (" (stale)" if stale else "")
    return nodes.inline(label, label, classes=["reqcheck-status", f"reqcheck-status-{status}"])


def staleness(record: Record | None, verdict: Verdict) -> str | None:
    """Why ``verdict`` no longer speaks for the handbook's requirement, or None."""
    if record is None or not record["valid"]:
        return "the handbook has no such requirement any more"
    if not verdict.digest:
        return "the manifest that was run carried no requirement digest"
    if verdict.digest != record["digest"]:
        return (
            f"made when the handbook expected {verdict.expected!r}; the requirement's "
            "check, conditions, scope or level have changed since"
        )
    return None


def host_results(env: BuildEnvironment) -> HostResults | None:
    """The results loaded for this build, if any."""
    domain: RequirementDomain = env.domains["req"]  # type: ignore[assignment]
    return domain.host_results


def shown_verdict(env: BuildEnvironment, record: Record) -> ShownVerdict | None:
    """The verdict to show for ``record``, or None when the results have none."""
    results = host_results(env)
    if results is None or record["id"] not in results.verdicts:
        return None
    verdict = results.verdicts[record["id"]]
    return ShownVerdict(verdict, staleness(record, verdict))


def load_host_results(app: Sphinx) -> None:
    """Load ``reqcheck_results`` once per build (a problem is a warning, not a failure)."""
    domain: RequirementDomain = app.env.domains["req"]  # type: ignore[assignment]
    domain.host_results = None
    path = setting_path(app, "results")
    if path is None:
        return
    try:
        domain.host_results = load_results(path)
    except ResultsError as error:
        warn(f"reqcheck_results: {error}; building without verdicts", "results", None)


def file_digest(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return hashlib.sha256(read_regular_file(path, MANIFEST_LIMIT)).hexdigest()
    except OSError:
        return "unreadable"


def outdated_by_file(
    app: Sphinx, env: BuildEnvironment, setting: str, removed: set[str]
) -> list[str]:
    """The pages to re-read when the file a path setting names has changed since the last
    build: every page showing a requirement (its block or a table shows the file's data)."""
    domain: RequirementDomain = env.domains["req"]  # type: ignore[assignment]
    digest = file_digest(setting_path(app, setting))
    if domain.data.get(f"{setting}_digest", "") == digest:
        return []
    domain.data[f"{setting}_digest"] = digest
    return sorted(domain.documents_showing_requirements() - removed)


def outdated_by_results(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """New results change what every requirement block and table shows: re-read them."""
    return outdated_by_file(app, env, "results", removed)


def warn_stale(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about each verdict the handbook can no longer vouch for (after merging)."""
    results = host_results(env)
    if results is None:
        return
    domain: RequirementDomain = env.domains["req"]  # type: ignore[assignment]
    for verdict in results.verdicts.values():
        record = domain.find(verdict.id)
        reason = staleness(record, verdict)
        if reason is None:
            continue
        location = (record["source"]["doc"], record["source"]["line"]) if record else None
        warn(
            f"{results.path}: the verdict on {verdict.id!r} is stale ({reason}); run "
            "`reqcheck run` on the host again with a manifest built from these sources",
            "results",
            location,
        )


def hint_line(hint: str) -> nodes.inline:
    """What to do about a verdict, labelled in words."""
    line = nodes.inline(classes=["reqcheck-hint"])
    line += nodes.strong("What to do: ", "What to do: ")
    line.extend(inline_code(hint))
    return line


def verdict_nodes(shown: ShownVerdict, hostname: str) -> nodes.container:
    """The verdict block under a requirement: status, host, observed, evidence."""
    verdict = shown.verdict
    classes = ["reqcheck-verdict", f"reqcheck-verdict-{verdict.status}"]
    if shown.stale:
        classes.append("reqcheck-verdict-stale")
    box = nodes.container(classes=classes)
    line = nodes.paragraph(support_smartquotes=False)
    line += nodes.strong("", "", status_node(verdict.status))
    line += nodes.Text(f" on {hostname}")
    if verdict.observed:
        line += nodes.Text(": observed ")
        line += nodes.literal(verdict.observed, verdict.observed)
    if shown.stale:
        line += nodes.Text(" ")
        stale = f"stale: {shown.stale}"
        line += nodes.inline(stale, stale, classes=["reqcheck-stale"])
    box += line
    if verdict.hint and verdict.status in EVIDENCE_FOR:
        box += nodes.paragraph("", "", hint_line(verdict.hint), support_smartquotes=False)
    if verdict.detail and verdict.status in EVIDENCE_FOR:
        box += nodes.literal_block(verdict.detail, verdict.detail, classes=["reqcheck-evidence"])
    return box


def _insert_position(block: nodes.Element) -> int:
    """Just after the facts (expected, checked by), before the body."""
    for index, child in enumerate(block.children):
        if isinstance(child, reqcheck_head) or "reqcheck-facts" in child.get("classes", []):
            return index + 1
    return 0


def add_verdicts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put each requirement's verdict on this host into its block."""
    results = host_results(app.env)
    if results is None:
        return
    domain: RequirementDomain = app.env.domains["req"]  # type: ignore[assignment]
    for block in doctree.findall(reqcheck_requirement):
        record = domain.record_of(block)
        if record is None or block["reqcheck"].get("verdict_shown"):
            continue
        block["reqcheck"]["verdict_shown"] = True
        shown = shown_verdict(app.env, record)
        if shown is not None:
            block.insert(_insert_position(block), verdict_nodes(shown, results.hostname))


def counts_of(results: HostResults) -> Counts:
    """The runner's counts, recounted from the verdicts the handbook shows."""
    return Counts.of(verdict.status for verdict in results.verdicts.values())
