"""A host's results (``reqcheck run --format json``) read back, for the handbook to show.

Pure Python, like the runner that writes them. Only what the handbook needs is checked:
a results file from another tool or an older format is refused with a message naming the
field, never half-used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .bounded_read import MANIFEST_LIMIT, read_regular_file
from .json_input import JsonProblem, decode_json
from .model import STATUSES

FORMAT = 1
# Worst first: the order of the host report and of "which verdict matters most".
SEVERITY = ("error", "fail", "warn", "manual", "skip", "pass")
VERDICT_FIELDS = ("id", "title", "status", "expected", "observed", "detail")


class ResultsError(ValueError):
    """A results file that cannot be used; the message names the file and field."""


@dataclass(frozen=True)
class Verdict:
    """One requirement's verdict on the host."""

    id: str
    title: str
    status: str
    expected: str
    observed: str
    detail: str


@dataclass(frozen=True)
class HostResults:
    """Everything one ``results.json`` says about one host."""

    path: str
    host: Mapping[str, Any]
    inputs: Mapping[str, Any]
    manifest: Mapping[str, Any]
    verdicts: Mapping[str, Verdict]

    @property
    def hostname(self) -> str:
        """The host's name as the runner saw it."""
        return str(self.host.get("hostname") or "the host")


def _verdict(entry: Any, where: str) -> Verdict:
    if not isinstance(entry, dict):
        raise ResultsError(f"{where}: must be an object")
    for name in VERDICT_FIELDS:
        if not isinstance(entry.get(name), str):
            raise ResultsError(f"{where}/{name}: must be a string")
    if entry["status"] not in STATUSES:
        raise ResultsError(f"{where}/status: {entry['status']!r} is not one of {STATUSES}")
    return Verdict(**{name: entry[name] for name in VERDICT_FIELDS})


def _object(data: Mapping[str, Any], name: str, path: str) -> Mapping[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ResultsError(f"{path}: {name}: must be an object")
    return value


def parse_results(data: Any, path: str) -> HostResults:
    """Check decoded results JSON; raise :class:`ResultsError` naming the field."""
    if not isinstance(data, dict):
        raise ResultsError(f"{path}: must be a JSON object (a `reqcheck run --format json` report)")
    if data.get("format") != FORMAT:
        raise ResultsError(f"{path}: format: must be {FORMAT}, found {data.get('format')!r}")
    entries = data.get("results")
    if not isinstance(entries, list):
        raise ResultsError(f"{path}: results: must be a list")
    verdicts: dict[str, Verdict] = {}
    for index, entry in enumerate(entries):
        verdict = _verdict(entry, f"{path}: results/{index}")
        verdicts[verdict.id] = verdict
    return HostResults(
        path=path,
        host=_object(data, "host", path),
        inputs=_object(data, "inputs", path),
        manifest=_object(data, "manifest", path),
        verdicts=verdicts,
    )


def load_results(path: str | Path) -> HostResults:
    """Read a results file (a regular file of at most 256 MiB); every problem is a
    :class:`ResultsError`."""
    try:
        raw = read_regular_file(path, MANIFEST_LIMIT)
    except OSError as error:
        raise ResultsError(f"cannot read {path}: {error.strerror}") from None
    try:
        data = decode_json(raw.decode("utf-8"), str(path))
    except UnicodeDecodeError:
        raise ResultsError(f"{path}: not a JSON report: not UTF-8 text") from None
    except JsonProblem as error:
        raise ResultsError(f"not a JSON report: {error}") from None
    return parse_results(data, str(path))
