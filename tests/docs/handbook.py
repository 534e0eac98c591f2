"""Helpers for the handbook tests: building docs/ the way a packager would.

The builds run ``python -m sphinx`` in a subprocess, exactly as a packager or CI would,
with ``-W --keep-going`` so that any warning fails them.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
# The one configuration, at the top of the checkout: ``sphinx-build -c . docs OUT``.
CONF = ROOT / "conf.py"


@dataclass(frozen=True)
class Build:
    """One finished Sphinx build: where it wrote, its exit status and its messages."""

    out: Path
    returncode: int
    stdout: str
    stderr: str


def sphinx_build(builder: str, source: Path, out: Path, *extra: str) -> Build:
    """Run ``sphinx-build -E -W --keep-going -b BUILDER`` and capture what it says."""
    argv = [
        sys.executable,
        "-m",
        "sphinx",
        "-E",
        "-W",
        "--keep-going",
        "-b",
        builder,
        "-d",
        str(out.parent / f"{out.name}-doctrees"),
        *extra,
        str(source),
        str(out),
    ]
    completed = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=ROOT)
    return Build(out, completed.returncode, completed.stdout, completed.stderr)


def build_handbook(builder: str, out: Path, *extra: str) -> Build:
    """Build the handbook as the README says: ``sphinx-build -c . docs OUT``."""
    return sphinx_build(builder, DOCS, out, "-c", str(CONF.parent), *extra)


def by_kind(requirements: dict[str, dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """The requirements whose check is of ``kind``, in manifest order."""
    return [entry for entry in requirements.values() if entry["check"]["kind"] == kind]
