"""The host x requirement matrix of a fleet run: its data, JSON form and reading back.

Pure Python (no Sphinx, no Ansible): ``reqcheck fleet`` builds a :class:`Fleet` from what
Ansible said and the reports it fetched; the handbook's ``req:fleet-report`` reads the
JSON back with :func:`load_fleet`. The JSON is
``{format, manifest{path, project, version, sha256}, hosts{NAME: {state, reason,
report}}, summary}``, where ``report`` is the host's ``reqcheck run --format json`` report,
unchanged (null when none came back); ``fleet.schema.json`` describes it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..bounded_read import MANIFEST_LIMIT, read_regular_file
from ..json_input import JsonProblem, decode_json
from ..model import SEVERITY
from ..results import Counts, HostResults, ResultsError, Verdict, parse_results
from .ledger import STATES, HostOutcome

FORMAT = 1


class FleetError(ValueError):
    """A fleet results file that cannot be used; the message names the file and field."""


@dataclass(frozen=True)
class FleetHost:
    """One host's row: its state, Ansible's reason, and its report (when one came back)."""

    name: str
    state: str
    reason: str
    report: Mapping[str, Any] | None = None
    results: HostResults | None = None

    @property
    def failed_required(self) -> bool:
        """The host's own run failed a required requirement (its exit status 1)."""
        summary = (self.report or {}).get("summary", {})
        return isinstance(summary, dict) and summary.get("exit_status", 0) != 0

    def status_of(self, requirement_id: str) -> str | None:
        """The host's verdict status on a requirement, or None (no report, or not run)."""
        if self.results is None:
            return None
        verdict = self.results.verdicts.get(requirement_id)
        return verdict.status if verdict is not None else None

    def to_json(self) -> dict[str, Any]:
        """The host's entry in the fleet JSON."""
        return {"state": self.state, "reason": self.reason, "report": self.report}


@dataclass(frozen=True)
class Row:
    """One requirement across the fleet: each host's verdict (None where there is none)."""

    id: str
    title: str
    verdicts: Mapping[str, Verdict | None]

    @property
    def worst(self) -> str | None:
        """The worst status any host has on it."""
        found = {verdict.status for verdict in self.verdicts.values() if verdict is not None}
        return next((status for status in SEVERITY if status in found), None)

    def hosts_with(self, *statuses: str) -> list[str]:
        """Hosts whose verdict has one of ``statuses``, in the fleet's order."""
        return [
            name
            for name, verdict in self.verdicts.items()
            if verdict and verdict.status in statuses
        ]


@dataclass(frozen=True)
class Fleet:
    """A whole fleet run: the manifest and one :class:`FleetHost` per host, in order."""

    manifest: Mapping[str, Any]
    hosts: Sequence[FleetHost]

    @property
    def exit_status(self) -> int:
        """0 when every host was reached and ran without failing a required requirement."""
        fine = all(host.state == "ok" and not host.failed_required for host in self.hosts)
        return 0 if fine and self.hosts else 1

    def verdict_counts(self) -> Counts:
        """Every status counted over all hosts' verdicts, by the run's counting rule."""
        return Counts.of(
            verdict.status
            for host in self.hosts
            if host.results is not None
            for verdict in host.results.verdicts.values()
        )

    def summary(self) -> dict[str, Any]:
        """Hosts by state, verdicts over all hosts (with the run's four numbers), exit status."""
        states = Counter(host.state for host in self.hosts)
        counts = self.verdict_counts()
        return {
            "hosts": {"total": len(self.hosts), **{state: states[state] for state in STATES}},
            "verdicts": {
                **counts.counts,
                "passed": counts.passed,
                "failed": counts.failed,
                "warned": counts.warned,
                "skipped": counts.skipped,
            },
            "exit_status": self.exit_status,
        }

    def rows(self) -> list[Row]:
        """One row per requirement any host reported, worst first.

        Worst status across the hosts first (as the host report orders), then the most
        hosts at that status, then the order of the reports.
        """
        titles: dict[str, str] = {}
        for host in self.hosts:
            if host.results is not None:
                for verdict in host.results.verdicts.values():
                    titles.setdefault(verdict.id, verdict.title)
        rows = [
            Row(
                requirement_id,
                title,
                {
                    host.name: host.results.verdicts.get(requirement_id) if host.results else None
                    for host in self.hosts
                },
            )
            for requirement_id, title in titles.items()
        ]
        order = {status: index for index, status in enumerate(SEVERITY)}

        def rank(indexed: tuple[int, Row]) -> tuple[int, int, int]:
            index, row = indexed
            worst = row.worst or ""
            return (order.get(worst, len(order)), -len(row.hosts_with(worst)), index)

        return [row for _index, row in sorted(enumerate(rows), key=rank)]

    def failing_hosts(self) -> dict[str, list[str]]:
        """For each requirement some host failed or errored on: those hosts, in order."""
        failing: dict[str, list[str]] = {}
        for host in self.hosts:
            if host.results is None:
                continue
            for verdict in host.results.verdicts.values():
                if verdict.status in ("fail", "error"):
                    failing.setdefault(verdict.id, []).append(host.name)
        return failing

    def to_json(self) -> dict[str, Any]:
        """The fleet JSON (see the module docstring)."""
        return {
            "format": FORMAT,
            "manifest": dict(self.manifest),
            "hosts": {host.name: host.to_json() for host in self.hosts},
            "summary": self.summary(),
        }


def host_from_outcome(outcome: HostOutcome) -> FleetHost:
    """The row of a host as Ansible left it; a report that cannot be read makes it failed."""
    if outcome.report_file is None:
        return FleetHost(outcome.name, outcome.state, outcome.reason)
    try:
        raw = read_regular_file(outcome.report_file, MANIFEST_LIMIT)
        report = decode_json(raw.decode("utf-8"), f"{outcome.name}'s report")
        results = parse_results(report, f"{outcome.name}'s report")
    except (OSError, ValueError) as error:
        reason = f"the report that came back cannot be read: {error}"
        return FleetHost(outcome.name, "failed", reason)
    return FleetHost(outcome.name, outcome.state, outcome.reason, report, results)


def _host_from_json(name: str, entry: Any, path: str) -> FleetHost:
    where = f"{path}: hosts/{name}"
    if not isinstance(entry, dict):
        raise FleetError(f"{where}: must be an object")
    if entry.get("state") not in STATES:
        raise FleetError(f"{where}/state: must be one of {', '.join(STATES)}")
    if not isinstance(entry.get("reason"), str):
        raise FleetError(f"{where}/reason: must be a string")
    report = entry.get("report")
    if report is None:
        return FleetHost(name, entry["state"], entry["reason"])
    try:
        results = parse_results(report, f"{where}/report")
    except ResultsError as error:
        raise FleetError(str(error)) from None
    return FleetHost(name, entry["state"], entry["reason"], report, results)


def parse_fleet(data: Any, path: str) -> Fleet:
    """Check decoded fleet JSON; raise :class:`FleetError` naming the field."""
    if not isinstance(data, dict):
        raise FleetError(f"{path}: must be a JSON object (a `reqcheck fleet --format json` report)")
    if data.get("format") != FORMAT:
        raise FleetError(f"{path}: format: must be {FORMAT}, found {data.get('format')!r}")
    manifest, hosts = data.get("manifest"), data.get("hosts")
    if not isinstance(manifest, dict):
        raise FleetError(f"{path}: manifest: must be an object")
    if not isinstance(hosts, dict):
        raise FleetError(f"{path}: hosts: must be an object")
    return Fleet(manifest, [_host_from_json(name, entry, path) for name, entry in hosts.items()])


def load_fleet(path: str | Path) -> Fleet:
    """Read a fleet results file (a regular file of at most 256 MiB, as a results file);
    every problem is a :class:`FleetError`."""
    try:
        data = decode_json(read_regular_file(path, MANIFEST_LIMIT).decode("utf-8"), str(path))
    except OSError as error:
        raise FleetError(f"cannot read {path}: {error.strerror}") from None
    except (UnicodeDecodeError, JsonProblem) as error:
        raise FleetError(f"{path}: not a fleet report: {error}") from None
    return parse_fleet(data, str(path))
