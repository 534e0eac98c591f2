"""buildtags: DOCKER_BUILDTAGS (or --buildtags) is written the way make.sh reads it.

make.sh hands the variable to ``go build -tags``, which splits on white space, so
``apparmor,selinux`` is one tag that matches nothing and silently builds without either
feature. Without the ``known`` parameter the check looks at the separators only (write
that requirement ``required``); with it, every tag must also be a known one (write that
one ``recommended``, so an unknown tag reads as a warning).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..context import CheckContext, Outcome

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

_SEPARATORS = re.compile(r"[,;]")
# What Go accepts in a build tag: letters, digits, underscores and dots.
_TAG = re.compile(r"^[A-Za-z0-9_.]+$")


def _form(text: str) -> Outcome | None:
    """A failing outcome when the tags are not a space-separated list of tag words."""
    if _SEPARATORS.search(text):
        tags = [tag for tag in re.split(r"[\s,;]+", text) if tag]
        suggestion = " ".join(tags) or "apparmor selinux"
        return Outcome(
            "fail",
            f"DOCKER_BUILDTAGS={text.strip()!r} uses commas or semicolons",
            _what_go_reads(text.split()),
            hint=f"separate the tags with spaces: DOCKER_BUILDTAGS='{suggestion}'",
        )
    odd = [tag for tag in text.split() if not _TAG.match(tag)]
    if odd:
        return Outcome(
            "fail",
            "not valid build tags: " + ", ".join(repr(tag) for tag in odd),
            "a build tag has only letters, digits, underscores and dots",
            hint="remove quotes and other characters: e.g. DOCKER_BUILDTAGS='apparmor selinux'",
        )
    return None


def _what_go_reads(words: list[str]) -> str:
    """What ``go build -tags`` makes of these words: it splits on white space only."""
    if len(words) == 1:
        return "go build -tags reads the whole string as one unknown tag, so no tag takes effect"
    broken = [word for word in words if _SEPARATORS.search(word)]
    working = [word for word in words if not _SEPARATORS.search(word)]
    unknown = ", ".join(repr(word) for word in broken)
    effect = f"only {' '.join(working)} takes effect" if working else "no tag takes effect"
    return (
        f"go build -tags splits on white space only, so it reads {unknown} as "
        f"{'an unknown tag' if len(broken) == 1 else 'unknown tags'}; {effect}"
    )


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Pass when the tags are space-separated and, given ``known``, all known."""
    text = ctx.settings.buildtags_text
    if not text.strip():
        return Outcome("pass", "no tags: all graph drivers built in")
    malformed = _form(text)
    if malformed is not None:
        return malformed
    tags = ctx.settings.buildtags
    known = params.get("known")
    if not known:
        return Outcome("pass", "tags: " + " ".join(tags))
    unknown = [tag for tag in tags if tag not in known]
    if unknown:
        return Outcome(
            "fail",
            f"unknown tag{'s' if len(unknown) > 1 else ''}: {' '.join(unknown)}",
            "known tags: " + " ".join(known) + " (an unknown tag is ignored by the build, so "
            "the feature it was meant to select is not changed)",
            hint=f"correct the spelling of {' '.join(unknown)} or drop it; known tags: "
            + " ".join(known),
        )
    return Outcome("pass", "tags: " + " ".join(tags) + " (all known)")
