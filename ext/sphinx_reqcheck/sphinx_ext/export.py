"""Turn the domain's records into manifest JSON and write it atomically.

Deterministic: keys sorted, no timestamps, the same sources give the same bytes. The data
is validated with :func:`sphinx_reqcheck.manifest.parse_manifest` before anything is
written, and the file is replaced in one step, so a reader never sees half a manifest.
Each requirement was validated when its directive was read, by the same model; this
check is kept all the same (about 0.1 s for 5,000 requirements): the records have been
stored in the environment and decoded since, the export adds fields, and it is what
found a directive that accepted a value the manifest refuses (an empty ``:argv:`` word).

The text has one requirement per line: a diff of two manifests shows which requirements
changed, and each line is written by :mod:`json`'s C encoder (an indented dump goes
through its pure-Python one: three times slower, and on 5,000 requirements it held
15 MB of fragments at once).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..atomic import write_atomic
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


def manifest_lines(data: dict[str, Any]) -> Iterator[str]:
    """The canonical text of a manifest, line by line: sorted keys, UTF-8, one
    requirement per line, a trailing newline."""
    encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
    keys = sorted(data)
    yield "{\n"
    for number, key in enumerate(keys, 1):
        comma = "," if number < len(keys) else ""
        if key != "requirements":
            yield f" {encode(key)}: {encode(data[key])}{comma}\n"
            continue
        requirements = data[key]
        yield f" {encode(key)}: [\n"
        for index, requirement in enumerate(requirements, 1):
            yield f"  {encode(requirement)}{',' if index < len(requirements) else ''}\n"
        yield f" ]{comma}\n"
    yield "}\n"


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
    write_atomic(path, lambda stream: stream.writelines(manifest_lines(data)))
