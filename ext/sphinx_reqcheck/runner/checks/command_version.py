"""Check kind ``command-version``: a command prints a version at least this high."""

from __future__ import annotations

import time
from collections.abc import Mapping

from ...versions import VersionError
from ..context import CheckContext, Outcome
from ..hints import install_version
from ..version_output import compare_with_minimum, find_version

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Run the command once (shared with other requirements) and compare its version.

    The pattern is matched in the time the probe left of the timeout: the whole check,
    probe and match, ends within ``--timeout``."""
    started = time.monotonic()
    probe = ctx.probe(params["argv"])
    command = f"`{params['argv'][0]}`"
    if probe.missing:
        # The tool is absent: that is the answer to the requirement, not a broken probe.
        return Outcome(
            "fail", "not found on PATH", probe.evidence(), hint=install_version(params, command)
        )
    if not probe.ok:
        return Outcome("error", f"could not run: {probe.error}", probe.evidence())
    try:
        left = ctx.timeout_seconds - (time.monotonic() - started)
        found = find_version(probe.output, params.get("pattern"), left)
    except VersionError as error:
        return Outcome("error", f"no version found ({error})", probe.evidence())
    return compare_with_minimum(found, params, probe.evidence(), command)
