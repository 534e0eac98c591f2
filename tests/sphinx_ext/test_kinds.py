"""Every check kind, written in reST and in MyST, exports the same manifest entries."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_reqcheck.manifest import load_manifest, parse_manifest
from sphinx_reqcheck.model import CHECK_KINDS, FORMAT, SCHEMA_ID
from sphinx_reqcheck.schema import manifest_schema

from .helpers import build_once, ids_of, manifest_of, warnings_of

GO_VERSION = {
    "id": "go-version",
    "title": "Go 1.3 or later",
    "scope": ["build"],
    "level": "required",
    "check": {
        "kind": "command-version",
        "argv": ["go", "version"],
        "minimum": "1.3",
        "pattern": r"go(\d+(?:\.\d+)*)",
    },
    "when": {"env_unset": ["DOCKER_CLIENTONLY"]},
    # sha256 of the check, level, scope and conditions as canonical JSON, written out here
    "digest": hashlib.sha256(
        b'{"check":{"argv":["go","version"],"kind":"command-version","minimum":"1.3",'
        b'"pattern":"go(\\\\d+(?:\\\\.\\\\d+)*)"},"level":"required","scope":["build"],'
        b'"when":{"env_unset":["DOCKER_CLIENTONLY"]}}'
    ).hexdigest()[:16],
    "source": {"doc": "index", "line": 29},
    "url": "index.html#req-go-version",
    "text": "Go builds the daemon; see amd64-linux and item one item two",
}


@pytest.fixture
def rst_app(make_app, rootdir: Path, tmp_path: Path) -> SphinxTestApp:
    return build_once(make_app, "reqcheck", rootdir / "test-kinds-rst", tmp_path / "rst")


@pytest.fixture
def md_app(make_app, rootdir: Path, tmp_path: Path) -> SphinxTestApp:
    return build_once(make_app, "reqcheck", rootdir / "test-kinds-md", tmp_path / "md")


def test_rst_and_myst_give_the_same_manifest_entries(rst_app, md_app) -> None:
    assert warnings_of(rst_app) == ""
    assert warnings_of(md_app) == ""
    rst, md = manifest_of(rst_app), manifest_of(md_app)
    assert rst["requirements"] == md["requirements"]
    assert len(rst["requirements"]) == len(CHECK_KINDS)


def test_every_check_kind_is_a_directive_and_exported(rst_app) -> None:
    kinds = [entry["check"]["kind"] for entry in manifest_of(rst_app)["requirements"]]
    assert sorted(kinds) == sorted(CHECK_KINDS)


def test_command_version_entry_is_exactly_as_written(md_app) -> None:
    entries = {entry["id"]: entry for entry in manifest_of(md_app)["requirements"]}
    assert entries["go-version"] == GO_VERSION


def test_defaults_and_conditions(rst_app) -> None:
    entries = {entry["id"]: entry for entry in manifest_of(rst_app)["requirements"]}
    assert entries["packaging-policy"]["level"] == "manual"
    assert entries["packaging-policy"]["check"] == {"kind": "manual"}
    assert entries["amd64-linux"]["level"] == "required"
    assert entries["amd64-linux"]["scope"] == ["build", "daemon"]
    assert entries["cgroup-hierarchy"]["check"]["controllers"] == ["cpu", "memory", "devices"]
    assert entries["gopath-layout"]["when"] == {
        "env_unset": ["AUTO_GOPATH"],
        "tags_all": ["btrfs_noversion"],
    }
    assert entries["gopath-layout"]["check"]["import_path"] == "github.com/docker/docker"
    assert entries["dockerinit-static"]["check"]["unless_build"] == "dynbinary"
    assert entries["iptables-binary"]["check"]["any_of"] == ["/sbin/iptables", "/usr/sbin/iptables"]
    assert entries["kernel-veth"]["when"] == {}


def test_manifest_header_and_validity(rst_app) -> None:
    data = manifest_of(rst_app)
    assert data["$schema"] == SCHEMA_ID
    assert data["format"] == FORMAT
    assert (data["project"], data["version"]) == ("kinds", "2.0")
    jsonschema.Draft202012Validator(manifest_schema()).validate(data)
    parse_manifest(data)
    load_manifest(Path(rst_app.outdir) / "manifest.json")


def test_manifest_text_is_canonical(rst_app) -> None:
    text = (Path(rst_app.outdir) / "manifest.json").read_text(encoding="utf-8")
    # Keys sorted at every level, one requirement a line, a final newline.
    assert text.startswith('{\n "$schema": "urn:sphinx-reqcheck:manifest:1",\n "format": 1,\n')
    assert text.endswith('}\n ],\n "version": "2.0"\n}\n')
    assert (
        '\n  {"check": {"argv": ["go", "version"], "kind": "command-version", "minimum": "1.3", '
    ) in text
    lines = text.splitlines()
    requirements = lines[lines.index(' "requirements": [') + 1 : lines.index(" ],")]
    assert [json.loads(line.rstrip(","))["id"] for line in requirements] == ids_of(rst_app)
    assert "\u2265" not in text  # expected text is rendered, not exported
