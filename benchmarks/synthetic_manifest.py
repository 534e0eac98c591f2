"""Write a valid manifest of N synthetic requirements: ``synthetic_manifest.py N FILE``.

The checks work on any Linux host without starting programs (paths, command, platform,
manual), with some conditions, so the figures measure the runner itself.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SCOPES = ["build", "daemon-build", "daemon", "client", "artifact", "source", "policy"]
LEVELS = ["required", "recommended", "optional"]
CHECKS: list[dict[str, Any]] = [
    {"kind": "paths", "any_of": ["/etc/hostname", "/etc/hosts"], "type": "file"},
    {"kind": "paths", "any_of": ["/usr", "/opt"], "type": "dir"},
    {"kind": "paths", "any_of": ["/bin/sh", "/usr/bin/sh"], "type": "executable"},
    {"kind": "paths", "any_of": ["/no/such/path"]},
    {"kind": "command", "names": ["sh", "dash", "bash"]},
    {"kind": "command", "names": ["no-such-tool-anywhere"]},
    {"kind": "platform", "os": ["linux"], "arch": ["amd64", "arm64", "386"]},
    {"kind": "manual"},
]
CONDITIONS: list[dict[str, list[str]]] = [
    {},
    {},
    {},
    {"tags_all": ["btrfs_noversion"]},
    {"tags_none": ["exclude_graphdriver_btrfs"]},
    {"env_unset": ["DOCKER_CLIENTONLY"]},
]


def synthetic_requirement(index: int) -> dict[str, Any]:
    """The ``index``-th requirement: kinds, scopes, levels and conditions in rotation."""
    check = CHECKS[index % len(CHECKS)]
    level = "manual" if check["kind"] == "manual" else LEVELS[index % len(LEVELS)]
    return {
        "id": f"synthetic.{index:06d}",
        "title": f"Synthetic requirement {index} ({check['kind']})",
        "scope": [SCOPES[index % len(SCOPES)]],
        "level": level,
        "check": check,
        "when": CONDITIONS[index % len(CONDITIONS)],
        "source": {"doc": f"synthetic/{index // 1000}", "line": index % 1000 + 1},
        "url": f"synthetic/{index // 1000}.html#synthetic-{index:06d}",
        "text": f"Requirement number {index}, generated to measure the runner.",
    }


def write_synthetic_manifest(count: int, target: Path) -> Path:
    """Write ``count`` requirements to ``target``, one per line (compact, still readable)."""
    with open(target, "w", encoding="utf-8") as stream:
        stream.write('{"format": 1, "project": "synthetic", "version": "1", "requirements": [\n')
        for index in range(count):
            separator = ",\n" if index else ""
            stream.write(separator + json.dumps(synthetic_requirement(index)))
        stream.write("\n]}\n")
    return target


def main(argv: list[str]) -> int:
    """Command line: N FILE."""
    if len(argv) != 2 or not argv[0].isdigit():
        sys.stderr.write("usage: synthetic_manifest.py N FILE\n")
        return 2
    write_synthetic_manifest(int(argv[0]), Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
