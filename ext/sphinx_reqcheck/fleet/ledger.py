"""What Ansible said about each host, read from the callback's ledger, as one state per host.

The callback (``callback_plugins/reqcheck_fleet.py``) writes a JSON line per task result;
the playbook's task names are ``reqcheck: <step>``. A host's state comes from Ansible's own
results, with Ansible's own message as the reason:

- ``unreachable``: a task could not connect (``UNREACHABLE!``);
- ``failed``: a step failed: no usable Python 3.9+ (the first, ``raw`` step), the copy,
  the run (the runner exited other than 0 or 1, or the task ``timeout`` ended it), the
  fetch, or the clean-up; or ansible-playbook ended (or was stopped at the deadline)
  before the host's report came back;
- ``skipped``: the play listed the host but Ansible ran none of its tasks there;
- ``ok``: the report was fetched (and the copy removed).

A host of the play with no line at all is never dropped: it is ``skipped`` or, when the
run was cut short, ``failed`` with the reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STATES = ("ok", "unreachable", "failed", "skipped")
PREFIX = "reqcheck: "
# The playbook's steps in order, by task name after PREFIX.
STEPS = ("hosts", "python", "interpreter", "tempdir", "copy", "run", "fetch", "clean")
# The python step's exit status when the interpreter runs but is older than 3.9.
TOO_OLD = 3
_REASON_LINES = 6


@dataclass(frozen=True)
class HostOutcome:
    """One host's state, Ansible's reason, and the fetched report file (if any)."""

    name: str
    state: str
    reason: str
    report_file: str | None = None


@dataclass(frozen=True)
class RunEnd:
    """How ansible-playbook ended: its exit status, and whether the deadline stopped it."""

    status: int
    timed_out: bool = False
    deadline: float = 0.0


def read_ledger(path: Path) -> list[dict[str, Any]]:
    """The ledger's records; a line cut short by a killed run is left out."""
    records = []
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("host"), str):
            records.append(record)
    return records


def _step(record: Mapping[str, Any]) -> str:
    task = str(record.get("task", ""))
    return task[len(PREFIX) :] if task.startswith(PREFIX) else task


def _tail(text: Any) -> str:
    lines = [line.rstrip() for line in str(text or "").splitlines() if line.strip()]
    return "\n".join(lines[-_REASON_LINES:])


def _python_reason(record: Mapping[str, Any]) -> str:
    rc = record.get("rc")
    said = _tail(record.get("stderr")) or _tail(record.get("stdout"))
    if rc == TOO_OLD:
        version = str(record.get("stdout", "")).split()
        found = version[1] if len(version) > 1 else "?"
        return f"Python {found} is too old: the runner needs Python 3.9 or newer"
    reason = (
        f"no usable Python 3.9 or newer (the interpreter exited {rc}; "
        "set ansible_python_interpreter)"
    )
    return f"{reason}: {said}" if said else reason


def _failure_reason(record: Mapping[str, Any]) -> str:
    step = _step(record)
    if step == "python" and isinstance(record.get("rc"), int):
        return _python_reason(record)
    message = str(record.get("msg") or "failed")
    if step == "run" and isinstance(record.get("rc"), int):
        message = f"the runner exited {record['rc']}: {message}"
    said = _tail(record.get("stderr")) or _tail(record.get("module_stderr"))
    reason = f"{step}: {message}"
    return f"{reason}\n{said}" if said else reason


def _cut_short(name: str, seen: list[Mapping[str, Any]], end: RunEnd) -> HostOutcome:
    last = f" (last step: {_step(seen[-1])})" if seen else ""
    if end.timed_out:
        why = f"ansible-playbook was stopped at the deadline of {end.deadline:g} s"
        return HostOutcome(name, "failed", f"{why} before this host's report came back{last}")
    if not seen:
        return HostOutcome(
            name,
            "skipped",
            f"Ansible ran no task on this host (ansible-playbook exited {end.status})",
        )
    return HostOutcome(
        name,
        "failed",
        f"ansible-playbook exited {end.status} before this host's report came back{last}",
    )


def host_outcome(name: str, seen: list[Mapping[str, Any]], end: RunEnd) -> HostOutcome:
    """The state of host ``name`` from its ledger records, in the order they came."""
    report_file = None
    for record in seen:
        event, step = record.get("event"), _step(record)
        if event == "unreachable":
            return HostOutcome(name, "unreachable", str(record.get("msg") or "unreachable"))
        if event == "failed":
            reason = _failure_reason(record)
            if step == "clean" and report_file is not None:
                reason = f"the report came back, but the copy was not removed: {reason}"
            return HostOutcome(name, "failed", reason, report_file)
        if event == "ok" and step == "fetch" and record.get("dest"):
            report_file = str(record["dest"])
    if report_file is not None and any(_step(r) == "clean" for r in seen):
        return HostOutcome(name, "ok", "", report_file)
    return _cut_short(name, seen, end)


def outcomes(records: Iterable[Mapping[str, Any]], end: RunEnd) -> dict[str, HostOutcome]:
    """Every host of the play (and any other the ledger names), in the play's order."""
    names: list[str] = []
    by_host: dict[str, list[Mapping[str, Any]]] = {}
    for record in records:
        if record.get("event") == "ok" and _step(record) == "hosts":
            listed = record.get("msg")
            if isinstance(listed, list):
                names.extend(str(host) for host in listed if str(host) not in names)
            continue
        host = str(record["host"])
        by_host.setdefault(host, []).append(record)
        if host not in names:
            names.append(host)
    return {name: host_outcome(name, by_host.get(name, []), end) for name in names}
