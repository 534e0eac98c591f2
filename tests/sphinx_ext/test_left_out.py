"""A requirement left out of the manifest is never silent: the warning says so, the build
says how many, and the reqcheck builder exits 1 (as the doctest builder does)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from .helpers import build_once, ids_of, warnings_of


@pytest.fixture
def built(make_app: Any, rootdir: Path, tmp_path: Path) -> Any:
    return build_once(make_app, "reqcheck", rootdir / "test-left-out", tmp_path / "build")


def _warning_at(app: Any, rootdir: Path, line: int) -> str:
    prefix = f"{rootdir / 'test-left-out' / 'index.rst'}:{line}: WARNING: "
    found = [entry for entry in warnings_of(app).splitlines() if entry.startswith(prefix)]
    assert len(found) == 1, warnings_of(app)
    return found[0]


def test_only_the_good_requirement_is_exported(built: Any) -> None:
    assert ids_of(built) == ["kept"]


def test_a_5000_digit_minimum_is_a_typed_warning_not_a_crash(built: Any, rootdir: Path) -> None:
    warning = _warning_at(built, rootdir, 13)  # the :minimum: line
    assert ":minimum: '1.999" in warning
    assert "is too long for a version number" in warning
    assert "huge-minimum is left out of the manifest" in warning
    assert warning.endswith("[reqcheck.param]")


def test_an_explosive_pattern_is_a_typed_warning(built: Any, rootdir: Path) -> None:
    warning = _warning_at(built, rootdir, 20)  # the :pattern: line
    assert ":pattern: 'go((\\\\d+)+)$' can take exponential time to match" in warning
    assert "explosive-pattern is left out of the manifest" in warning
    assert warning.endswith("[reqcheck.param]")


def test_a_repeated_id_says_it_is_left_out(built: Any, rootdir: Path) -> None:
    assert "this one is left out of the manifest" in _warning_at(built, rootdir, 22)


def test_builder_exits_1_and_counts_what_was_left_out(built: Any) -> None:
    assert built.statuscode == 1
    status = re.sub(r"\x1b\[[0-9;]*m", "", built.status.getvalue())
    assert "3 requirement(s) left out of the manifest; see the warnings above." in status
