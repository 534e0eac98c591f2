"""Hostile JSON is a bad manifest (exit 2, a message naming the place), never a traceback,
and a bound is checked by the same rule in ``validate`` and ``run``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakehost import requirement, version_check

from sphinx_reqcheck.results import ResultsError, load_results
from sphinx_reqcheck.runner.cli import main

REQUIREMENT = requirement("go", version_check(["go", "version"], "1.3"))


def _manifest(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "manifest.json"
    path.write_text(text, encoding="utf-8")
    return path


def _both(path: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[int, str]]:
    """Exit status and stderr of ``validate`` and of ``run``."""
    outcomes = []
    for command in ("validate", "run"):
        code = main([command, str(path)])
        outcomes.append((code, capsys.readouterr().err))
    return outcomes


def test_duplicated_key_is_a_bad_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The second list would silently win and drop the first one's requirement.
    first = json.dumps(REQUIREMENT)
    text = f'{{"format": 1, "requirements": [{first}], "requirements": []}}'
    for code, err in _both(_manifest(tmp_path, text), capsys):
        assert code == 2
        assert "the key 'requirements' appears twice in one object" in err
        assert "Traceback" not in err


def test_deep_nesting_is_a_bad_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _manifest(tmp_path, "[" * 100_000 + "]" * 100_000)
    for code, err in _both(path, capsys):
        assert code == 2
        assert "nested too deeply" in err


def test_number_of_5001_digits_is_a_bad_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = '{"format": 1,\n"requirements": [],\n"project": %s}' % ("9" * 5001)
    for code, err in _both(_manifest(tmp_path, text), capsys):
        assert code == 2
        assert "a number at line 3 has more than" in err


def test_minimum_of_5000_digits_fails_validate_and_run_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    requirement = json.loads(json.dumps(REQUIREMENT))
    requirement["check"]["minimum"] = "1." + "9" * 5000
    text = json.dumps({"format": 1, "requirements": [requirement]})
    for code, err in _both(_manifest(tmp_path, text), capsys):
        assert code == 2
        assert "requirements/0/check/minimum:" in err
        assert "is too long for a version number" in err
        assert "9" * 100 not in err  # the value is shortened, not printed whole


def test_validate_names_each_problem_once_in_good_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    requirement = dict(REQUIREMENT, level="mandatory")
    path = _manifest(tmp_path, json.dumps({"format": 1, "requirements": [requirement]}))
    assert main(["validate", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"{path}: requirements/0/level: must be one of: required, recommended, optional, manual",
        f"reqcheck: {path} is not a valid manifest (1 problem)",
    ]


def test_results_file_with_a_duplicated_key_or_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text('{"format": 1, "results": [], "results": []}')
    with pytest.raises(ResultsError, match="appears twice"):
        load_results(path)
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ResultsError, match="nested too deeply"):
        load_results(path)
