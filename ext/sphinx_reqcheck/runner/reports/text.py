"""The text report: grouped by scope, one line per requirement, evidence under failures."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ...model import SCOPES
from ..engine import Result
from . import Report

# (symbol, ASCII symbol, word, ANSI colour)
_LOOK: dict[str, tuple[str, str, str, str]] = {
    "pass": ("\u2713", "+", "pass", "32"),
    "fail": ("\u2717", "x", "FAIL", "1;31"),
    "warn": ("!", "!", "warn", "33"),
    "skip": ("-", "-", "skip", "2"),
    "manual": ("?", "?", "manual", "36"),
    "error": ("\u203c", "E", "ERROR", "1;35"),
}
# Inputs always shown in the header, with the label used there.
_HEADER_INPUTS = (
    ("DOCKER_BUILDTAGS", "DOCKER_BUILDTAGS"),
    ("AUTO_GOPATH", "AUTO_GOPATH"),
    ("DOCKER_CLIENTONLY", "DOCKER_CLIENTONLY"),
    ("DOCKER_INITPATH", "DOCKER_INITPATH"),
    ("root", "root"),
    ("kernel_config", "kernel config"),
)
_EVIDENCE_FOR = ("fail", "warn", "error")
# Tool output may hold escape sequences or NUL bytes; a report must not drive the terminal.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def printable(text: str) -> str:
    """``text`` with control characters (other than tab and newline) shown as ``\\xNN``."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def _value(value: Any) -> str:
    if value is None or value == []:
        return "(unset)"
    if isinstance(value, list):
        return " ".join(value)
    return repr(value) if value == "" else str(value)


def _header(report: Report) -> list[str]:
    manifest = report.manifest
    host = report.host
    name = " ".join(part for part in (manifest.project, manifest.version) if part) or "manifest"
    inputs = report.inputs
    shown = [f"{label}={_value(inputs.get(key))}" for key, label in _HEADER_INPUTS]
    extra = [
        f"{key.replace('_', ' ')}={_value(value)}"
        for key, value in inputs.items()
        if key not in dict(_HEADER_INPUTS) and value not in (None, [], "")
    ]
    return [
        f"reqcheck: {name} ({manifest.path}, sha256 {manifest.sha256[:12]})",
        f"host: {host.get('hostname', '?')}, {host.get('system', '?')} {host.get('release', '')}"
        f" {host.get('machine', '')}, Python {host.get('python', '?')},"
        f" runner {host.get('runner', '?')}",
        "inputs: " + "  ".join(shown + extra),
    ]


def _line(result: Result, colour: bool, unicode: bool) -> list[str]:
    symbol, ascii_symbol, word, ansi = _LOOK[result.status]
    mark = f"{symbol if unicode else ascii_symbol} {word:<6}"
    if colour:
        mark = f"\033[{ansi}m{mark}\033[0m"
    expected = result.expected if unicode else result.expected.replace("\u2265", ">=")
    parts = [f"  {mark} {result.id}: {result.title}"]
    if result.status == "skip":
        parts.append(f"({printable(result.observed)})")
    else:
        parts.append(f"[expected {expected}; observed {printable(result.observed) or '-'}]")
    lines = [" ".join(parts)]
    if result.status in _EVIDENCE_FOR and result.detail:
        lines.extend(f"      {line}" for line in printable(result.detail).splitlines())
    return lines


def _groups(results: list[Result]) -> dict[str, list[Result]]:
    # A requirement appears once, under its first scope; scopes in the model's order.
    groups: dict[str, list[Result]] = {scope: [] for scope in SCOPES}
    for result in results:
        groups.setdefault(result.scope[0], []).append(result)
    return {scope: members for scope, members in groups.items() if members}


def render_text(report: Report, colour: bool = False, unicode: bool = True) -> str:
    """The whole text report, ending with ``N passed, N failed, N warned, N skipped``."""
    dash = "\u2014" if unicode else "-"
    lines = _header(report)
    for scope, members in _groups(list(report.results)).items():
        lines.append("")
        lines.append(f"{scope} {dash} {SCOPES.get(scope, '')}".rstrip(f" {dash}"))
        for result in members:
            lines.extend(_line(result, colour, unicode))
    summary = report.summary
    counts: Mapping[str, int] = summary.counts
    lines.append("")
    lines.append(
        f"{summary.total} requirements in {report.duration:.2f} s; "
        f"{counts['manual']} manual (counted as skipped), "
        f"{counts['error']} errors (counted as failed); exit status {summary.exit_status}"
    )
    lines.append(summary.last_line())
    text = "\n".join(lines) + "\n"
    if not unicode:  # titles and tool output may hold any character; escape, never crash
        text = text.encode("ascii", "backslashreplace").decode("ascii")
    return text
