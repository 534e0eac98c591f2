"""gopath-entry: a directory of the --source checkout is itself an entry of GOPATH.

Docker vendors its Go dependencies as a GOPATH tree (``vendor/src/...``); moby/moby
v1.5.0 ``hack/make.sh`` with ``AUTO_GOPATH`` sets ``GOPATH=.gopath:vendor`` for that
reason. Without it, the packager must put ``<checkout>/vendor`` on GOPATH.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from ..context import CheckContext, Outcome
from .gopath_layout import AUTO_GOPATH_HINT, gopath_inputs

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Pass when ``<source>/<directory>`` is (after links) one of the GOPATH entries."""
    inputs = gopath_inputs(ctx)
    if isinstance(inputs, Outcome):
        return inputs
    source, entries = inputs
    directory = source / params["directory"].strip("/")
    if not directory.is_dir():
        return Outcome(
            "fail",
            f"{directory} is not a directory",
            hint="use a complete checkout (the release's vendor/ included)",
        )
    wanted = os.path.realpath(directory)
    gopath = os.pathsep.join(entries)
    for entry in entries:
        if os.path.realpath(entry) == wanted:
            return Outcome("pass", f"{directory} is the GOPATH entry {entry} (GOPATH={gopath})")
    return Outcome(
        "fail",
        f"{directory} is not an entry of GOPATH={gopath}",
        hint=f'export GOPATH="$GOPATH:{wanted}", {AUTO_GOPATH_HINT}',
    )
