"""The fleet matrix as text (a grid a person reads), JSON, and JUnit (one suite per host).

Text: the hosts numbered, then one row per requirement (worst first) and one column per
host, each cell the status symbol (``.`` where the host has no verdict); then each host
that is not clean: its state and reason, and its failures in the lines of the host's own
text report (evidence included); last, the hosts by state and the usual
``N passed, N failed, N warned, N skipped`` over all hosts' verdicts.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from ..model import STATUS_LOOK
from ..runner.engine import Result
from ..runner.reports import Write
from ..runner.reports.junit import _set, _testcase, xml_text
from ..runner.reports.text import _ASCII, _line, printable
from .ledger import STATES
from .matrix import Fleet, FleetHost

NO_VERDICT = "."
_FAILING = ("fail", "error")


def _result(entry: Mapping[str, Any]) -> Result:
    """A report's result entry as the runner's :class:`Result`, to render it the same way.

    Every field the runner's Result has is taken from the entry (text fields default to
    empty), so the lines are those the host's own text report printed.
    """
    fields: dict[str, Any] = {name: str(entry.get(name) or "") for name in Result.__slots__}
    fields["scope"] = tuple(entry.get("scope") or ("?",))
    fields["level"] = str(entry.get("level") or "required")
    fields["status"] = str(entry.get("status") or "error")
    fields["duration"] = float(entry.get("duration") or 0.0)
    return Result(**fields)


def _entries(host: FleetHost) -> list[Mapping[str, Any]]:
    results = (host.report or {}).get("results", [])
    return [entry for entry in results if isinstance(entry, dict)]


def _symbol(status: str | None, unicode: bool) -> str:
    if status is None:
        return NO_VERDICT
    return STATUS_LOOK[status][0] if unicode else _ASCII[status]


def _column_labels(count: int, indent: int) -> list[str]:
    """Host numbers written downwards, one digit per line, over their columns."""
    numbers = [str(index) for index in range(1, count + 1)]
    depth = len(numbers[-1]) if numbers else 0
    lines = []
    for digit in range(depth):
        cells = [number.rjust(depth)[digit] for number in numbers]
        lines.append((" " * indent + " ".join(cells)).rstrip())
    return lines


def _host_line(index: int, host: FleetHost) -> str:
    reason = f": {host.reason.splitlines()[0]}" if host.reason else ""
    return f"  {index:>3}  {host.name} ({host.state}){reason}"


def write_text(fleet: Fleet, write: Write, unicode: bool = True) -> None:
    """The grid, each unclean host's findings, and the totals (see the module docstring)."""
    manifest = fleet.manifest
    name = " ".join(str(manifest.get(key) or "") for key in ("project", "version")).strip()
    sha = str(manifest.get("sha256", ""))[:12]
    write(f"reqcheck fleet: {name or 'manifest'} ({manifest.get('path', '?')}, sha256 {sha})\n")
    write(f"hosts ({len(fleet.hosts)}):\n")
    for index, host in enumerate(fleet.hosts, 1):
        write(printable(_host_line(index, host)) + "\n")
    rows = fleet.rows()
    width = min(max([len(row.id) for row in rows] + [2]), 48)
    write("\n")
    for label in _column_labels(len(fleet.hosts), width + 2):
        write(label + "\n")
    for row in rows:
        cells = " ".join(
            _symbol(verdict.status if verdict else None, unicode)
            for verdict in row.verdicts.values()
        )
        write(f"{row.id[:width]:<{width}}  {cells}\n")
    for host in fleet.hosts:
        failing = [entry for entry in _entries(host) if entry.get("status") in _FAILING]
        if host.state == "ok" and not failing:
            continue
        write(f"\n{host.name} ({host.state})")
        write(f": {printable(host.reason)}\n" if host.reason else "\n")
        for entry in failing:
            write("\n".join(_line(_result(entry), False, unicode)) + "\n")
    summary = fleet.summary()
    states = summary["hosts"]
    shown_states = ", ".join(f"{states[state]} {state}" for state in STATES)
    write(
        f"\n{states['total']} hosts: {shown_states}; {len(rows)} requirements; "
        f"exit status {summary['exit_status']}\n"
    )
    write(fleet.verdict_counts().last_line() + "\n")


def write_json(fleet: Fleet, write: Write) -> None:
    """The fleet JSON, indented, keys in the documented order."""
    write(json.dumps(fleet.to_json(), indent=2, ensure_ascii=False) + "\n")


def _suite(host: FleetHost) -> ET.Element:
    suite = ET.Element("testsuite")
    cases = [_testcase(_result(entry)) for entry in _entries(host)]
    if host.state != "ok":
        # The host itself is a test case, so CI shows an unreachable host as an error.
        case = ET.Element("testcase")
        _set(case, {"classname": "fleet", "name": f"{host.name}: reached and checked"})
        _set(ET.SubElement(case, "error"), {"message": host.reason, "type": host.state})
        cases.insert(0, case)
    counts = {"failures": 0, "errors": 0, "skipped": 0}
    for case in cases:
        for tag, key in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
            counts[key] += case.find(tag) is not None
    hostname = str((host.report or {}).get("host", {}).get("hostname", ""))
    _set(suite, {"name": host.name, "tests": len(cases), **counts, "hostname": hostname})
    properties = ET.SubElement(suite, "properties")
    for key, value in (("fleet.state", host.state), ("fleet.reason", host.reason)):
        _set(ET.SubElement(properties, "property"), {"name": key, "value": value})
    suite.extend(cases)
    return suite


def write_junit(fleet: Fleet, write: Write) -> None:
    """One ``<testsuite>`` per host, named after it, so CI shows each host separately."""
    suites = ET.Element("testsuites")
    suites.set("name", xml_text("reqcheck fleet"))
    suites.extend(_suite(host) for host in fleet.hosts)
    ET.indent(suites, space="  ")
    write('<?xml version="1.0" encoding="UTF-8"?>\n')
    write(ET.tostring(suites, encoding="unicode") + "\n")


def write_fleet_report(fleet: Fleet, fmt: str, write: Write, unicode: bool = True) -> None:
    """Write the fleet report in ``fmt`` (text, json or junit)."""
    if fmt == "json":
        write_json(fleet, write)
    elif fmt == "junit":
        write_junit(fleet, write)
    else:
        write_text(fleet, write, unicode)
