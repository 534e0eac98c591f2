"""The results file (``reqcheck run --format json``): what the runner writes and the
handbook reads back, declared once for both wings.

The format version, the fields of each result and the counting rule live here; the
runner's reports use them to write, the handbook to read and count. Pure Python, like the
runner. Only what the handbook needs is checked on reading: a results file from another
tool or an older format is refused with a message naming the field, never half-used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from .bounded_read import MANIFEST_LIMIT, read_regular_file
from .json_input import JsonProblem, decode_json
from .model import FAILED_STATUSES, SKIPPED_STATUSES, STATUSES
from .records import dataclass, fields

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

# 2: each result carries the digest of the requirement it was made against.
FORMAT = 2
# The fields of each entry of ``results``, in the order the runner writes them, with the
# JSON type of each.
RESULT_FIELDS: dict[str, type] = {
    "id": str,
    "title": str,
    "scope": list,
    "level": str,
    "status": str,
    "expected": str,
    "observed": str,
    "detail": str,
    "hint": str,
    "digest": str,
    "duration": float,
}


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
    # what to do about a fail, warn or error ("" for the other statuses)
    hint: str
    # requirement_digest() of the requirement the verdict was made against
    digest: str


# What the handbook reads of each result (all strings, all among RESULT_FIELDS).
VERDICT_FIELDS = tuple(field.name for field in fields(Verdict))


@dataclass(frozen=True)
class Counts:
    """How many verdicts have each status, and the four numbers every report shows.

    Counting rule, the same in every report and in the handbook: errors count as failed
    and manual items as skipped in ``N passed, N failed, N warned, N skipped`` (as JUnit
    readers count them), so the four numbers add up to the verdicts counted.
    """

    counts: Mapping[str, int]

    @classmethod
    def of(cls, statuses: Iterable[str]) -> Counts:
        """Count ``statuses`` (every status present in ``counts``, zero or not)."""
        counts = dict.fromkeys(STATUSES, 0)
        for status in statuses:
            counts[status] += 1
        return cls(counts)

    @property
    def total(self) -> int:
        """How many verdicts were counted."""
        return sum(self.counts.values())

    @property
    def passed(self) -> int:
        """Requirements that hold."""
        return self.counts["pass"]

    @property
    def failed(self) -> int:
        """Failures and errors, of any level."""
        return sum(self.counts[status] for status in FAILED_STATUSES)

    @property
    def warned(self) -> int:
        """Recommended or optional requirements not met."""
        return self.counts["warn"]

    @property
    def skipped(self) -> int:
        """Ruled out by a condition, or left to a person (manual)."""
        return sum(self.counts[status] for status in SKIPPED_STATUSES)

    def last_line(self) -> str:
        """The text report's last line, in the fixed form tools parse."""
        return (
            f"{self.passed} passed, {self.failed} failed, "
            f"{self.warned} warned, {self.skipped} skipped"
        )

    def to_json(self) -> dict[str, int]:
        """Every status count, the four summary numbers and the total."""
        return {
            "total": self.total,
            **self.counts,
            "passed": self.passed,
            "failed": self.failed,
            "warned": self.warned,
            "skipped": self.skipped,
        }


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
        raise ResultsError(
            f"{path}: format: must be {FORMAT}, found {data.get('format')!r}; "
            "run `reqcheck run --format json` again with this version of the runner"
        )
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
