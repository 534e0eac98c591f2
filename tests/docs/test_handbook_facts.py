"""The guide's facts, as data: scopes, levels, conditions and figures of key requirements.

Each test pins one fact of Docker's packager guide (or of issue 3, which lists the kernel
options of the guide's time) to the manifest exported from the handbook, so that an edit
of the prose cannot silently lose it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from sphinx_reqcheck.model import CHECK_KINDS
from sphinx_reqcheck.versions import parse_version

from .handbook import by_kind

Requirements = dict[str, dict[str, Any]]

CLIENTONLY = "DOCKER_CLIENTONLY"

# Issue 3: the Gentoo ebuild's list at the time, plus Docker's check-config.sh additions.
KERNEL_REQUIRED = {
    "NAMESPACES", "NET_NS", "PID_NS", "IPC_NS", "UTS_NS", "DEVPTS_MULTIPLE_INSTANCES",
    "CGROUPS", "CGROUP_CPUACCT", "CGROUP_DEVICE", "CGROUP_FREEZER", "CGROUP_SCHED",
    "MACVLAN", "VETH", "BRIDGE", "NF_NAT_IPV4", "IP_NF_FILTER", "IP_NF_TARGET_MASQUERADE",
    "NETFILTER_XT_MATCH_ADDRTYPE", "NETFILTER_XT_MATCH_CONNTRACK", "NF_NAT",
    "NF_NAT_NEEDED", "POSIX_MQUEUE",
}  # fmt: skip
KERNEL_RECOMMENDED = {"MEMCG_SWAP", "RESOURCE_COUNTERS", "CGROUP_PERF"}
KERNEL_PER_DRIVER = {
    "aufs": {"AUFS_FS", "EXT4_FS_POSIX_ACL", "EXT4_FS_SECURITY"},
    "btrfs": {"BTRFS_FS"},
    "devicemapper": {
        "BLK_DEV_DM", "DM_THIN_PROVISIONING", "EXT4_FS", "EXT4_FS_POSIX_ACL", "EXT4_FS_SECURITY",
    },
    "overlay": {"OVERLAY_FS"},
}  # fmt: skip


def _kernel_options(requirements: Requirements, **match: Any) -> set[str]:
    options: set[str] = set()
    for entry in by_kind(requirements, "kernel-config"):
        if all(entry[key] == value for key, value in match.items()):
            options.update(entry["check"]["options"])
    return options


def _driver_options(requirements: Requirements, driver: str) -> set[str]:
    options: set[str] = set()
    for entry in by_kind(requirements, "kernel-config"):
        if f"exclude_graphdriver_{driver}" in entry["when"].get("tags_none", []):
            options.update(entry["check"]["options"])
    return options


# -- conditions ---------------------------------------------------------------------------


def test_btrfs_progs_minimum_depends_on_the_btrfs_noversion_tag(
    requirements: Requirements,
) -> None:
    modern = requirements["btrfs-progs-version"]
    older = requirements["btrfs-progs-noversion"]
    assert modern["check"]["minimum"] == "3.16.1"
    assert modern["when"]["tags_none"] == ["btrfs_noversion", "exclude_graphdriver_btrfs"]
    assert "tags_all" not in modern["when"]
    assert older["check"]["minimum"] == "3.8"
    assert older["when"]["tags_all"] == ["btrfs_noversion"]
    assert older["when"]["tags_none"] == ["exclude_graphdriver_btrfs"]
    for entry in (modern, older):
        assert entry["check"]["argv"] == ["btrfs", "--version"]
        assert entry["scope"] == ["daemon-build"]
        assert entry["level"] == "required"


def test_btrfs_version_header_is_needed_only_without_btrfs_noversion(
    requirements: Requirements,
) -> None:
    header = requirements["btrfs-version-header"]
    assert "/usr/include/btrfs/version.h" in header["check"]["any_of"]
    assert set(header["when"]["tags_none"]) == {"btrfs_noversion", "exclude_graphdriver_btrfs"}


@pytest.mark.parametrize("driver", ["aufs", "btrfs", "devicemapper"])
def test_excluding_a_graph_driver_drops_its_kernel_options(
    requirements: Requirements, driver: str
) -> None:
    assert _driver_options(requirements, driver) == KERNEL_PER_DRIVER[driver]


def test_excluding_devicemapper_drops_its_build_library(requirements: Requirements) -> None:
    when = requirements["libdevmapper-version"]["when"]
    assert when["tags_none"] == ["exclude_graphdriver_devicemapper"]


def test_clientonly_drops_every_daemon_requirement(requirements: Requirements) -> None:
    daemon = [
        entry for entry in requirements.values() if {"daemon", "daemon-build"} & set(entry["scope"])
    ]
    assert len(daemon) > 30
    for entry in daemon:
        assert CLIENTONLY in entry["when"].get("env_unset", []), entry["id"]


def test_clientonly_drops_dockerinit_but_not_the_docker_binary(requirements: Requirements) -> None:
    for rid in ("dockerinit-not-stripped", "dockerinit-static", "docker-dockerinit-pair"):
        assert CLIENTONLY in requirements[rid]["when"]["env_unset"], rid
    assert requirements["docker-not-stripped"]["when"] == {}


def test_auto_gopath_drops_the_workspace_layout(requirements: Requirements) -> None:
    layout = requirements["gopath-layout"]
    assert layout["check"] == {"kind": "gopath-layout", "import_path": "github.com/docker/docker"}
    assert layout["when"] == {"env_unset": ["AUTO_GOPATH"]}
    assert requirements["vendor-in-gopath"]["when"] == {"env_unset": ["AUTO_GOPATH"]}


def test_client_requirements_apply_always_and_need_no_kernel(requirements: Requirements) -> None:
    client = [entry for entry in requirements.values() if "client" in entry["scope"]]
    assert [entry["id"] for entry in client] == ["client-git-version"]
    for entry in client:
        assert entry["when"] == {}
        assert entry["check"]["kind"] not in ("kernel-config", "kernel-filesystem", "platform")


# -- the dockerinit search path and the build artifacts --------------------------------------


def test_dockerinit_search_order_is_the_guides(requirements: Requirements) -> None:
    assert requirements["dockerinit-search-path"]["check"]["search"] == [
        "@daemon-dir",
        "/usr/libexec/docker/dockerinit",
        "/usr/local/libexec/docker/dockerinit",
        "/usr/lib/docker/dockerinit",
        "/usr/local/lib/docker/dockerinit",
    ]


def test_binaries_are_not_stripped_and_dockerinit_is_always_static(
    requirements: Requirements,
) -> None:
    stripped = {e["check"]["binary"] for e in by_kind(requirements, "elf-not-stripped")}
    assert stripped == {"docker", "dockerinit"}
    dockerinit = requirements["dockerinit-static"]
    assert dockerinit["level"] == "required"
    assert "unless_build" not in dockerinit["check"]
    daemon = requirements["docker-static"]
    assert daemon["check"]["unless_build"] == "dynbinary"
    assert daemon["level"] == "recommended"
    assert by_kind(requirements, "artifact-pair")


def test_build_tags_form_is_required_and_unknown_tags_only_warn(
    requirements: Requirements,
) -> None:
    form, names = by_kind(requirements, "buildtags")
    assert (form["id"], form["level"], "known" in form["check"]) == (
        "buildtags-spaces",
        "required",
        False,
    )
    assert (names["id"], names["level"]) == ("buildtags-known", "recommended")


def test_build_tags_known_are_the_guides(requirements: Requirements) -> None:
    tags = requirements["buildtags-known"]
    assert tags["check"]["known"] == [
        "apparmor",
        "selinux",
        "btrfs_noversion",
        "exclude_graphdriver_btrfs",
        "exclude_graphdriver_devicemapper",
        "exclude_graphdriver_aufs",
    ]


def test_source_tree_has_the_files_the_guide_names(requirements: Requirements) -> None:
    files = set(requirements["source-checkout"]["check"]["files"])
    assert {"hack/make.sh", "hack/vendor.sh", "vendor", "VERSION", "contrib/init"} <= files


# -- kernel options ------------------------------------------------------------------------


def test_required_kernel_options_are_complete(requirements: Requirements) -> None:
    assert _kernel_options(requirements, level="required") == KERNEL_REQUIRED


def test_recommended_kernel_options_are_complete(requirements: Requirements) -> None:
    general = {
        option
        for entry in by_kind(requirements, "kernel-config")
        if entry["level"] == "recommended" and "tags_none" not in entry["when"]
        for option in entry["check"]["options"]
    }
    assert general == KERNEL_RECOMMENDED


def test_every_kernel_option_of_issue_3_is_checked_exactly_where_expected(
    requirements: Requirements,
) -> None:
    expected = KERNEL_REQUIRED | KERNEL_RECOMMENDED | set().union(*KERNEL_PER_DRIVER.values())
    assert _kernel_options(requirements) == expected
    assert _kernel_options(requirements, level="optional") >= {"AUFS_FS", "BTRFS_FS"}
    overlay = [
        e for e in by_kind(requirements, "kernel-config") if "OVERLAY_FS" in e["check"]["options"]
    ]
    assert [e["level"] for e in overlay] == ["optional"]


def test_kernel_requirements_are_daemon_runtime(requirements: Requirements) -> None:
    for entry in by_kind(requirements, "kernel-config") + by_kind(
        requirements, "kernel-filesystem"
    ):
        assert entry["scope"] == ["daemon"], entry["id"]


# -- figures -------------------------------------------------------------------------------

FIGURES = {
    "go-version": ("go", "1.3", "build"),
    "git-version": ("git", "1.7", "build"),
    "client-git-version": ("git", "1.7", "client"),
    "btrfs-progs-version": ("btrfs", "3.16.1", "daemon-build"),
    "iptables-version": ("iptables", "1.4", "daemon"),
    "mkfs-ext4-version": ("mkfs.ext4", "1.4.12", "daemon"),
    "tune2fs-version": ("tune2fs", "1.4.12", "daemon"),
    "xz-version": ("xz", "4.9", "daemon"),
    "lxc-version": ("lxc-start", "1.0.7", "daemon"),
}


@pytest.mark.parametrize("rid", sorted(FIGURES))
def test_command_versions_keep_the_guides_figures(requirements: Requirements, rid: str) -> None:
    command, minimum, scope = FIGURES[rid]
    entry = requirements[rid]
    assert entry["check"]["argv"][0] == command
    assert entry["check"]["minimum"] == minimum
    assert entry["scope"] == [scope]


def test_library_versions_keep_the_guides_figures(requirements: Requirements) -> None:
    libraries = {
        e["check"]["module"]: e["check"]["minimum"]
        for e in by_kind(requirements, "library-version")
    }
    assert libraries == {"sqlite3": "3.7.9", "devmapper": "1.02.68"}


def test_platform_is_amd64_linux_for_daemon_build_and_run(requirements: Requirements) -> None:
    platforms = {e["id"]: e for e in by_kind(requirements, "platform")}
    assert set(platforms) == {"daemon-build-platform", "daemon-platform"}
    for entry in platforms.values():
        assert entry["check"]["os"] == ["linux"]
        assert set(entry["check"]["arch"]) == {"x86_64", "amd64"}


def test_optional_dependencies_are_optional(requirements: Requirements) -> None:
    for rid in ("lxc-version", "lxc-libs", "aufs-tools", "aufs-filesystem", "btrfs-filesystem"):
        assert requirements[rid]["level"] == "optional", rid
    assert requirements["aufs-tools"]["check"]["names"] == ["auplink"]


def test_what_no_program_can_verify_is_manual(requirements: Requirements) -> None:
    for rid in (
        "package-name",
        "introduce-yourself",
        "official-build",
        "vendor-exact-versions",
        "use-make-sh",
        "init-script",
        "talk-to-tianon",
    ):
        assert requirements[rid]["check"] == {"kind": "manual"}, rid
        assert requirements[rid]["level"] == "manual", rid
    names = requirements["package-name"]["text"]
    assert all(name in names for name in ("docker", "lxc-docker", "docker.io"))


def test_the_handbook_uses_every_check_kind(requirements: Requirements) -> None:
    used = {entry["check"]["kind"] for entry in requirements.values()}
    assert used == set(CHECK_KINDS)


# -- version patterns read what the real tools print --------------------------------------

# Outputs of today's tools (Debian 12) and of the releases the guide knew.
TOOL_OUTPUTS = {
    "go-version": [
        ("go version go1.19.8 linux/amd64", "1.19.8"),
        ("go version go1.3 linux/amd64", "1.3"),
    ],
    "btrfs-progs-version": [("btrfs-progs v6.2\n", "6.2"), ("Btrfs v3.12\n", "3.12")],
    "iptables-version": [
        ("iptables v1.8.9 (nf_tables)\n", "1.8.9"),
        ("iptables v1.4.21\n", "1.4.21"),
    ],
    "mkfs-ext4-version": [
        ("mke2fs 1.47.0 (5-Feb-2023)\n\tUsing EXT2FS Library version 1.47.0\n", "1.47.0")
    ],
    "tune2fs-version": [("Usage: tune2fs [-l] device\ntune2fs 1.47.0 (5-Feb-2023)\n", "1.47.0")],
    "xz-version": [("xz (XZ Utils) 5.4.1\nliblzma 5.4.1\n", "5.4.1")],
}


@pytest.mark.parametrize("rid", sorted(TOOL_OUTPUTS))
def test_version_patterns_read_real_tool_output(requirements: Requirements, rid: str) -> None:
    pattern = re.compile(requirements[rid]["check"]["pattern"])
    for output, version in TOOL_OUTPUTS[rid]:
        match = pattern.search(output)
        assert match is not None, (rid, output)
        assert match.group(1) == version


def test_e2fsprogs_figure_accepts_the_release_the_guide_meant() -> None:
    # The guide's "1.4.12" does not exist; 1.41.12 was meant and must compare as newer.
    assert parse_version("1.41.12") >= parse_version("1.4.12")
