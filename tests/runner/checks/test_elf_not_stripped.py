"""elf-not-stripped on real binaries built by the session fixtures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx_reqcheck.runner.checks.elf_not_stripped import check
from sphinx_reqcheck.runner.context import CheckContext

DOCKER = {"binary": "docker"}


def _named(tmp_path: Path, source: Path, name: str = "docker") -> Path:
    target = tmp_path / name
    target.write_bytes(source.read_bytes())
    return target


def test_unstripped_c_binary_passes_and_counts_symbols(
    elf_ctx: Callable[..., CheckContext], elf_dynamic: Path, tmp_path: Path
) -> None:
    docker = _named(tmp_path, elf_dynamic)
    outcome = check(DOCKER, elf_ctx(artifacts=(docker,)))
    assert outcome.status == "pass"
    assert f"{docker}: symbol table kept (" in outcome.observed
    assert "Go binary" not in outcome.observed


def test_stripped_dynamic_binary_fails_with_the_guides_reason(
    elf_ctx: Callable[..., CheckContext], elf_dynamic_stripped: Path, tmp_path: Path
) -> None:
    docker = _named(tmp_path, elf_dynamic_stripped)
    outcome = check(DOCKER, elf_ctx(artifacts=(docker,)))
    assert outcome.status == "fail"
    assert outcome.observed == f"{docker}: stripped (no .symtab)"
    assert "stripping Go binaries is not supported and often breaks them" in outcome.detail
    assert "Stripping Binaries section" in outcome.detail


def test_stripped_static_binary_fails(
    elf_ctx: Callable[..., CheckContext], elf_static_stripped: Path, tmp_path: Path
) -> None:
    init = _named(tmp_path, elf_static_stripped, "dockerinit-1.3.0")
    outcome = check({"binary": "dockerinit"}, elf_ctx(artifacts=(init,)))
    assert outcome.status == "fail"
    assert "stripped (no .symtab)" in outcome.observed


def test_go_binary_notes_the_go_symbol_data(
    elf_ctx: Callable[..., CheckContext], elf_go_build: Callable[..., Path]
) -> None:
    docker = elf_go_build("docker-1.3.0", VERSION="1.3.0")
    outcome = check(DOCKER, elf_ctx(artifacts=(docker,)))
    assert outcome.status == "pass"
    assert "Go binary with .gosymtab, .gopclntab" in outcome.observed


def test_go_binary_built_with_ldflags_s_is_stripped(
    elf_ctx: Callable[..., CheckContext], elf_go_build: Callable[..., Path]
) -> None:
    docker = elf_go_build("docker-1.3.0", strip=True, VERSION="1.3.0")
    outcome = check(DOCKER, elf_ctx(artifacts=(docker,)))
    assert outcome.status == "fail"
    # The runtime's pclntab survives -s; the symbol table does not.
    assert "stripped (no .symtab); Go binary, .gosymtab, .gopclntab left" in outcome.observed


def test_one_stripped_binary_among_several_fails_the_check(
    elf_ctx: Callable[..., CheckContext],
    elf_static: Path,
    elf_dynamic_stripped: Path,
    elf_bundles: Callable[..., Path],
) -> None:
    bundles = elf_bundles(
        {"binary/docker-1.3.0": elf_static, "dynbinary/docker-1.3.0": elf_dynamic_stripped}
    )
    outcome = check(DOCKER, elf_ctx(bundles=bundles))
    assert outcome.status == "fail"
    lines = outcome.observed.splitlines()
    assert any(line.endswith("binary/docker-1.3.0: stripped (no .symtab)") for line in lines)
    assert any("/binary/docker-1.3.0: symbol table kept" in line for line in lines)


def test_no_artifact_and_nothing_installed_is_a_skip(
    elf_ctx: Callable[..., CheckContext], tmp_path: Path
) -> None:
    outcome = check(DOCKER, elf_ctx(root=tmp_path, path="/usr/bin:/bin"))
    assert outcome.status == "skip"
    assert "pass --artifact or --bundles" in outcome.observed


def test_clientonly_skips_dockerinit(
    elf_ctx: Callable[..., CheckContext], elf_static: Path
) -> None:
    outcome = check(
        {"binary": "dockerinit"},
        elf_ctx(artifacts=(elf_static,), env={"DOCKER_CLIENTONLY": "1"}),
    )
    assert outcome.status == "skip"
    assert "DOCKER_CLIENTONLY" in outcome.observed
