"""apparmor: where AppArmor is on, the daemon has ``apparmor_parser`` to load profiles.

moby/moby v1.5.0 ``contrib/check-config.sh``: when
``/sys/module/apparmor/parameters/enabled`` reads ``Y``, ``apparmor_parser`` must be found
(``command -v``), or it warns "enabled, but apparmor_parser missing" and suggests
``apt-get install apparmor`` where apt-get exists, ``yum install apparmor-parser`` where
yum does, else an "apparmor" package of the distribution. The requirement also applies
when the daemon is built with the ``tag`` build tag (AppArmor support compiled in).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..context import CheckContext, Outcome

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

ENABLED_FILE = "/sys/module/apparmor/parameters/enabled"


def _enabled(ctx: CheckContext) -> tuple[bool, str]:
    """Whether the host's kernel has AppArmor enabled, and the evidence read."""
    try:
        text = ctx.host.read_text(ENABLED_FILE, limit=64).strip()
    except OSError as error:
        return False, f"{ENABLED_FILE}: {error.strerror or 'cannot be read'}"
    return text == "Y", f"{ENABLED_FILE} reads {text!r}"


def _install_hint(ctx: CheckContext) -> str:
    """check-config.sh's suggestion, by the package manager the host has."""
    if ctx.host.which("apt-get"):
        return 'use "apt-get install apparmor"'
    if ctx.host.which("yum"):
        return 'use "yum install apparmor-parser"'
    return 'look for an "apparmor" package for your distribution'


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Pass when a parser is on the PATH; skip when AppArmor is off and not built in."""
    enabled, evidence = _enabled(ctx)
    tag = params["tag"]
    tagged = tag in ctx.settings.buildtags
    reasons = [
        f"AppArmor enabled ({evidence})" if enabled else f"AppArmor not enabled ({evidence})"
    ]
    reasons.append(f"build tag {tag} {'set' if tagged else 'not set'}")
    if not enabled and not tagged:
        return Outcome("skip", "; ".join(reasons) + ": nothing needs the parser")
    for name in params["parser"]:
        found = ctx.host.which(name)
        if found:
            return Outcome("pass", "; ".join([*reasons, f"{name} at {found}"]))
    missing = " or ".join(params["parser"])
    return Outcome(
        "fail",
        "; ".join([*reasons, f"{missing} not found on the PATH ({ctx.host.search_path})"]),
        "the daemon loads its AppArmor profile with it",
        hint=_install_hint(ctx),
    )
