"""Every fail, warn and error verdict says what to do: the ``hint`` of a result."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fakehost import requirement, write_manifest

from sphinx_reqcheck.manifest import bundled_manifest_path
from sphinx_reqcheck.model import CHECK_KINDS
from sphinx_reqcheck.runner.cli import ENV_ONLY_KNOBS, main

CGROUP_ROOTS = Path(__file__).parent / "checks" / "fixtures" / "roots"


def run_json(tmp_path: Path, *arguments: str) -> tuple[int, list[dict[str, Any]]]:
    report = tmp_path / "results.json"
    status = main(["run", "--format", "json", "--output", str(report), *arguments])
    return status, json.loads(report.read_text(encoding="utf-8"))["results"]


@pytest.fixture
def bare_root(tmp_path: Path) -> Path:
    """A root with nothing installed, one all-in-one cgroup mount and no file systems."""
    root = tmp_path / "root"
    shutil.copytree(CGROUP_ROOTS / "cgroup-v1-single", root)
    (root / "proc" / "filesystems").write_text("nodev\tproc\n\text4\n", encoding="utf-8")
    return root


def test_every_action_verdict_of_the_handbook_on_a_bare_root_has_a_hint(
    tmp_path: Path, bare_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Broken binaries, an empty checkout and AppArmor without its parser make the
    artifact, source and apparmor kinds act too."""
    for knob in ENV_ONLY_KNOBS:  # GOPATH unset, nothing skipped by AUTO_GOPATH or CLIENTONLY
        monkeypatch.delenv(knob, raising=False)
    config = tmp_path / "config"
    config.write_text("# Linux/x86 6.1.0 Kernel Configuration\nCONFIG_NAMESPACES=y\n")
    binaries = []
    for name in ("docker", "dockerinit"):
        binaries += ["--artifact", str(tmp_path / name)]
        (tmp_path / name).write_text("not an ELF file\n", encoding="utf-8")
    (tmp_path / "checkout").mkdir()
    enabled = bare_root / "sys/module/apparmor/parameters/enabled"  # AppArmor on, no parser
    enabled.parent.mkdir(parents=True)
    enabled.write_text("Y\n", encoding="utf-8")
    status, results = run_json(
        tmp_path,
        "--root",
        str(bare_root),
        "--kernel-config",
        str(config),
        "--buildtags",
        "apparmor,selinux",
        *binaries,
        "--source",
        str(tmp_path / "checkout"),
    )
    assert status == 1
    kinds = {r["id"]: r["check"]["kind"] for r in manifest_data_of_bundled()["requirements"]}
    acting = [r for r in results if r["status"] in ("fail", "warn", "error")]
    # Every kind acts here but the manual ones and platform (no running kernel under --root).
    assert {kinds[r["id"]] for r in acting} >= set(CHECK_KINDS) - {"manual", "platform"}
    assert [r["id"] for r in acting if not r["hint"]] == []
    assert [r["id"] for r in results if "hint: " in r["detail"]] == []
    by_id = {r["id"]: r for r in results}
    assert by_id["kernel-devicemapper"]["hint"] == (
        "use a kernel built with CONFIG_BLK_DEV_DM, CONFIG_DM_THIN_PROVISIONING, "
        "CONFIG_EXT4_FS (=y or =m); or build with the tag exclude_graphdriver_devicemapper "
        "in DOCKER_BUILDTAGS, which drops this requirement"
    )
    assert by_id["kernel-netfilter"]["hint"].count("CONFIG_NF_NAT,") == 1  # NF_NAT_* renamed
    assert by_id["static-devmapper"]["hint"].startswith("install libdevmapper-dev")
    assert by_id["mercurial"]["hint"] == "install mercurial"
    assert all(not r["hint"] for r in results if r["status"] in ("pass", "skip", "manual"))


def manifest_data_of_bundled() -> dict[str, Any]:
    return json.loads(bundled_manifest_path().read_text(encoding="utf-8"))


def test_a_renamed_kernel_option_hints_at_its_current_name(tmp_path: Path) -> None:
    manifest = write_manifest(
        tmp_path / "manifest.json",
        requirement("nat", {"kind": "kernel-config", "options": ["NF_NAT_IPV4"]}),
    )
    config = tmp_path / "config"
    config.write_text("# Linux/x86 6.1.0 Kernel Configuration\nCONFIG_NAMESPACES=y\n")
    _, (result,) = run_json(tmp_path, str(manifest), "--kernel-config", str(config))
    assert result["status"] == "fail"
    assert result["hint"] == "use a kernel built with CONFIG_NF_NAT (=y or =m)"


def test_the_wrong_platform_names_the_one_to_use(tmp_path: Path) -> None:
    check = {"kind": "platform", "os": ["linux"], "arch": ["s390x"]}
    manifest = write_manifest(tmp_path / "manifest.json", requirement("platform", check))
    _, (result,) = run_json(tmp_path, str(manifest))
    assert result["status"] == "fail"
    assert result["hint"] == "use a host that runs linux on s390x"


def test_a_broken_check_without_a_remedy_says_how_to_see_more(tmp_path: Path) -> None:
    manifest = write_manifest(
        tmp_path / "manifest.json",
        requirement(
            "go", {"kind": "command-version", "argv": ["sh", "-c", "echo none"], "minimum": "1.3"}
        ),
    )
    _, (result,) = run_json(tmp_path, str(manifest))
    assert result["status"] == "error"
    assert result["hint"] == (
        "run `reqcheck run -v --select go` to see what the check ran and what it printed"
    )


def test_the_hint_is_in_the_text_report_under_the_verdict(
    tmp_path: Path, bare_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = write_manifest(
        tmp_path / "manifest.json",
        requirement("hg", {"kind": "command", "names": ["hg"], "package": "mercurial"}),
    )
    assert main(["run", str(manifest), "--root", str(bare_root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    verdict = next(index for index, line in enumerate(lines) if " hg: " in line)
    assert lines[verdict + 1] == "      hint: install mercurial"
