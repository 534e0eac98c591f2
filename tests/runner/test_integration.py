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
