"""Turn the domain's records into manifest JSON and write it atomically.

Deterministic: keys sorted, no timestamps, the same sources give the same bytes. The data
is validated with :func:`sphinx_reqcheck.manifest.parse_manifest` before anything is
written, and the file is replaced in one step, so a reader never sees half a manifest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..atomic import write_text_atomic
from ..manifest import REQUIREMENT_FIELDS, ManifestError, parse_manifest
from ..model import FORMAT, SCHEMA_ID
from .nodes import anchor


class ManifestExportError(RuntimeError):
    """The exported data does not follow the manifest format (a bug in the extension)."""


def requirement_url(docname: str, requirement_id: str) -> str:
    """Where the requirement is in the HTML build (the html builder's file naming)."""
    return f"{docname}.html#{anchor(requirement_id)}"


def manifest_entry(record: dict[str, Any]) -> dict[str, Any]:
    """A domain record as a manifest requirement: exactly ``REQUIREMENT_FIELDS``."""
    values = dict(record)
    values["url"] = requirement_url(record["source"]["doc"], record["id"])
    return {name: values[name] for name in REQUIREMENT_FIELDS}


def build_manifest(project: str, version: str, records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The manifest for ``records`` (already in document order, ids unique, all valid)."""
    requirements: list[dict[str, Any]] = [manifest_entry(record) for record in records]
    return {
        "$schema": SCHEMA_ID,
        "format": FORMAT,
        "project": project,
        "version": version,
        "requirements": requirements,
    }


def dump_manifest(data: dict[str, Any]) -> str:
    """The canonical text of a manifest: sorted keys, UTF-8, trailing newline."""
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_manifest(path: Path, data: dict[str, Any]) -> None:
    """Validate ``data`` and replace ``path`` with it atomically.

    On any failure the previous manifest is left as it was (see :mod:`..atomic`).
    """
    try:
        parse_manifest(data)
    except ManifestError as error:
        raise ManifestExportError(
            f"refusing to write an invalid manifest ({error.field}: {error.message}); "
            "this is a bug in sphinx-reqcheck, please report it"
        ) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, dump_manifest(data))
