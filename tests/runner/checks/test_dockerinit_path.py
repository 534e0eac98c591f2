"""dockerinit-path on fake installed roots: Docker's search order, DOCKER_INITPATH first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_reqcheck.runner.checks.dockerinit_path import check
from sphinx_reqcheck.runner.context import CheckContext

SEARCH = {
    "search": [
        "@daemon-dir",
        "/usr/libexec/docker/dockerinit",
        "/usr/local/libexec/docker/dockerinit",
        "/usr/lib/docker/dockerinit",
        "/usr/local/lib/docker/dockerinit",
    ]
}


@pytest.fixture
def root(tmp_path: Path, elf_dynamic: Path, elf_install: Callable[..., Path]) -> Path:
    """A root with a dynamic daemon at /usr/bin/docker and nothing else."""
    elf_install(tmp_path / "usr/bin/docker", elf_dynamic)
    return tmp_path


def test_docker_initpath_is_searched_first(
    elf_ctx: Callable[..., CheckContext],
    root: Path,
    elf_static: Path,
    elf_install: Callable[..., Path],
) -> None:
    elf_install(root / "usr/bin/dockerinit", elf_static)
    elf_install(root / "usr/lib/docker.io/dockerinit", elf_static)
    ctx = elf_ctx(
        root=root, path="/usr/bin", env={"DOCKER_INITPATH": "/usr/lib/docker.io/dockerinit"}
    )
    outcome = check(SEARCH, ctx)
    assert outcome.status == "pass"
    assert "first dockerinit found: /usr/lib/docker.io/dockerinit" in outcome.observed
    assert "/usr/lib/docker.io/dockerinit: static" in outcome.observed


def test_daemon_directory_comes_before_the_fhs_places(
    elf_ctx: Callable[..., CheckContext],
    root: Path,
    elf_static: Path,
    elf_install: Callable[..., Path],
) -> None:
    elf_install(root / "usr/bin/dockerinit", elf_static)
    elf_install(root / "usr/libexec/docker/dockerinit", elf_static)
    outcome = check(SEARCH, elf_ctx(root=root, path="/usr/bin"))
    assert outcome.status == "pass"
    assert "daemon /usr/bin/docker; first dockerinit found: /usr/bin/dockerinit" in (
        outcome.observed
    )
    assert "could not be determined" in outcome.observed


def test_not_executable_or_directory_candidates_are_passed_over(
    elf_ctx: Callable[..., CheckContext],
    root: Path,
    elf_static: Path,
    elf_install: Callable[..., Path],
) -> None:
    (root / "usr/bin/dockerinit").mkdir()
    elf_install(root / "usr/libexec/docker/dockerinit", elf_static, mode=0o644)
    elf_install(root / "usr/lib/docker/dockerinit", elf_static)
    outcome = check(SEARCH, elf_ctx(root=root, path="/usr/bin"))
    assert outcome.status == "pass"
    assert "first dockerinit found: /usr/lib/docker/dockerinit" in outcome.observed


def test_none_found_fails_listing_every_place_in_order(
    elf_ctx: Callable[..., CheckContext], root: Path
) -> None:
    ctx = elf_ctx(root=root, path="/usr/bin", env={"DOCKER_INITPATH": "/opt/docker/dockerinit"})
    outcome = check(SEARCH, ctx)
    assert outcome.status == "fail"
    assert outcome.observed == (
        "daemon /usr/bin/docker: no dockerinit found; tried, in order: "
        "/opt/docker/dockerinit, /usr/bin/dockerinit, /usr/libexec/docker/dockerinit, "
        "/usr/local/libexec/docker/dockerinit, /usr/lib/docker/dockerinit, "
        "/usr/local/lib/docker/dockerinit"
    )
    assert "DOCKER_INITPATH" in outcome.detail


def test_dynamic_dockerinit_fails(
    elf_ctx: Callable[..., CheckContext],
    root: Path,
    elf_dynamic: Path,
    elf_install: Callable[..., Path],
) -> None:
    elf_install(root / "usr/libexec/docker/dockerinit", elf_dynamic)
    outcome = check(SEARCH, elf_ctx(root=root, path="/usr/bin"))
    assert outcome.status == "fail"
    assert "/usr/libexec/docker/dockerinit: dynamic (interpreter" in outcome.observed
    assert outcome.detail == "dockerinit must be static"


def test_broken_dockerinit_gets_a_verdict(
    elf_ctx: Callable[..., CheckContext],
    root: Path,
    elf_broken: dict[str, Path],
    elf_install: Callable[..., Path],
) -> None:
    elf_install(root / "usr/bin/dockerinit", elf_broken["truncated"])
    outcome = check(SEARCH, elf_ctx(root=root, path="/usr/bin"))
    assert outcome.status == "fail"
    assert "/usr/bin/dockerinit is a truncated or corrupt ELF file" in outcome.observed


def test_directory_entries_get_dockerinit_appended(
    elf_ctx: Callable[..., CheckContext],
    root: Path,
    elf_static: Path,
    elf_install: Callable[..., Path],
) -> None:
    elf_install(root / "usr/lib/docker/dockerinit", elf_static)
    outcome = check({"search": ["/usr/lib/docker/"]}, elf_ctx(root=root, path="/usr/bin"))
    assert outcome.status == "pass"
    assert "first dockerinit found: /usr/lib/docker/dockerinit" in outcome.observed


def test_daemon_reached_through_an_absolute_link_inside_the_root(
    elf_ctx: Callable[..., CheckContext],
    tmp_path: Path,
    elf_dynamic: Path,
    elf_static: Path,
    elf_install: Callable[..., Path],
) -> None:
    # Debian-style: /usr/bin/docker -> /usr/lib/docker.io/docker. Docker's SelfPath does
    # not resolve links, so @daemon-dir is /usr/bin; the link target is read in the root.
    elf_install(tmp_path / "usr/lib/docker.io/docker", elf_dynamic)
    (tmp_path / "usr/bin").mkdir(parents=True)
    (tmp_path / "usr/bin/docker").symlink_to("/usr/lib/docker.io/docker")
    elf_install(tmp_path / "usr/bin/dockerinit", elf_static)
    outcome = check(SEARCH, elf_ctx(root=tmp_path, path="/usr/bin"))
    assert outcome.status == "pass"
    assert "first dockerinit found: /usr/bin/dockerinit" in outcome.observed


def test_daemon_built_static_uses_itself_before_searching(
    elf_ctx: Callable[..., CheckContext],
    tmp_path: Path,
    elf_go_build: Callable[..., Path],
    elf_install: Callable[..., Path],
    elf_dynamic: Path,
) -> None:
    docker = elf_go_build("docker", VERSION="1.3.0", IAMSTATIC="true")
    elf_install(tmp_path / "usr/bin/docker", docker)
    elf_install(tmp_path / "usr/bin/dockerinit", elf_dynamic)  # never consulted
    outcome = check(SEARCH, elf_ctx(root=tmp_path, path="/usr/bin"))
    assert outcome.status == "pass"
    assert "IAMSTATIC=true" in outcome.observed
    assert "the search path is not used" in outcome.observed


def test_static_daemon_without_iamstatic_and_no_dockerinit_passes(
    elf_ctx: Callable[..., CheckContext],
    tmp_path: Path,
    elf_static: Path,
    elf_install: Callable[..., Path],
) -> None:
    elf_install(tmp_path / "usr/bin/docker", elf_static)
    outcome = check(SEARCH, elf_ctx(root=tmp_path, path="/usr/bin"))
    assert outcome.status == "pass"
    assert "static: it can be its own dockerinit; no dockerinit found, none needed" in (
        outcome.observed
    )


def test_dockerinit_of_another_build_fails(
    elf_ctx: Callable[..., CheckContext],
    tmp_path: Path,
    elf_go_build: Callable[..., Path],
    elf_install: Callable[..., Path],
) -> None:
    docker = elf_go_build("docker", VERSION="1.3.0", GITCOMMIT="c78088f", IAMSTATIC="false")
    init = elf_go_build("dockerinit", VERSION="1.2.0", GITCOMMIT="fa7f8c6", IAMSTATIC="false")
    elf_install(tmp_path / "usr/bin/docker", docker)
    elf_install(tmp_path / "usr/libexec/docker/dockerinit", init)
    outcome = check(SEARCH, elf_ctx(root=tmp_path, path="/usr/bin"))
    assert outcome.status == "fail"
    assert "not the daemon's build: /usr/bin/docker has VERSION 1.3.0 but" in outcome.observed
    assert "install docker and dockerinit as one unit" in outcome.detail


def test_matching_dockerinit_is_reported_as_matching(
    elf_ctx: Callable[..., CheckContext],
    tmp_path: Path,
    elf_go_build: Callable[..., Path],
    elf_install: Callable[..., Path],
) -> None:
    docker = elf_go_build("docker", VERSION="1.3.0", GITCOMMIT="c78088f", IAMSTATIC="false")
    init = elf_go_build("dockerinit", VERSION="1.3.0", GITCOMMIT="c78088f", IAMSTATIC="false")
    elf_install(tmp_path / "usr/bin/docker", docker)
    elf_install(tmp_path / "usr/lib/docker/dockerinit", init)
    outcome = check(SEARCH, elf_ctx(root=tmp_path, path="/usr/bin"))
    assert outcome.status == "pass"
    assert "matches the daemon: same baked-in VERSION 1.3.0, baked-in GITCOMMIT c78088f" in (
        outcome.observed
    )


def test_artifact_daemon_directory_is_the_files_directory(
    elf_ctx: Callable[..., CheckContext],
    tmp_path: Path,
    elf_dynamic: Path,
    elf_static: Path,
    elf_install: Callable[..., Path],
) -> None:
    docker = elf_install(tmp_path / "out/docker", elf_dynamic)
    elf_install(tmp_path / "out/dockerinit", elf_static)
    outcome = check(SEARCH, elf_ctx(root=tmp_path / "empty-root", artifacts=(docker,)))
    assert outcome.status == "pass"
    assert f"first dockerinit found: {tmp_path / 'out/dockerinit'}" in outcome.observed


def test_no_daemon_installed_is_a_skip(
    elf_ctx: Callable[..., CheckContext], tmp_path: Path
) -> None:
    outcome = check(SEARCH, elf_ctx(root=tmp_path, path="/usr/bin"))
    assert outcome.status == "skip"


def test_bundles_alone_are_not_an_installed_system(
    elf_ctx: Callable[..., CheckContext], elf_bundles: Callable[..., Path], elf_static: Path
) -> None:
    bundles = elf_bundles({"binary/docker-1.3.0": elf_static})
    outcome = check(SEARCH, elf_ctx(bundles=bundles))
    assert outcome.status == "skip"
    assert "artifact-pair" in outcome.observed


def test_clientonly_build_has_no_dockerinit(
    elf_ctx: Callable[..., CheckContext], root: Path
) -> None:
    outcome = check(SEARCH, elf_ctx(root=root, env={"DOCKER_CLIENTONLY": "1"}))
    assert outcome.status == "skip"
