"""Directive option parsing against the model, without Sphinx."""

from __future__ import annotations

import hashlib

import pytest

from sphinx_reqcheck.model import CHECK_KINDS
from sphinx_reqcheck.params import split_names
from sphinx_reqcheck.sphinx_ext.parsing import known_options, parse_requirement

VERSION = CHECK_KINDS["command-version"]


def _options(**values: str) -> dict[str, str]:
    return {name.replace("_", "-"): value for name, value in values.items()}


def test_valid_command_version() -> None:
    parsed = parse_requirement(
        VERSION,
        "go-version",
        _options(title=" Go  1.3 ", scope="build,daemon-build", argv="go version", minimum="1.3"),
    )
    assert parsed.valid
    assert parsed.entry == {
        "id": "go-version",
        "title": "Go 1.3",
        "scope": ["build", "daemon-build"],
        "level": "required",
        "check": {"kind": "command-version", "argv": ["go", "version"], "minimum": "1.3"},
        "when": {},
        # sha256 of the exported check, level, scope and conditions, written out by hand
        "digest": hashlib.sha256(
            b'{"check":{"argv":["go","version"],"kind":"command-version","minimum":"1.3"},'
            b'"level":"required","scope":["build","daemon-build"],"when":{}}'
        ).hexdigest()[:16],
    }


def test_the_digest_ignores_words_and_follows_the_check() -> None:
    written = _options(title="Go 1.3", scope="build", argv="go version", minimum="1.3")
    digest = parse_requirement(VERSION, "go", written).entry["digest"]
    reworded = parse_requirement(VERSION, "go", {**written, "title": "Go, 1.3 or newer"})
    raised = parse_requirement(VERSION, "go", {**written, "minimum": "1.4"})
    soft = parse_requirement(VERSION, "go", {**written, "level": "recommended"})
    conditional = parse_requirement(VERSION, "go", {**written, "unless-env": "AUTO_GOPATH"})
    assert reworded.entry["digest"] == digest
    assert len({digest, raised.entry["digest"], soft.entry["digest"]}) == 3
    assert conditional.entry["digest"] not in (digest, raised.entry["digest"])


def test_env_conditions_name_only_the_knobs_the_runner_reads() -> None:
    written = _options(title="t", scope="build", argv="go", minimum="1", if_env="DOCKER_DEBUG")
    parsed = parse_requirement(VERSION, "x", written)
    assert [problem.subtype for problem in parsed.problems] == ["option"]
    assert "the runner reads only these variables: DOCKER_BUILDTAGS" in parsed.problems[0].message


@pytest.mark.parametrize(
    ("argument", "options", "subtype"),
    [
        ("", _options(title="t", scope="build", argv="go", minimum="1"), "id"),
        ("two ids", _options(title="t", scope="build", argv="go", minimum="1"), "id"),
        ("x", _options(scope="build", argv="go", minimum="1"), "option"),
        ("x", _options(title="t", argv="go", minimum="1"), "scope"),
        ("x", _options(title="t", scope="build", argv="go", minimum="1", level="must"), "level"),
        ("x", _options(title="t", scope="build", argv="go", minimum=""), "param"),
        ("x", _options(title="t", scope="build", argv="", minimum="1"), "param"),
        ("x", _options(title="t", scope="build", argv="go version ''", minimum="1"), "param"),
        ("x", _options(title="t", scope="build", argv="go", minimum="1", if_env="A B!"), "option"),
        ("x", _options(title="t", scope="build", argv="go", minimum="1", any_of="/x"), "option"),
    ],
)
def test_problems_are_typed(argument, options, subtype) -> None:
    parsed = parse_requirement(VERSION, argument, options)
    assert not parsed.valid
    assert [problem.subtype for problem in parsed.problems] == [subtype]


def test_choices_are_enforced() -> None:
    parsed = parse_requirement(
        CHECK_KINDS["elf-static"], "x", _options(title="t", scope="artifact", binary="dockerd")
    )
    assert [problem.subtype for problem in parsed.problems] == ["param"]
    assert "'dockerd' is not one of: docker, dockerinit" in parsed.problems[0].message


def test_known_options_of_command_version() -> None:
    assert known_options(VERSION) == [
        "title",
        "scope",
        "level",
        "if-tags",
        "unless-tags",
        "if-env",
        "unless-env",
        "argv",
        "minimum",
        "pattern",
        "package",
    ]


def test_split_names() -> None:
    assert split_names(" a, b  c,,d ") == ["a", "b", "c", "d"]
    assert split_names(None) == []
