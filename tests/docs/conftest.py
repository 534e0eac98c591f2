"""Fixtures: the handbook built once per session, as a manifest and as HTML."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sphinx_reqcheck.manifest import bundled_manifest_path

from .handbook import Build, build_handbook


@pytest.fixture(scope="session")
def manifest_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The handbook built with the ``reqcheck`` builder."""
    return build_handbook("reqcheck", tmp_path_factory.mktemp("handbook") / "reqcheck")


@pytest.fixture(scope="session")
def html_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The handbook built as HTML."""
    return build_handbook("html", tmp_path_factory.mktemp("handbook") / "html")


@pytest.fixture(scope="session")
def manifest(manifest_build: Build) -> dict[str, Any]:
    """The decoded manifest of the handbook (the build must have succeeded)."""
    assert manifest_build.returncode == 0, manifest_build.stderr
    data: dict[str, Any] = json.loads((manifest_build.out / "manifest.json").read_text())
    return data


@pytest.fixture(scope="session")
def requirements(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The handbook's requirements by id."""
    return {entry["id"]: entry for entry in manifest["requirements"]}


@pytest.fixture(scope="session")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This host's results for the bundled manifest, as ``reqcheck run`` writes them."""
    path = tmp_path_factory.mktemp("results") / "results.json"
    argv = [sys.executable, "-m", "sphinx_reqcheck.runner", "run", "--format", "json"]
    completed = subprocess.run(
        [*argv, "--output", str(path), str(bundled_manifest_path())],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode in (0, 1), completed.stderr
    return path


@pytest.fixture(scope="session")
def verdict_build(results: Path, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The handbook as HTML with this host's verdicts."""
    out = tmp_path_factory.mktemp("verdicts") / "html"
    return build_handbook("html", out, "-D", f"reqcheck_results={results}")
