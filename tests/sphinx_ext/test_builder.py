"""The reqcheck builder: atomic, validated writes; configuration; the entry point."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import weakref
from pathlib import Path
from typing import Any

import pytest
from sphinx.errors import ExtensionError

from sphinx_reqcheck import atomic
from sphinx_reqcheck.sphinx_ext.export import ManifestExportError, write_manifest

from .helpers import build_once, ids_of, manifest_bytes, warnings_of

VALID = {
    "$schema": "urn:sphinx-reqcheck:manifest:1",
    "format": 1,
    "project": "p",
    "version": "1",
    "requirements": [],
}


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path) -> None:
    target = tmp_path / "manifest.json"
    write_manifest(target, VALID)
    assert json.loads(target.read_text()) == VALID
    assert sorted(path.name for path in tmp_path.iterdir()) == ["manifest.json"]


def test_failed_write_keeps_the_old_manifest(tmp_path, monkeypatch) -> None:
    target = tmp_path / "manifest.json"
    write_manifest(target, VALID)
    before = target.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_manifest(target, {**VALID, "project": "changed"})
    assert target.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["manifest.json"]


def test_invalid_data_is_refused_before_writing(tmp_path) -> None:
    target = tmp_path / "manifest.json"
    bad = {**VALID, "requirements": [{"id": "x"}]}
    with pytest.raises(ManifestExportError, match="requirements/0/title: is required"):
        write_manifest(target, bad)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_interrupted_build_keeps_the_previous_manifest(make_app, rootdir, tmp_path, monkeypatch):
    src = rootdir / "test-multi"
    good = build_once(make_app, "reqcheck", src, tmp_path / "build")
    before = manifest_bytes(good)
    outdir = tmp_path / "build" / "reqcheck"
    files_before = sorted(path.name for path in outdir.iterdir())

    def interrupted_replace(source: str, target: str) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic.os, "replace", interrupted_replace)
    with pytest.raises(ExtensionError, match="cannot write the manifest"):
        build_once(make_app, "reqcheck", src, tmp_path / "build", freshenv=True)
    assert (outdir / "manifest.json").read_bytes() == before
    # The writer's half file would be ".manifest.json.<random>" beside it: none is left.
    assert sorted(path.name for path in outdir.iterdir()) == files_before
    assert not [path for path in outdir.iterdir() if path.name.startswith(".manifest.json.")]


def test_manifest_name_config(make_app, rootdir, tmp_path) -> None:
    app = build_once(
        make_app,
        "reqcheck",
        rootdir / "test-multi",
        tmp_path / "build",
        confoverrides={"reqcheck_manifest_name": "requirements.json"},
    )
    assert (Path(app.outdir) / "requirements.json").is_file()
    assert not (Path(app.outdir) / "manifest.json").exists()


def test_bad_config_value_warns_and_falls_back(make_app, rootdir, tmp_path) -> None:
    app = build_once(
        make_app,
        "reqcheck",
        rootdir / "test-multi",
        tmp_path / "build",
        confoverrides={"reqcheck_manifest_name": "../escape.json"},
    )
    text = warnings_of(app)
    assert "reqcheck_manifest_name='../escape.json' must be a plain file name" in text
    assert "[reqcheck.config]" in text
    assert ids_of(app)[0] == "index-req"


def test_later_config_values_are_declared(make_app, rootdir, tmp_path) -> None:
    app = build_once(make_app, "reqcheck", rootdir / "test-entrypoint", tmp_path / "b")
    assert app.config.reqcheck_results == ""
    assert app.config.reqcheck_run is False


def _sphinx_build(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "sphinx", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_builder_found_through_entry_point(rootdir, tmp_path) -> None:
    """conf.py of this root does not list the extension: the entry point finds it."""
    result = _sphinx_build("-q", "-b", "reqcheck", str(rootdir / "test-entrypoint"), str(tmp_path))
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "manifest.json").read_text())
    assert data["requirements"] == [] and data["project"] == "no-extension"


def test_command_line_parallel_equals_serial(rootdir, tmp_path) -> None:
    src = str(rootdir / "test-multi")
    serial = _sphinx_build("-q", "-E", "-b", "reqcheck", src, str(tmp_path / "serial"))
    parallel = _sphinx_build("-q", "-E", "-j", "2", "-b", "reqcheck", src, str(tmp_path / "par"))
    assert serial.returncode == parallel.returncode == 0, serial.stderr + parallel.stderr
    assert (tmp_path / "serial" / "manifest.json").read_bytes() == (
        tmp_path / "par" / "manifest.json"
    ).read_bytes()


def test_run_flag_from_the_command_line_is_a_bool(make_app, rootdir, tmp_path) -> None:
    app = build_once(
        make_app,
        "reqcheck",
        rootdir / "test-entrypoint",
        tmp_path / "b",
        confoverrides={"reqcheck_run": "1"},
    )
    assert app.config.reqcheck_run is True
    assert "reqcheck" not in warnings_of(app)


def doctrees_alive_after(make_app: Any, builder: str, srcdir: Path, builddir: Path) -> int:
    """How many of the doctrees a build read are still alive once it is done."""
    read: list[weakref.ref[Any]] = []
    app = make_app(builder, srcdir=srcdir, builddir=builddir)
    app.connect("doctree-read", lambda _app, doctree: read.append(weakref.ref(doctree)))
    try:
        app.build()
        gc.collect()
        assert len(read) == 7
        return len([ref for ref in read if ref() is not None])
    finally:
        app.cleanup()


def test_doctrees_read_are_let_go_once_the_manifest_is_built(make_app, rootdir, tmp_path):
    # Sphinx keeps each doctree it read until the builder writes it; this builder writes
    # none, and the doctrees lived on to the end of the process (walked by every full
    # collection, freed at exit: about 1 s of a 5,000-requirement build). No more may be
    # left than after a build that writes every page (docutils' parsers hold a few).
    # (The first build in a process may leave one more, so the writing build goes first.)
    source = rootdir / "test-multi"
    writing = doctrees_alive_after(make_app, "dummy", source, tmp_path / "dummy")
    assert doctrees_alive_after(make_app, "reqcheck", source, tmp_path / "reqcheck") <= writing
