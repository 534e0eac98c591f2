"""source-tree: the --source checkout has the files the guide relies on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..context import CheckContext, Outcome

NO_SOURCE = "no source tree given; pass --source DIR (the docker checkout)"


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Pass when every listed path exists; a trailing slash means a directory."""
    source = ctx.settings.source
    if source is None:
        return Outcome("skip", NO_SOURCE)
    if not source.is_dir():
        what = "does not exist" if not source.exists() else "is not a directory"
        return Outcome("error", f"--source {source} {what}", "pass the docker checkout")
    missing = []
    present = []
    for relative in params["files"]:
        wants_dir = relative.endswith("/")
        target = source / relative.strip("/")
        if wants_dir and not target.is_dir():
            missing.append(
                f"{target}/ (directory)" if not target.exists() else f"{target} (not a directory)"
            )
        elif not wants_dir and not target.exists():
            missing.append(str(target))
        else:
            present.append(relative)
    if missing:
        return Outcome(
            "fail",
            "missing: " + ", ".join(missing),
            "use a complete docker checkout (git clone of the release tag or the release "
            "tarball with vendor/ included)",
        )
    return Outcome("pass", f"{source}: " + ", ".join(present))
