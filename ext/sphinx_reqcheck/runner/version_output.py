"""Finding the version in what a real tool prints.

Tools print their version on stdout or stderr, sometimes after warnings or error lines,
sometimes with a non-zero exit status, and with prefixes and suffixes: ``go1.19.8``,
``iptables v1.8.9 (nf_tables)``, ``btrfs-progs v6.2``, ``tune2fs 1.47.0 (5-Feb-2023)``,
``xz (XZ Utils) 4.999.9beta``. The first dotted number that starts a word (optionally
after ``v`` or ``go``) on a line that is not a warning is the version; numbers inside
names such as ``tune2fs`` or ``procps-ng`` are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..versions import Version, VersionError, parse_version
from .context import Outcome
from .hints import install_version
from .pattern_match import MatchAborted, search_group

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

_CANDIDATE = re.compile(r"(?<![\w.+-])(?:v|V|go)?(\d+\.\d+(?:\.\d+)*)")
_WARNING = re.compile(r"\bwarn(?:ing)?s?\b|^\s*[WE]:", re.IGNORECASE)


def _lines_in_order(output: str) -> Iterable[str]:
    """Lines that are not warnings first, then the warnings (a last resort)."""
    lines = output.splitlines()
    quiet: list[str] = [line for line in lines if not _WARNING.search(line)]
    noisy: list[str] = [line for line in lines if _WARNING.search(line)]
    return quiet + noisy


def find_version(output: str, pattern: str | None = None, timeout: float = 10.0) -> Version:
    """The version in ``output``; raise :class:`VersionError` when there is none.

    With ``pattern``, its first group holds the version; the pattern is matched (with
    ``re.MULTILINE``) in a child process killed after ``timeout`` seconds, since no
    pattern check may outlive its timeout (see ``pattern_match.py``).
    """
    if pattern is not None:
        try:
            span = search_group(pattern, output, timeout)
        except MatchAborted as error:
            raise VersionError(f"the pattern {pattern!r}: {error}") from None
        if span is None or span[0] < 0:
            raise VersionError(f"the pattern {pattern!r} does not match the output")
        # From the group to the end of its line, so a pre-release marker the pattern left
        # out (``4.999.9beta`` captured as ``4.999.9``) still counts.
        line_end = output.find("\n", span[0])
        return parse_version(output[span[0] : line_end if line_end >= 0 else None])
    for line in _lines_in_order(output):
        match = _CANDIDATE.search(line)
        if match:
            return parse_version(line[match.start(1) :])
    raise VersionError("no version number in the output")


def compare_with_minimum(
    found: Version, params: Mapping[str, Any], evidence: str, provides: str
) -> Outcome:
    """Pass when ``found`` is at least ``params['minimum']``; otherwise fail, showing what
    was run (``evidence``), with the package that provides ``provides`` as the hint."""
    minimum = parse_version(params["minimum"])
    if found >= minimum:
        return Outcome("pass", str(found))
    return Outcome(
        "fail",
        str(found),
        f"{found} is older than {minimum}\n{evidence}",
        hint=install_version(params, provides),
    )
