"""source-tree, gopath-layout and gopath-entry on checkouts shaped like Docker v1.5.0's.

The v1.5.0 tree (moby/moby at tag v1.5.0): ``hack`` is a symbolic link to ``project``,
which holds ``make.sh`` and ``vendor.sh``; ``VERSION`` reads ``1.5.0``; the vendored
packages sit under ``vendor/src``; ``contrib/init`` and ``Dockerfile`` at the top.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from elfkit import assert_hinted

from sphinx_reqcheck.runner.checks import gopath_entry, gopath_layout, source_tree
from sphinx_reqcheck.runner.context import CheckContext

# The handbook's source-checkout parameters.
FILES = {
    "files": ["hack/make.sh", "hack/vendor.sh", "vendor", "VERSION", "contrib/init", "Dockerfile"],
    "non_empty": ["VERSION", "vendor/src/"],
}
LAYOUT = {"import_path": "github.com/docker/docker"}
VENDOR = {"directory": "vendor"}
Ctx = Callable[..., CheckContext]


def _checkout(where: Path) -> Path:
    """A checkout with the v1.5.0 tree's shape (files short, links and places real)."""
    for relative, text in (
        ("project/make.sh", "#!/usr/bin/env bash\n"),
        ("project/vendor.sh", "#!/usr/bin/env bash\n"),
        ("VERSION", "1.5.0\n"),
        ("Dockerfile", "FROM ubuntu:14.04\n"),
        ("vendor/src/github.com/gorilla/mux/mux.go", "package mux\n"),
        ("contrib/init/systemd/docker.service", "[Unit]\n"),
    ):
        (where / relative).parent.mkdir(parents=True, exist_ok=True)
        (where / relative).write_text(text)
    (where / "hack").symlink_to("project")
    return where


def test_complete_checkout_passes(elf_ctx: Ctx, tmp_path: Path) -> None:
    outcome = source_tree.check(FILES, elf_ctx(source=_checkout(tmp_path / "docker")))
    assert outcome.status == "pass"


@pytest.mark.parametrize("missing", ["project/make.sh", "project/vendor.sh", "VERSION", "vendor"])
def test_each_missing_piece_fails_naming_the_path(
    elf_ctx: Ctx, tmp_path: Path, missing: str
) -> None:
    source = _checkout(tmp_path / "docker")
    target = source / missing
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        target.rmdir()
    else:
        target.unlink()
    outcome = source_tree.check(FILES, elf_ctx(source=source))
    assert outcome.status == "fail"
    assert "does not exist" in outcome.observed
    assert_hinted(outcome)


def test_several_missing_pieces_are_all_named(elf_ctx: Ctx, tmp_path: Path) -> None:
    source = _checkout(tmp_path / "docker")
    (source / "VERSION").unlink()
    (source / "Dockerfile").unlink()
    outcome = source_tree.check(FILES, elf_ctx(source=source))
    assert outcome.observed.splitlines() == [
        f"{source / 'VERSION'} does not exist",
        f"{source / 'Dockerfile'} does not exist",
    ]


def test_file_where_a_directory_belongs_fails(elf_ctx: Ctx, tmp_path: Path) -> None:
    source = _checkout(tmp_path / "docker")
    outcome = source_tree.check({"files": ["VERSION/"]}, elf_ctx(source=source))
    assert outcome.status == "fail"
    assert outcome.observed == f"{source / 'VERSION'} is not a directory"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        pytest.param(b"", "is empty", id="empty"),
        pytest.param(b"\n\n", "is empty", id="blank_lines"),
        pytest.param(b"\xff\xfe1\x00.5\n", "is not UTF-8 text", id="not_utf8"),
    ],
)
def test_a_version_file_that_names_nothing_fails(
    elf_ctx: Ctx, tmp_path: Path, content: bytes, words: str
) -> None:
    """make.sh would name bundles/$VERSION and the binaries after it."""
    source = _checkout(tmp_path / "docker")
    (source / "VERSION").write_bytes(content)
    outcome = source_tree.check(FILES, elf_ctx(source=source))
    assert outcome.status == "fail"
    assert outcome.observed.startswith(f"{source / 'VERSION'} {words}")
    assert_hinted(outcome)


def test_an_empty_vendor_src_fails(elf_ctx: Ctx, tmp_path: Path) -> None:
    source = _checkout(tmp_path / "docker")
    mux = source / "vendor/src/github.com/gorilla/mux"
    (mux / "mux.go").unlink()
    for directory in (mux, mux.parent, mux.parent.parent):
        directory.rmdir()
    outcome = source_tree.check(FILES, elf_ctx(source=source))
    assert outcome.status == "fail"
    assert outcome.observed == f"{source / 'vendor/src'}/ is empty"


def test_a_dangling_hack_link_says_it_is_dangling(elf_ctx: Ctx, tmp_path: Path) -> None:
    source = _checkout(tmp_path / "docker")
    (source / "project/make.sh").unlink()
    (source / "project/vendor.sh").unlink()
    (source / "project").rmdir()
    outcome = source_tree.check(FILES, elf_ctx(source=source))
    assert outcome.status == "fail"
    assert outcome.observed.splitlines()[0] == (
        f"{source / 'hack'} is a dangling symbolic link (to project)"
    )


def test_no_source_is_a_skip_saying_how_to_pass_it(elf_ctx: Ctx) -> None:
    for check in (source_tree.check, gopath_layout.check, gopath_entry.check):
        outcome = check({**FILES, **LAYOUT, **VENDOR}, elf_ctx(env={"GOPATH": "/go"}))
        assert outcome.status == "skip"
        assert "pass --source DIR" in outcome.observed


def test_source_that_is_not_a_directory_is_an_error(elf_ctx: Ctx, tmp_path: Path) -> None:
    outcome = source_tree.check(FILES, elf_ctx(source=tmp_path / "nowhere"))
    assert outcome.status == "error"
    assert "does not exist" in outcome.observed


def test_checkout_inside_gopath_passes(elf_ctx: Ctx, tmp_path: Path) -> None:
    source = _checkout(tmp_path / "go/src/github.com/docker/docker")
    gopath = f"{tmp_path / 'other'}:{tmp_path / 'go'}"
    outcome = gopath_layout.check(LAYOUT, elf_ctx(source=source, env={"GOPATH": gopath}))
    assert outcome.status == "pass"
    assert f"is {tmp_path / 'go/src/github.com/docker/docker'}" in outcome.observed


def test_checkout_reached_through_a_link_into_gopath_passes(elf_ctx: Ctx, tmp_path: Path) -> None:
    real = _checkout(tmp_path / "go/src/github.com/docker/docker")
    (tmp_path / "work").symlink_to(real)
    ctx = elf_ctx(source=tmp_path / "work", env={"GOPATH": str(tmp_path / "go")})
    assert gopath_layout.check(LAYOUT, ctx).status == "pass"


def test_gopath_entry_that_is_a_link_passes(elf_ctx: Ctx, tmp_path: Path) -> None:
    source = _checkout(tmp_path / "real/src/github.com/docker/docker")
    (tmp_path / "go").symlink_to(tmp_path / "real")
    ctx = elf_ctx(source=source, env={"GOPATH": str(tmp_path / "go")})
    assert gopath_layout.check(LAYOUT, ctx).status == "pass"


def test_an_earlier_copy_on_gopath_shadows_the_checkout(elf_ctx: Ctx, tmp_path: Path) -> None:
    """Go takes the import path from the first entry that has it."""
    source = _checkout(tmp_path / "go/src/github.com/docker/docker")
    other = _checkout(tmp_path / "old/src/github.com/docker/docker")
    gopath = f"{tmp_path / 'old'}:{tmp_path / 'go'}"
    outcome = gopath_layout.check(LAYOUT, elf_ctx(source=source, env={"GOPATH": gopath}))
    assert outcome.status == "fail"
    assert f"Go resolves github.com/docker/docker to {other}, another copy" in outcome.observed
    assert_hinted(outcome)


def test_a_relative_gopath_entry_fails(elf_ctx: Ctx, tmp_path: Path) -> None:
    source = _checkout(tmp_path / "go/src/github.com/docker/docker")
    gopath = f"go:{tmp_path / 'go'}"
    for check, params in ((gopath_layout.check, LAYOUT), (gopath_entry.check, VENDOR)):
        outcome = check(params, elf_ctx(source=source, env={"GOPATH": gopath}))
        assert outcome.status == "fail"
        assert "entry 'go' is relative; Go refuses it" in outcome.observed
        assert_hinted(outcome)


def test_checkout_elsewhere_fails_saying_where_it_should_be(elf_ctx: Ctx, tmp_path: Path) -> None:
    source = _checkout(tmp_path / "src/docker")
    ctx = elf_ctx(source=source, env={"GOPATH": str(tmp_path / "go")})
    outcome = gopath_layout.check(LAYOUT, ctx)
    assert outcome.status == "fail"
    assert outcome.observed == f"the checkout is at {source}; GOPATH={tmp_path / 'go'}"
    assert f"it should be at {tmp_path / 'go/src/github.com/docker/docker'}" in outcome.detail
    assert "AUTO_GOPATH=1" in outcome.detail
    assert_hinted(outcome)


def test_unset_gopath_fails(elf_ctx: Ctx, tmp_path: Path) -> None:
    outcome = gopath_layout.check(LAYOUT, elf_ctx(source=_checkout(tmp_path / "docker")))
    assert outcome.status == "fail"
    assert outcome.observed.startswith("GOPATH is not set")
    assert_hinted(outcome)


def test_auto_gopath_makes_the_layout_irrelevant(elf_ctx: Ctx, tmp_path: Path) -> None:
    ctx = elf_ctx(source=_checkout(tmp_path / "docker"), env={"AUTO_GOPATH": "1"})
    for check, params in ((gopath_layout.check, LAYOUT), (gopath_entry.check, VENDOR)):
        outcome = check(params, ctx)
        assert outcome.status == "skip"
        assert "AUTO_GOPATH is set" in outcome.observed


def test_vendor_on_gopath_passes_as_make_sh_sets_it(elf_ctx: Ctx, tmp_path: Path) -> None:
    """The GOPATH hack/make.sh's AUTO_GOPATH sets: .gopath, then vendor."""
    source = _checkout(tmp_path / "docker")
    gopath = f"{source / '.gopath'}:{source / 'vendor'}"
    outcome = gopath_entry.check(VENDOR, elf_ctx(source=source, env={"GOPATH": gopath}))
    assert outcome.status == "pass"
    assert f"{source / 'vendor'} is the GOPATH entry {source / 'vendor'}" in outcome.observed


def test_vendor_missing_from_gopath_fails(elf_ctx: Ctx, tmp_path: Path) -> None:
    source = _checkout(tmp_path / "go/src/github.com/docker/docker")
    ctx = elf_ctx(source=source, env={"GOPATH": str(tmp_path / "go")})
    outcome = gopath_entry.check(VENDOR, ctx)
    assert outcome.status == "fail"
    assert f"{source / 'vendor'} is not an entry of GOPATH" in outcome.observed
    assert f'export GOPATH="$GOPATH:{source / "vendor"}"' in outcome.detail
    assert_hinted(outcome)
