"""artifact-pair: docker and dockerinit of one build, from bundles, files or an install."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from sphinx_reqcheck.runner.checks.artifact_pair import check
from sphinx_reqcheck.runner.context import CheckContext


def test_dynbinary_pair_of_one_version_passes(
    elf_ctx: Callable[..., CheckContext],
    elf_dynamic: Path,
    elf_static: Path,
    elf_bundles: Callable[..., Path],
) -> None:
    bundles = elf_bundles(
        {"dynbinary/docker-1.3.0": elf_dynamic, "dynbinary/dockerinit-1.3.0": elf_static}
    )
    outcome = check({}, elf_ctx(bundles=bundles))
    assert outcome.status == "pass"
    assert f"version 1.3.0 from VERSION file {bundles.parent / 'VERSION'}" in outcome.observed
    assert "same file-name version 1.3.0" in outcome.observed


def test_mixed_versions_fail_naming_both(
    elf_ctx: Callable[..., CheckContext],
    elf_dynamic: Path,
    elf_static: Path,
    elf_bundles: Callable[..., Path],
) -> None:
    bundles = elf_bundles(
        {"dynbinary/docker-1.3.0": elf_dynamic, "dynbinary/dockerinit-1.2.0": elf_static}
    )
    outcome = check({}, elf_ctx(bundles=bundles))
    assert outcome.status == "fail"
    assert "docker-1.3.0 is 1.3.0 but " in outcome.observed
    assert "dockerinit-1.2.0 is 1.2.0" in outcome.observed
    assert "dockerinit-1.2.0 is 1.2.0, not 1.3.0" in outcome.observed


def test_binaries_not_of_the_version_file_fail(
    elf_ctx: Callable[..., CheckContext],
    elf_dynamic: Path,
    elf_static: Path,
    elf_bundles: Callable[..., Path],
) -> None:
    # VERSION says 1.3.1, but the bundle directory holds 1.3.0 binaries.
    bundles = elf_bundles(
        {"dynbinary/docker-1.3.0": elf_dynamic, "dynbinary/dockerinit-1.3.0": elf_static},
        version="1.3.1",
    )
    outcome = check({}, elf_ctx(bundles=bundles))
    assert outcome.status == "fail"
    assert "docker-1.3.0 is 1.3.0, not 1.3.1" in outcome.observed


def test_static_daemon_alone_is_its_own_dockerinit(
    elf_ctx: Callable[..., CheckContext], elf_static: Path, elf_bundles: Callable[..., Path]
) -> None:
    bundles = elf_bundles({"binary/docker-1.3.0": elf_static})
    outcome = check({}, elf_ctx(bundles=bundles))
    assert outcome.status == "pass"
    assert "docker-1.3.0 is static: it is its own dockerinit" in outcome.observed


def test_dynamic_daemon_without_dockerinit_fails(
    elf_ctx: Callable[..., CheckContext], elf_dynamic: Path, elf_bundles: Callable[..., Path]
) -> None:
    bundles = elf_bundles({"dynbinary/docker-1.3.0": elf_dynamic})
    outcome = check({}, elf_ctx(bundles=bundles))
    assert outcome.status == "fail"
    assert "is dynamic and needs a dockerinit from its build" in outcome.observed


def test_dockerinit_without_daemon_fails(
    elf_ctx: Callable[..., CheckContext], elf_static: Path, elf_bundles: Callable[..., Path]
) -> None:
    bundles = elf_bundles({"dynbinary/dockerinit-1.3.0": elf_static})
    outcome = check({}, elf_ctx(bundles=bundles))
    assert outcome.status == "fail"
    assert "has no docker from the same build" in outcome.observed


def test_each_build_is_paired_separately(
    elf_ctx: Callable[..., CheckContext],
    elf_dynamic: Path,
    elf_static: Path,
    elf_bundles: Callable[..., Path],
) -> None:
    bundles = elf_bundles(
        {
            "binary/docker-1.3.0": elf_static,
            "dynbinary/docker-1.3.0": elf_dynamic,
            "dynbinary/dockerinit-1.3.0": elf_static,
        }
    )
    outcome = check({}, elf_ctx(bundles=bundles))
    assert outcome.status == "pass"
    assert "binary/docker-1.3.0 is static" in outcome.observed
    assert "dynbinary/dockerinit-1.3.0: same file-name version" in outcome.observed


def test_version_dir_without_version_file_uses_its_name(
    elf_ctx: Callable[..., CheckContext],
    elf_dynamic: Path,
    elf_static: Path,
    elf_bundles: Callable[..., Path],
) -> None:
    bundles = elf_bundles(
        {"dynbinary/docker-1.4.0": elf_dynamic, "dynbinary/dockerinit-1.4.0": elf_static},
        version=None,
        bundle_dir="1.4.0",
    )
    outcome = check({}, elf_ctx(bundles=bundles / "1.4.0"))
    assert outcome.status == "pass"
    assert "version 1.4.0 from bundle directory name 1.4.0" in outcome.observed


def test_newest_bundle_is_taken_without_version_file(
    elf_ctx: Callable[..., CheckContext],
    elf_static: Path,
    elf_bundles: Callable[..., Path],
) -> None:
    elf_bundles({"binary/docker-1.2.0": elf_static}, version=None, bundle_dir="1.2.0")
    bundles = elf_bundles({"binary/docker-1.10.0": elf_static}, version=None, bundle_dir="1.10.0")
    outcome = check({}, elf_ctx(bundles=bundles))
    assert "version 1.10.0 from newest bundle directory 1.10.0" in outcome.observed


def test_checksums_and_links_next_to_binaries_are_not_binaries(
    elf_ctx: Callable[..., CheckContext], elf_static: Path, elf_bundles: Callable[..., Path]
) -> None:
    bundles = elf_bundles({"binary/docker-1.3.0": elf_static})
    build = bundles / "1.3.0" / "binary"
    (build / "docker-1.3.0.md5").write_text("0  docker-1.3.0\n")
    (build / "docker-1.3.0.sha256").write_text("0  docker-1.3.0\n")
    os.symlink("docker-1.3.0", build / "docker")
    outcome = check({}, elf_ctx(bundles=bundles))
    assert outcome.status == "pass"
    assert outcome.observed.count("is static") == 1


def test_bundles_dir_that_does_not_exist_is_an_error(
    elf_ctx: Callable[..., CheckContext], tmp_path: Path
) -> None:
    outcome = check({}, elf_ctx(bundles=tmp_path / "bundles"))
    assert outcome.status == "error"
    assert outcome.observed == f"--bundles {tmp_path / 'bundles'}: not a directory"


def _go_pair(
    build: Callable[..., Path], init_commit: str = "c78088f", initsha1: str | None = None
) -> tuple[Path, Path]:
    init = build("dockerinit", VERSION="1.3.0", GITCOMMIT=init_commit, IAMSTATIC="false")
    sha1 = initsha1 or hashlib.sha1(init.read_bytes()).hexdigest()
    docker = build("docker", VERSION="1.3.0", GITCOMMIT="c78088f", INITSHA1=sha1, IAMSTATIC="false")
    return docker, init


def test_baked_in_versions_and_initsha1_prove_the_pair(
    elf_ctx: Callable[..., CheckContext], elf_go_build: Callable[..., Path]
) -> None:
    docker, init = _go_pair(elf_go_build)
    outcome = check({}, elf_ctx(artifacts=(docker, init)))
    assert outcome.status == "pass"
    assert "same baked-in VERSION 1.3.0, baked-in GITCOMMIT c78088f, INITSHA1" in (outcome.observed)


def test_different_git_commits_fail(
    elf_ctx: Callable[..., CheckContext], elf_go_build: Callable[..., Path]
) -> None:
    docker, init = _go_pair(elf_go_build, init_commit="0000001")
    outcome = check({}, elf_ctx(artifacts=(docker, init)))
    assert outcome.status == "fail"
    assert f"{docker} has GITCOMMIT c78088f but {init} has 0000001" in outcome.observed


def test_dockerinit_the_daemon_was_not_built_with_fails(
    elf_ctx: Callable[..., CheckContext], elf_go_build: Callable[..., Path]
) -> None:
    docker, init = _go_pair(elf_go_build, initsha1="0" * 40)
    outcome = check({}, elf_ctx(artifacts=(docker, init)))
    assert outcome.status == "fail"
    assert f"expects INITSHA1 {'0' * 40} but {init} has SHA-1" in outcome.observed
    assert "the daemon would refuse it" in outcome.observed


def test_installed_pair_without_version_data_needs_a_person(
    elf_ctx: Callable[..., CheckContext],
    elf_dynamic: Path,
    elf_static: Path,
    elf_install: Callable[..., Path],
    tmp_path: Path,
) -> None:
    elf_install(tmp_path / "usr/bin/docker", elf_dynamic)
    elf_install(tmp_path / "usr/lib/docker/dockerinit", elf_static)
    outcome = check({}, elf_ctx(root=tmp_path, path="/usr/bin"))
    assert outcome.status == "manual"
    assert "/usr/bin/docker + /usr/lib/docker/dockerinit: versions could not be determined" in (
        outcome.observed
    )
    assert "confirm by hand" in outcome.detail


def test_installed_go_pair_is_compared_by_baked_in_strings(
    elf_ctx: Callable[..., CheckContext],
    elf_go_build: Callable[..., Path],
    elf_install: Callable[..., Path],
    tmp_path: Path,
) -> None:
    docker, init = _go_pair(elf_go_build)
    elf_install(tmp_path / "usr/bin/docker", docker)
    elf_install(tmp_path / "usr/libexec/docker/dockerinit", init)
    outcome = check({}, elf_ctx(root=tmp_path, path="/usr/bin"))
    assert outcome.status == "pass"
    assert outcome.observed.startswith("/usr/bin/docker + /usr/libexec/docker/dockerinit: same")


def test_nothing_given_nothing_installed_is_a_skip(
    elf_ctx: Callable[..., CheckContext], tmp_path: Path
) -> None:
    outcome = check({}, elf_ctx(root=tmp_path))
    assert outcome.status == "skip"
    assert "pass --artifact or --bundles" in outcome.observed


def test_given_files_pair_up_per_build_directory(
    elf_ctx: Callable[..., CheckContext],
    elf_dynamic: Path,
    elf_static: Path,
    elf_bundles: Callable[..., Path],
) -> None:
    bundles = elf_bundles(
        {
            "binary/docker-1.3.0": elf_static,
            "dynbinary/docker-1.3.0": elf_dynamic,
            "dynbinary/dockerinit-1.3.0": elf_static,
        }
    )
    given = sorted((bundles / "1.3.0").glob("*/*"))
    outcome = check({}, elf_ctx(artifacts=tuple(given)))
    assert outcome.status == "pass"
    assert outcome.observed.count(" + ") == 1  # the binary daemon is not paired
    assert "binary/docker-1.3.0 is static: it is its own dockerinit" in outcome.observed
