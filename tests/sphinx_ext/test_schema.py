"""The shipped JSON Schema, generated from the model, and manifest validation."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from sphinx_reqcheck import schema
from sphinx_reqcheck.manifest import check_manifest_file
from sphinx_reqcheck.schema import SCHEMA_PATH, manifest_schema


def validate_manifest_file(path: Path) -> list[str]:
    """What ``reqcheck validate`` prints for ``path``, one problem a line."""
    return [str(problem) for problem in check_manifest_file(path)[1]]


def test_shipped_schema_is_up_to_date() -> None:
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == manifest_schema()
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema.schema_text()


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(manifest_schema())


# The kinds the project documents (README's directive table), written out here.
KINDS = [
    "manual",
    "platform",
    "command",
    "command-version",
    "library-version",
    "paths",
    "kernel-config",
    "kernel-filesystem",
    "cgroups",
    "apparmor",
    "buildtags",
    "elf-not-stripped",
    "elf-static",
    "artifact-pair",
    "dockerinit-path",
    "source-tree",
    "gopath-layout",
    "gopath-entry",
]


def test_schema_knows_every_kind() -> None:
    check = manifest_schema()["$defs"]["check"]
    assert check["properties"]["kind"]["enum"] == KINDS
    kinds_with_rules = [rule["if"]["properties"]["kind"]["const"] for rule in check["allOf"]]
    assert kinds_with_rules == KINDS


def test_regenerating_writes_the_same_file(tmp_path) -> None:
    target = tmp_path / "schema.json"
    assert schema.main([str(target)]) == 0
    assert target.read_text(encoding="utf-8") == SCHEMA_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built_manifest(tmp_path_factory) -> Path:
    from sphinx.testing.util import SphinxTestApp

    root = Path(__file__).parent.parent / "roots" / "test-kinds-rst"
    app = SphinxTestApp("reqcheck", srcdir=root, builddir=tmp_path_factory.mktemp("b"))
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir) / "manifest.json"


def test_built_manifest_is_valid(built_manifest) -> None:
    assert validate_manifest_file(built_manifest) == []


def _broken(built_manifest: Path, tmp_path: Path, change) -> Path:
    data = json.loads(built_manifest.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_errors_name_the_field(built_manifest, tmp_path) -> None:
    def change(data):
        data["requirements"][3]["check"]["minimum"] = 13

    errors = validate_manifest_file(_broken(built_manifest, tmp_path, change))
    assert errors and all(error.startswith("requirements/3/check/minimum: ") for error in errors)


def test_schema_catches_unknown_parameters(built_manifest, tmp_path) -> None:
    def change(data):
        data["requirements"][0]["check"]["colour"] = "blue"

    errors = validate_manifest_file(_broken(built_manifest, tmp_path, change))
    assert any(error.startswith("requirements/0/check") and "colour" in error for error in errors)


def test_schema_alone_rejects_missing_parameter(built_manifest) -> None:
    data = json.loads(built_manifest.read_text(encoding="utf-8"))
    del data["requirements"][3]["check"]["argv"]
    errors = list(jsonschema.Draft202012Validator(manifest_schema()).iter_errors(data))
    assert [list(error.absolute_path) for error in errors] == [["requirements", 3, "check"]]
    assert "'argv' is a required property" in errors[0].message


def test_unreadable_and_non_json_files(tmp_path) -> None:
    assert validate_manifest_file(tmp_path / "missing.json")[0].startswith("(file): cannot read")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert validate_manifest_file(bad)[0].startswith("(file): ")
