"""Check kind ``platform``: the operating system and machine architecture (uname)."""

from __future__ import annotations

from collections.abc import Mapping

from ..context import CheckContext, Outcome
from ..host import SYSTEM_ROOT

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

# Go names architectures differently from ``uname -m``; the handbook may use either.
_GO_ARCH: dict[str, frozenset[str]] = {
    "amd64": frozenset({"x86_64", "amd64"}),
    "386": frozenset({"i386", "i486", "i586", "i686", "x86"}),
    "arm64": frozenset({"aarch64", "arm64", "armv8l"}),
    "arm": frozenset({"armv5tel", "armv6l", "armv7l", "armv7", "arm"}),
    "ppc64le": frozenset({"ppc64le"}),
    "s390x": frozenset({"s390x"}),
}


def machine_names(name: str) -> frozenset[str]:
    """Every ``uname -m`` spelling of an architecture named the Go or the uname way."""
    lowered = name.lower()
    for go_name, spellings in _GO_ARCH.items():
        if lowered == go_name or lowered in spellings:
            return spellings | {go_name}
    return frozenset({lowered})


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Pass when ``uname`` names one of the operating systems and architectures."""
    system, _release, machine = ctx.host.uname()
    here = f"{system.lower()} {machine}"
    if ctx.host.root != SYSTEM_ROOT:
        # A root directory is files, not a running system: its kernel is not running.
        return Outcome(
            "skip",
            f"no running kernel to ask under --root {ctx.host.root} (this machine: {here})",
        )
    os_ok = system.lower() in {name.lower() for name in params["os"]}
    arch_ok = any(machine.lower() in machine_names(name) for name in params["arch"])
    if os_ok and arch_ok:
        return Outcome("pass", here)
    wrong = [
        what for what, ok in (("operating system", os_ok), ("architecture", arch_ok)) if not ok
    ]
    wanted = f"{' or '.join(params['os'])} on {' or '.join(params['arch'])}"
    return Outcome(
        "fail",
        here,
        f"uname reports {system} {machine}: wrong {' and '.join(wrong)}",
        hint=f"use a host that runs {wanted}",
    )
