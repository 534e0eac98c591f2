"""The manifest bundled in the package is exactly what a fresh build of docs/ exports."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from sphinx_reqcheck.manifest import bundled_manifest_path, load_manifest

from .handbook import ROOT, build_handbook

TOOL = ROOT / "tools" / "refresh_manifest.py"


def _tool() -> ModuleType:
    """tools/refresh_manifest.py as a module: the test uses the tool's own build."""
    spec = importlib.util.spec_from_file_location("refresh_manifest", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fresh_manifest() -> bytes:
    """A fresh, serial, from-scratch build of the handbook's manifest."""
    return bytes(_tool().build_manifest())


def test_bundled_manifest_is_a_fresh_build_of_the_handbook(fresh_manifest: bytes) -> None:
    bundled = bundled_manifest_path()
    assert bundled.is_file(), f"{bundled} is missing; run: python tools/refresh_manifest.py"
    assert bundled.read_bytes() == fresh_manifest, (
        f"{bundled.relative_to(ROOT)} differs from a fresh build of docs/; "
        "run: python tools/refresh_manifest.py"
    )


def test_bundled_manifest_is_the_one_the_tool_writes() -> None:
    assert bundled_manifest_path() == _tool().BUNDLED


def test_bundled_manifest_loads_in_the_runner() -> None:
    manifest = load_manifest(bundled_manifest_path())
    assert manifest.project == "Docker packager handbook"
    assert {requirement.id for requirement in manifest.requirements} >= {
        "go-version",
        "btrfs-progs-version",
        "dockerinit-search-path",
        "kernel-namespaces",
    }


def test_tool_writes_atomically_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "data" / "manifest.json"
    tool = _tool()
    tool.write_atomically(target, b'{"old": true}\n')
    tool.write_atomically(target, b'{"new": true}\n')
    assert json.loads(target.read_text()) == {"new": True}
    assert [path.name for path in target.parent.iterdir()] == ["manifest.json"]


def test_tool_check_mode_reports_a_stale_copy_and_refresh_fixes_it(
    fresh_manifest: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tool = _tool()
    stale = tmp_path / "manifest.json"
    stale.write_bytes(fresh_manifest.replace(b"Go 1.3 or later", b"Go 1.2 or later"))
    monkeypatch.setattr(tool, "BUNDLED", stale)
    assert tool.main(["--check"]) == 1
    assert "run tools/refresh_manifest.py" in capsys.readouterr().out
    assert tool.main([]) == 0
    assert stale.read_bytes() == fresh_manifest
    assert tool.main(["--check"]) == 0


def test_parallel_build_exports_the_same_bytes(fresh_manifest: bytes, tmp_path: Path) -> None:
    # Duplicate ids and references are checked across documents; -j 2 must not change it.
    build = build_handbook("reqcheck", tmp_path / "out", "-j", "2")
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "out" / "manifest.json").read_bytes() == fresh_manifest
