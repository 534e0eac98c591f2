"""Parts of the fleet tests: a small manifest, fake roots (a chroot farm) and inventories."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

# One passing and one failing root; the manual item is the same on both.
REQUIREMENT_IDS = ("frob-config", "frob-tool", "cabinet-name")


def _requirement(
    rid: str, title: str, level: str, check: dict[str, Any], scope: str = "build"
) -> dict[str, Any]:
    return {
        "id": rid,
        "title": title,
        "scope": [scope],
        "level": level,
        "check": check,
        "when": {},
        "source": {"doc": "farm", "line": 1},
        "url": f"farm.html#req-{rid}",
        "text": f"The text of {rid}.",
    }


def write_manifest(path: Path) -> Path:
    """A manifest of a required file, a recommended tool and a manual item."""
    requirements = [
        _requirement(
            "frob-config",
            "The frobnicator's configuration",
            "required",
            {"kind": "paths", "any_of": ["/etc/frob.conf"]},
        ),
        _requirement(
            "frob-tool", "The frob tool", "recommended", {"kind": "command", "names": ["frob"]}
        ),
        _requirement(
            "cabinet-name", "The cabinet is called frob", "manual", {"kind": "manual"}, "policy"
        ),
    ]
    data = {"format": 1, "project": "farm", "version": "1.0", "requirements": requirements}
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def make_root(path: Path, passing: bool) -> Path:
    """A fake chroot: the passing one has the config file and the tool, the failing none."""
    (path / "etc").mkdir(parents=True)
    (path / "usr" / "bin").mkdir(parents=True)
    if passing:
        (path / "etc" / "frob.conf").write_text("frob = yes\n")
        tool = path / "usr" / "bin" / "frob"
        tool.write_text("#!/bin/sh\nexit 0\n")
        tool.chmod(0o755)
    return path


def snapshot(path: Path) -> dict[str, tuple[int, int, int]]:
    """Every entry under ``path`` with its mode, size and modification time."""
    found = {}
    for entry in [path, *path.rglob("*")]:
        info = entry.lstat()
        found[str(entry.relative_to(path))] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return found


def python_exiting_127(path: Path) -> Path:
    """An ``ansible_python_interpreter`` that cannot run anything."""
    path.write_text("#!/bin/sh\necho 'python3: not installed here' >&2\nexit 127\n")
    path.chmod(0o755)
    return path


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def scratch_dirs(base: Path, host: str) -> dict[str, Path]:
    """Per-host temporary directories the test can inspect afterwards."""
    dirs = {"tmpdir": base / f"{host}-tmp", "remote_tmp": base / f"{host}-ansible-tmp"}
    for directory in dirs.values():
        directory.mkdir(parents=True)
    return dirs


def leftovers(dirs: dict[str, Path]) -> list[str]:
    """Whatever a run left in a host's temporary directories."""
    return sorted(str(p) for d in dirs.values() for p in d.rglob("*"))


def plain_environment() -> dict[str, str]:
    """This process's environment without the guide's knobs (they would reach local hosts)."""
    knobs = ("DOCKER_BUILDTAGS", "AUTO_GOPATH", "DOCKER_CLIENTONLY", "DOCKER_INITPATH")
    return {key: value for key, value in os.environ.items() if key not in knobs}
