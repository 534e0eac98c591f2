"""The Sphinx side of sphinx-reqcheck (the docs wing).

Each feature lives in its own module with a small ``setup_<feature>(app)``; this module
only calls them in order. Nothing here is imported by the runner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import __version__
from .builder import setup_builder
from .config import setup_config
from .domain import setup_domain
from .host_report import setup_host_report
from .nodes import setup_nodes
from .summary import setup_summary
from .verdicts import setup_verdicts

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Bump when the shape of the domain data stored in the pickled environment changes:
# Sphinx then rereads every document instead of trusting stale data.
ENV_VERSION = 2


def setup_extension(app: Sphinx) -> dict[str, Any]:
    """Register config values, nodes, the ``req`` domain, the summary and the builder."""
    setup_config(app)
    setup_nodes(app)
    setup_domain(app)
    setup_summary(app)
    setup_verdicts(app)
    setup_host_report(app)
    setup_builder(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
