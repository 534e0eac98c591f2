"""Kernel options that later kernels renamed, merged or removed, as data.

The handbook's kernel options come from 2014 (Linux 3.x). Checked literally against a
current kernel, several of them are "missing" although the feature is there, because the
option was renamed, folded into another one, or dropped when the behaviour became
unconditional. Each entry says what happened, in which mainline release, and why we
believe it (the commit, and the thresholds Docker's own ``contrib/check-config.sh`` uses).

Versions are ``(major, minor)`` of the first mainline release without the old option;
changes land in the merge window, so ``5.1-rc1`` already has them.
"""

from __future__ import annotations

from ...records import dataclass

REMOVED = "removed"  # gone, nothing to check instead: the behaviour is unconditional
MERGED = "merged"  # folded into an option that already existed: check that one instead
RENAMED = "renamed"  # same feature, new name: check the new name (and the old before)


@dataclass(frozen=True)
class OptionChange:
    """What became of one kernel option, and from which kernel release on."""

    option: str
    kind: str
    version: tuple[int, int]
    successor: str | None
    why: str

    @property
    def since(self) -> str:
        """The release as people write it, e.g. ``5.1``."""
        return f"{self.version[0]}.{self.version[1]}"

    def summary(self) -> str:
        """One phrase for a report, e.g. ``merged into CONFIG_NF_NAT in 5.1``."""
        if self.kind == REMOVED:
            return f"CONFIG_{self.option} was removed in {self.since}"
        verb = "merged into" if self.kind == MERGED else "renamed to"
        return f"CONFIG_{self.option} was {verb} CONFIG_{self.successor} in {self.since}"


CHANGES: dict[str, OptionChange] = {
    change.option: change
    for change in (
        # torvalds/linux eedf265aa003 "devpts: Make each mount of devpts an independent
        # filesystem" (4.7-rc2): every devpts mount is a new instance, the option is gone.
        # lxc/lxc#1215; moby check-config.sh only asks for it below 4.8 (conservative).
        OptionChange(
            "DEVPTS_MULTIPLE_INSTANCES",
            REMOVED,
            (4, 7),
            None,
            "every devpts mount is a separate instance since 4.7",
        ),
        # torvalds/linux 3bf195ae6037 "netfilter: nat: merge nf_nat_ipv4,6 into nat core"
        # (5.1); lxc/lxc#3917, moby/moby#39313. RHEL 8's 4.18 kernel carries it backported.
        OptionChange(
            "NF_NAT_IPV4",
            MERGED,
            (5, 1),
            "NF_NAT",
            "IPv4 NAT is part of the NAT core since 5.1",
        ),
        OptionChange(
            "NF_NAT_IPV6",
            MERGED,
            (5, 1),
            "NF_NAT",
            "IPv6 NAT is part of the NAT core since 5.1",
        ),
        # torvalds/linux 4806e975729f "netfilter: replace NF_NAT_NEEDED with
        # IS_ENABLED(CONFIG_NF_NAT)" (5.2); aabc/ipt-netflow#129 ("linux 5.2: kernel
        # CONFIG_NF_NAT_NEEDED doesn't exist"). check-config.sh asks for it up to 5.2.
        OptionChange(
            "NF_NAT_NEEDED",
            MERGED,
            (5, 2),
            "NF_NAT",
            "the kernel tests CONFIG_NF_NAT directly since 5.2",
        ),
        # torvalds/linux 3e32cb2e0a12 "mm: memcontrol: lockless page counters" (3.19)
        # replaced res_counter; check-config.sh asks for it only up to 3.18.
        OptionChange(
            "RESOURCE_COUNTERS",
            REMOVED,
            (3, 19),
            None,
            "memory cgroups count pages with page_counter since 3.19",
        ),
        # torvalds/linux 2d1c498 (5.8-rc1) made swap tracking an integral part of memory
        # control: MEMCG_SWAP_ENABLED went away (swap accounting on by default) and
        # MEMCG_SWAP became a hidden MEMCG && SWAP; e55b9f96860f "mm: memcontrol: drop
        # dead CONFIG_MEMCG_SWAP config symbol" (6.1-rc1) removed it. moby/moby#50553,
        # msm8916-mainline/linux#306.
        OptionChange(
            "MEMCG_SWAP_ENABLED",
            REMOVED,
            (5, 8),
            None,
            "swap accounting is on by default since 5.8 (swapaccount=0 turns it off)",
        ),
        OptionChange(
            "MEMCG_SWAP",
            MERGED,
            (6, 1),
            "MEMCG",
            "swap accounting is part of the memory controller (with CONFIG_SWAP) since 6.1",
        ),
        # moby/moby#22761 "Update check_config for MEMCG_KMEM": kernel memory accounting
        # is unconditional with CONFIG_MEMCG since 4.6; the symbol lingered as a hidden
        # default-y option for a while, so a config may still show it, which also passes.
        OptionChange(
            "MEMCG_KMEM",
            MERGED,
            (4, 6),
            "MEMCG",
            "kernel memory accounting comes with the memory controller since 4.6",
        ),
        # The out-of-tree overlayfs patches (Ubuntu 3.13, ...) used OVERLAYFS_FS; mainline
        # merged the file system in 3.18 as OVERLAY_FS (torvalds/linux e9be9d5e76e3) and
        # renamed its type to "overlay" (ef94b1864d1e, moby/moby#9426).
        OptionChange(
            "OVERLAYFS_FS",
            RENAMED,
            (3, 18),
            "OVERLAY_FS",
            "overlayfs entered mainline in 3.18 as CONFIG_OVERLAY_FS",
        ),
        # torvalds/linux f382fb0bcef4 "block: remove legacy IO schedulers" (5.0);
        # moby/moby#38887. BFQ is the closest replacement but Docker does not need it.
        OptionChange(
            "IOSCHED_CFQ",
            REMOVED,
            (5, 0),
            None,
            "the legacy I/O schedulers were removed in 5.0 (BFQ replaces CFQ)",
        ),
        OptionChange(
            "CFQ_GROUP_IOSCHED",
            REMOVED,
            (5, 0),
            None,
            "the legacy I/O schedulers were removed in 5.0 (BFQ_GROUP_IOSCHED replaces it)",
        ),
        # Renamed in 3.14 (netdev discussion linked from moby/moby#15572: 3.13 is the last
        # release with NETPRIO_CGROUP); moby/moby#15580 makes check-config.sh use the old
        # name up to 3.13; openwrt/openwrt#3089.
        OptionChange(
            "NETPRIO_CGROUP",
            RENAMED,
            (3, 14),
            "CGROUP_NET_PRIO",
            "the option is called CGROUP_NET_PRIO since 3.14",
        ),
    )
}

# For a rename, the new name did not exist before the change: a requirement written with
# the new name is met on an older kernel by the old one.
PREDECESSORS: dict[str, OptionChange] = {
    change.successor: change
    for change in CHANGES.values()
    if change.kind == RENAMED and change.successor is not None
}

# File system type names as /proc/filesystems lists them, and their older names.
# ef94b1864d1e "ovl: rename filesystem type to "overlay"" (3.18-rc6).
FILESYSTEM_ALIASES: dict[str, tuple[str, ...]] = {
    "overlay": ("overlayfs",),
    "overlayfs": ("overlay",),
}

# The kernel option that provides a file system, for hints when it is not listed.
FILESYSTEM_OPTIONS: dict[str, str] = {
    "aufs": "AUFS_FS",
    "btrfs": "BTRFS_FS",
    "ext4": "EXT4_FS",
    "overlay": "OVERLAY_FS",
    "overlayfs": "OVERLAY_FS",
    "xfs": "XFS_FS",
}
