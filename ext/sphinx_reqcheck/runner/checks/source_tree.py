"""source-tree: the --source checkout has the files the guide relies on."""

from __future__ import annotations

import os
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
        # os.path's tests answer False on any error (a permission problem included)
        # where Path.exists() would raise.
        if wants_dir and not os.path.isdir(target):
            what = "not a directory" if os.path.exists(target) else "directory"
            missing.append(f"{target}/ ({what})" if what == "directory" else f"{target} ({what})")
        elif not wants_dir and not os.path.exists(target):
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
