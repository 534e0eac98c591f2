"""Check parameters the handbook gives, as the tests of several checks pass them.

Read from the manifest bundled in the package (the handbook as exported), never copied:
the handbook's own requirement is the one declaration of each list.
"""

from __future__ import annotations

from typing import Any

from sphinx_reqcheck.manifest import bundled_manifest_path, load_manifest


def _param(requirement_id: str, name: str) -> Any:
    return load_manifest(bundled_manifest_path()).get(requirement_id).check[name]


# The build tags the guide names (buildtags-known's ``known``).
KNOWN_TAGS: list[str] = _param("buildtags-known", "known")

# Where Docker looked for dockerinit, in order (dockerinit-search-path's ``search``).
INIT_SEARCH: list[str] = _param("dockerinit-search-path", "search")
