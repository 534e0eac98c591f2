"""The manifest reader's rules agree with the shipped JSON Schema (jsonschema as the oracle).

``reqcheck validate`` runs the model's own rules, not jsonschema. Hypothesis builds valid
manifests from the model's declarations, then breaks some of them: a value of another
JSON type, an empty string or list, an unknown word, a missing or an extra key. The reader
must call a manifest valid exactly when jsonschema does.

The reader knows more than a JSON Schema can say, so two things are left to example tests
and kept out of the generated values: requirement ids used twice (no schema keyword
compares fields across array items), and the content of strings that are versions, regular
expressions or names (a replacing string is "nope", which is none of those, so it never goes
where one is expected). JSON has one number type: jsonschema counts 1.0 as an integer, the
reader does not, so no floats are generated.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_reqcheck.manifest import check_manifest_file, parse_manifest
from sphinx_reqcheck.model import CHECK_KINDS, CONDITIONS, ENV_CONDITIONS, LEVELS, SCOPES
from sphinx_reqcheck.params import Param
from sphinx_reqcheck.schema import manifest_schema

VALIDATOR = jsonschema.Draft202012Validator(manifest_schema())

# A valid value of each parameter type (the content rules hold for all of them).
VALID_VALUES: dict[str, list[Any]] = {
    "text": ["x", "docker-pkg"],
    "version": ["1.3", "1.02.68"],
    "regex": [r"go(\d+\.\d+)", r"version (\S+)"],
    "argv": [["go", "version"], ["sh"]],
    "names": [["a", "b_1"], ["VETH"]],
    "paths": [["/usr/bin/x"], ["/a", "b"]],
}
# Where a replacing string would have to be a version, a regex or a name.
CONTENT_TYPES = ("version", "regex")
# What a value may be replaced with: other types, empties, an unknown word.
REPLACEMENTS = st.sampled_from([None, True, False, 0, 1, 7, "", "nope", [], {}, ["nope"], [1]])


@st.composite
def param_value(draw: st.DrawFn, param: Param) -> Any:
    if param.choices:
        choice = draw(st.sampled_from(param.choices))
        return [choice] if param.type in ("argv", "names", "paths") else choice
    return draw(st.sampled_from(VALID_VALUES[param.type]))


@st.composite
def requirement(draw: st.DrawFn, index: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(list(CHECK_KINDS.values())))
    check: dict[str, Any] = {"kind": kind.name}
    for param in kind.params:
        if param.required or draw(st.booleans()):
            check[param.name] = draw(param_value(param))
    conditions = draw(st.lists(st.sampled_from(list(CONDITIONS)), unique=True, max_size=2))
    return {
        "id": f"req-{index}",
        "title": draw(st.sampled_from(["", "A title"])),
        "scope": draw(st.lists(st.sampled_from(list(SCOPES)), min_size=1, max_size=2)),
        "level": draw(st.sampled_from(list(LEVELS))),
        "check": check,
        "when": {key: ["GOPATH" if key in ENV_CONDITIONS else "TAG"] for key in conditions},
        "source": {"doc": "page", "line": index + 1},
        "url": "page.html",
        "text": "Body.",
    }


@st.composite
def valid_manifest(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(min_value=0, max_value=4))
    data: dict[str, Any] = {
        "format": 1,
        "requirements": [draw(requirement(index)) for index in range(count)],
    }
    for key, value in (("project", "p"), ("version", "1"), ("$schema", "s")):
        if draw(st.booleans()):
            data[key] = value
    return data


def _slots(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``value`` (the root included)."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _slots(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _slots(item, (*path, index))
    return found


def _is_content_slot(data: dict[str, Any], path: tuple[Any, ...]) -> bool:
    """A check parameter whose string must be a version or a regular expression."""
    if len(path) < 4 or path[0] != "requirements" or path[2] != "check":
        return False
    kind = CHECK_KINDS.get(data["requirements"][path[1]]["check"].get("kind"))
    param = kind.param(path[3]) if kind else None
    return param is not None and param.type in CONTENT_TYPES


@st.composite
def manifest(draw: st.DrawFn) -> dict[str, Any]:
    """A valid manifest, or one broken in up to three places."""
    data = copy.deepcopy(draw(valid_manifest()))  # the sampled values are shared
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        path = draw(st.sampled_from(_slots(data)))
        if not path:
            continue  # a non-object manifest is tested below
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            new = copy.deepcopy(draw(REPLACEMENTS))
            if new == "nope" and _is_content_slot(data, path):
                new = ""
            parent[path[-1]] = new
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent[path[-1]], dict):
            parent[path[-1]]["nope"] = copy.deepcopy(draw(REPLACEMENTS))
    return data


def _reader_valid(data: Any) -> bool:
    try:
        parse_manifest(data)
    except ValueError:
        return False
    return True


def _ids_unique(data: Any) -> bool:
    """The one structural rule a JSON Schema cannot state."""
    entries = data.get("requirements") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return True
    ids = [entry["id"] for entry in entries if isinstance(entry, dict) and "id" in entry]
    ids = [item for item in ids if isinstance(item, str)]
    return len(ids) == len(set(ids))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(manifest())
def test_reader_agrees_with_the_json_schema(data: dict[str, Any]) -> None:
    schema_valid = VALIDATOR.is_valid(data) and _ids_unique(data)
    assert _reader_valid(data) == schema_valid, list(VALIDATOR.iter_errors(data))


@pytest.mark.parametrize("data", [None, [], "manifest", 1, True])
def test_non_objects_are_invalid_for_both(data: Any) -> None:
    assert not VALIDATOR.is_valid(data)
    assert not _reader_valid(data)


def _entry(index: int, **changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": f"req-{index}",
        "title": "t",
        "scope": ["build"],
        "level": "required",
        "check": {"kind": "command-version", "argv": ["go", "version"], "minimum": "1.3"},
        "when": {},
        "source": {"doc": "page", "line": 1},
        "url": "",
        "text": "",
    }
    entry.update(changes)
    return entry


def _write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_rules_beyond_the_schema_are_reported(tmp_path: Path) -> None:
    """Duplicate ids and string content: the schema lets them pass, the reader does not."""
    version = {"kind": "command-version", "argv": ["go"], "minimum": "one"}
    regex = {"kind": "command-version", "argv": ["go"], "minimum": "1", "pattern": "go"}
    names = {"kind": "command", "names": ["a/b"]}
    entries = [
        _entry(0),
        _entry(1, id="req-0"),
        _entry(2, check=version),
        _entry(3, check=regex),
        _entry(4, check=names),
    ]
    data = {"format": 1, "requirements": entries}
    assert VALIDATOR.is_valid(data)
    manifest, problems = check_manifest_file(_write(tmp_path, data))
    assert manifest is None
    assert [problem.field for problem in problems] == [
        "requirements/1/id",
        "requirements/2/check/minimum",
        "requirements/3/check/pattern",
        "requirements/4/check/names",
    ]


def test_every_bad_requirement_is_reported_once(tmp_path: Path) -> None:
    entries = [_entry(0, level="must"), _entry(1), _entry(2, scope=[]), _entry(3, title=3)]
    data = {"format": True, "requirements": entries, "extra": 1}
    _manifest, problems = check_manifest_file(_write(tmp_path, data))
    assert [problem.field for problem in problems] == [
        "extra",
        "format",
        "requirements/0/level",
        "requirements/2/scope",
        "requirements/3/title",
    ]


def test_valid_file_gives_the_manifest(tmp_path: Path) -> None:
    manifest, problems = check_manifest_file(_write(tmp_path, {"format": 1, "requirements": []}))
    assert problems == []
    assert manifest is not None and manifest.requirements == ()
