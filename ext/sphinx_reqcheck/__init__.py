"""sphinx-reqcheck: a packaging handbook whose requirements machines can check.

``extensions = ["sphinx_reqcheck"]`` loads the Sphinx side; importing this package
alone stays cheap and free of Sphinx, so the runner works on bare hosts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx entry point: register directives, roles, the domain and the builder."""
    from .sphinx_ext import setup_extension

    return setup_extension(app)
