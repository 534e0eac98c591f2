"""Check kind ``cgroups``: the cgroup hierarchy is mounted the way the daemon needs it.

The packager guide asks for a "properly mounted" cgroupfs hierarchy, one mount per
subsystem as ``cgroupfs-mount`` makes it, and warns that a single all-encompassing
``cgroup`` mount point is not sufficient (docker issues 2683, 3485, 4568). The guide
predates cgroup v2; a v2 (unified) host with the needed controllers passes, with a note.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..context import CheckContext, Outcome
from ..kernel.cgroupfs import (
    V1_NAME,
    Layout,
    Subsystem,
    classify,
    parse_mounts,
    parse_proc_cgroups,
    required_v2,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

GUIDE_EXPLANATION = (
    "Docker expects one cgroup hierarchy per subsystem (or the usual co-mounts such as "
    "cpu,cpuacct), as tianon/cgroupfs-mount creates them under /sys/fs/cgroup; a single, "
    "all-encompassing cgroup mount point is not sufficient (docker issues 2683, 3485, "
    "4568)."
)
MOUNT_EACH = "mount each cgroup subsystem on its own under /sys/fs/cgroup, e.g. with cgroupfs-mount"
UNMOUNT_LUMPED = (
    f"unmount the single cgroup mount and {MOUNT_EACH}; or boot with cgroup v2 "
    "(systemd.unified_cgroup_hierarchy=1) on a v2-capable Docker"
)
V2_NOTE = (
    "The packager guide predates cgroup v2 (Linux 4.5, 2016); current Docker supports it "
    "with a v2-capable runtime."
)


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Classify the cgroup mounts under the root and judge them."""
    wanted = [str(name) for name in params.get("controllers") or []]
    try:
        mounts_text = ctx.host.read_text("/proc/mounts")
    except OSError as error:
        return Outcome(
            "error",
            f"cannot read /proc/mounts: {error.strerror or error}",
            "the cgroup mounts are read from /proc/mounts (under --root when given)",
        )
    subsystems = _proc_cgroups(ctx)
    layout = classify(parse_mounts(mounts_text), frozenset(subsystems or ()))
    if layout.kind == "unified":
        return _judge_unified(layout, wanted, ctx)
    if layout.kind == "none":
        return _judge_none(layout)
    return _judge_v1(layout, wanted, subsystems)


def _proc_cgroups(ctx: CheckContext) -> dict[str, Subsystem] | None:
    try:
        return parse_proc_cgroups(ctx.host.read_text("/proc/cgroups"))
    except OSError:
        return None  # optional evidence: only used to explain a missing subsystem


def _judge_none(layout: Layout) -> Outcome:
    named = [m.label for m in layout.v1 if m.named]
    observed = "no cgroup file system with controllers in /proc/mounts"
    if named:
        observed += "; only named hierarchies: " + ", ".join(named)
    return Outcome(
        "fail",
        observed,
        "the packager guide asks for one cgroup hierarchy per subsystem",
        hint=f"{MOUNT_EACH}, as the packager guide suggests; or mount cgroup2 at /sys/fs/cgroup",
    )


def _judge_v1(
    layout: Layout, wanted: list[str], subsystems: dict[str, Subsystem] | None
) -> Outcome:
    lumped = layout.all_in_one()
    mounted = layout.mounted_subsystems()
    v2_note = _hybrid_note(layout)
    if lumped:
        labels = "; ".join(m.label for m in lumped)
        return Outcome(
            "fail",
            f"single all-encompassing cgroup mount: {labels}" + v2_note,
            GUIDE_EXPLANATION,
            hint=UNMOUNT_LUMPED,
        )
    missing = [name for name in wanted if V1_NAME.get(name, name) not in mounted]
    parents = layout.v1_parents()
    summary = f"cgroup v1, one hierarchy per subsystem under {', '.join(parents)}: " + " ".join(
        ",".join(sorted(m.subsystems)) for m in layout.v1_with_controllers
    )
    notes: list[str] = []
    odd = layout.unusual_comounts()
    if odd:
        notes.append(
            "unusual co-mounts (Docker finds each subsystem's mount, so they work): "
            + "; ".join(m.label for m in odd)
        )
    if len(parents) > 1:
        notes.append(
            "the subsystems are mounted under different parents; Docker finds each one "
            "through /proc/self/mountinfo, but cgroupfs-mount puts them all in /sys/fs/cgroup"
        )
    if v2_note:
        notes.append(
            "hybrid layout: the controllers are on v1 and judged there; cgroup2 carries none. "
            + V2_NOTE
        )
    if missing:
        reasons = [_why_missing(name, subsystems) for name in missing]
        return Outcome(
            "fail",
            f"not mounted: {', '.join(missing)} ({summary})" + v2_note,
            "\n".join([reason for reason, _ in reasons] + notes),
            hint="; ".join(dict.fromkeys(remedy for _, remedy in reasons)),
        )
    return Outcome("pass", summary + v2_note, "\n".join(notes))


def _hybrid_note(layout: Layout) -> str:
    if layout.kind != "hybrid":
        return ""
    return "; cgroup2 also mounted at " + ", ".join(m.mountpoint for m in layout.v2)


def _why_missing(name: str, subsystems: dict[str, Subsystem] | None) -> tuple[str, str]:
    """Why a subsystem is not mounted, and the remedy."""
    v1_name = V1_NAME.get(name, name)
    mount_it = f"mount {v1_name} (cgroupfs-mount mounts every subsystem)"
    if subsystems is None:
        return f"{v1_name}: not mounted (/proc/cgroups unreadable, so no more is known)", mount_it
    info = subsystems.get(v1_name)
    if info is None:
        return (
            f"{v1_name}: not in /proc/cgroups, so the kernel was built without it",
            f"use a kernel with the {v1_name} cgroup controller (see the kernel requirements)",
        )
    if not info.enabled:
        return (
            f"{v1_name}: disabled (enabled=0 in /proc/cgroups)",
            f"remove cgroup_disable={v1_name} from the kernel command line",
        )
    return f"{v1_name}: available in the kernel but not mounted", mount_it


def _judge_unified(layout: Layout, wanted: list[str], ctx: CheckContext) -> Outcome:
    mount = layout.unified_mount()
    assert mount is not None  # a unified layout has a cgroup2 mount
    path = mount.mountpoint.rstrip("/") + "/cgroup.controllers"
    try:
        available = ctx.host.read_text(path).split()
    except OSError as error:
        return Outcome(
            "error",
            f"cgroup v2 at {mount.mountpoint}, but {path} is unreadable: {error.strerror or error}",
            "the v2 controllers are listed in cgroup.controllers at the top of the hierarchy",
        )
    needed, implicit = required_v2(wanted)
    missing = [name for name in needed if name not in available]
    listed = " ".join(available) or "(none)"
    observed = f"cgroup v2 (unified) at {mount.mountpoint}; controllers: {listed}"
    details = [V2_NOTE]
    if implicit:
        details.append("On v2 these need no controller: " + "; ".join(implicit) + ".")
    if missing:
        return Outcome(
            "fail",
            f"missing v2 controllers: {', '.join(missing)} ({observed})",
            "\n".join(details),
            hint=f"use a kernel with the {', '.join(missing)} controllers, and unmount any v1 "
            "hierarchy that holds them (a controller is on v1 or v2, never both)",
        )
    return Outcome("pass", observed, "\n".join(details))
