"""elf-not-stripped: a built docker or dockerinit keeps its symbol table.

The guide's "Stripping Binaries" section: stripped Go binaries are untested and often
broken, so packagers must not strip them (nor build with ``-ldflags -s``).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..artifacts import UNUSABLE_HINT, binaries_to_check, combine, examine
from ..context import CheckContext, Outcome
from ..hints import joined

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

REASON = (
    "stripping Go binaries is not supported and often breaks them (see the Stripping "
    "Binaries section); a stripped dockerinit also no longer has the SHA-1 the daemon was "
    "built with (INITSHA1), so the daemon refuses it"
)
HINT = (
    "do not run strip, dh_strip or install -s on docker or dockerinit (Debian: override "
    "dh_strip; RPM: %global __os_install_post without brp-strip), and do not build with "
    "-ldflags -s"
)


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Pass when every ``params['binary']`` found has a non-empty ``.symtab``."""
    binary = params["binary"]
    artifacts = binaries_to_check(ctx, binary)
    if isinstance(artifacts, Outcome):
        return artifacts
    findings: list[tuple[str, str]] = []
    stripped = False
    unusable = False
    for artifact in artifacts:
        info, status, line = examine(ctx, artifact)
        if info is None:
            findings.append((status, line))
            unusable = unusable or status == "fail"
            continue
        if info.has_symtab:
            line = f"{artifact.shown}: symbol table kept ({info.symbol_count} symbols)"
            if info.is_go:
                line += f"; Go binary with {info.go_symbols()}"
            findings.append(("pass", line))
        else:
            stripped = True
            line = f"{artifact.shown}: stripped (no .symtab)"
            if info.is_go:
                line += f"; Go binary, {info.go_symbols()} left"
            findings.append(("fail", line))
    hints = [HINT if stripped else "", UNUSABLE_HINT if unusable else ""]
    return combine(findings, REASON if stripped else "", joined(hints))
