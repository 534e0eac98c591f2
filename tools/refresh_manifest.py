#!/usr/bin/env python3
"""Rebuild the handbook's manifest and bundle it in the package.

Builds the handbook (``sphinx-build -c . docs``: the top-level ``conf.py``, the pages in
``docs/``) with the ``reqcheck`` builder into a temporary directory and replaces
``ext/sphinx_reqcheck/data/manifest.json`` with the result, atomically (a reader never
sees half a file). With ``--check`` it only compares and exits 1 when the bundled file
is stale, which suits CI and pre-commit hooks.

Usage::

    python tools/refresh_manifest.py            # rebuild and replace
    python tools/refresh_manifest.py --check    # exit 1 if the bundled copy differs
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
BUNDLED = ROOT / "ext" / "sphinx_reqcheck" / "data" / "manifest.json"
sys.path.insert(0, str(ROOT / "ext"))
from sphinx_reqcheck.atomic import write_atomic  # noqa: E402  (works from a bare checkout)


class BuildError(RuntimeError):
    """The handbook did not build; the message carries Sphinx's output."""


def build_manifest(docs: Path = DOCS) -> bytes:
    """Build ``docs`` with the top-level ``conf.py`` and ``-b reqcheck`` (warnings are
    errors) and return the manifest."""
    with tempfile.TemporaryDirectory(prefix="reqcheck-manifest-") as tmp:
        out = Path(tmp) / "out"
        # A fresh doctree directory: a stale environment must never leak into the bundle.
        argv = [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-E",
            "-W",
            "--keep-going",
            "-b",
            "reqcheck",
            "-d",
            str(Path(tmp) / "doctrees"),
            "-c",
            str(ROOT),
            str(docs),
            str(out),
        ]
        completed = subprocess.run(argv, capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise BuildError(
                f"sphinx-build -b reqcheck -c {ROOT} {docs} failed (exit {completed.returncode}):\n"
                f"{completed.stderr.strip() or completed.stdout.strip()}"
            )
        manifest = out / "manifest.json"
        if not manifest.is_file():
            raise BuildError(f"the reqcheck builder wrote no {manifest.name} in {out}")
        return manifest.read_bytes()


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step (the package's own atomic writer)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, lambda stream: stream.write(data), binary=True, mode=0o644)


def _display(path: Path) -> str:
    """``path`` relative to the checkout when it lies inside it."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 when the bundled manifest differs from a fresh build",
    )
    args = parser.parse_args(argv)
    try:
        fresh = build_manifest()
    except BuildError as error:
        print(error, file=sys.stderr)
        return 2
    current = BUNDLED.read_bytes() if BUNDLED.is_file() else None
    relative = _display(BUNDLED)
    if args.check:
        if current == fresh:
            print(f"{relative} is up to date")
            return 0
        print(f"{relative} differs from a fresh build of docs/; run tools/refresh_manifest.py")
        return 1
    if current == fresh:
        print(f"{relative} is already up to date")
        return 0
    write_atomically(BUNDLED, fresh)
    print(f"wrote {relative} ({len(fresh)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
