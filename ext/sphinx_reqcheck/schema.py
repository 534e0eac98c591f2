"""The manifest's JSON Schema, generated from :mod:`sphinx_reqcheck.model`.

The schema ships as ``manifest.schema.json`` next to this module (a test keeps the file
equal to :func:`manifest_schema`); ``python -m sphinx_reqcheck.schema`` regenerates it.
``reqcheck validate`` does not use it: it runs the model's own rules
(:func:`sphinx_reqcheck.manifest.check_manifest_file`), which a property test keeps in
agreement with this schema. Pure Python: no Sphinx.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .manifest import OPTIONAL_FIELDS, REQUIREMENT_FIELDS
from .model import (
    _ID,  # the id rule itself, so the schema and is_valid_id cannot drift apart
    CHECK_KINDS,
    CONDITIONS,
    DIGEST,
    ENV_CONDITIONS,
    ENV_KNOBS,
    FORMAT,
    LEVELS,
    SCHEMA_ID,
    SCOPES,
)
from .params import PARAM_TYPES, CheckKind, Param

SCHEMA_PATH = Path(__file__).with_name("manifest.schema.json")
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _param_schema(param: Param) -> dict[str, Any]:
    # A deep copy: the model's declarations stay untouched.
    schema: dict[str, Any] = json.loads(json.dumps(PARAM_TYPES[param.type].json_schema))
    schema["description"] = param.doc
    if param.choices:
        target = schema["items"] if schema.get("type") == "array" else schema
        target["enum"] = list(param.choices)
    return schema


def _kind_schema(kind: CheckKind) -> dict[str, Any]:
    """``if kind == NAME then`` this kind's parameters, exactly."""
    properties: dict[str, Any] = {"kind": {"const": kind.name}}
    for param in kind.params:
        properties[param.name] = _param_schema(param)
    return {
        "if": {"properties": {"kind": {"const": kind.name}}, "required": ["kind"]},
        "then": {
            "description": kind.doc,
            "properties": properties,
            "required": ["kind"] + [param.name for param in kind.params if param.required],
            "additionalProperties": False,
        },
    }


def _check_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(CHECK_KINDS)}},
        "allOf": [_kind_schema(kind) for kind in CHECK_KINDS.values()],
    }


def _when_schema() -> dict[str, Any]:
    names = dict(PARAM_TYPES["names"].json_schema)
    knobs = {**names, "items": {"enum": list(ENV_KNOBS)}}
    return {
        "type": "object",
        "properties": {
            key: {**(knobs if key in ENV_CONDITIONS else names), "description": doc}
            for key, (_, doc) in CONDITIONS.items()
        },
        "additionalProperties": False,
    }


def _requirement_schema() -> dict[str, Any]:
    string = {"type": "string"}
    properties: dict[str, Any] = {
        "id": {"type": "string", "pattern": _ID.pattern},
        "title": string,
        "scope": {
            "type": "array",
            "items": {"enum": list(SCOPES)},
            "minItems": 1,
        },
        "level": {"enum": list(LEVELS)},
        "check": {"$ref": "#/$defs/check"},
        "when": {"$ref": "#/$defs/when"},
        "digest": {
            "type": "string",
            "pattern": DIGEST.pattern,
            "description": "what a verdict is made against: a digest of the check, "
            "conditions, scope and level",
        },
        "source": {
            "type": "object",
            "properties": {"doc": string, "line": {"type": "integer"}},
            "required": ["doc", "line"],
        },
        "url": string,
        "text": string,
    }
    assert tuple(properties) == REQUIREMENT_FIELDS, "schema fields drifted from the manifest"
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in REQUIREMENT_FIELDS if name not in OPTIONAL_FIELDS],
        "additionalProperties": False,
    }


def manifest_schema() -> dict[str, Any]:
    """The JSON Schema of a manifest of format :data:`~sphinx_reqcheck.model.FORMAT`."""
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "sphinx-reqcheck manifest",
        "description": "Requirements from a handbook, each with the check that proves it.",
        "type": "object",
        "properties": {
            "$schema": {"type": "string"},
            "format": {"const": FORMAT},
            "project": {"type": "string"},
            "version": {"type": "string"},
            "requirements": {"type": "array", "items": {"$ref": "#/$defs/requirement"}},
        },
        "required": ["format", "requirements"],
        "additionalProperties": False,
        "$defs": {
            "requirement": _requirement_schema(),
            "check": _check_schema(),
            "when": _when_schema(),
        },
    }


def schema_text() -> str:
    """The schema as shipped: sorted keys, two-space indent, trailing newline."""
    return json.dumps(manifest_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write the schema to ``manifest.schema.json`` (or the path given)."""
    args = list(sys.argv[1:] if argv is None else argv)
    target = Path(args[0]) if args else SCHEMA_PATH
    target.write_text(schema_text(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
