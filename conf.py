"""Sphinx configuration of the Docker packager handbook: the project's one configuration.

It sits at the top of the checkout, beside the local extension in ``ext/`` (Sphinx's
convention for local extensions), and reads the pages in ``docs/``::

    sphinx-build -c . docs build/html

The handbook is the source of the requirements manifest bundled in the package, so this
file stays small and deterministic: no dates, no host lookups.
"""

from __future__ import annotations

import sys
from pathlib import Path

# A plain checkout builds without installing the package: the extension lives in ext/.
sys.path.insert(0, str(Path(__file__).resolve().parent / "ext"))

from sphinx_reqcheck import __version__  # after the path change above, on purpose

project = "Docker packager handbook"
author = "the sphinx-reqcheck authors"
copyright = "the sphinx-reqcheck authors; facts from Docker's packager guide"
version = release = __version__

extensions = ["myst_parser", "sphinx_reqcheck"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# colon_fence lets notes sit inside requirement bodies (which use backtick fences);
# deflist is used by the reference page.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "Docker packager handbook"
html_show_sourcelink = False
html_last_updated_fmt = None

# Every warning counts: the handbook builds with -W, nothing is silenced here.
suppress_warnings: list[str] = []
