"""gopath-layout: the checkout sits at src/IMPORT_PATH inside an entry of GOPATH.

Go (before modules) finds the project's own packages only through GOPATH, so make.sh
needs the checkout there unless AUTO_GOPATH asks it to build a GOPATH of its own.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from ..context import CheckContext, Outcome
from .source_tree import NO_SOURCE


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Pass when the real path of --source is ``<entry>/src/<import_path>``."""
    if ctx.settings.knob("AUTO_GOPATH"):
        return Outcome("skip", "AUTO_GOPATH is set: make.sh sets up its own GOPATH")
    source = ctx.settings.source
    if source is None:
        return Outcome("skip", NO_SOURCE)
    if not source.is_dir():
        return Outcome("error", f"--source {source} is not a directory")
    import_path = params["import_path"].strip("/")
    gopath = ctx.settings.knob("GOPATH")
    entries = [entry for entry in gopath.split(os.pathsep) if entry]
    here = os.path.realpath(source)
    if not entries:
        return Outcome(
            "fail",
            f"GOPATH is not set; the checkout is at {here}",
            f"set GOPATH so that {here} is $GOPATH/src/{import_path}, or set AUTO_GOPATH=1",
        )
    wanted = [os.path.join(entry, "src", import_path) for entry in entries]
    for place in wanted:
        # Symbolic links are resolved on both sides: a checkout reached through a link into
        # GOPATH is where Go looks for it.
        if os.path.realpath(place) == here:
            return Outcome("pass", f"{source} is {place} (GOPATH={gopath})")
    return Outcome(
        "fail",
        f"the checkout is at {here}; GOPATH={gopath}",
        "it should be at " + " or ".join(wanted) + " (move or link it there), or set AUTO_GOPATH=1",
    )
