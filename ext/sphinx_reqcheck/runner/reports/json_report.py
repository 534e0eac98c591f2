"""The JSON report: DESIGN.md's shape, plus the manifest's identity and the inputs.

Written piece by piece: the top-level object first, then one result at a time, so a
report of tens of thousands of results never exists as one string or one big list.

Results are written by :func:`flat_object`, which gives the bytes ``json.dumps`` with
``indent`` gives, but encodes each value with json's C encoder: with ``indent``, json
encodes in pure Python, 70 us a result, most of the time of writing 50,000 of them.
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


_encode = json.JSONEncoder(ensure_ascii=False).encode  # one value, by the C encoder


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float))


def flat_object(values: dict[str, Any], level: int) -> str:
    """``_dumps(values, level)`` for an object of scalars and lists of scalars (a result's
    fields), each value encoded by json's C encoder; any other object goes to ``_dumps``."""
    pad = "  " * (level + 1)
    members = []
    for key, value in values.items():
        if not isinstance(key, str):
            return _dumps(values, level)
        if isinstance(value, list) and all(_scalar(item) for item in value):
            items = ",\n".join(f"{pad}  {_encode(item)}" for item in value)
            text = f"[\n{items}\n{pad}]" if value else "[]"
        elif _scalar(value):
            text = _encode(value)
        else:
            return _dumps(values, level)
        members.append(f"{pad}{_encode(key)}: {text}")
    if not members:
        return "{}"
    return "{\n" + ",\n".join(members) + "\n" + "  " * level + "}"


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
        write(("," if index else "") + "\n    " + flat_object(result.to_json(), 2))
    write("\n  ]\n}\n" if report.results else "]\n}\n")
