"""sphinx-reqcheck: a packaging handbook whose requirements machines can check.

``extensions = ["sphinx_reqcheck"]`` loads the Sphinx side; importing this package
alone stays cheap and free of Sphinx, so the runner works on bare hosts.
"""

from __future__ import annotations

__version__ = "0.1.0"

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx entry point: register directives, roles, the domain and the builder."""
    from .sphinx_ext import setup_extension

    return setup_extension(app)
