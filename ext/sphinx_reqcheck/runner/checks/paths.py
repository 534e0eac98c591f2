"""Check kind ``paths``: at least one of these paths exists with the right type."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import PurePosixPath

from ..context import CheckContext, Outcome
from ..hints import install
from ..host import SYSTEM_ROOT, Host

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any, Callable


def _tests(host: Host) -> dict[str, Callable[[str], bool]]:
    return {"file": host.is_file, "dir": host.is_dir, "executable": host.is_executable}


def _describe(host: Host, path: str) -> str:
    """What is at ``path`` instead of the wanted thing, for the failure detail."""
    if not host.exists(path):
        return f"{path}: missing"
    if host.is_dir(path):
        return f"{path}: a directory"
    if host.is_file(path):
        return f"{path}: a file, not executable"
    return f"{path}: exists but is neither a file nor a directory"


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Pass with the first candidate that exists with the wanted type."""
    wanted = params.get("type", "file")
    test = _tests(ctx.host)[wanted]
    for path in params["any_of"]:
        # Requirements often ask about the same paths; look once per run.
        if ctx.memo(("path", wanted, path), partial(test, path)):
            return Outcome("pass", path)
    where = "" if ctx.host.root == SYSTEM_ROOT else f" (under --root {ctx.host.root})"
    detail = "\n".join(_describe(ctx.host, path) for path in params["any_of"])
    names = sorted({PurePosixPath(path).name for path in params["any_of"]})
    return Outcome(
        "fail",
        f"no {wanted} at {' or '.join(params['any_of'])}{where}",
        detail,
        hint=install(params, " or ".join(names)),
    )
