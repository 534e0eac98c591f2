"""Check kind ``command``: an executable of one of these names is on the PATH."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from ..context import CheckContext, Outcome
from ..hints import install

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Pass with the first name found on the search path, in the order given."""
    for name in params["names"]:
        # The search path does not change during a run: ask once per name.
        found = ctx.memo(("which", name), partial(ctx.host.which, name))
        if found is not None:
            return Outcome("pass", found)
    names = " or ".join(params["names"])
    return Outcome(
        "fail",
        f"{names}: not found on PATH",
        f"searched PATH={ctx.host.search_path}",
        hint=install(params, " or ".join(f"`{name}`" for name in params["names"])),
    )
