"""elf-static: dockerinit always static; a dynamic daemon only from dynbinary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx_reqcheck.runner.checks.elf_static import check
from sphinx_reqcheck.runner.context import CheckContext

STATIC_DAEMON = {"binary": "docker", "unless_build": "dynbinary"}


def test_static_binary_passes(
    elf_ctx: Callable[..., CheckContext], elf_static: Path, elf_bundles: Callable[..., Path]
) -> None:
    bundles = elf_bundles({"binary/docker-1.3.0": elf_static})
    outcome = check(STATIC_DAEMON, elf_ctx(bundles=bundles))
    assert outcome.status == "pass"
    assert "static (no interpreter, no needed libraries)" in outcome.observed


def test_dynamic_daemon_in_the_binary_bundle_fails(
    elf_ctx: Callable[..., CheckContext], elf_dynamic: Path, elf_bundles: Callable[..., Path]
) -> None:
    bundles = elf_bundles({"binary/docker-1.3.0": elf_dynamic})
    outcome = check(STATIC_DAEMON, elf_ctx(bundles=bundles))
    assert outcome.status == "fail"
    assert "interpreter /lib64/ld-linux-x86-64.so.2" in outcome.observed
    assert "needs libc.so.6" in outcome.observed
    assert "built as binary (from bundle directory binary/), which must be static" in (
        outcome.observed
    )
    assert "PT_INTERP" in outcome.detail


def test_dynamic_daemon_from_dynbinary_is_acceptable(
    elf_ctx: Callable[..., CheckContext],
    elf_dynamic: Path,
    elf_static: Path,
    elf_bundles: Callable[..., Path],
) -> None:
    bundles = elf_bundles(
        {"dynbinary/docker-1.3.0": elf_dynamic, "dynbinary/dockerinit-1.3.0": elf_static}
    )
    outcome = check(STATIC_DAEMON, elf_ctx(bundles=bundles))
    assert outcome.status == "pass"
    assert "acceptable in a dynbinary build (from bundle directory dynbinary/)" in (
        outcome.observed
    )


def test_dynamic_daemon_fails_without_unless_build(
    elf_ctx: Callable[..., CheckContext], elf_dynamic: Path, elf_bundles: Callable[..., Path]
) -> None:
    bundles = elf_bundles({"dynbinary/docker-1.3.0": elf_dynamic})
    outcome = check({"binary": "docker"}, elf_ctx(bundles=bundles))
    assert outcome.status == "fail"
    assert "docker must be static" in outcome.observed


def test_dynamic_dockerinit_fails_even_in_dynbinary(
    elf_ctx: Callable[..., CheckContext], elf_dynamic: Path, elf_bundles: Callable[..., Path]
) -> None:
    bundles = elf_bundles({"dynbinary/dockerinit-1.3.0": elf_dynamic})
    outcome = check({"binary": "dockerinit", "unless_build": "dynbinary"}, elf_ctx(bundles=bundles))
    assert outcome.status == "fail"
    assert "dockerinit must be static" in outcome.observed


def test_dynamic_daemon_of_unknown_provenance_is_accepted_with_a_note(
    elf_ctx: Callable[..., CheckContext], elf_dynamic: Path, tmp_path: Path
) -> None:
    docker = tmp_path / "docker"
    docker.write_bytes(elf_dynamic.read_bytes())
    outcome = check(STATIC_DAEMON, elf_ctx(artifacts=(docker,)))
    assert outcome.status == "pass"
    assert "provenance unknown" in outcome.observed


def test_iamstatic_true_says_the_binary_bundle(
    elf_ctx: Callable[..., CheckContext], elf_go_build: Callable[..., Path]
) -> None:
    # A Go binary built with IAMSTATIC=true is static, as make.sh's binary bundle is.
    docker = elf_go_build("docker", VERSION="1.3.0", IAMSTATIC="true")
    outcome = check(STATIC_DAEMON, elf_ctx(artifacts=(docker,)))
    assert outcome.status == "pass"
    assert outcome.observed == f"{docker}: static (no interpreter, no needed libraries)"


def test_missing_binary_of_that_kind_is_a_skip(
    elf_ctx: Callable[..., CheckContext], elf_static: Path, elf_bundles: Callable[..., Path]
) -> None:
    bundles = elf_bundles({"binary/docker-1.3.0": elf_static})
    outcome = check({"binary": "dockerinit"}, elf_ctx(bundles=bundles))
    assert outcome.status == "skip"
    assert outcome.observed.startswith("no dockerinit binary in bundle ")
