"""Under --root nothing is read from outside the root: links resolve as in a chroot.

Each fake root holds links that point out of it, absolute and relative, at files that
exist on this machine (a tool, a kernel configuration, /proc/mounts, /etc/hostname). A
check that followed them would judge the build machine's file; these tests prove it
judges the root's own file, or finds none.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from fakehost import FakeTools, make_manifest, requirement, version_check

from sphinx_reqcheck.runner.checks import check_function
from sphinx_reqcheck.runner.context import CheckContext, Settings
from sphinx_reqcheck.runner.engine import run_requirements
from sphinx_reqcheck.runner.host import Host

CONFIG = "# Linux/x86 6.1.0 Kernel Configuration\nCONFIG_VETH=y\nCONFIG_BRIDGE=y\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files on the build machine, outside the root: they must never be read."""
    directory = tmp_path / "build-machine"
    (directory / "bin").mkdir(parents=True)
    tool = directory / "bin" / "iptables"
    tool.write_text("#!/bin/sh\necho 'iptables v1.8.9 (legacy)'\n")
    tool.chmod(0o755)
    (directory / "hostname").write_text("the-build-machine\n")
    (directory / "config.gz").write_bytes(gzip.compress(CONFIG.encode()))
    return directory


@pytest.fixture
def root(tmp_path: Path) -> Path:
    directory = tmp_path / "root"
    for sub in ("etc", "usr/sbin", "boot", "proc", "sbin"):
        (directory / sub).mkdir(parents=True)
    return directory


def _relative_way_out(link: Path, target: Path) -> str:
    """A relative link target from ``link`` to ``target`` with enough ``..`` to leave."""
    return os.path.relpath(target, link.parent)


def test_absolute_link_out_of_the_root_is_not_followed(root: Path, outside: Path) -> None:
    (root / "etc/x").symlink_to(outside / "hostname")
    host = Host(root=root)
    assert not host.exists("/etc/x")
    with pytest.raises(OSError):
        host.read_text("/etc/x")


def test_relative_link_climbing_out_stops_at_the_root(root: Path, outside: Path) -> None:
    link = root / "etc/y"
    link.symlink_to(_relative_way_out(link, outside / "hostname"))
    assert "../" in os.readlink(link)
    host = Host(root=root)
    assert not host.exists("/etc/y")
    # As in a chroot, the climb ends at the root: the same path inside it is what counts.
    assert os.readlink(link) == "../../build-machine/hostname"
    inside = root / "build-machine" / "hostname"
    inside.parent.mkdir()
    inside.write_text("the-root's-own\n")
    assert host.read_text("/etc/y") == "the-root's-own\n"


def test_absolute_link_resolves_inside_the_root(root: Path) -> None:
    (root / "etc/hostname").write_text("inside\n")
    (root / "etc/x").symlink_to("/etc/hostname")
    assert Host(root=root).read_text("/etc/x") == "inside\n"


def test_path_lookup_does_not_run_the_build_machines_tool(
    root: Path, outside: Path, fake_tools: FakeTools
) -> None:
    # ROOT/usr/sbin/iptables -> the build machine's iptables (absolute), and a
    # relative link climbing out for a second tool.
    (root / "usr/sbin/iptables").symlink_to(outside / "bin/iptables")
    climbing = root / "sbin/iptables-legacy"
    climbing.symlink_to(_relative_way_out(climbing, outside / "bin/iptables"))
    host = Host(root=root, path="/usr/sbin:/sbin")
    assert host.which("iptables") is None
    assert host.which("iptables-legacy") is None
    manifest = make_manifest(
        requirement("iptables", version_check(["iptables", "--version"], "1.4")),
        requirement("legacy", version_check(["iptables-legacy", "--version"], "1.4")),
    )
    results = run_requirements(manifest.requirements, CheckContext(host, Settings()), jobs=1)
    assert [(result.status, result.observed) for result in results] == [
        ("fail", "not found on PATH"),
        ("fail", "not found on PATH"),
    ]


def test_kernel_config_search_stays_in_the_root(root: Path, outside: Path) -> None:
    release = os.uname().release
    (root / "proc/config.gz").symlink_to(outside / "config.gz")
    (root / f"boot/config-{release}").symlink_to(outside / "config.gz")
    ctx = CheckContext(Host(root=root), Settings())
    outcome = check_function("kernel-config")({"options": ["VETH"]}, ctx)
    assert outcome.status == "error"
    assert outcome.observed == "no kernel configuration found"


def test_proc_and_cgroup_mounts_are_read_in_the_root(root: Path) -> None:
    # The build machine's /proc/mounts and /proc/filesystems exist and are real.
    (root / "proc/mounts").symlink_to("/proc/mounts")
    (root / "proc/filesystems").symlink_to("/proc/filesystems")
    ctx = CheckContext(Host(root=root), Settings())
    cgroups = check_function("cgroups")({"controllers": ["memory"]}, ctx)
    assert cgroups.status == "error"
    assert "/proc/mounts" in cgroups.observed
    filesystems = check_function("kernel-filesystem")({"names": ["ext4"]}, ctx)
    assert "/proc/filesystems" in filesystems.observed + filesystems.detail


def test_link_loop_in_the_root_is_not_a_crash(root: Path) -> None:
    (root / "etc/a").symlink_to("/etc/b")
    (root / "etc/b").symlink_to("/etc/a")
    host = Host(root=root)
    assert not host.exists("/etc/a")
    with pytest.raises(OSError, match="Too many levels of symbolic links"):
        host.read_bytes("/etc/a")
