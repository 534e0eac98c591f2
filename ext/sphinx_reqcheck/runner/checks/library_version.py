"""Check kind ``library-version``: pkg-config knows the module at this version or later."""

from __future__ import annotations

from collections.abc import Mapping

from ...versions import VersionError, parse_version
from ..context import CheckContext, Outcome
from ..hints import install_version
from ..version_output import compare_with_minimum

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Ask ``pkg-config --modversion MODULE`` and compare with the minimum."""
    module = params["module"]
    provides = f"{module}.pc (its development files)"
    probe = ctx.probe(["pkg-config", "--modversion", module])
    if probe.missing:
        return Outcome(
            "fail",
            "pkg-config not found on PATH",
            f"pkg-config is needed to find {module}\n{probe.evidence()}",
            hint=f"install pkg-config, then {install_version(params, provides)}",
        )
    if not probe.ok:
        return Outcome("error", f"could not run pkg-config: {probe.error}", probe.evidence())
    if probe.returncode != 0:
        return Outcome(
            "fail",
            f"pkg-config knows no {module}",
            probe.evidence(),
            hint=install_version(params, provides),
        )
    try:
        found = parse_version(probe.stdout.strip())
    except VersionError:
        return Outcome("error", "pkg-config printed no version", probe.evidence())
    return compare_with_minimum(found, params, probe.evidence(), provides)
