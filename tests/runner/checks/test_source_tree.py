"""source-tree and gopath-layout on fake checkouts and GOPATH layouts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_reqcheck.runner.checks import gopath_layout, source_tree
from sphinx_reqcheck.runner.context import CheckContext

FILES = {"files": ["hack/make.sh", "hack/vendor.sh", "vendor/", "VERSION", "contrib/init/"]}
LAYOUT = {"import_path": "github.com/docker/docker"}


def _checkout(where: Path, skip: tuple[str, ...] = ()) -> Path:
    """A fake docker checkout with the guide's files, minus ``skip``."""
    where.mkdir(parents=True)
    for relative in ("hack/make.sh", "hack/vendor.sh", "VERSION"):
        if relative not in skip:
            (where / relative).parent.mkdir(parents=True, exist_ok=True)
            (where / relative).write_text("#\n")
    for relative in ("vendor/src", "contrib/init/systemd"):
        if relative.split("/")[0] + "/" not in skip and relative.split("/")[0] not in skip:
            (where / relative).mkdir(parents=True)
    return where


def test_complete_checkout_passes(elf_ctx: Callable[..., CheckContext], tmp_path: Path) -> None:
    source = _checkout(tmp_path / "docker")
    outcome = source_tree.check(FILES, elf_ctx(source=source))
    assert outcome.status == "pass"


@pytest.mark.parametrize("missing", ["hack/make.sh", "hack/vendor.sh", "VERSION", "vendor/"])
def test_each_missing_piece_fails_naming_the_path(
    elf_ctx: Callable[..., CheckContext], tmp_path: Path, missing: str
) -> None:
    source = _checkout(tmp_path / "docker", skip=(missing,))
    outcome = source_tree.check(FILES, elf_ctx(source=source))
    assert outcome.status == "fail"
    assert str(source / missing.rstrip("/")) in outcome.observed


def test_several_missing_pieces_are_all_named(
    elf_ctx: Callable[..., CheckContext], tmp_path: Path
) -> None:
    source = _checkout(tmp_path / "docker", skip=("VERSION", "contrib"))
    outcome = source_tree.check(FILES, elf_ctx(source=source))
    assert outcome.observed == (
        f"missing: {source / 'VERSION'}, {source / 'contrib/init'}/ (directory)"
    )


def test_file_where_a_directory_belongs_fails(
    elf_ctx: Callable[..., CheckContext], tmp_path: Path
) -> None:
    source = _checkout(tmp_path / "docker", skip=("vendor/",))
    (source / "vendor").write_text("not a directory\n")
    outcome = source_tree.check(FILES, elf_ctx(source=source))
    assert outcome.status == "fail"
    assert f"{source / 'vendor'} (not a directory)" in outcome.observed


def test_no_source_is_a_skip_saying_how_to_pass_it(
    elf_ctx: Callable[..., CheckContext],
) -> None:
    for module, params in ((source_tree, FILES), (gopath_layout, LAYOUT)):
        outcome = module.check(params, elf_ctx())
        assert outcome.status == "skip"
        assert "pass --source DIR" in outcome.observed


def test_source_that_is_not_a_directory_is_an_error(
    elf_ctx: Callable[..., CheckContext], tmp_path: Path
) -> None:
    outcome = source_tree.check(FILES, elf_ctx(source=tmp_path / "nowhere"))
    assert outcome.status == "error"
    assert "does not exist" in outcome.observed


def test_checkout_inside_gopath_passes(
    elf_ctx: Callable[..., CheckContext], tmp_path: Path
) -> None:
    source = _checkout(tmp_path / "go/src/github.com/docker/docker")
    gopath = f"{tmp_path / 'other'}:{tmp_path / 'go'}"
    outcome = gopath_layout.check(LAYOUT, elf_ctx(source=source, env={"GOPATH": gopath}))
    assert outcome.status == "pass"
    assert f"is {tmp_path / 'go/src/github.com/docker/docker'}" in outcome.observed


def test_checkout_reached_through_a_link_into_gopath_passes(
    elf_ctx: Callable[..., CheckContext], tmp_path: Path
) -> None:
    real = _checkout(tmp_path / "go/src/github.com/docker/docker")
    (tmp_path / "work").symlink_to(real)
    outcome = gopath_layout.check(
        LAYOUT, elf_ctx(source=tmp_path / "work", env={"GOPATH": str(tmp_path / "go")})
    )
    assert outcome.status == "pass"


def test_gopath_entry_that_is_a_link_passes(
    elf_ctx: Callable[..., CheckContext], tmp_path: Path
) -> None:
    source = _checkout(tmp_path / "real/src/github.com/docker/docker")
    (tmp_path / "go").symlink_to(tmp_path / "real")
    outcome = gopath_layout.check(
        LAYOUT, elf_ctx(source=source, env={"GOPATH": str(tmp_path / "go")})
    )
    assert outcome.status == "pass"


def test_checkout_elsewhere_fails_saying_where_it_should_be(
    elf_ctx: Callable[..., CheckContext], tmp_path: Path
) -> None:
    source = _checkout(tmp_path / "src/docker")
    outcome = gopath_layout.check(
        LAYOUT, elf_ctx(source=source, env={"GOPATH": str(tmp_path / "go")})
    )
    assert outcome.status == "fail"
    assert outcome.observed == f"the checkout is at {source}; GOPATH={tmp_path / 'go'}"
    assert f"it should be at {tmp_path / 'go/src/github.com/docker/docker'}" in outcome.detail
    assert "AUTO_GOPATH=1" in outcome.detail


def test_unset_gopath_fails(elf_ctx: Callable[..., CheckContext], tmp_path: Path) -> None:
    source = _checkout(tmp_path / "docker")
    outcome = gopath_layout.check(LAYOUT, elf_ctx(source=source))
    assert outcome.status == "fail"
    assert outcome.observed.startswith("GOPATH is not set")


def test_auto_gopath_makes_the_layout_irrelevant(
    elf_ctx: Callable[..., CheckContext], tmp_path: Path
) -> None:
    source = _checkout(tmp_path / "docker")
    outcome = gopath_layout.check(LAYOUT, elf_ctx(source=source, env={"AUTO_GOPATH": "1"}))
    assert outcome.status == "skip"
    assert "AUTO_GOPATH is set" in outcome.observed
