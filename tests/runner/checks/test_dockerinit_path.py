"""dockerinit-path on real-shaped builds: Docker 1.5's first valid dockerinit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dockerbuild import Build, GoTree, sha1_hex, strip
from elfkit import ElfKit, assert_hinted
from handbook_params import INIT_SEARCH

from sphinx_reqcheck.runner.checks.dockerinit_path import check
from sphinx_reqcheck.runner.context import CheckContext, Outcome

SEARCH = {"search": INIT_SEARCH}


def _run(ctx: CheckContext, **params: Any) -> Outcome:
    return check({**SEARCH, **params}, ctx)


def test_static_daemon_runs_itself(elf: ElfKit, docker_build: Build) -> None:
    outcome = _run(elf.installed_ctx({"/usr/bin/docker": docker_build.static_docker}))
    assert outcome.status == "pass"
    assert "built static (IAMSTATIC=true)" in outcome.observed
    assert "the search path is not used" in outcome.observed


def test_dockerinit_next_to_the_daemon_is_taken(elf: ElfKit, docker_build: Build) -> None:
    ctx = elf.installed_ctx(
        {
            "/usr/bin/docker": docker_build.dynamic_docker,
            "/usr/bin/dockerinit": docker_build.dockerinit,
        }
    )
    outcome = _run(ctx)
    assert outcome.status == "pass"
    assert "daemon /usr/bin/docker (root " in outcome.observed
    assert "; no INITPATH baked in)" in outcome.observed
    assert "takes /usr/bin/dockerinit: static" in outcome.observed


def test_a_stale_dockerinit_is_passed_over_for_the_first_valid_one(
    stale_init_ctx: CheckContext, docker_build_other: Build
) -> None:
    outcome = _run(stale_init_ctx)
    assert outcome.status == "pass"
    stale = sha1_hex(docker_build_other.dockerinit)
    assert f"  /usr/bin/dockerinit: SHA-1 of /usr/bin/dockerinit is {stale}" in outcome.observed
    assert "takes /usr/libexec/docker/dockerinit: static" in outcome.observed


def test_the_baked_initpath_is_searched_first_without_the_environment(
    elf: ElfKit, docker_build_initpath: Build
) -> None:
    build = docker_build_initpath
    ctx = elf.installed_ctx(
        {
            "/usr/bin/docker": build.dynamic_docker,
            "/usr/lib/docker.io/dockerinit": build.dockerinit,
        },
        env={"DOCKER_INITPATH": "/somewhere/else"},
    )
    outcome = _run(ctx)
    assert outcome.status == "pass"
    assert "baked INITPATH '/usr/lib/docker.io/dockerinit'" in outcome.observed
    assert "DOCKER_INITPATH=/somewhere/else in this environment is not used" in outcome.observed
    steps = outcome.observed.split("searched, in order:\n")[1]
    assert steps.startswith("  /usr/lib/docker.io/dockerinit: SHA-1 of")


def test_the_environment_stands_in_for_a_stripped_daemon(
    elf: ElfKit, tmp_path: Path, docker_build_initpath: Build
) -> None:
    build = docker_build_initpath
    daemon = strip(build.dynamic_docker, tmp_path / "stripped")
    ctx = elf.installed_ctx(
        {"/usr/bin/docker": daemon, "/opt/init/dockerinit": build.dockerinit},
        env={"DOCKER_INITPATH": "/opt/init/dockerinit"},
    )
    outcome = _run(ctx)
    assert outcome.status == "pass"
    assert "DOCKER_INITPATH=/opt/init/dockerinit from the environment" in outcome.observed
    assert "is baked into /usr/bin/docker as INITSHA1" in outcome.observed


def test_a_non_executable_initpath_target_is_called_so(
    elf: ElfKit, docker_build_initpath: Build
) -> None:
    build = docker_build_initpath
    ctx = elf.installed_ctx({"/usr/bin/docker": build.dynamic_docker})
    elf.install(ctx.host.root / "usr/lib/docker.io/dockerinit", build.dockerinit, mode=0o644)
    outcome = _run(ctx)
    assert outcome.status == "fail"
    assert "/usr/lib/docker.io/dockerinit: is not executable (no execute bit)" in outcome.observed
    assert "install -m 755" in outcome.detail
    assert_hinted(outcome)


def test_none_valid_fails_listing_every_place_in_order(elf: ElfKit, docker_build: Build) -> None:
    outcome = _run(elf.installed_ctx({"/usr/bin/docker": docker_build.dynamic_docker}))
    assert outcome.status == "fail"
    assert outcome.observed.splitlines()[1:] == [
        "searched, in order:",
        "  /usr/bin/dockerinit: does not exist",
        "  /usr/libexec/docker/dockerinit: does not exist",
        "  /usr/local/libexec/docker/dockerinit: does not exist",
        "  /usr/lib/docker/dockerinit: does not exist",
        "  /usr/local/lib/docker/dockerinit: does not exist",
        "no valid dockerinit found: Docker 1.5 would not start containers",
    ]
    assert "DOCKER_INITPATH" in outcome.detail
    assert_hinted(outcome)


def test_a_valid_but_dynamic_dockerinit_fails(
    elf: ElfKit, tmp_path: Path, docker_tree: GoTree, elf_dynamic: Path
) -> None:
    """The daemon would take it (its SHA-1 is baked in), but the guide wants it static."""
    xvars = {"VERSION": "1.5.0", "INITSHA1": sha1_hex(elf_dynamic)}
    daemon = docker_tree.go_build(tmp_path / "built/docker", "docker", xvars, True)
    ctx = elf.installed_ctx({"/usr/bin/docker": daemon, "/usr/bin/dockerinit": "dynamic"})
    outcome = _run(ctx)
    assert outcome.status == "fail"
    assert "takes /usr/bin/dockerinit: dynamic (interpreter" in outcome.observed
    assert outcome.detail.startswith("dockerinit must be static")
    assert_hinted(outcome)


def test_a_broken_dockerinit_is_refused(
    elf: ElfKit, docker_build: Build, elf_broken: dict[str, Path]
) -> None:
    ctx = elf.installed_ctx(
        {
            "/usr/bin/docker": docker_build.dynamic_docker,
            "/usr/bin/dockerinit": elf_broken["truncated"],
        }
    )
    outcome = _run(ctx)
    assert outcome.status == "fail"
    assert "  /usr/bin/dockerinit: SHA-1 of /usr/bin/dockerinit is " in outcome.observed


def test_an_unreadable_daemon_gets_a_verdict(elf: ElfKit, elf_broken: dict[str, Path]) -> None:
    outcome = _run(elf.installed_ctx({"/usr/bin/docker": elf_broken["script"]}))
    assert outcome.status == "fail"
    assert "daemon /usr/bin/docker: /usr/bin/docker is not an ELF binary" in outcome.observed


def test_directory_entries_get_dockerinit_appended(elf: ElfKit, docker_build: Build) -> None:
    ctx = elf.installed_ctx(
        {
            "/usr/bin/docker": docker_build.dynamic_docker,
            "/usr/lib/docker/dockerinit": docker_build.dockerinit,
        }
    )
    outcome = _run(ctx, search=["/usr/lib/docker/"])
    assert outcome.status == "pass"
    assert "takes /usr/lib/docker/dockerinit" in outcome.observed


def test_the_daemon_directory_is_where_it_was_started_not_its_link_target(
    elf: ElfKit, tmp_path: Path, docker_build: Build
) -> None:
    """Docker's SelfPath does not resolve links: /usr/bin/docker -> /usr/lib/docker.io/docker
    looks in /usr/bin."""
    root = elf.root(
        {
            "/usr/lib/docker.io/docker": docker_build.dynamic_docker,
            "/usr/bin/dockerinit": docker_build.dockerinit,
        }
    )
    (root / "usr/bin/docker").symlink_to("/usr/lib/docker.io/docker")
    outcome = _run(elf.ctx(root=root, path="/usr/bin"))
    assert outcome.status == "pass"
    assert "takes /usr/bin/dockerinit" in outcome.observed


def test_given_files_are_judged_never_the_machines_docker(
    elf: ElfKit, tmp_path: Path, docker_build: Build
) -> None:
    """Debian's names given with --artifact; a valid pair installed on the PATH is ignored."""
    installed = elf.root({"/usr/bin/docker": docker_build.static_docker}, tmp_path / "machine")
    docker = elf.install(tmp_path / "pkg/docker.io", docker_build.dynamic_docker)
    init = elf.install(tmp_path / "pkg/dockerinit.io", docker_build.dockerinit)
    ctx = elf.ctx(path=str(installed / "usr/bin"), artifacts=(docker, init))
    outcome = _run(ctx)
    assert outcome.status == "manual"
    assert outcome.observed.startswith(f"daemon {docker} (no root known;")
    assert f"note: the given {init} is not the dockerinit this daemon takes" in outcome.observed
    assert "pass --root DIR" in outcome.detail


def test_a_staged_tree_is_searched_inside_the_stage(
    elf: ElfKit, tmp_path: Path, docker_build: Build
) -> None:
    stage = tmp_path / "stage"
    docker = elf.install(stage / "usr/bin/docker", docker_build.dynamic_docker)
    init = elf.install(stage / "usr/libexec/docker/dockerinit", docker_build.dockerinit)
    outcome = _run(elf.ctx(artifacts=(docker, init)))
    assert outcome.status == "pass"
    assert f"daemon {docker} (root {stage}, inferred from the layout (/usr/bin)" in (
        outcome.observed
    )
    assert "takes /usr/libexec/docker/dockerinit: static" in outcome.observed
    assert "note:" not in outcome.observed


def test_given_daemon_finds_the_dockerinit_beside_it(
    elf: ElfKit, tmp_path: Path, docker_build: Build
) -> None:
    docker = elf.install(tmp_path / "out/docker", docker_build.dynamic_docker)
    elf.install(tmp_path / "out/dockerinit", docker_build.dockerinit)
    outcome = _run(elf.ctx(artifacts=(docker,)))
    assert outcome.status == "pass"
    assert f"takes {tmp_path / 'out/dockerinit'}" in outcome.observed


@pytest.mark.parametrize(
    ("settings", "text"),
    [
        pytest.param({"bundles": Path("/nonexistent")}, "artifact-pair", id="bundles_alone"),
        pytest.param({"env": {"DOCKER_CLIENTONLY": "1"}}, "DOCKER_CLIENTONLY", id="clientonly"),
    ],
)
def test_skips(elf: ElfKit, settings: dict[str, Any], text: str) -> None:
    outcome = _run(elf.ctx(**settings))
    assert outcome.status == "skip"
    assert text in outcome.observed


def test_a_daemon_without_dockerversion_is_not_docker_1(elf: ElfKit) -> None:
    """Later Dockers (1.11+) carry no dockerversion package and have no dockerinit."""
    outcome = _run(elf.installed_ctx({"/usr/bin/docker": "static"}))
    assert outcome.status == "skip"
    assert "no dockerversion variables: not a Docker 1.x daemon" in outcome.observed


def test_root_given_with_the_daemon_file_searches_inside_it(
    elf: ElfKit, tmp_path: Path, docker_build: Build
) -> None:
    stage = tmp_path / "stage"
    docker = elf.install(stage / "opt/docker/docker", docker_build.dynamic_docker)
    elf.install(stage / "usr/lib/docker/dockerinit", docker_build.dockerinit)
    outside = elf.install(tmp_path / "out/docker", docker_build.dynamic_docker)
    elf.install(tmp_path / "out/dockerinit", docker_build.dockerinit)
    outcome = _run(elf.ctx(root=stage, artifacts=(docker,)))
    assert outcome.status == "pass"
    assert "  /opt/docker/dockerinit: does not exist" in outcome.observed
    assert "takes /usr/lib/docker/dockerinit" in outcome.observed
    # A daemon outside the root: its own directory is where it is, the rest in the root.
    outcome = _run(elf.ctx(root=stage, artifacts=(outside,)))
    assert outcome.status == "pass"
    assert f"takes {tmp_path / 'out/dockerinit'}" in outcome.observed


def test_a_stripped_static_daemon_needs_a_person(
    elf: ElfKit, tmp_path: Path, docker_build: Build
) -> None:
    """make.sh binary's daemon runs itself, but a stripped one no longer says so."""
    daemon = strip(docker_build.static_docker, tmp_path / "stripped")
    outcome = _run(elf.installed_ctx({"/usr/bin/docker": daemon}))
    assert outcome.status == "manual"
    assert "IAMSTATIC=true cannot be read" in outcome.observed
    assert "hack/make.sh binary" in outcome.detail
