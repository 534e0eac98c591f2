"""The JUnit XML report, in the shape CI readers accept (Jenkins' junit-10.xsd).

One ``testcase`` per requirement, ``classname`` its first scope. A failed requirement has
a ``failure`` with the evidence, a broken probe an ``error``; skipped and manual ones a
``skipped`` with the reason; a warning passes, with the finding in ``system-out``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from . import Report

# Characters XML 1.0 forbids; tool output may contain them (escape codes, NUL bytes).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with the characters XML cannot carry shown as ``\\xNN``."""
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def _set(element: ET.Element, attributes: Mapping[str, object]) -> None:
    for name, value in attributes.items():
        element.set(name, xml_text(str(value)))


def render_junit(report: Report) -> str:
    """The report as a JUnit XML document (one suite named after the manifest)."""
    summary = report.summary
    counts = summary.counts
    totals = {
        "tests": summary.total,
        "failures": counts["fail"],
        "errors": counts["error"],
        "skipped": counts["skip"] + counts["manual"],
        "time": f"{report.duration:.3f}",
    }
    suites = ET.Element("testsuites")
    _set(suites, {"name": "reqcheck", **{k: v for k, v in totals.items() if k != "skipped"}})
    suite = ET.SubElement(suites, "testsuite")
    name = " ".join(p for p in (report.manifest.project, report.manifest.version) if p)
    _set(suite, {"name": name or "reqcheck", **totals, "hostname": report.host.get("hostname", "")})
    properties = ET.SubElement(suite, "properties")
    facts = {f"host.{key}": value for key, value in report.host.items()}
    facts.update({f"manifest.{key}": value for key, value in report.manifest.to_json().items()})
    facts.update({f"input.{key}": value for key, value in report.inputs.items()})
    for key, value in facts.items():
        shown = " ".join(value) if isinstance(value, list) else ("" if value is None else value)
        _set(ET.SubElement(properties, "property"), {"name": key, "value": shown})
    for result in report.results:
        case = ET.SubElement(suite, "testcase")
        _set(
            case,
            {
                "classname": result.scope[0],
                "name": f"{result.id}: {result.title}",
                "time": f"{result.duration:.3f}",
            },
        )
        finding = f"expected {result.expected}; observed {result.observed}"
        if result.status in ("skip", "manual"):
            skipped = ET.SubElement(case, "skipped")
            _set(skipped, {"message": f"{result.status}: {result.observed}"})
        elif result.status in ("fail", "error"):
            tag = "failure" if result.status == "fail" else "error"
            element = ET.SubElement(case, tag)
            _set(element, {"message": finding, "type": result.status})
            element.text = xml_text(result.detail)
        elif result.status == "warn":
            out = ET.SubElement(case, "system-out")
            out.text = xml_text(f"warning ({result.level}): {finding}\n{result.detail}".rstrip())
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
