"""Typed warnings: every message carries ``type="reqcheck"`` and a subtype.

Users silence one kind with ``suppress_warnings = ["reqcheck.<subtype>"]``; ``-W`` stays
meaningful because nothing is logged untyped.
"""

from __future__ import annotations

from typing import Any

from sphinx.util import logging

logger = logging.getLogger("sphinx_reqcheck")


def warn(message: str, subtype: str, location: Any) -> None:
    """Log a typed warning at ``location`` (a node, ``"file:line"`` or ``(docname, line)``)."""
    logger.warning(message, type="reqcheck", subtype=subtype, location=location)
