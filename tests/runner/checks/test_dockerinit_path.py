"""dockerinit-path on fake installed roots: Docker's search order, DOCKER_INITPATH first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from elfkit import Binary, ElfKit
from handbook_params import INIT_SEARCH

from sphinx_reqcheck.runner.checks.dockerinit_path import check

SEARCH = {"search": INIT_SEARCH}
# Most roots hold a dynamic daemon at /usr/bin/docker, which needs a dockerinit.
DAEMON = {"/usr/bin/docker": "dynamic"}

# Installed roots that differ only in what they hold and what the check says of them:
# (files, settings, status, texts the observation must contain).
ROOT_CASES = [
    pytest.param(
        {
            **DAEMON,
            "/usr/bin/dockerinit": "static",
            "/usr/lib/docker.io/dockerinit": "static",
        },
        {"env": {"DOCKER_INITPATH": "/usr/lib/docker.io/dockerinit"}},
        "pass",
        [
            "first dockerinit found: /usr/lib/docker.io/dockerinit",
            "/usr/lib/docker.io/dockerinit: static",
        ],
        id="docker_initpath_is_searched_first",
    ),
    pytest.param(
        {
            **DAEMON,
            "/usr/bin/dockerinit": "static",
            "/usr/libexec/docker/dockerinit": "static",
        },
        {},
        "pass",
        [
            "daemon /usr/bin/docker; first dockerinit found: /usr/bin/dockerinit",
            "could not be determined",
        ],
        id="daemon_directory_comes_before_the_fhs_places",
    ),
    pytest.param(
        {"/usr/bin/docker": "static"},
        {},
        "pass",
        ["static: it can be its own dockerinit; no dockerinit found, none needed"],
        id="static_daemon_without_iamstatic_and_no_dockerinit_passes",
    ),
    pytest.param({}, {}, "skip", [], id="no_daemon_installed_is_a_skip"),
]


@pytest.mark.parametrize(("files", "settings", "status", "expected"), ROOT_CASES)
def test_installed_roots(
    elf: ElfKit,
    files: dict[str, Binary],
    settings: dict[str, Any],
    status: str,
    expected: list[str],
) -> None:
    outcome = check(SEARCH, elf.installed_ctx(files, **settings))
    assert outcome.status == status
    for text in expected:
        assert text in outcome.observed


def test_not_executable_or_directory_candidates_are_passed_over(elf: ElfKit) -> None:
    root = elf.root(DAEMON)
    (root / "usr/bin/dockerinit").mkdir()
    elf.install(root / "usr/libexec/docker/dockerinit", "static", mode=0o644)
    outcome = check(SEARCH, elf.installed_ctx({"/usr/lib/docker/dockerinit": "static"}))
    assert outcome.status == "pass"
    assert "first dockerinit found: /usr/lib/docker/dockerinit" in outcome.observed


def test_none_found_fails_listing_every_place_in_order(elf: ElfKit) -> None:
    ctx = elf.installed_ctx(DAEMON, env={"DOCKER_INITPATH": "/opt/docker/dockerinit"})
    outcome = check(SEARCH, ctx)
    assert outcome.status == "fail"
    assert outcome.observed == (
        "daemon /usr/bin/docker: no dockerinit found; tried, in order: "
        "/opt/docker/dockerinit, /usr/bin/dockerinit, /usr/libexec/docker/dockerinit, "
        "/usr/local/libexec/docker/dockerinit, /usr/lib/docker/dockerinit, "
        "/usr/local/lib/docker/dockerinit"
    )
    assert "DOCKER_INITPATH" in outcome.detail


def test_dynamic_dockerinit_fails(elf: ElfKit) -> None:
    ctx = elf.installed_ctx({**DAEMON, "/usr/libexec/docker/dockerinit": "dynamic"})
    outcome = check(SEARCH, ctx)
    assert outcome.status == "fail"
    assert "/usr/libexec/docker/dockerinit: dynamic (interpreter" in outcome.observed
    assert outcome.detail == "dockerinit must be static"


def test_broken_dockerinit_gets_a_verdict(elf: ElfKit, elf_broken: dict[str, Path]) -> None:
    ctx = elf.installed_ctx({**DAEMON, "/usr/bin/dockerinit": elf_broken["truncated"]})
    outcome = check(SEARCH, ctx)
    assert outcome.status == "fail"
    assert "/usr/bin/dockerinit is a truncated or corrupt ELF file" in outcome.observed


def test_directory_entries_get_dockerinit_appended(elf: ElfKit) -> None:
    ctx = elf.installed_ctx({**DAEMON, "/usr/lib/docker/dockerinit": "static"})
    outcome = check({"search": ["/usr/lib/docker/"]}, ctx)
    assert outcome.status == "pass"
    assert "first dockerinit found: /usr/lib/docker/dockerinit" in outcome.observed


def test_daemon_reached_through_an_absolute_link_inside_the_root(
    elf: ElfKit, tmp_path: Path
) -> None:
    # Debian-style: /usr/bin/docker -> /usr/lib/docker.io/docker. Docker's SelfPath does
    # not resolve links, so @daemon-dir is /usr/bin; the link target is read in the root.
    elf.root({"/usr/lib/docker.io/docker": "dynamic"})
    (tmp_path / "usr/bin").mkdir(parents=True)
    (tmp_path / "usr/bin/docker").symlink_to("/usr/lib/docker.io/docker")
    outcome = check(SEARCH, elf.installed_ctx({"/usr/bin/dockerinit": "static"}))
    assert outcome.status == "pass"
    assert "first dockerinit found: /usr/bin/dockerinit" in outcome.observed


def test_daemon_built_static_uses_itself_before_searching(
    elf: ElfKit, elf_go_build: Callable[..., Path]
) -> None:
    docker = elf_go_build("docker", VERSION="1.3.0", IAMSTATIC="true")
    # The dynamic dockerinit is never consulted.
    ctx = elf.installed_ctx({"/usr/bin/docker": docker, "/usr/bin/dockerinit": "dynamic"})
    outcome = check(SEARCH, ctx)
    assert outcome.status == "pass"
    assert "IAMSTATIC=true" in outcome.observed
    assert "the search path is not used" in outcome.observed


def test_dockerinit_of_another_build_fails(elf: ElfKit, elf_go_build: Callable[..., Path]) -> None:
    docker = elf_go_build("docker", VERSION="1.3.0", GITCOMMIT="c78088f", IAMSTATIC="false")
    init = elf_go_build("dockerinit", VERSION="1.2.0", GITCOMMIT="fa7f8c6", IAMSTATIC="false")
    ctx = elf.installed_ctx({"/usr/bin/docker": docker, "/usr/libexec/docker/dockerinit": init})
    outcome = check(SEARCH, ctx)
    assert outcome.status == "fail"
    assert "not the daemon's build: /usr/bin/docker has VERSION 1.3.0 but" in outcome.observed
    assert "install docker and dockerinit as one unit" in outcome.detail


def test_matching_dockerinit_is_reported_as_matching(
    elf: ElfKit, elf_go_build: Callable[..., Path]
) -> None:
    docker = elf_go_build("docker", VERSION="1.3.0", GITCOMMIT="c78088f", IAMSTATIC="false")
    init = elf_go_build("dockerinit", VERSION="1.3.0", GITCOMMIT="c78088f", IAMSTATIC="false")
    ctx = elf.installed_ctx({"/usr/bin/docker": docker, "/usr/lib/docker/dockerinit": init})
    outcome = check(SEARCH, ctx)
    assert outcome.status == "pass"
    assert "matches the daemon: same baked-in VERSION 1.3.0, baked-in GITCOMMIT c78088f" in (
        outcome.observed
    )


def test_artifact_daemon_directory_is_the_files_directory(elf: ElfKit, tmp_path: Path) -> None:
    docker = elf.install(tmp_path / "out/docker", "dynamic")
    elf.install(tmp_path / "out/dockerinit", "static")
    outcome = check(SEARCH, elf.ctx(root=tmp_path / "empty-root", artifacts=(docker,)))
    assert outcome.status == "pass"
    assert f"first dockerinit found: {tmp_path / 'out/dockerinit'}" in outcome.observed


def test_bundles_alone_are_not_an_installed_system(elf: ElfKit) -> None:
    outcome = check(SEARCH, elf.bundle_ctx({"binary/docker-1.3.0": "static"}))
    assert outcome.status == "skip"
    assert "artifact-pair" in outcome.observed


def test_clientonly_build_has_no_dockerinit(elf: ElfKit) -> None:
    outcome = check(SEARCH, elf.ctx(root=elf.root(DAEMON), env={"DOCKER_CLIENTONLY": "1"}))
    assert outcome.status == "skip"
