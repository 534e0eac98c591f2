"""The text report: grouped by scope, one line per requirement, evidence under failures."""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence

from ...model import ENV_KNOBS, EVIDENCE_FOR, SCOPES, SKIPPED_STATUSES, STATUS_LOOK
from ..engine import Result
from . import Report, Write, shown_as_hex

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

# Where the terminal cannot show the symbol; and the ANSI colour of each status.
_ASCII = {"pass": "+", "fail": "x", "warn": "!", "skip": "-", "manual": "?", "error": "E"}
_COLOUR = {"pass": "32", "fail": "1;31", "warn": "33", "skip": "2", "manual": "36", "error": "1;35"}
# (symbol, ASCII symbol, word, ANSI colour)
_LOOK: dict[str, tuple[str, str, str, str]] = {
    status: (symbol, _ASCII[status], word, _COLOUR[status])
    for status, (symbol, word) in STATUS_LOOK.items()
}
# Inputs always shown in the header, with the label used there: the environment knobs
# (the run records each one, set or not), then where the run looked.
_HEADER_INPUTS = (
    *((name, name) for name in ENV_KNOBS),
    ("root", "root"),
    ("kernel_config", "kernel config"),
)
# A report must not drive the terminal: control characters other than tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def printable(text: str) -> str:
    """``text`` with control characters (other than tab and newline) shown as ``\\xNN``."""
    return shown_as_hex(_CONTROL, text)


def one_line(text: str) -> str:
    """``text`` made :func:`printable`, its lines joined with `` / ``: a value shown inside
    a result's line must not break the report's layout."""
    return " / ".join(printable(text).splitlines())


def _value(value: Any) -> str:
    if value is None or value == []:
        return "(unset)"
    if isinstance(value, list):
        return " ".join(value)
    return shlex.quote(str(value))  # as a shell would need it: '' and 'a b' stay readable


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
    lines = [
        f"reqcheck: {name} ({manifest.path}, sha256 {manifest.sha256[:12]})",
        f"host: {host.get('hostname', '?')}, {host.get('system', '?')} {host.get('release', '')}"
        f" {host.get('machine', '')}, Python {host.get('python', '?')},"
        f" runner {host.get('runner', '?')}",
        "inputs: " + "  ".join(shown + extra),
    ]
    # Knobs and paths come from the environment: an escape byte there must not reach the
    # terminal, nor a newline break the header into lines that look like others.
    return [one_line(line) for line in lines]


def _line(
    result: Result, colour: bool, unicode: bool, shown_detail: dict[str, str] | None = None
) -> list[str]:
    """One result's lines; with ``shown_detail`` (evidence -> the first requirement that
    showed it), evidence already shown above is referred to instead of repeated."""
    symbol, ascii_symbol, word, ansi = _LOOK[result.status]
    mark = f"{symbol if unicode else ascii_symbol} {word:<6}"
    if colour:
        mark = f"\033[{ansi}m{mark}\033[0m"
    expected = result.expected if unicode else result.expected.replace("\u2265", ">=")
    parts = [f"  {mark} {result.id}: {one_line(result.title)}"]
    if result.status in SKIPPED_STATUSES:
        parts.append(f"({one_line(result.observed)})")
    else:
        parts.append(
            f"[expected {one_line(expected)}; observed {one_line(result.observed) or '-'}]"
        )
    lines = [" ".join(parts)]
    if result.hint:
        lines.append(f"      hint: {printable(result.hint)}")
    if result.status in EVIDENCE_FOR and result.detail:
        detail = printable(result.detail).splitlines()
        first = (
            result.id if shown_detail is None else shown_detail.setdefault(result.detail, result.id)
        )
        if first != result.id and len(detail) > 1:
            # Sixteen kernel checks without a configuration share one long explanation:
            # say it once, then refer to it.
            detail = [f"(the same {len(detail)} lines as under {first} above)"]
        lines.extend(f"      {line}" for line in detail)
    return lines


def _scopes_in_order(results: Sequence[Result]) -> list[str]:
    # A requirement appears once, under its first scope; scopes in the model's order.
    present = {result.scope[0] for result in results}
    known = [scope for scope in SCOPES if scope in present]
    return known + sorted(present.difference(SCOPES))


def write_text(report: Report, write: Write, colour: bool = False, unicode: bool = True) -> None:
    """The text report, ending with ``N passed, N failed, N warned, N skipped``."""
    if not unicode:
        # Titles and tool output may hold any character: escape them, never crash.
        plain = write

        def write(text: str) -> None:
            plain(text.encode("ascii", "backslashreplace").decode("ascii"))

    dash = "\u2014" if unicode else "-"
    write("\n".join(_header(report)) + "\n")
    shown_detail: dict[str, str] = {}  # evidence text -> the first requirement showing it
    for scope in _scopes_in_order(report.results):
        described = SCOPES.get(scope)
        write(f"\n{scope} {dash} {described}\n" if described else f"\n{scope}\n")
        for result in report.results:
            if result.scope[0] == scope:
                write("\n".join(_line(result, colour, unicode, shown_detail)) + "\n")
    summary = report.summary
    counts: Mapping[str, int] = summary.counts
    write(
        f"\n{summary.total} requirements in {report.duration:.2f} s; "
        f"{counts['manual']} manual (counted as skipped), "
        f"{counts['error']} errors (counted as failed); exit status {summary.exit_status}\n"
    )
    write(summary.last_line() + "\n")
