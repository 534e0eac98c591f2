"""What to do next, on a verdict's last detail line.

Results carry no field for it (yet): the hint is the detail's final line, starting
``hint: ``, so a reader or a later ``hint`` field can lift it out unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

HINT_PREFIX = "hint: "


def with_hint(detail: str, hints: str | Iterable[str]) -> str:
    """``detail`` with one final ``hint: `` line (several hints joined, each once)."""
    items = [hints] if isinstance(hints, str) else list(dict.fromkeys(hints))
    items = [item for item in items if item]
    if not items:
        return detail
    line = HINT_PREFIX + "; ".join(items)
    return f"{detail}\n{line}" if detail else line
