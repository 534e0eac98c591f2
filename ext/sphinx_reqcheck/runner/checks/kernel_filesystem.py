"""Check kind ``kernel-filesystem``: the running kernel supports one of these file systems.

Reads ``/proc/filesystems`` (under the root): one file system per line, the name after a
tab, ``nodev`` in the first column for those that need no block device. A file system
built as a module is listed only once the module is loaded, and this check never loads
modules, so "not listed" says what the user can do about it.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..context import CheckContext, Outcome
from ..hints import enable_kernel_options
from ..kernel.config import BUILT_IN, MODULE, shared_search
from ..kernel.judge import describe
from ..kernel.renames import FILESYSTEM_ALIASES, FILESYSTEM_OPTIONS

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any


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
    detail, hints = _advice(names, ctx)
    return Outcome(
        "fail",
        f"{' or '.join(names)} not listed in /proc/filesystems",
        "\n".join(detail),
        hint="; or ".join(hints),
    )


def _advice(names: list[str], ctx: CheckContext) -> tuple[list[str], list[str]]:
    """The evidence and what the user can do, sharpened by the kernel configuration."""
    options = {FILESYSTEM_OPTIONS[n]: n for n in names if n in FILESYSTEM_OPTIONS}
    search = shared_search(ctx) if options else None
    if search is None or search.config is None:
        return (
            [
                "A file system built as a module is listed only once its module is loaded, "
                "and this check does not load modules."
            ],
            [f"`modprobe {names[0]}` (as root), then run the check again"],
        )
    config = search.config
    detail: list[str] = []
    hints: list[str] = []
    for option, name in options.items():
        said = f"{config.source} says {describe(config, option)}"
        state = config.state(option)
        if state == MODULE:
            detail.append(f"{said}: a module, not loaded now.")
            hints.append(f"`modprobe {name}` (as root) loads it")
        elif state == BUILT_IN:
            detail.append(
                f"{said}, yet {name} is not listed: is /proc from another kernel than that "
                "configuration (a chroot, --root, or --kernel-config of another machine)?"
            )
            hints.append(
                "run the check where that configuration's kernel runs, with its /proc "
                "(not in a chroot or with --root)"
            )
        else:
            detail.append(f"{said}: this kernel cannot provide {name}; `modprobe` will not help.")
            hints.append(f"{enable_kernel_options([option])}, or use another storage driver")
    return detail, hints
