"""Reports of a run: plain text for people, JSON for tools, JUnit XML for CI.

A :class:`Report` gathers what every format shows: the manifest (with a sha256 so later
work can tell results of a stale manifest), the host, the run's inputs, and the results.

Counting rule, the same in every format and in the handbook (see
:class:`sphinx_reqcheck.results.Counts`): errors count as failed and manual items as
skipped in the ``N passed, N failed, N warned, N skipped`` line; the separate numbers of
manual items and errors are shown too (the line before it in text).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ... import __version__
from ...atomic import write_atomic
from ...records import dataclass, field
from ...results import Counts
from ..engine import Result, exit_status

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any, TextIO

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
class Summary(Counts):
    """Counts of a run (see :class:`~sphinx_reqcheck.results.Counts`) and its exit status."""

    exit_status: int

    def to_json(self) -> dict[str, int]:
        """Every status count, the four summary numbers, the total and the exit status."""
        return {**super().to_json(), "exit_status": self.exit_status}


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
        counts = Counts.of(result.status for result in self.results).counts
        summary = Summary(counts, exit_status(self.results))
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


def shown_as_hex(unwanted: re.Pattern[str], text: str) -> str:
    """``text`` with each character ``unwanted`` matches shown as ``\\xNN`` (tool output may
    hold escape sequences, NUL bytes or lone surrogates that a report must not carry)."""
    return unwanted.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


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
    "shown_as_hex",
    "wants_colour",
    "write_atomic",
    "write_report",
]
