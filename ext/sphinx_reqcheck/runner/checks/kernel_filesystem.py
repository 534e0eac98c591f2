"""Check kind ``kernel-filesystem``: the running kernel supports one of these file systems.

Reads ``/proc/filesystems`` (under the root): one file system per line, the name after a
tab, ``nodev`` in the first column for those that need no block device. A file system
built as a module is listed only once the module is loaded, and this check never loads
modules, so "not listed" says what the user can do about it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..context import CheckContext, Outcome
from ..kernel.config import shared_search
from ..kernel.judge import describe
from ..kernel.renames import FILESYSTEM_ALIASES, FILESYSTEM_OPTIONS


def parse_filesystems(text: str) -> dict[str, bool]:
    """File system name -> True when it is ``nodev`` (needs no block device)."""
    found: dict[str, bool] = {}
    for line in text.splitlines():
        fields = line.split()
        if not fields:
            continue
        if len(fields) >= 2 and fields[0] == "nodev":
            found[fields[1]] = True
        else:
            found[fields[-1]] = False
    return found


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Pass if any of ``params["names"]`` is listed in /proc/filesystems."""
    names = params.get("names") or []
    if isinstance(names, str):
        names = [names]
    try:
        listed = parse_filesystems(ctx.host.read_text("/proc/filesystems"))
    except OSError as error:
        return Outcome(
            "error",
            f"cannot read /proc/filesystems: {error.strerror or error}",
            "the supported file systems are read from /proc/filesystems (under --root when given)",
        )
    for name in names:
        for candidate in (name, *FILESYSTEM_ALIASES.get(name, ())):
            if candidate in listed:
                kind = "nodev" if listed[candidate] else "block device"
                observed = f"{candidate} listed in /proc/filesystems ({kind})"
                if candidate != name:
                    observed += f"; it is the older name of {name}"
                return Outcome("pass", observed)
    wanted = " or ".join(names)
    return Outcome(
        "fail",
        f"{wanted} not listed in /proc/filesystems",
        "\n".join(_hints(names, ctx)),
    )


def _hints(names: list[str], ctx: CheckContext) -> list[str]:
    lines = [
        "A file system built as a module appears only once its module is loaded; this "
        "check does not load modules. Try `modprobe "
        + names[0]
        + "` (as root) and run the check again."
    ]
    evidence = _config_evidence(names, ctx)
    if evidence:
        lines.append(evidence)
    return lines


def _config_evidence(names: list[str], ctx: CheckContext) -> str | None:
    """What the kernel configuration says, if one was found (it is read once anyway)."""
    options = [FILESYSTEM_OPTIONS[name] for name in names if name in FILESYSTEM_OPTIONS]
    if not options:
        return None
    search = shared_search(ctx)
    if search.config is None:
        return None
    said = "; ".join(describe(search.config, option) for option in dict.fromkeys(options))
    return f"The kernel configuration ({search.config.source}) says: {said}."
