"""source-tree: the --source checkout has the files the guide relies on, not empty.

``files`` must exist (a trailing slash: a directory). ``non_empty`` must also hold
something: a file, text that is not only white space (moby/moby v1.5.0 ``hack/make.sh``
reads ``VERSION=$(cat ./VERSION)`` and names ``bundles/$VERSION`` and every binary after
it, so an empty or undecodable VERSION names nothing); a directory, at least one entry
(make.sh's ``AUTO_GOPATH`` puts ``vendor`` on GOPATH, where Go finds the vendored packages
under ``vendor/src``: an empty one leaves every import unresolved). A missing path says
which link on its way is dangling (in v1.5.0, ``hack`` is a link to ``project``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from ..context import CheckContext, Outcome

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

NO_SOURCE = "no source tree given; pass --source DIR (the docker checkout)"
COMPLETE_HINT = (
    "use a complete docker checkout: a git clone of the release tag, or the release "
    "tarball with vendor/ included"
)
_TEXT_LIMIT = 64 * 1024


def _dangling_link(source: Path, relative: str) -> str | None:
    """The first component of ``relative`` that is a link to nothing, in words."""
    here = source
    for part in Path(relative).parts:
        here = here / part
        if os.path.islink(here) and not os.path.exists(here):
            return f"{here} is a dangling symbolic link (to {os.readlink(here)})"
    return None


def _missing(source: Path, relative: str) -> str | None:
    """Why ``relative`` (a trailing slash: a directory) is not there, or None."""
    target = source / relative.strip("/")
    # os.path's tests answer False on any error (a permission problem included) where
    # Path.exists() would raise.
    if relative.endswith("/") and os.path.isdir(target):
        return None
    if not relative.endswith("/") and os.path.exists(target):
        return None
    dangling = _dangling_link(source, relative.strip("/"))
    if dangling:
        return dangling
    if os.path.exists(target):
        return f"{target} is not a directory"
    return f"{target}{'/' if relative.endswith('/') else ''} does not exist"


def _empty(source: Path, relative: str) -> str | None:
    """Why ``relative`` holds nothing usable, or None."""
    target = source / relative.strip("/")
    try:
        if target.is_dir():
            with os.scandir(target) as entries:
                return None if any(True for _ in entries) else f"{target}/ is empty"
        with open(target, "rb") as handle:
            data = handle.read(_TEXT_LIMIT)
    except OSError as error:
        return f"{target} cannot be read: {error.strerror}"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return f"{target} is not UTF-8 text ({data[:24]!r})"
    return None if text.strip() else f"{target} is empty"


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Pass when every listed path exists and every ``non_empty`` one holds something."""
    source = ctx.settings.source
    if source is None:
        return Outcome("skip", NO_SOURCE)
    if not source.is_dir():
        what = "does not exist" if not source.exists() else "is not a directory"
        return Outcome("error", f"--source {source} {what}", hint="pass the checkout")
    non_empty = params.get("non_empty", [])
    found = [_missing(source, path) for path in params["files"]]
    found += [_missing(source, path) or _empty(source, path) for path in non_empty]
    problems = list(dict.fromkeys(why for why in found if why))
    if problems:
        return Outcome("fail", "\n".join(problems), hint=COMPLETE_HINT)
    present = list(dict.fromkeys([*params["files"], *non_empty]))
    return Outcome("pass", f"{source}: " + ", ".join(present))
