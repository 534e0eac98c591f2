"""This machine's real tools, checked with the handbook's minimum versions.

Until the handbook's manifest is bundled, the manifest is written here with the guide's
own minima (PACKAGERS.md). The verdicts are the ones these tools' versions deserve.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fakehost import requirement, version_check, write_manifest

from sphinx_reqcheck.runner.cli import main

pytestmark = pytest.mark.integration

SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# (id, argv, the guide's minimum)
GUIDE_MINIMA = [
    ("build.go", ["go", "version"], "1.3"),
    ("build.git", ["git", "--version"], "1.7"),
    ("build.hg", ["hg", "--version"], "1.0"),
    ("build.sqlite3", ["sqlite3", "--version"], "3.7.9"),
    ("build.dmsetup", ["dmsetup", "version"], "1.02.68"),
    ("build.btrfs", ["btrfs", "--version"], "3.16.1"),
    ("daemon.iptables", ["iptables", "--version"], "1.4"),
    ("daemon.ps", ["ps", "--version"], "3.0"),
    ("daemon.tune2fs", ["tune2fs"], "1.4.12"),
    ("daemon.mkfs-ext4", ["mkfs.ext4", "-V"], "1.4.12"),
    ("daemon.xz", ["xz", "--version"], "4.9"),
    ("daemon.lxc-start", ["lxc-start", "--version"], "1.0.7"),
    ("daemon.lxc-info", ["lxc-info", "--version"], "1.0.7"),
]


@pytest.fixture
def real_manifest(tmp_path: Path) -> Path:
    requirements = [
        requirement(rid, version_check(argv, minimum)) for rid, argv, minimum in GUIDE_MINIMA
    ]
    requirements += [
        requirement(
            "build.libdevmapper",
            {"kind": "library-version", "module": "devmapper", "minimum": "1.02.68"},
        ),
        requirement(
            "build.libsqlite3", {"kind": "library-version", "module": "sqlite3", "minimum": "3.7.9"}
        ),
        requirement("build.platform", {"kind": "platform", "os": ["linux"], "arch": ["amd64"]}),
        requirement("build.gcc", {"kind": "command", "names": ["gcc", "cc"]}),
        # Minima no real tool meets: the run must say so.
        requirement("future.go", version_check(["go", "version"], "99.0")),
        requirement("future.xz", version_check(["xz", "--version"], "99.0"), level="recommended"),
    ]
    return write_manifest(tmp_path / "manifest.json", *requirements)


def test_real_tools_get_the_verdicts_their_versions_deserve(
    real_manifest: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", SYSTEM_PATH)
    code = main(["run", str(real_manifest), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    status = {result["id"]: result["status"] for result in data["results"]}
    observed = {result["id"]: result["observed"] for result in data["results"]}
    for rid, _argv, _minimum in GUIDE_MINIMA:
        assert status[rid] == "pass", (rid, observed[rid])
        assert re.fullmatch(r"\d+(\.\d+)+", observed[rid]), (rid, observed[rid])
    for rid in ("build.libdevmapper", "build.libsqlite3", "build.platform", "build.gcc"):
        assert status[rid] == "pass", (rid, observed[rid])
    # dmsetup's library and pkg-config's devmapper module come from the same lvm2 build.
    assert observed["build.dmsetup"] == observed["build.libdevmapper"]
    assert observed["build.sqlite3"] == observed["build.libsqlite3"]
    assert status["future.go"] == "fail"
    assert status["future.xz"] == "warn"
    assert code == 1


def run_bundled(capsys: pytest.CaptureFixture[str], *options: str) -> dict[str, dict[str, str]]:
    code = main(["run", "--format", "json", *options])
    assert code in (0, 1)
    return {result["id"]: result for result in json.loads(capsys.readouterr().out)["results"]}


TOOL_REQUIREMENTS = [
    "git-version",
    "go-version",
    "sqlite-version",
    "libdevmapper-version",
    "btrfs-progs-version",
    "iptables-version",
    "mkfs-ext4-version",
    "tune2fs-version",
    "xz-version",
    "client-git-version",
    "lxc-version",
    "daemon-platform",
    "daemon-build-platform",
    "mercurial",
    "ps-command",
    "mkfs-xfs",
]


def test_bundled_handbook_manifest_on_this_machine(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", SYSTEM_PATH)
    for knob in ("DOCKER_BUILDTAGS", "DOCKER_CLIENTONLY", "AUTO_GOPATH", "DOCKER_INITPATH"):
        monkeypatch.delenv(knob, raising=False)
    results = run_bundled(capsys, "--select", ",".join([*TOOL_REQUIREMENTS, "btrfs-progs-*"]))
    for rid in TOOL_REQUIREMENTS:
        assert results[rid]["status"] == "pass", results[rid]
    assert results["go-version"]["observed"].startswith("1.")
    assert results["btrfs-progs-noversion"]["status"] == "skip"
    assert results["btrfs-progs-noversion"]["observed"] == "needs build tag btrfs_noversion"

    # With btrfs_noversion, the older minimum applies instead.
    results = run_bundled(capsys, "--select", "btrfs-progs-*", "--buildtags", "btrfs_noversion")
    assert results["btrfs-progs-version"]["status"] == "skip"
    assert results["btrfs-progs-version"]["observed"] == "build tag btrfs_noversion is set"
    assert results["btrfs-progs-noversion"]["status"] == "pass"

    # A client-only build drops the daemon's requirements, not the client's.
    monkeypatch.setenv("DOCKER_CLIENTONLY", "1")
    results = run_bundled(capsys, "--select", "client-git-version,iptables-version")
    assert results["client-git-version"]["status"] == "pass"
    assert results["iptables-version"]["status"] == "skip"
    assert results["iptables-version"]["observed"] == "DOCKER_CLIENTONLY is set"
