"""The guide's knobs, end to end: the bundled manifest run by the real runner on this host.

Only the *skips* are asserted: whether a requirement applies depends on the environment
knobs and build tags alone, never on what this host has installed, so these assertions
hold on any Linux machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from sphinx_reqcheck.manifest import bundled_manifest_path

KNOBS = ("DOCKER_CLIENTONLY", "AUTO_GOPATH", "DOCKER_BUILDTAGS", "DOCKER_INITPATH")


def _run(**knobs: str) -> dict[str, dict[str, Any]]:
    """Run the bundled manifest with exactly these knobs set; results by id."""
    env = {key: value for key, value in os.environ.items() if key not in KNOBS}
    env.update(knobs)
    argv = [sys.executable, "-m", "sphinx_reqcheck.runner", "run", "--format", "json"]
    completed = subprocess.run(
        [*argv, str(bundled_manifest_path())],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    # Exit 1 only says a required check failed on this host; 2 would be a bad manifest.
    assert completed.returncode in (0, 1), completed.stderr
    report = json.loads(completed.stdout)
    return {result["id"]: result for result in report["results"]}


@pytest.fixture(scope="module")
def plain() -> dict[str, dict[str, Any]]:
    return _run()


def _reason(result: dict[str, Any]) -> str:
    return f"{result.get('observed') or ''} {result.get('detail') or ''}"


def _skipped(results: dict[str, dict[str, Any]]) -> set[str]:
    return {rid for rid, result in results.items() if result["status"] == "skip"}


def test_clientonly_skips_every_daemon_requirement(plain: dict[str, dict[str, Any]]) -> None:
    client = _run(DOCKER_CLIENTONLY="1")
    daemon = {
        rid for rid, result in client.items() if {"daemon", "daemon-build"} & set(result["scope"])
    }
    assert daemon <= _skipped(client)
    assert "daemon-platform" not in _skipped(plain)
    assert client["client-git-version"]["status"] != "skip"


def test_auto_gopath_skips_the_workspace_layout(plain: dict[str, dict[str, Any]]) -> None:
    results = _run(AUTO_GOPATH="1")
    assert results["gopath-layout"]["status"] == "skip"
    assert "AUTO_GOPATH" in _reason(results["gopath-layout"])
    assert plain["gopath-layout"]["status"] == "skip"  # no --source given: nothing to judge
    assert "AUTO_GOPATH" not in _reason(plain["gopath-layout"])


def test_btrfs_noversion_swaps_the_btrfs_progs_minimum(plain: dict[str, dict[str, Any]]) -> None:
    noversion = _run(DOCKER_BUILDTAGS="btrfs_noversion")
    assert plain["btrfs-progs-noversion"]["status"] == "skip"
    assert plain["btrfs-progs-version"]["status"] != "skip"
    assert noversion["btrfs-progs-version"]["status"] == "skip"
    assert noversion["btrfs-version-header"]["status"] == "skip"
    assert noversion["btrfs-progs-noversion"]["status"] != "skip"


@pytest.mark.parametrize(
    ("driver", "dropped"),
    [
        ("btrfs", {"btrfs-progs-version", "btrfs-ioctl-header", "kernel-btrfs"}),
        ("aufs", {"aufs-tools", "aufs-filesystem", "kernel-aufs", "kernel-aufs-ext4-xattr"}),
        (
            "devicemapper",
            {
                "libdevmapper-version",
                "static-devmapper",
                "kernel-devicemapper",
                "mkfs-ext4-version",
            },
        ),
    ],
)
def test_excluding_a_driver_skips_its_requirements(
    plain: dict[str, dict[str, Any]], driver: str, dropped: set[str]
) -> None:
    results = _run(DOCKER_BUILDTAGS=f"exclude_graphdriver_{driver}")
    assert dropped <= _skipped(results)
    assert not dropped & _skipped(plain)
