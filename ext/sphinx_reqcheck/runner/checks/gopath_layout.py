"""gopath-layout: Go resolves IMPORT_PATH to the --source checkout through GOPATH.

Go (before modules) finds a package at ``<entry>/src/<import path>`` in the **first**
entry of GOPATH that has it, so the checkout must be there and no earlier entry may hold
another copy (Go would build that one). Go refuses a relative entry ("GOPATH entry is
relative; must be absolute path"). moby/moby v1.5.0 ``hack/make.sh`` needs GOPATH set
("missing GOPATH") unless ``AUTO_GOPATH`` makes its own: ``.gopath`` with
``src/github.com/docker/docker`` linked to the checkout, then ``vendor``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from ..context import CheckContext, Outcome
from .source_tree import NO_SOURCE

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

AUTO_GOPATH_HINT = "or set AUTO_GOPATH=1 to let make.sh build its own GOPATH"


def gopath_inputs(ctx: CheckContext) -> tuple[Path, list[str]] | Outcome:
    """``(the checkout, the GOPATH entries)``, or the outcome standing in their place:
    a skip (AUTO_GOPATH, no --source), an error (--source not a directory) or a fail
    (GOPATH unset, or an entry Go refuses)."""
    if ctx.settings.knob("AUTO_GOPATH"):
        return Outcome("skip", "AUTO_GOPATH is set: make.sh sets up its own GOPATH")
    source = ctx.settings.source
    if source is None:
        return Outcome("skip", NO_SOURCE)
    if not source.is_dir():
        return Outcome("error", f"--source {source} is not a directory")
    gopath = ctx.settings.knob("GOPATH")
    entries = [entry for entry in gopath.split(os.pathsep) if entry]
    if not entries:
        here = os.path.realpath(source)
        return Outcome(
            "fail",
            f"GOPATH is not set; the checkout is at {here} (make.sh: missing GOPATH)",
            hint=f"set GOPATH (absolute paths) {AUTO_GOPATH_HINT}",
        )
    relative = [entry for entry in entries if not os.path.isabs(entry)]
    if relative:
        return Outcome(
            "fail",
            f"GOPATH={gopath}: entry {relative[0]!r} is relative; Go refuses it "
            "(GOPATH entry is relative; must be absolute path)",
            hint=f"write every GOPATH entry as an absolute path {AUTO_GOPATH_HINT}",
        )
    return source, entries


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Pass when the first GOPATH entry holding ``src/<import_path>`` is the checkout."""
    inputs = gopath_inputs(ctx)
    if isinstance(inputs, Outcome):
        return inputs
    source, entries = inputs
    gopath = os.pathsep.join(entries)
    import_path = params["import_path"].strip("/")
    here = os.path.realpath(source)
    wanted = [os.path.join(entry, "src", import_path) for entry in entries]
    for place in wanted:
        if not os.path.isdir(place):
            continue
        # Symbolic links are resolved on both sides: a checkout reached through a link into
        # GOPATH is where Go looks for it.
        if os.path.realpath(place) == here:
            return Outcome("pass", f"{source} is {place} (GOPATH={gopath})")
        return Outcome(
            "fail",
            f"Go resolves {import_path} to {place}, another copy, found before the checkout "
            f"at {here} (GOPATH={gopath})",
            hint=f"remove {place} or put the checkout's GOPATH entry before it",
        )
    return Outcome(
        "fail",
        f"the checkout is at {here}; GOPATH={gopath}",
        "it should be at " + " or ".join(wanted),
        hint=f"move or link the checkout there, {AUTO_GOPATH_HINT}",
    )
