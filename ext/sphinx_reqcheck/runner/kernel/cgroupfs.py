"""The cgroup hierarchy as ``/proc/mounts`` and ``/proc/cgroups`` describe it.

Pure parsing and classification; the ``cgroups`` check reads the files and words the
verdict. Layouts:

- ``v1``: cgroup (v1) mounts, ideally one per subsystem (``cpu,cpuacct`` and
  ``net_cls,net_prio`` are the usual co-mounts) under one parent, ``/sys/fs/cgroup``;
- ``hybrid``: that, plus a controller-less ``cgroup2`` mount (systemd puts it at
  ``/sys/fs/cgroup/unified``); the controllers live on v1;
- ``unified``: ``cgroup2`` at ``/sys/fs/cgroup`` (or cgroup2 and no v1 controllers);
- ``none``: no cgroup file system carrying a controller.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence

from ...records import dataclass

# v1 subsystem names as /proc/cgroups lists them (any kernel since 2.6.24).
V1_SUBSYSTEMS = frozenset(
    {
        "blkio",
        "cpu",
        "cpuacct",
        "cpuset",
        "debug",
        "devices",
        "freezer",
        "hugetlb",
        "memory",
        "misc",
        "net_cls",
        "net_prio",
        "perf_event",
        "pids",
        "rdma",
    }
)

# Co-mounts distributions make on purpose; Docker copes with them.
USUAL_COMOUNTS: tuple[frozenset[str], ...] = (
    frozenset({"cpu", "cpuacct"}),
    frozenset({"net_cls", "net_prio"}),
)

# A v1 mount carrying this many subsystems (outside the usual pairs) is the "single,
# all-encompassing" mount the guide warns about.
ALL_IN_ONE_THRESHOLD = 3

# How a v1 subsystem the handbook names is met on cgroup v2. None: no controller to
# enable, the feature is part of the v2 core or done another way:
# - cpuacct: usage statistics are the core file cpu.stat (cgroup-v2.rst, "CPU");
# - devices: eBPF programs attached to the cgroup (BPF_CGROUP_DEVICE, CONFIG_CGROUP_BPF);
# - freezer: the core file cgroup.freeze (Linux 5.2);
# - net_cls, net_prio: no v2 controller; packet classification by cgroup path (eBPF,
#   iptables/nftables socket cgroup matching) replaces them;
# - perf_event: implicitly enabled on v2 (Linux 4.11), never listed in cgroup.controllers.
V2_EQUIVALENT: dict[str, str | None] = {
    "blkio": "io",
    "io": "io",
    "cpu": "cpu",
    "cpuacct": None,
    "cpuset": "cpuset",
    "devices": None,
    "freezer": None,
    "hugetlb": "hugetlb",
    "memory": "memory",
    "misc": "misc",
    "net_cls": None,
    "net_prio": None,
    "perf_event": None,
    "pids": "pids",
    "rdma": "rdma",
}

V2_NOTES: dict[str, str] = {
    "cpuacct": "cpuacct: CPU usage is the core file cpu.stat",
    "devices": "devices: eBPF device programs (needs CONFIG_CGROUP_BPF)",
    "freezer": "freezer: the core file cgroup.freeze (Linux 5.2 and later)",
    "net_cls": "net_cls: no v2 controller (classification by cgroup path instead)",
    "net_prio": "net_prio: no v2 controller (classification by cgroup path instead)",
    "perf_event": "perf_event: always on for v2",
}

# v2 names a handbook might use where a v1 subsystem is meant.
V1_NAME = {"io": "blkio"}

_OCTAL = re.compile(r"\\([0-7]{3})")


@dataclass(frozen=True)
class Mount:
    """One line of /proc/mounts, with the kernel's octal escapes decoded."""

    device: str
    mountpoint: str
    fstype: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Subsystem:
    """One line of /proc/cgroups."""

    name: str
    hierarchy: int
    enabled: bool


@dataclass(frozen=True)
class V1Mount:
    """A cgroup v1 mount and the subsystems it carries."""

    mount: Mount
    subsystems: frozenset[str]

    @property
    def named(self) -> str | None:
        """A named hierarchy without controllers, e.g. ``name=systemd``."""
        for option in self.mount.options:
            if option.startswith("name="):
                return option[len("name=") :]
        return None

    @property
    def label(self) -> str:
        """``/sys/fs/cgroup/cpu,cpuacct (cpu,cpuacct)`` for a report."""
        carried = ",".join(sorted(self.subsystems)) or f"name={self.named}"
        return f"{self.mount.mountpoint} ({carried})"


@dataclass(frozen=True)
class Layout:
    """The cgroup mounts of a host, classified."""

    kind: str
    v1: tuple[V1Mount, ...]
    v2: tuple[Mount, ...]

    @property
    def v1_with_controllers(self) -> tuple[V1Mount, ...]:
        """The v1 mounts that carry at least one subsystem."""
        return tuple(m for m in self.v1 if m.subsystems)

    def mounted_subsystems(self) -> dict[str, list[str]]:
        """Subsystem -> mount points carrying it."""
        found: dict[str, list[str]] = {}
        for item in self.v1:
            for name in item.subsystems:
                found.setdefault(name, []).append(item.mount.mountpoint)
        return found

    def all_in_one(self) -> tuple[V1Mount, ...]:
        """v1 mounts that lump many subsystems together (the guide's warning)."""
        return tuple(m for m in self.v1 if len(_unusual(m.subsystems)) >= ALL_IN_ONE_THRESHOLD)

    def unusual_comounts(self) -> tuple[V1Mount, ...]:
        """v1 mounts pairing subsystems in an unusual but not all-in-one way."""
        return tuple(m for m in self.v1 if 1 < len(_unusual(m.subsystems)) < ALL_IN_ONE_THRESHOLD)

    def v1_parents(self) -> list[str]:
        """The directories holding the v1 controller mounts, in mount order."""
        parents: list[str] = []
        for item in self.v1_with_controllers:
            parent = posixpath.dirname(item.mount.mountpoint.rstrip("/")) or "/"
            if parent not in parents:
                parents.append(parent)
        return parents

    def unified_mount(self) -> Mount | None:
        """The cgroup2 mount that holds the controllers in a unified layout."""
        for mount in self.v2:
            if mount.mountpoint.rstrip("/") == "/sys/fs/cgroup":
                return mount
        return self.v2[0] if self.v2 else None


def _unusual(subsystems: frozenset[str]) -> frozenset[str]:
    if len(subsystems) <= 1 or any(subsystems <= pair for pair in USUAL_COMOUNTS):
        return frozenset()
    return subsystems


def unescape(field: str) -> str:
    """Decode the octal escapes /proc/mounts uses for space, tab, newline, backslash."""
    return _OCTAL.sub(lambda match: chr(int(match.group(1), 8)), field)


def parse_mounts(text: str) -> list[Mount]:
    """The mounts of a /proc/mounts (or /etc/mtab) text; malformed lines are skipped."""
    mounts: list[Mount] = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        device, mountpoint, fstype, options = fields[:4]
        mounts.append(
            Mount(unescape(device), unescape(mountpoint), fstype, tuple(options.split(",")))
        )
    return mounts


def parse_proc_cgroups(text: str) -> dict[str, Subsystem]:
    """``/proc/cgroups``: ``#subsys_name hierarchy num_cgroups enabled`` per line."""
    found: dict[str, Subsystem] = {}
    for line in text.splitlines():
        fields = line.split()
        if not fields or fields[0].startswith("#") or len(fields) < 4:
            continue
        try:
            found[fields[0]] = Subsystem(fields[0], int(fields[1]), fields[3] == "1")
        except ValueError:
            continue
    return found


def classify(mounts: Sequence[Mount], known: frozenset[str] | None = None) -> Layout:
    """Sort the cgroup mounts into a :class:`Layout`."""
    subsystem_names = V1_SUBSYSTEMS | (known or frozenset())
    v1 = tuple(
        V1Mount(mount, frozenset(o for o in mount.options if o in subsystem_names))
        for mount in mounts
        if mount.fstype == "cgroup"
    )
    v2 = tuple(mount for mount in mounts if mount.fstype == "cgroup2")
    with_controllers = [m for m in v1 if m.subsystems]
    v2_at_top = any(m.mountpoint.rstrip("/") == "/sys/fs/cgroup" for m in v2)
    if v2 and (v2_at_top or not with_controllers):
        kind = "unified"
    elif with_controllers and v2:
        kind = "hybrid"
    elif with_controllers:
        kind = "v1"
    else:
        kind = "none"
    return Layout(kind, v1, v2)


def required_v2(controllers: Sequence[str]) -> tuple[list[str], list[str]]:
    """``(v2 controllers to find in cgroup.controllers, notes on implicit ones)``."""
    needed: list[str] = []
    notes: list[str] = []
    for name in controllers:
        equivalent = V2_EQUIVALENT.get(name, name)
        if equivalent is None:
            notes.append(V2_NOTES.get(name, f"{name}: no v2 controller needed"))
        elif equivalent not in needed:
            needed.append(equivalent)
    return needed, notes
