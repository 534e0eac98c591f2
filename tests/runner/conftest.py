"""Fixtures of the runner tests: fake tools on a temporary PATH (see ``fakehost``), and
the command-line tests' tools and small handbook manifest."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakehost import GO, FakeTools, requirement, version_check, write_manifest


@pytest.fixture
def fake_tools(tmp_path: Path) -> FakeTools:
    """An empty directory of fake tools."""
    return FakeTools(tmp_path)


@pytest.fixture
def fake_path(fake_tools: FakeTools, monkeypatch: pytest.MonkeyPatch) -> FakeTools:
    """The fake tools as the process's PATH, for running the command line in-process."""
    monkeypatch.setenv("PATH", fake_tools.path)
    for knob in ("DOCKER_BUILDTAGS", "AUTO_GOPATH", "DOCKER_CLIENTONLY", "DOCKER_INITPATH"):
        monkeypatch.delenv(knob, raising=False)
    return fake_tools


@pytest.fixture
def tools(fake_path: FakeTools) -> FakeTools:
    fake_path.add("go", "go version go1.19.8 linux/amd64\n")
    fake_path.add("btrfs", "Btrfs v3.12\n")
    fake_path.add_by_argument("pkg-config", {"devmapper": ("1.02.185\n", 0)})
    return fake_path


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    """A small manifest in the handbook's style, with one of every outcome."""
    return write_manifest(
        tmp_path / "manifest.json",
        requirement("build.go", GO, title="Go 1.3 or later"),
        requirement(
            "daemon-build.btrfs",
            version_check(["btrfs", "--version"], "3.16.1"),
            scope=("daemon-build",),
            when={"tags_none": ["btrfs_noversion", "exclude_graphdriver_btrfs"]},
        ),
        requirement(
            "daemon-build.btrfs-old",
            version_check(["btrfs", "--version"], "3.8"),
            scope=("daemon-build",),
            when={"tags_all": ["btrfs_noversion"]},
        ),
        requirement(
            "build.devmapper",
            {"kind": "library-version", "module": "devmapper", "minimum": "1.02.68"},
        ),
        requirement(
            "daemon.lxc",
            version_check(["lxc-start", "--version"], "0.8"),
            scope=("daemon",),
            level="optional",
            when={"env_unset": ["DOCKER_CLIENTONLY"]},
        ),
        requirement("policy.name", {"kind": "manual"}, scope=("policy",), level="manual"),
    )
