"""artifact-pair: docker and dockerinit of one build, from bundles, files or an install."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from elfkit import ElfKit

from sphinx_reqcheck.runner.checks.artifact_pair import check

# Bundle trees that differ only in what they hold and what the check says of them:
# (files, bundle options, status, texts the observation must contain).
BUNDLE_CASES = [
    pytest.param(
        {"dynbinary/docker-1.3.0": "dynamic", "dynbinary/dockerinit-1.2.0": "static"},
        {},
        "fail",
        [
            "docker-1.3.0 is 1.3.0 but ",
            "dockerinit-1.2.0 is 1.2.0",
            "dockerinit-1.2.0 is 1.2.0, not 1.3.0",
        ],
        id="mixed_versions_fail_naming_both",
    ),
    pytest.param(
        # VERSION says 1.3.1, but the bundle directory holds 1.3.0 binaries.
        {"dynbinary/docker-1.3.0": "dynamic", "dynbinary/dockerinit-1.3.0": "static"},
        {"version": "1.3.1"},
        "fail",
        ["docker-1.3.0 is 1.3.0, not 1.3.1"],
        id="binaries_not_of_the_version_file_fail",
    ),
    pytest.param(
        {"binary/docker-1.3.0": "static"},
        {},
        "pass",
        ["docker-1.3.0 is static: it is its own dockerinit"],
        id="static_daemon_alone_is_its_own_dockerinit",
    ),
    pytest.param(
        {"dynbinary/docker-1.3.0": "dynamic"},
        {},
        "fail",
        ["is dynamic and needs a dockerinit from its build"],
        id="dynamic_daemon_without_dockerinit_fails",
    ),
    pytest.param(
        {"dynbinary/dockerinit-1.3.0": "static"},
        {},
        "fail",
        ["has no docker from the same build"],
        id="dockerinit_without_daemon_fails",
    ),
    pytest.param(
        {
            "binary/docker-1.3.0": "static",
            "dynbinary/docker-1.3.0": "dynamic",
            "dynbinary/dockerinit-1.3.0": "static",
        },
        {},
        "pass",
        ["binary/docker-1.3.0 is static", "dynbinary/dockerinit-1.3.0: same file-name version"],
        id="each_build_is_paired_separately",
    ),
]


@pytest.mark.parametrize(("files", "options", "status", "expected"), BUNDLE_CASES)
def test_bundle_pairs(
    elf: ElfKit,
    files: dict[str, str],
    options: dict[str, Any],
    status: str,
    expected: list[str],
) -> None:
    outcome = check({}, elf.bundle_ctx(files, **options))
    assert outcome.status == status
    for text in expected:
        assert text in outcome.observed


def test_dynbinary_pair_of_one_version_passes(elf: ElfKit) -> None:
    bundles = elf.bundles(
        {"dynbinary/docker-1.3.0": "dynamic", "dynbinary/dockerinit-1.3.0": "static"}
    )
    outcome = check({}, elf.ctx(bundles=bundles))
    assert outcome.status == "pass"
    assert f"version 1.3.0 from VERSION file {bundles.parent / 'VERSION'}" in outcome.observed
    assert "same file-name version 1.3.0" in outcome.observed


def test_version_dir_without_version_file_uses_its_name(elf: ElfKit) -> None:
    bundles = elf.bundles(
        {"dynbinary/docker-1.4.0": "dynamic", "dynbinary/dockerinit-1.4.0": "static"},
        version=None,
        bundle_dir="1.4.0",
    )
    outcome = check({}, elf.ctx(bundles=bundles / "1.4.0"))
    assert outcome.status == "pass"
    assert "version 1.4.0 from bundle directory name 1.4.0" in outcome.observed


def test_newest_bundle_is_taken_without_version_file(elf: ElfKit) -> None:
    elf.bundles({"binary/docker-1.2.0": "static"}, version=None, bundle_dir="1.2.0")
    bundles = elf.bundles({"binary/docker-1.10.0": "static"}, version=None, bundle_dir="1.10.0")
    outcome = check({}, elf.ctx(bundles=bundles))
    assert "version 1.10.0 from newest bundle directory 1.10.0" in outcome.observed


def test_checksums_and_links_next_to_binaries_are_not_binaries(elf: ElfKit) -> None:
    bundles = elf.bundles({"binary/docker-1.3.0": "static"})
    build = bundles / "1.3.0" / "binary"
    (build / "docker-1.3.0.md5").write_text("0  docker-1.3.0\n")
    (build / "docker-1.3.0.sha256").write_text("0  docker-1.3.0\n")
    os.symlink("docker-1.3.0", build / "docker")
    outcome = check({}, elf.ctx(bundles=bundles))
    assert outcome.status == "pass"
    assert outcome.observed.count("is static") == 1


def test_bundles_dir_that_does_not_exist_is_an_error(elf: ElfKit, tmp_path: Path) -> None:
    outcome = check({}, elf.ctx(bundles=tmp_path / "bundles"))
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
    elf: ElfKit, elf_go_build: Callable[..., Path]
) -> None:
    docker, init = _go_pair(elf_go_build)
    outcome = check({}, elf.ctx(artifacts=(docker, init)))
    assert outcome.status == "pass"
    assert "same baked-in VERSION 1.3.0, baked-in GITCOMMIT c78088f, INITSHA1" in (outcome.observed)


def test_different_git_commits_fail(elf: ElfKit, elf_go_build: Callable[..., Path]) -> None:
    docker, init = _go_pair(elf_go_build, init_commit="0000001")
    outcome = check({}, elf.ctx(artifacts=(docker, init)))
    assert outcome.status == "fail"
    assert f"{docker} has GITCOMMIT c78088f but {init} has 0000001" in outcome.observed


def test_dockerinit_the_daemon_was_not_built_with_fails(
    elf: ElfKit, elf_go_build: Callable[..., Path]
) -> None:
    docker, init = _go_pair(elf_go_build, initsha1="0" * 40)
    outcome = check({}, elf.ctx(artifacts=(docker, init)))
    assert outcome.status == "fail"
    assert f"expects INITSHA1 {'0' * 40} but {init} has SHA-1" in outcome.observed
    assert "the daemon would refuse it" in outcome.observed


def test_installed_pair_without_version_data_needs_a_person(elf: ElfKit) -> None:
    ctx = elf.installed_ctx({"/usr/bin/docker": "dynamic", "/usr/lib/docker/dockerinit": "static"})
    outcome = check({}, ctx)
    assert outcome.status == "manual"
    assert "/usr/bin/docker + /usr/lib/docker/dockerinit: versions could not be determined" in (
        outcome.observed
    )
    assert "confirm by hand" in outcome.detail


def test_installed_go_pair_is_compared_by_baked_in_strings(
    elf: ElfKit, elf_go_build: Callable[..., Path]
) -> None:
    docker, init = _go_pair(elf_go_build)
    ctx = elf.installed_ctx({"/usr/bin/docker": docker, "/usr/libexec/docker/dockerinit": init})
    outcome = check({}, ctx)
    assert outcome.status == "pass"
    assert outcome.observed.startswith("/usr/bin/docker + /usr/libexec/docker/dockerinit: same")


def test_nothing_given_nothing_installed_is_a_skip(elf: ElfKit, tmp_path: Path) -> None:
    outcome = check({}, elf.ctx(root=tmp_path))
    assert outcome.status == "skip"
    assert "pass --artifact or --bundles" in outcome.observed


def test_given_files_pair_up_per_build_directory(elf: ElfKit) -> None:
    bundles = elf.bundles(
        {
            "binary/docker-1.3.0": "static",
            "dynbinary/docker-1.3.0": "dynamic",
            "dynbinary/dockerinit-1.3.0": "static",
        }
    )
    given = sorted((bundles / "1.3.0").glob("*/*"))
    outcome = check({}, elf.ctx(artifacts=tuple(given)))
    assert outcome.status == "pass"
    assert outcome.observed.count(" + ") == 1  # the binary daemon is not paired
    assert "binary/docker-1.3.0 is static: it is its own dockerinit" in outcome.observed
