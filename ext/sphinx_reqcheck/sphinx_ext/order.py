"""Document order: the order a reader meets documents through the toctree.

The manifest lists requirements in this order, so it must not depend on which worker read
what, nor on the order files were found.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def toctree_order(root: str, includes: dict[str, list[str]]) -> list[str]:
    """Depth-first, pre-order walk of the toctree from ``root``; each document once."""
    order: list[str] = []
    seen: set[str] = set()
    stack = [root]
    while stack:
        docname = stack.pop()
        if docname in seen:
            continue
        seen.add(docname)
        order.append(docname)
        # Reversed so the first child is visited first.
        stack.extend(reversed([child for child in includes.get(docname, ()) if child not in seen]))
    return order


def document_order(env: BuildEnvironment, docnames: Iterable[str]) -> list[str]:
    """``docnames`` in toctree order from the root document; the rest after, sorted."""
    wanted = set(docnames)
    ordered = [
        doc for doc in toctree_order(env.config.root_doc, env.toctree_includes) if doc in wanted
    ]
    placed = set(ordered)
    return ordered + sorted(wanted - placed)
