"""Reports: JUnit XML that CI readers accept, plain text on any terminal, colour rules."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fakehost import FakeTools, requirement, version_check, write_manifest

from sphinx_reqcheck.runner.engine import Result
from sphinx_reqcheck.runner.reports import ManifestInfo, Report, wants_colour, write_report

STATUSES = ("pass", "fail", "warn", "skip", "manual", "error")


def render(report: Report, fmt: str, unicode: bool = True) -> str:
    """The report as one string, written piece by piece as the CLI writes it."""
    pieces: list[str] = []
    write_report(report, fmt, pieces.append, unicode=unicode)
    return "".join(pieces)


def sample_report() -> Report:
    results = [
        Result(
            id=f"r.{status}",
            title=f"title of {status} <&>",
            scope=("daemon", "build"),
            level="optional" if status == "warn" else "required",
            status=status,
            expected="\u2265 1.3",
            observed=f"seen \x1b[31m{status}\x00",
            detail="$ tool --version\n(exit status 1)\nbad \x07 bytes \ufffd",
            digest="0123456789abcdef",
            duration=0.25,
        )
        for status in STATUSES
    ]
    return Report(
        manifest=ManifestInfo("m.json", "docker", "1.0", "44136fa355b3678a"),
        host={"hostname": "box", "system": "Linux", "release": "6.1", "machine": "x86_64"},
        inputs={"DOCKER_BUILDTAGS": "apparmor selinux", "AUTO_GOPATH": None, "artifacts": []},
        results=results,
        duration=1.5,
    )


# What Jenkins' junit-10.xsd allows, in order, inside a testcase and a testsuite.
CASE_CHILDREN = ["skipped", "error", "failure", "system-out", "system-err"]
SUITE_CHILDREN = ["properties", "testcase", "system-out", "system-err"]


def _in_schema_order(children: list[str], order: list[str]) -> bool:
    positions = [order.index(tag) for tag in children]
    return positions == sorted(positions)


def test_junit_follows_the_common_schema() -> None:
    text = render(sample_report(), "junit")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
    root = ET.fromstring(text.split("\n", 1)[1])
    assert root.tag == "testsuites"
    assert set(root.attrib) <= {"name", "time", "tests", "failures", "disabled", "errors"}
    for suite in root:
        assert suite.tag == "testsuite"
        assert {"name", "tests"} <= set(suite.attrib)
        assert _in_schema_order([child.tag for child in suite], SUITE_CHILDREN)
        for prop in suite.iter("property"):
            assert set(prop.attrib) == {"name", "value"}
        for case in suite.iter("testcase"):
            assert {"name", "classname", "time"} == set(case.attrib)
            float(case.attrib["time"])
            tags = [child.tag for child in case]
            assert _in_schema_order(tags, CASE_CHILDREN)
            assert tags.count("skipped") <= 1
            for child in case:
                if child.tag in ("failure", "error"):
                    assert set(child.attrib) <= {"message", "type"}
                if child.tag == "skipped":
                    assert set(child.attrib) <= {"message"}


def test_junit_counts_and_elements_per_status() -> None:
    root = ET.fromstring(render(sample_report(), "junit").split("\n", 1)[1])
    suite = root.find("testsuite")
    assert suite is not None
    assert {key: suite.get(key) for key in ("tests", "failures", "errors", "skipped")} == {
        "tests": "6",
        "failures": "1",
        "errors": "1",
        "skipped": "2",
    }
    cases = {case.get("name", "").split(":")[0]: case for case in suite.iter("testcase")}
    assert [child.tag for child in cases["r.pass"]] == []
    assert [child.tag for child in cases["r.fail"]] == ["failure"]
    assert [child.tag for child in cases["r.error"]] == ["error"]
    assert [child.tag for child in cases["r.warn"]] == ["system-out"]
    assert [child.tag for child in cases["r.skip"]] == ["skipped"]
    assert [child.tag for child in cases["r.manual"]] == ["skipped"]
    assert cases["r.fail"].get("classname") == "daemon"
    assert cases["r.fail"].get("name") == "r.fail: title of fail <&>"


def test_junit_shows_control_characters_instead_of_breaking_xml() -> None:
    text = render(sample_report(), "junit")
    assert "\x00" not in text and "\x1b" not in text and "\x07" not in text
    assert "seen \\x1b[31mfail\\x00" in text
    assert "bad \\x07 bytes \ufffd" in text


def test_text_in_ascii_when_the_stream_cannot_do_better() -> None:
    text = render(sample_report(), "text", unicode=False)
    text.encode("ascii")
    assert (
        "  x FAIL   r.fail: title of fail <&> [expected >= 1.3; observed seen \\x1b[31mfail\\x00]"
        in text
    )


def test_text_last_line_and_counts() -> None:
    lines = render(sample_report(), "text").splitlines()
    assert lines[-1] == "1 passed, 2 failed, 1 warned, 2 skipped"
    assert lines[-2] == (
        "6 requirements in 1.50 s; 1 manual (counted as skipped), "
        "1 errors (counted as failed); exit status 1"
    )
    assert lines[2].startswith("inputs: DOCKER_BUILDTAGS='apparmor selinux'  AUTO_GOPATH=(unset)")


def test_text_groups_by_first_scope_and_indents_evidence() -> None:
    text = render(sample_report(), "text")
    assert "\ndaemon \u2014 running the daemon\n" in text
    assert "\nbuild \u2014" not in text
    assert "  \u2717 FAIL   r.fail:" in text
    assert "\n      $ tool --version\n      (exit status 1)\n" in text


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_without_no_color() -> None:
    assert wants_colour(FakeTTY(), {}) is True
    assert wants_colour(FakeTTY(), {"NO_COLOR": "1"}) is False
    assert wants_colour(FakeTTY(), {"NO_COLOR": ""}) is True  # no-color.org: set and non-empty
    assert wants_colour(io.StringIO(), {}) is False


def _run_on_a_terminal(argv: list[str], env: dict[str, str]) -> str:
    """Run the command line with its stdout on a real pseudo-terminal."""
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "sphinx_reqcheck.runner", *argv],
        stdout=child,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the terminal's other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(60)
    os.close(main)
    return b"".join(chunks).decode("utf-8", errors="replace")


@pytest.mark.parametrize(("no_color", "coloured"), [(None, True), ("1", False)])
def test_colour_on_a_real_terminal(
    fake_tools: FakeTools, tmp_path: Path, no_color: str | None, coloured: bool
) -> None:
    fake_tools.add("go", "go version go1.2.2 linux/amd64\n")
    manifest = write_manifest(
        tmp_path / "m.json", requirement("build.go", version_check(["go", "version"], "1.3"))
    )
    env = {"PATH": fake_tools.path, "LANG": "C.UTF-8"}
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    if no_color is not None:
        env["NO_COLOR"] = no_color
    out = _run_on_a_terminal(["run", str(manifest)], env)
    assert "FAIL" in out
    assert ("\033[1;31m" in out) is coloured
