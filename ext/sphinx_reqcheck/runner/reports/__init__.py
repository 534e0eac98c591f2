"""Reports of a run: plain text for people, JSON for tools, JUnit XML for CI.

A :class:`Report` gathers what every format shows: the manifest (with a sha256 so later
work can tell results of a stale manifest), the host, the run's inputs, and the results.

Counting rule, the same in every format: errors count as failed and manual items count
as skipped in the ``N passed, N failed, N warned, N skipped`` line (as JUnit readers
count them), so the four numbers always add up to the requirements reported; the
separate numbers of manual items and errors are shown too (the line before it in text).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TextIO

from ... import __version__
from ...atomic import write_atomic
from ..engine import Result, count_statuses, exit_status

FORMATS = ("text", "json", "junit")


@dataclass(frozen=True)
class ManifestInfo:
    """Which manifest was run."""

    path: str
    project: str
    version: str
    sha256: str

    def to_json(self) -> dict[str, str]:
        """As a JSON object."""
        return {
            "path": self.path,
            "project": self.project,
            "version": self.version,
            "sha256": self.sha256,
        }


def host_facts(root: Path | None = None) -> dict[str, str]:
    """The facts about the machine that a reader of a report needs first."""
    # os.uname() and sys.version, not the platform and socket modules: the same facts on
    # Linux, without their import time in every run.
    info = os.uname()
    return {
        "hostname": info.nodename,
        "system": info.sysname,
        "release": info.release,
        "machine": info.machine,
        "python": sys.version.split()[0],
        "runner": __version__,
        "root": str(root) if root is not None else "/",
    }


@dataclass(frozen=True)
class Summary:
    """Counts of a run; see the module docstring for the counting rule."""

    counts: Mapping[str, int]
    exit_status: int

    @property
    def total(self) -> int:
        """How many requirements were reported."""
        return sum(self.counts.values())

    @property
    def passed(self) -> int:
        """Requirements that hold."""
        return self.counts["pass"]

    @property
    def failed(self) -> int:
        """Failures and errors, of any level."""
        return self.counts["fail"] + self.counts["error"]

    @property
    def warned(self) -> int:
        """Recommended or optional requirements not met."""
        return self.counts["warn"]

    @property
    def skipped(self) -> int:
        """Ruled out by a condition, or left to a person (manual)."""
        return self.counts["skip"] + self.counts["manual"]

    def last_line(self) -> str:
        """The text report's last line, in the fixed form tools parse."""
        return (
            f"{self.passed} passed, {self.failed} failed, "
            f"{self.warned} warned, {self.skipped} skipped"
        )

    def to_json(self) -> dict[str, int]:
        """Every status count, the four summary numbers, the total and the exit status."""
        return {
            "total": self.total,
            **self.counts,
            "passed": self.passed,
            "failed": self.failed,
            "warned": self.warned,
            "skipped": self.skipped,
            "exit_status": self.exit_status,
        }


@dataclass(frozen=True)
class Report:
    """Everything one run reports."""

    manifest: ManifestInfo
    host: Mapping[str, str]
    inputs: Mapping[str, Any]
    results: Sequence[Result]
    duration: float = 0.0
    summary: Summary = field(init=False)

    def __post_init__(self) -> None:
        summary = Summary(count_statuses(self.results), exit_status(self.results))
        object.__setattr__(self, "summary", summary)


Write = Callable[[str], object]  # e.g. a stream's write or a list's append


def write_report(
    report: Report, fmt: str, write: Write, colour: bool = False, unicode: bool = True
) -> None:
    """Write the report piece by piece (a 50,000-requirement report is never one string)."""
    if fmt == "json":
        from .json_report import write_json

        write_json(report, write)
    elif fmt == "junit":
        from .junit import write_junit

        write_junit(report, write)
    else:
        from .text import write_text

        write_text(report, write, colour=colour, unicode=unicode)


def render(report: Report, fmt: str, colour: bool = False, unicode: bool = True) -> str:
    """The report as one string of text, JSON or JUnit XML."""
    pieces: list[str] = []
    write_report(report, fmt, pieces.append, colour=colour, unicode=unicode)
    return "".join(pieces)


def wants_colour(stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (no-color.org)."""
    if environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def can_encode(stream: TextIO, text: str) -> bool:
    """True when the stream's encoding can write ``text`` (else use plain ASCII)."""
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def inputs_from(settings_fields: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise inputs for the reports: paths as strings, tuples as lists."""
    normal: dict[str, Any] = {}
    for key, value in settings_fields.items():
        if isinstance(value, Path):
            normal[key] = str(value)
        elif isinstance(value, (list, tuple)):
            normal[key] = [str(item) for item in value]
        else:
            normal[key] = value
    return normal


__all__ = [
    "FORMATS",
    "ManifestInfo",
    "Report",
    "Summary",
    "can_encode",
    "host_facts",
    "inputs_from",
    "render",
    "wants_colour",
    "write_atomic",
    "write_report",
]
