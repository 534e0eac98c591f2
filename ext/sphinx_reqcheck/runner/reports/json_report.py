"""The JSON report: DESIGN.md's shape, plus the manifest's identity and the inputs.

Written piece by piece: the top-level object first, then one result at a time, so a
report of tens of thousands of results never exists as one string or one big list.
"""

from __future__ import annotations

import json

from ...results import FORMAT
from . import Report, Write

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any


def _dumps(value: Any, level: int) -> str:
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + "  " * level)


def write_json(report: Report, write: Write) -> None:
    """The report as one JSON object, indented; ends with a newline."""
    head = {
        "format": FORMAT,
        "manifest": report.manifest.to_json(),
        "host": dict(report.host),
        "inputs": dict(report.inputs),
        "duration": round(report.duration, 6),
        "summary": report.summary.to_json(),
    }
    write("{\n")
    for key, value in head.items():
        write(f"  {json.dumps(key)}: {_dumps(value, 1)},\n")
    write('  "results": [')
    for index, result in enumerate(report.results):
        write(("," if index else "") + "\n    " + _dumps(result.to_json(), 2))
    write("\n  ]\n}\n" if report.results else "]\n}\n")
