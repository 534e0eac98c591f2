"""Helpers shared by the Sphinx-side tests."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_reqcheck.sphinx_ext import record_store


def manifest_of(app: SphinxTestApp) -> dict[str, Any]:
    """The manifest a reqcheck build wrote."""
    return json.loads((Path(app.outdir) / "manifest.json").read_text(encoding="utf-8"))


def ids_of(app: SphinxTestApp) -> list[str]:
    """Requirement ids of the manifest, in manifest order."""
    return [entry["id"] for entry in manifest_of(app)["requirements"]]


def warnings_of(app: SphinxTestApp) -> str:
    """The warning stream without colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


def build_once(make_app: Any, buildername: str, srcdir: Path, builddir: Path, **kwargs: Any) -> Any:
    """Create an app, build, and clean up docutils' global state at once.

    Several apps in one test must not overlap: each registers Sphinx's nodes globally.
    """
    app = make_app(buildername, srcdir=srcdir, builddir=builddir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def manifest_bytes(app: SphinxTestApp) -> bytes:
    """The manifest file exactly as written."""
    return (Path(app.outdir) / "manifest.json").read_bytes()


def watch_decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the records the record store decodes from now on, in order (a list
    that fills as they are decoded)."""
    decoded: list[str] = []
    decode = record_store._decode

    def watched(text: str) -> Any:
        value = decode(text)
        decoded.extend(record["id"] for record in (value if isinstance(value, list) else [value]))
        return value

    monkeypatch.setattr(record_store, "_decode", watched)
    return decoded
