"""Fake hosts for runner tests: a temporary PATH of fake tools and manifests written as JSON.

A fake tool is a small ``/bin/sh`` script that prints canned bytes (copied from real
tools) to stdout and stderr and exits with a chosen status. The bytes live in files next
to the script, so any output, including invalid UTF-8, is reproduced exactly.
"""

from __future__ import annotations

import copy
import json
import stat
from pathlib import Path
from typing import Any

import pytest

from sphinx_reqcheck.manifest import Manifest, parse_manifest
from sphinx_reqcheck.runner.cli import main
from sphinx_reqcheck.runner.context import CheckContext, Settings
from sphinx_reqcheck.runner.host import Host


class FakeTools:
    """A directory of fake executables, to be used as the whole PATH."""

    def __init__(self, directory: Path) -> None:
        self.bin = directory / "bin"
        self.data = directory / "tool-output"
        self.bin.mkdir()
        self.data.mkdir()

    @property
    def path(self) -> str:
        """The search path holding only the fake tools."""
        return str(self.bin)

    def script(self, name: str, body: str) -> Path:
        """An executable ``/bin/sh`` script called ``name``."""
        tool = self.bin / name
        tool.write_text("#!/bin/sh\n" + body, encoding="utf-8")
        tool.chmod(tool.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        return tool

    def add(
        self, name: str, stdout: str | bytes = "", stderr: str | bytes = "", status: int = 0
    ) -> Path:
        """A tool that prints exactly these bytes and exits with ``status``."""
        out = self.data / f"{name}.out"
        err = self.data / f"{name}.err"
        out.write_bytes(stdout.encode() if isinstance(stdout, str) else stdout)
        err.write_bytes(stderr.encode() if isinstance(stderr, str) else stderr)
        # Absolute paths: the probe's PATH holds only the fake tools.
        return self.script(name, f"/bin/cat '{out}'\n/bin/cat '{err}' >&2\nexit {status}\n")

    def add_by_argument(self, name: str, outputs: dict[str, tuple[str, int]]) -> Path:
        """A tool whose last argument picks its stdout and exit status (like pkg-config)."""
        cases = []
        for argument, (text, status) in outputs.items():
            out = self.data / f"{name}-{argument}.out"
            out.write_text(text, encoding="utf-8")
            cases.append(f"  {argument}) /bin/cat '{out}'; exit {status} ;;\n")
        unknown = (
            f'  *) echo "Package $last was not found in the {name} search path." >&2; exit 1 ;;\n'
        )
        body = 'for last in "$@"; do :; done\ncase "$last" in\n'
        body += "".join(cases) + unknown + "esac\n"
        return self.script(name, body)

    def host(self, root: Path | None = None, timeout: float = 10.0, **kwargs: Any) -> Host:
        """A Host that sees only the fake tools."""
        return Host(root=root, path=self.path, timeout=timeout, **kwargs)

    def context(
        self, settings: Settings | None = None, root: Path | None = None, timeout: float = 10.0
    ) -> CheckContext:
        """A check context on a Host that sees only the fake tools."""
        return CheckContext(self.host(root, timeout), settings or Settings(), timeout)


def requirement(
    rid: str,
    check: dict[str, Any],
    *,
    scope: tuple[str, ...] = ("build",),
    level: str = "required",
    when: dict[str, list[str]] | None = None,
    title: str | None = None,
    text: str = "",
) -> dict[str, Any]:
    """One requirement as the manifest stores it."""
    return {
        "id": rid,
        "title": title or f"requirement {rid}",
        "scope": list(scope),
        "level": level,
        "check": copy.deepcopy(check),  # tests mutate manifests; keep constants intact
        "when": when or {},
        "source": {"doc": "packagers", "line": 10},
        "url": f"packagers.html#{rid}",
        "text": text or f"The text of {rid}.",
    }


def manifest_data(*requirements: dict[str, Any]) -> dict[str, Any]:
    """A whole manifest around these requirements."""
    return {"format": 1, "project": "test", "version": "0.1", "requirements": list(requirements)}


def write_manifest(path: Path, *requirements: dict[str, Any]) -> Path:
    """Write a manifest file and return its path."""
    path.write_text(json.dumps(manifest_data(*requirements), indent=1), encoding="utf-8")
    return path


def make_manifest(*requirements: dict[str, Any]) -> Manifest:
    """A validated manifest object."""
    return parse_manifest(manifest_data(*requirements))


def version_check(argv: list[str], minimum: str, **extra: str) -> dict[str, Any]:
    """A command-version check."""
    return {"kind": "command-version", "argv": argv, "minimum": minimum, **extra}


# The handbook's Go requirement, as the command-line tests' manifests use it.
GO = version_check(["go", "version"], "1.3", package="golang")


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``reqcheck ARGV`` in-process: exit status, standard output, standard error."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


__all__ = [
    "GO",
    "FakeTools",
    "make_manifest",
    "manifest_data",
    "requirement",
    "run_cli",
    "version_check",
    "write_manifest",
]
