"""artifact-pair on real-shaped make.sh builds: INITSHA1 decides, names only warn."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from dockerbuild import Build, GoTree, copy_build, sha1_hex, strip
from elfkit import ElfKit, assert_hinted

from sphinx_reqcheck.runner.checks.artifact_pair import check
from sphinx_reqcheck.runner.context import CheckContext


def _bundles(tmp_path: Path, build: Build, version_file: bytes | None = b"1.5.0\n") -> Build:
    """A checkout in ``tmp_path`` holding a copy of ``build``'s bundle."""
    if version_file is not None:
        (tmp_path / "VERSION").write_bytes(version_file)
    return copy_build(build, tmp_path / "bundles")


def test_make_sh_bundle_passes_naming_the_files_make_sh_built(
    elf: ElfKit, docker_build: Build
) -> None:
    outcome = check({}, elf.ctx(bundles=docker_build.bundle.parent))
    assert outcome.status == "pass"
    assert f"{docker_build.static_docker} is built static (IAMSTATIC=true)" in outcome.observed
    pair = f"{docker_build.dynamic_docker} + {docker_build.dockerinit}: SHA-1 of "
    assert pair in outcome.observed
    assert f"equals the daemon's INITSHA1 {docker_build.initsha1}" in outcome.observed
    # make.sh's `docker` and `dockerinit` links are not reported in place of the files.
    assert "dynbinary/docker +" not in outcome.observed
    assert "dynbinary/dockerinit:" not in outcome.observed
    assert outcome.observed.count(" + ") == 1


def test_dockerinit_of_another_build_fails_naming_both(
    elf: ElfKit, tmp_path: Path, docker_build: Build, docker_build_other: Build
) -> None:
    build = _bundles(tmp_path, docker_build)
    build.dockerinit.unlink()
    shutil.copy(docker_build_other.dockerinit, build.bundle / "dynbinary/dockerinit-1.4.1")
    outcome = check({}, elf.ctx(bundles=tmp_path / "bundles"))
    assert outcome.status == "fail"
    assert f"the daemon's INITSHA1 is {docker_build.initsha1}: the daemon refuses it" in (
        outcome.observed
    )
    assert "dockerinit-1.4.1 is named 1.4.1, the bundle is 1.5.0" in outcome.observed
    assert_hinted(outcome)


def test_a_renamed_dockerinit_with_the_right_sha1_only_warns(
    elf: ElfKit, tmp_path: Path, docker_build: Build
) -> None:
    """INITSHA1 decides; the name disagreement is reported beside it."""
    given = tmp_path / "given"
    docker = elf.install(given / "docker-1.5.0", docker_build.dynamic_docker)
    init = elf.install(given / "dockerinit-1.4.1", docker_build.dockerinit)
    outcome = check({}, elf.ctx(artifacts=(docker, init)))
    assert outcome.status == "warn"
    assert "equals the daemon's INITSHA1" in outcome.observed
    assert f"file names disagree: {docker} is 1.5.0, {init} is 1.4.1" in outcome.observed
    assert_hinted(outcome)


def test_debian_names_are_judged_on_the_given_files(
    elf: ElfKit, tmp_path: Path, docker_build: Build
) -> None:
    docker = elf.install(tmp_path / "docker.io", docker_build.dynamic_docker)
    init = elf.install(tmp_path / "dockerinit.io", docker_build.dockerinit)
    outcome = check({}, elf.ctx(artifacts=(docker, init)))
    assert outcome.status == "pass"
    assert outcome.observed.startswith(f"{docker} + {init}: SHA-1 of {init} equals")


def test_a_stripped_pair_fails_on_the_sha1(
    elf: ElfKit, tmp_path: Path, docker_build: Build
) -> None:
    """Both stripped: the names agree, but stripping changed dockerinit's SHA-1."""
    docker = strip(docker_build.dynamic_docker, tmp_path / "docker-1.5.0")
    init = strip(docker_build.dockerinit, tmp_path / "dockerinit-1.5.0")
    outcome = check({}, elf.ctx(artifacts=(docker, init)))
    assert outcome.status == "fail"
    assert f"SHA-1 of {init} ({sha1_hex(init)}) is not baked into {docker}" in outcome.observed
    assert "stripping changes its SHA-1" in outcome.observed
    assert_hinted(outcome)


def test_a_stripped_daemon_still_carries_initsha1_as_text(
    elf: ElfKit, tmp_path: Path, docker_build: Build
) -> None:
    docker = strip(docker_build.dynamic_docker, tmp_path / "docker-1.5.0")
    init = elf.install(tmp_path / "dockerinit-1.5.0", docker_build.dockerinit)
    outcome = check({}, elf.ctx(artifacts=(docker, init)))
    assert outcome.status == "pass"
    assert f"({docker_build.initsha1}) is baked into {docker} as INITSHA1" in outcome.observed


def test_a_daemon_built_without_initsha1_accepts_no_dockerinit(
    elf: ElfKit, tmp_path: Path, docker_build: Build, docker_tree: GoTree
) -> None:
    """A plain ``go build`` (not make.sh dynbinary): Docker 1.5 takes no dockerinit."""
    docker = docker_tree.go_build(tmp_path / "docker-1.5.0", "docker", {"VERSION": "1.5.0"}, True)
    init = elf.install(tmp_path / "dockerinit-1.5.0", docker_build.dockerinit)
    outcome = check({}, elf.ctx(artifacts=(docker, init)))
    assert outcome.status == "fail"
    assert "was built without INITSHA1 (not by make.sh dynbinary)" in outcome.observed
    assert "hack/make.sh dynbinary" in outcome.detail
    assert_hinted(outcome)


@pytest.mark.parametrize(
    ("keep", "status", "text"),
    [
        pytest.param("docker", "fail", "it needs the dockerinit of its build", id="daemon_alone"),
        pytest.param("dockerinit", "fail", "has no docker from the same build", id="init_alone"),
    ],
)
def test_half_a_dynbinary_fails(
    elf: ElfKit, tmp_path: Path, docker_build: Build, keep: str, status: str, text: str
) -> None:
    build = _bundles(tmp_path, docker_build)
    shutil.rmtree(build.bundle / "binary")
    for path in (build.bundle / "dynbinary").iterdir():
        if not path.name.startswith(f"{keep}-") and path.name != keep:
            path.unlink()
    outcome = check({}, elf.ctx(bundles=tmp_path / "bundles"))
    assert outcome.status == status
    assert text in outcome.observed
    assert_hinted(outcome)


def test_given_files_pair_up_per_build_directory(elf: ElfKit, docker_build: Build) -> None:
    given = (docker_build.static_docker, docker_build.dynamic_docker, docker_build.dockerinit)
    outcome = check({}, elf.ctx(artifacts=given))
    assert outcome.status == "pass"
    assert outcome.observed.count(" + ") == 1  # the binary daemon is not paired
    assert "binary/docker-1.5.0 is built static (IAMSTATIC=true)" in outcome.observed


@pytest.mark.parametrize(
    ("version_file", "source", "note"),
    [
        pytest.param(None, "newest bundle directory 1.5.0", "", id="no_version_file"),
        pytest.param(
            b"\xff\xfe1.5\n",
            "newest bundle directory 1.5.0",
            "is not UTF-8 text",
            id="version_file_not_utf8",
        ),
        pytest.param(b"\n", "newest bundle directory 1.5.0", "is empty", id="version_file_empty"),
    ],
)
def test_stray_directories_and_bad_version_files_are_passed_over_with_a_note(
    elf: ElfKit,
    tmp_path: Path,
    docker_build: Build,
    version_file: bytes | None,
    source: str,
    note: str,
) -> None:
    _bundles(tmp_path, docker_build, version_file)
    (tmp_path / "bundles/abc").mkdir()
    outcome = check({}, elf.ctx(bundles=tmp_path / "bundles"))
    assert outcome.status == "pass"
    assert f"(version 1.5.0 from {source})" in outcome.observed
    assert f"note: ignored in {tmp_path / 'bundles'}: abc (not bundles/$VERSION" in (
        outcome.observed
    )
    if note:
        assert f"note: VERSION file {tmp_path / 'VERSION'} {note}" in outcome.observed


def test_one_bundles_version_directory_can_be_given(elf: ElfKit, docker_build: Build) -> None:
    outcome = check({}, elf.ctx(bundles=docker_build.bundle))
    assert outcome.status == "pass"
    assert f"from VERSION file {docker_build.bundle.parent.parent / 'VERSION'}" in outcome.observed


@pytest.mark.parametrize(
    ("make", "words"),
    [
        pytest.param(lambda tmp: tmp / "bundles", "does not exist", id="missing"),
        pytest.param(lambda tmp: tmp, "holds no bundles/$VERSION directory", id="empty"),
    ],
)
def test_bundles_that_cannot_serve_are_an_error_in_words(
    elf: ElfKit, tmp_path: Path, make: object, words: str
) -> None:
    assert callable(make)
    outcome = check({}, elf.ctx(bundles=make(tmp_path)))
    assert outcome.status == "error"
    assert words in outcome.observed
    assert_hinted(outcome)


def test_installed_pair_is_the_dockerinit_docker_would_take(stale_init_ctx: CheckContext) -> None:
    """A stale dockerinit next to the daemon is passed over, as Docker passes it over."""
    outcome = check({}, stale_init_ctx)
    assert outcome.status == "pass"
    assert outcome.observed.startswith("/usr/bin/docker + /usr/libexec/docker/dockerinit: ")


def test_nothing_given_nothing_installed_is_a_skip(elf: ElfKit, tmp_path: Path) -> None:
    outcome = check({}, elf.ctx(root=tmp_path, path="/usr/bin"))
    assert outcome.status == "skip"
    assert "pass --artifact or --bundles" in outcome.observed


@pytest.mark.parametrize(
    ("where", "status"),
    [
        pytest.param("binary/docker-1.5.0", "pass", id="binary_bundle"),
        pytest.param("docker", "manual", id="loose"),
    ],
)
def test_a_stripped_static_daemon_alone(
    elf: ElfKit, tmp_path: Path, docker_build: Build, where: str, status: str
) -> None:
    daemon = strip(docker_build.static_docker, tmp_path / where)
    outcome = check({}, elf.ctx(artifacts=(daemon,)))
    assert outcome.status == status
    assert f"{daemon} is static and stripped: IAMSTATIC cannot be read" in outcome.observed
