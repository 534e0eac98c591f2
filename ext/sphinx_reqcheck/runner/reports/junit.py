"""The JUnit XML report, in the shape CI readers accept (Jenkins' junit-10.xsd).

One ``testcase`` per requirement, ``classname`` its first scope. A failed requirement has
a ``failure`` with the evidence, a broken probe an ``error``; skipped and manual ones a
``skipped`` with the reason; a warning passes, with the finding in ``system-out``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from ..engine import Result
from . import Report, Write, shown_as_hex

# Characters XML 1.0 forbids; tool output may contain them (escape codes, NUL bytes).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with the characters XML cannot carry shown as ``\\xNN``."""
    return shown_as_hex(_NOT_XML, text)


def _set(element: ET.Element, attributes: Mapping[str, object]) -> None:
    for name, value in attributes.items():
        element.set(name, xml_text(str(value)))


def _testcase(result: Result) -> ET.Element:
    case = ET.Element("testcase")
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
    return case


def _open_tag(element: ET.Element) -> str:
    """``<tag a="b">`` for an element without children (serialised by ElementTree)."""
    element.text = "\n"  # forces a separate closing tag, which is then cut off
    text = ET.tostring(element, encoding="unicode")
    return text[: text.index(">") + 1]


def _piece(element: ET.Element, level: int) -> str:
    ET.indent(element, space="  ", level=level)
    return "  " * level + ET.tostring(element, encoding="unicode").rstrip() + "\n"


def write_junit(report: Report, write: Write) -> None:
    """The report as a JUnit XML document, one suite named after the manifest.

    Each test case is built with ElementTree and written at once, so the document is
    never held whole in memory.
    """
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
    suite = ET.Element("testsuite")
    name = " ".join(p for p in (report.manifest.project, report.manifest.version) if p)
    _set(suite, {"name": name or "reqcheck", **totals, "hostname": report.host.get("hostname", "")})
    properties = ET.Element("properties")
    facts = {f"host.{key}": value for key, value in report.host.items()}
    facts.update({f"manifest.{key}": value for key, value in report.manifest.to_json().items()})
    facts.update({f"input.{key}": value for key, value in report.inputs.items()})
    for key, value in facts.items():
        shown = " ".join(value) if isinstance(value, list) else ("" if value is None else value)
        _set(ET.SubElement(properties, "property"), {"name": key, "value": shown})
    write('<?xml version="1.0" encoding="UTF-8"?>\n')
    write(_open_tag(suites) + "\n  " + _open_tag(suite) + "\n")
    write(_piece(properties, 2))
    for result in report.results:
        write(_piece(_testcase(result), 2))
    write("  </testsuite>\n</testsuites>\n")
