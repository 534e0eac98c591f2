"""Fuzzing the readers of hostile input: a manifest or results file made of random JSON or
random bytes gives exit 0 or 2 (or a results error), never a traceback.

No deadline per example (the suite has no timed assertions); each reader is bounded by
construction: capped file size, bounded versions, patterns refused or matched apart.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from fakehost import requirement, version_check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_reqcheck.manifest import ManifestError, open_manifest
from sphinx_reqcheck.results import FORMAT, RESULT_FIELDS, HostResults, ResultsError, load_results
from sphinx_reqcheck.runner.cli import main

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["1.3", "1." + "9" * 40, "(a+)+$", "build", "required", "go", ""])
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=25,
)

REQUIREMENT = requirement("go", version_check(["go", "version"], "1.3"))


@st.composite
def near_manifests(draw: st.DrawFn) -> Any:
    """A valid manifest with one field (or one check parameter) replaced at random."""
    requirement = json.loads(json.dumps(REQUIREMENT))
    where = draw(st.sampled_from([*REQUIREMENT, "check.minimum", "check.pattern", "check.argv"]))
    value = draw(json_values)
    if where.startswith("check."):
        requirement["check"][where[len("check.") :]] = value
    else:
        requirement[where] = value
    return {"format": 1, "requirements": [requirement]}


def _write(data: bytes) -> Path:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        handle.write(data)
    return Path(handle.name)


def _check_manifest_bytes(data: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(data)
    try:
        # validate, and the reader that run, list and explain share.
        assert main(["validate", str(path)]) in (0, 2)
        assert "Traceback" not in capsys.readouterr().err
        with contextlib.suppress(ManifestError):
            open_manifest(path)
    finally:
        path.unlink()


@FUZZ
@given(value=json_values)
def test_random_json_as_manifest(value: Any, capsys: pytest.CaptureFixture[str]) -> None:
    _check_manifest_bytes(json.dumps(value).encode(), capsys)


@FUZZ
@given(value=near_manifests())
def test_manifest_with_one_random_field(value: Any, capsys: pytest.CaptureFixture[str]) -> None:
    _check_manifest_bytes(json.dumps(value).encode(), capsys)


@FUZZ
@given(data=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_random_bytes_as_manifest(data: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    _check_manifest_bytes(data, capsys)


def _check_results_bytes(data: bytes) -> None:
    path = _write(data)
    try:
        assert isinstance(load_results(path), HostResults)
    except ResultsError:
        pass
    finally:
        path.unlink()


@FUZZ
@given(value=json_values)
def test_random_json_as_results(value: Any) -> None:
    _check_results_bytes(json.dumps(value).encode())


@FUZZ
@given(
    entries=st.lists(
        st.dictionaries(
            st.sampled_from(list(RESULT_FIELDS)),
            json_values,
        ),
        max_size=3,
    )
)
def test_results_with_random_entries(entries: list[Any]) -> None:
    _check_results_bytes(json.dumps({"format": FORMAT, "results": entries}).encode())


@FUZZ
@given(data=st.binary(max_size=200))
def test_random_bytes_as_results(data: bytes) -> None:
    _check_results_bytes(data)
