"""The cgroups check on fake roots: v1 per subsystem, the single mount, none, v2, hybrid."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from sphinx_reqcheck.runner.checks.cgroups import check
from sphinx_reqcheck.runner.cli import main
from sphinx_reqcheck.runner.context import CheckContext, Outcome, Settings
from sphinx_reqcheck.runner.host import Host
from sphinx_reqcheck.runner.kernel.cgroupfs import (
    classify,
    parse_mounts,
    parse_proc_cgroups,
    required_v2,
    unescape,
)

ROOTS = Path(__file__).parent / "fixtures" / "roots"
# What the handbook asks of the daemon's host, as v1 subsystem names.
DAEMON = ["cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids"]


def judge(root: str | Path, controllers: list[str] | None = None) -> Outcome:
    """Run the check against a fixture root (or a path)."""
    where = ROOTS / root if isinstance(root, str) else root
    ctx = CheckContext(Host(root=where), Settings())
    return check({"controllers": DAEMON if controllers is None else controllers}, ctx)


def test_v1_one_hierarchy_per_subsystem_passes() -> None:
    outcome = judge("cgroup-v1")
    assert outcome.status == "pass"
    assert outcome.observed == (
        "cgroup v1, one hierarchy per subsystem under /sys/fs/cgroup: cpuset cpu,cpuacct "
        "blkio memory devices freezer net_cls,net_prio perf_event pids"
    )
    assert outcome.detail == ""


def test_the_single_all_encompassing_mount_fails_with_the_guides_explanation() -> None:
    outcome = judge("cgroup-v1-single")
    assert outcome.status == "fail"
    assert outcome.observed.startswith("single all-encompassing cgroup mount: /cgroup (blkio,cpu,")
    for fact in ("one cgroup hierarchy per subsystem", "2683", "3485", "4568", "cgroupfs-mount"):
        assert fact in outcome.detail
    assert outcome.hint.startswith("unmount the single cgroup mount and mount each cgroup")


def test_no_cgroup_mount_fails() -> None:
    outcome = judge("cgroup-none")
    assert outcome.status == "fail"
    assert outcome.observed == "no cgroup file system with controllers in /proc/mounts"
    assert "cgroupfs-mount" in outcome.hint


def test_v2_unified_with_the_controllers_passes_with_a_note() -> None:
    outcome = judge("cgroup-v2")
    assert outcome.status == "pass"
    assert outcome.observed == (
        "cgroup v2 (unified) at /sys/fs/cgroup; controllers: cpuset cpu io memory hugetlb "
        "pids rdma misc"
    )
    assert "predates cgroup v2" in outcome.detail
    assert "devices: eBPF device programs" in outcome.detail
    assert "freezer: the core file cgroup.freeze" in outcome.detail


def test_v2_missing_controllers_fail_naming_them() -> None:
    outcome = judge("cgroup-v2-missing")
    assert outcome.status == "fail"
    assert outcome.observed.startswith("missing v2 controllers: cpuset, io, pids (")


def test_hybrid_is_judged_on_v1_and_mentions_v2() -> None:
    outcome = judge("cgroup-hybrid")
    assert outcome.status == "pass"
    assert outcome.observed.endswith("; cgroup2 also mounted at /sys/fs/cgroup/unified")
    assert "hybrid layout: the controllers are on v1" in outcome.detail


def test_escaped_mount_points_and_a_disabled_subsystem() -> None:
    outcome = judge("cgroup-v1-spaces", ["cpu", "cpuacct", "memory"])
    assert outcome.status == "fail"
    assert outcome.observed.startswith(
        "not mounted: memory (cgroup v1, one hierarchy per subsystem under /srv/my cgroups:"
    )
    assert "memory: disabled (enabled=0 in /proc/cgroups" in outcome.detail
    assert judge("cgroup-v1-spaces", ["cpu", "devices"]).status == "pass"


def test_a_subsystem_the_kernel_lacks_is_named(tmp_path: Path) -> None:
    shutil.copytree(ROOTS / "cgroup-v1", tmp_path / "root")
    outcome = judge(tmp_path / "root", ["cpu", "rdma"])
    assert outcome.status == "fail"
    assert "rdma: not in /proc/cgroups, so the kernel was built without it" in outcome.detail


def test_v2_names_in_the_requirement_map_to_v1_subsystems() -> None:
    assert judge("cgroup-v1", ["io", "cpu"]).status == "pass"


def test_unreadable_proc_mounts_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "proc" / "mounts").mkdir(parents=True)
    outcome = judge(tmp_path)
    assert outcome.status == "error"
    assert outcome.observed == "cannot read /proc/mounts: Is a directory"


def test_missing_proc_mounts_is_an_error(tmp_path: Path) -> None:
    outcome = judge(tmp_path)
    assert (outcome.status, outcome.observed) == (
        "error",
        "cannot read /proc/mounts: No such file or directory",
    )


def test_unreadable_cgroup_controllers_is_an_error(tmp_path: Path) -> None:
    shutil.copytree(ROOTS / "cgroup-v2", tmp_path / "root")
    (tmp_path / "root" / "sys" / "fs" / "cgroup" / "cgroup.controllers").unlink()
    outcome = judge(tmp_path / "root")
    assert outcome.status == "error"
    assert "cgroup.controllers is unreadable: No such file or directory" in outcome.observed


def test_usual_comounts_are_not_the_single_mount() -> None:
    layout = classify(parse_mounts((ROOTS / "cgroup-v1" / "proc" / "mounts").read_text()))
    assert layout.kind == "v1"
    assert layout.all_in_one() == ()
    assert layout.unusual_comounts() == ()


def test_an_unusual_pair_passes_with_a_note(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(ROOTS / "cgroup-v1", root)
    mounts = (root / "proc" / "mounts").read_text()
    mounts = mounts.replace(
        "cgroup /sys/fs/cgroup/devices cgroup rw,nosuid,nodev,noexec,relatime,devices 0 0\n"
        "cgroup /sys/fs/cgroup/freezer cgroup rw,nosuid,nodev,noexec,relatime,freezer 0 0\n",
        "cgroup /sys/fs/cgroup/devices,freezer cgroup rw,relatime,devices,freezer 0 0\n",
    )
    (root / "proc" / "mounts").write_text(mounts)
    outcome = judge(root)
    assert outcome.status == "pass"
    assert "unusual co-mounts" in outcome.detail


def test_named_hierarchies_alone_are_no_cgroup_mount(tmp_path: Path) -> None:
    (tmp_path / "proc").mkdir()
    (tmp_path / "proc" / "mounts").write_text(
        "cgroup /sys/fs/cgroup/systemd cgroup rw,relatime,name=systemd 0 0\n"
    )
    outcome = judge(tmp_path)
    assert outcome.status == "fail"
    assert "only named hierarchies: /sys/fs/cgroup/systemd (name=systemd)" in outcome.observed


@pytest.mark.parametrize(
    ("escaped", "plain"),
    [
        (r"/mnt/a\040b", "/mnt/a b"),
        (r"/mnt/tab\011here", "/mnt/tab\there"),
        (r"/mnt/back\134slash", "/mnt/back\\slash"),
        ("/sys/fs/cgroup", "/sys/fs/cgroup"),
    ],
)
def test_mount_point_escapes(escaped: str, plain: str) -> None:
    assert unescape(escaped) == plain


def test_proc_cgroups_parsing_skips_the_header_and_junk() -> None:
    parsed = parse_proc_cgroups("#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpu\t3\t1\t1\nx\n")
    assert list(parsed) == ["cpu"] and parsed["cpu"].enabled


def test_v1_to_v2_mapping_is_documented_for_every_implicit_controller() -> None:
    needed, notes = required_v2([*DAEMON, "net_cls", "perf_event"])
    assert needed == ["cpu", "cpuset", "memory", "io", "pids"]
    assert len(notes) == 5  # cpuacct, devices, freezer, net_cls, perf_event


def test_this_machine_gives_a_verdict_not_an_error() -> None:
    outcome = check({"controllers": DAEMON}, CheckContext(Host(), Settings()))
    assert outcome.status in ("pass", "fail"), outcome


# -- end to end, through the reqcheck command line ---------------------------------------


def daemon_requirement(rid: str, check_: dict[str, Any]) -> dict[str, Any]:
    """A required daemon requirement as the manifest stores it."""
    return {
        "id": rid,
        "title": rid,
        "scope": ["daemon"],
        "level": "required",
        "check": check_,
        "when": {},
        "source": {"doc": "runtime", "line": 1},
        "url": f"runtime.html#{rid}",
        "text": "The daemon needs it.",
    }


@pytest.mark.parametrize(
    ("root", "cgroups", "overlay", "status"),
    [
        ("cgroup-v1", "pass", "pass", 0),
        ("cgroup-v1-single", "fail", "pass", 1),
        ("cgroup-v2", "pass", "error", 1),
    ],
)
def test_cli_runs_the_cgroup_and_filesystem_checks_under_root(
    tmp_path: Path, root: str, cgroups: str, overlay: str, status: int
) -> None:
    manifest = tmp_path / "manifest.json"
    requirements = [
        daemon_requirement("cgroups", {"kind": "cgroups", "controllers": DAEMON}),
        daemon_requirement("overlay", {"kind": "kernel-filesystem", "names": ["overlay"]}),
    ]
    manifest.write_text(
        json.dumps({"format": 1, "project": "t", "version": "1", "requirements": requirements})
    )
    report = tmp_path / "results.json"
    argv = ["run", str(manifest), "--root", str(ROOTS / root), "--format", "json"]
    assert main([*argv, "--output", str(report)]) == status
    results = {r["id"]: r for r in json.loads(report.read_text())["results"]}
    assert (results["cgroups"]["status"], results["overlay"]["status"]) == (cgroups, overlay)
