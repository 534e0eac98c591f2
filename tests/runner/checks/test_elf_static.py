"""elf-static: dockerinit always static; a dynamic daemon only from dynbinary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from dockerbuild import Build
from elfkit import ElfKit

from sphinx_reqcheck.runner.checks.elf_static import check

STATIC_DAEMON = {"binary": "docker", "unless_build": "dynbinary"}

# Bundles that differ only in what they hold, the check's parameters and its verdict:
# (params, files, status, texts the observation must contain, texts the detail must).
BUNDLE_CASES = [
    pytest.param(
        STATIC_DAEMON,
        {"binary/docker-1.3.0": "static"},
        "pass",
        ["static (no interpreter, no needed libraries)"],
        [],
        id="static_binary_passes",
    ),
    pytest.param(
        STATIC_DAEMON,
        {"binary/docker-1.3.0": "dynamic"},
        "fail",
        [
            "interpreter /lib64/ld-linux-x86-64.so.2",
            "needs libc.so.6",
            "built as binary (from bundle directory binary/), which must be static",
        ],
        ["PT_INTERP"],
        id="dynamic_daemon_in_the_binary_bundle_fails",
    ),
    pytest.param(
        STATIC_DAEMON,
        {"dynbinary/docker-1.3.0": "dynamic", "dynbinary/dockerinit-1.3.0": "static"},
        "pass",
        ["acceptable in a dynbinary build (from bundle directory dynbinary/)"],
        [],
        id="dynamic_daemon_from_dynbinary_is_acceptable",
    ),
    pytest.param(
        {"binary": "docker"},
        {"dynbinary/docker-1.3.0": "dynamic"},
        "fail",
        ["docker must be static"],
        [],
        id="dynamic_daemon_fails_without_unless_build",
    ),
    pytest.param(
        {"binary": "dockerinit", "unless_build": "dynbinary"},
        {"dynbinary/dockerinit-1.3.0": "dynamic"},
        "fail",
        ["dockerinit must be static"],
        [],
        id="dynamic_dockerinit_fails_even_in_dynbinary",
    ),
]


@pytest.mark.parametrize(("params", "files", "status", "observed", "detail"), BUNDLE_CASES)
def test_bundles(
    elf: ElfKit,
    params: dict[str, Any],
    files: dict[str, str],
    status: str,
    observed: list[str],
    detail: list[str],
) -> None:
    outcome = check(params, elf.bundle_ctx(files))
    assert outcome.status == status
    for text in observed:
        assert text in outcome.observed
    for text in detail:
        assert text in outcome.detail


def test_dynamic_daemon_of_unknown_provenance_is_accepted_with_a_note(
    elf: ElfKit, tmp_path: Path
) -> None:
    docker = elf.install(tmp_path / "docker", "dynamic", mode=0o644)
    outcome = check(STATIC_DAEMON, elf.ctx(artifacts=(docker,)))
    assert outcome.status == "pass"
    assert "provenance unknown" in outcome.observed


def test_iamstatic_true_says_the_binary_bundle(
    elf: ElfKit, elf_go_build: Callable[..., Path]
) -> None:
    # A Go binary built with IAMSTATIC=true is static, as make.sh's binary bundle is.
    docker = elf_go_build("docker", VERSION="1.3.0", IAMSTATIC="true")
    outcome = check(STATIC_DAEMON, elf.ctx(artifacts=(docker,)))
    assert outcome.status == "pass"
    assert outcome.observed == f"{docker}: static (no interpreter, no needed libraries)"


def test_missing_binary_of_that_kind_is_a_skip(elf: ElfKit) -> None:
    outcome = check({"binary": "dockerinit"}, elf.bundle_ctx({"binary/docker-1.3.0": "static"}))
    assert outcome.status == "skip"
    assert outcome.observed.startswith("no dockerinit binary in bundle ")


def test_dynbinary_daemon_given_loose_is_known_by_its_initsha1(
    elf: ElfKit, tmp_path: Path, docker_build: Build
) -> None:
    """hack/make/dynbinary bakes in INITSHA1 and no IAMSTATIC (moby/moby v1.5.0)."""
    docker = elf.install(tmp_path / "docker", docker_build.dynamic_docker)
    outcome = check(STATIC_DAEMON, elf.ctx(artifacts=(docker,)))
    assert outcome.status == "pass"
    assert "acceptable in a dynbinary build (INITSHA1 baked in, no IAMSTATIC)" in outcome.observed


@pytest.mark.parametrize(
    ("params", "binary", "hint"),
    [
        pytest.param(
            {"binary": "dockerinit"}, "dynamic", "hack/make.sh dynbinary", id="dynamic_dockerinit"
        ),
        pytest.param({"binary": "docker"}, "dynamic", "hack/make.sh binary", id="dynamic_daemon"),
        pytest.param({"binary": "docker"}, "32bit", "amd64 binary make.sh built", id="32bit"),
    ],
)
def test_every_failure_ends_with_a_hint(
    elf: ElfKit,
    tmp_path: Path,
    elf_broken: dict[str, Path],
    params: dict[str, str],
    binary: str,
    hint: str,
) -> None:
    source = elf_broken.get(binary, binary)
    given = elf.install(tmp_path / params["binary"], source)
    outcome = check(params, elf.ctx(artifacts=(given,)))
    assert outcome.status == "fail"
    last = outcome.detail.splitlines()[-1]
    assert last.startswith("hint: ")
    assert hint in last
