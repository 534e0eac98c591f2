"""A report that comes back from a host is read as warily as any other input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sphinx_reqcheck.fleet.ledger import HostOutcome
from sphinx_reqcheck.fleet.matrix import host_from_outcome


def _row(report: Path):
    return host_from_outcome(HostOutcome("alpha", "ok", "", str(report)))


def test_a_report_with_a_key_twice_makes_the_host_failed(tmp_path: Path) -> None:
    report = tmp_path / "alpha.json"
    report.write_text('{"format": 2, "format": 2}', encoding="utf-8")
    row = _row(report)
    assert row.state == "failed"
    assert "appears twice" in row.reason


def test_a_fifo_in_place_of_the_report_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "alpha.json"
    os.mkfifo(fifo)
    row = _row(fifo)
    assert row.state == "failed"
    assert "not a regular file" in row.reason


@pytest.mark.parametrize("payload", [b"\xff\xfe", b"[" * 100_000])
def test_undecodable_or_deep_reports_are_a_reason_not_a_crash(
    tmp_path: Path, payload: bytes
) -> None:
    report = tmp_path / "alpha.json"
    report.write_bytes(payload)
    row = _row(report)
    assert row.state == "failed"
    assert row.reason.startswith("the report that came back cannot be read")
