"""The JSON report: DESIGN.md's shape, plus the manifest's identity and the inputs."""

from __future__ import annotations

import json
from typing import Any

from . import Report

FORMAT = 1


def report_data(report: Report) -> dict[str, Any]:
    """The report as JSON-able data."""
    return {
        "format": FORMAT,
        "manifest": report.manifest.to_json(),
        "host": dict(report.host),
        "inputs": dict(report.inputs),
        "duration": round(report.duration, 6),
        "summary": report.summary.to_json(),
        "results": [result.to_json() for result in report.results],
    }


def render_json(report: Report) -> str:
    """Indented, key order as written, UTF-8 kept readable; ends with a newline."""
    return json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n"
