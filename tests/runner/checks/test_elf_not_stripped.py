"""elf-not-stripped on real binaries built by the session fixtures."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from dockerbuild import Build, strip
from elfkit import Binary, ElfKit

from sphinx_reqcheck.runner.artifacts import UNUSABLE_HINT
from sphinx_reqcheck.runner.checks.elf_not_stripped import check
from sphinx_reqcheck.runner.context import Outcome

DOCKER = {"binary": "docker"}


def _check_copy(
    elf: ElfKit, source: Binary, name: str = "docker", params: Mapping[str, Any] = DOCKER
) -> tuple[Path, Outcome]:
    """Check a copy of ``source`` named ``name``, given with --artifact."""
    copy = elf.install(elf.tmp_path / name, source, mode=0o644)
    return copy, check(params, elf.ctx(artifacts=(copy,)))


def test_unstripped_c_binary_passes_and_counts_symbols(elf: ElfKit) -> None:
    docker, outcome = _check_copy(elf, "dynamic")
    assert outcome.status == "pass"
    assert f"{docker}: symbol table kept (" in outcome.observed
    assert "Go binary" not in outcome.observed


def test_stripped_dynamic_binary_fails_with_the_guides_reason(elf: ElfKit) -> None:
    docker, outcome = _check_copy(elf, "dynamic_stripped")
    assert outcome.status == "fail"
    assert outcome.observed == f"{docker}: stripped (no .symtab)"
    assert "stripping Go binaries is not supported and often breaks them" in outcome.detail
    assert "Stripping Binaries section" in outcome.detail


def test_stripped_static_binary_fails(elf: ElfKit) -> None:
    _, outcome = _check_copy(elf, "static_stripped", "dockerinit-1.3.0", {"binary": "dockerinit"})
    assert outcome.status == "fail"
    assert "stripped (no .symtab)" in outcome.observed


def test_go_binary_notes_the_go_symbol_data(elf: ElfKit, elf_go_build: Callable[..., Path]) -> None:
    docker = elf_go_build("docker-1.3.0", VERSION="1.3.0")
    outcome = check(DOCKER, elf.ctx(artifacts=(docker,)))
    assert outcome.status == "pass"
    assert "Go binary with .gosymtab, .gopclntab" in outcome.observed


def test_go_binary_built_with_ldflags_s_is_stripped(
    elf: ElfKit, elf_go_build: Callable[..., Path]
) -> None:
    docker = elf_go_build("docker-1.3.0", strip=True, VERSION="1.3.0")
    outcome = check(DOCKER, elf.ctx(artifacts=(docker,)))
    assert outcome.status == "fail"
    # The runtime's pclntab survives -s; the symbol table does not.
    assert "stripped (no .symtab); Go binary, .gosymtab, .gopclntab left" in outcome.observed


def test_one_stripped_binary_among_several_fails_the_check(elf: ElfKit) -> None:
    ctx = elf.bundle_ctx(
        {"binary/docker-1.3.0": "static", "dynbinary/docker-1.3.0": "dynamic_stripped"}
    )
    outcome = check(DOCKER, ctx)
    assert outcome.status == "fail"
    lines = outcome.observed.splitlines()
    assert any(line.endswith("binary/docker-1.3.0: stripped (no .symtab)") for line in lines)
    assert any("/binary/docker-1.3.0: symbol table kept" in line for line in lines)


def test_no_artifact_and_nothing_installed_is_a_skip(elf: ElfKit, tmp_path: Path) -> None:
    outcome = check(DOCKER, elf.ctx(root=tmp_path, path="/usr/bin:/bin"))
    assert outcome.status == "skip"
    assert "pass --artifact or --bundles" in outcome.observed


def test_clientonly_skips_dockerinit(elf: ElfKit) -> None:
    ctx = elf.ctx(artifacts=(elf.binary("static"),), env={"DOCKER_CLIENTONLY": "1"})
    outcome = check({"binary": "dockerinit"}, ctx)
    assert outcome.status == "skip"
    assert "DOCKER_CLIENTONLY" in outcome.observed


def test_stripped_real_dockerinit_fails_with_a_hint(elf: ElfKit, docker_build: Build) -> None:
    stripped = strip(docker_build.dockerinit, elf.tmp_path / "stripped")
    _, outcome = _check_copy(elf, stripped, "dockerinit-1.5.0", {"binary": "dockerinit"})
    assert outcome.status == "fail"
    assert "stripped (no .symtab); Go binary, .gosymtab, .gopclntab left" in outcome.observed
    assert "no longer has the SHA-1 the daemon was built with" in outcome.detail
    assert outcome.detail.splitlines()[-1].startswith("hint: do not run strip, dh_strip")


def test_a_broken_binary_gets_the_unusable_hint(elf: ElfKit, elf_broken: dict[str, Path]) -> None:
    _, outcome = _check_copy(elf, elf_broken["truncated"])
    assert outcome.status == "fail"
    assert outcome.detail == "hint: " + UNUSABLE_HINT
