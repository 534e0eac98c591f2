"""Finding the binaries: file names, bundle layouts, installed roots and links."""

from __future__ import annotations

from pathlib import Path

import pytest
from elfkit import ElfKit
from handbook_params import INIT_SEARCH

from sphinx_reqcheck.runner.artifacts import (
    installed_daemon,
    inventory,
    resolve_in_root,
    search_places,
)
from sphinx_reqcheck.runner.bundles import binary_name
from sphinx_reqcheck.runner.dockerinit_search import DEFAULT_SEARCH


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("docker", ("docker", None)),
        ("docker-1.3.0", ("docker", "1.3.0")),
        ("docker-1.3.0-dev", ("docker", "1.3.0-dev")),
        ("dockerinit", ("dockerinit", None)),
        ("dockerinit-1.3.0", ("dockerinit", "1.3.0")),
        ("docker-1.3.0.md5", None),
        ("dockerinit-1.3.0.sha256", None),
        ("docker.io", ("docker", None)),
        ("dockerinit.io", ("dockerinit", None)),
        ("docker-compose", None),
        ("hello", None),
    ],
)
def test_binary_names(name: str, expected: tuple[str, str | None] | None) -> None:
    assert binary_name(name) == expected


def test_absolute_links_resolve_inside_the_root(tmp_path: Path) -> None:
    (tmp_path / "usr/lib/docker.io").mkdir(parents=True)
    (tmp_path / "usr/lib/docker.io/docker").write_text("")
    (tmp_path / "usr/bin").mkdir()
    (tmp_path / "usr/bin/docker").symlink_to("/usr/lib/docker.io/docker")
    # A directory link too, as /lib -> usr/lib on merged-/usr systems.
    (tmp_path / "lib").symlink_to("usr/lib")
    assert resolve_in_root(tmp_path, "/usr/bin/docker") == tmp_path / "usr/lib/docker.io/docker"
    assert resolve_in_root(tmp_path, "/lib/docker.io/docker") == (
        tmp_path / "usr/lib/docker.io/docker"
    )
    assert resolve_in_root(tmp_path, "/usr/bin/../lib") == tmp_path / "usr/lib"


def test_link_loops_end(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("/b")
    (tmp_path / "b").symlink_to("/a")
    assert resolve_in_root(tmp_path, "/a").parent == tmp_path


def test_bundle_inventory_records_builds_and_versions(elf: ElfKit) -> None:
    ctx = elf.bundle_ctx({"binary/docker-1.3.0": "static", "dynbinary/dockerinit-1.3.0": "static"})
    found = inventory(ctx)
    assert found.bundle is not None
    assert found.bundle.version == "1.3.0"
    assert [(a.binary, a.build, a.version, a.origin) for a in found.artifacts] == [
        ("docker", "binary", "1.3.0", "bundle"),
        ("dockerinit", "dynbinary", "1.3.0", "bundle"),
    ]


def test_artifact_inside_a_dynbinary_directory_knows_its_build(elf: ElfKit) -> None:
    bundles = elf.bundles({"dynbinary/docker-1.3.0": "static"})
    docker = bundles / "1.3.0/dynbinary/docker-1.3.0"
    (artifact,) = inventory(elf.ctx(artifacts=(docker,))).artifacts
    assert (artifact.build, artifact.origin) == ("dynbinary", "--artifact")


def test_missing_version_directory_is_a_problem(elf: ElfKit) -> None:
    bundles = elf.bundles({"binary/docker-1.2.0": "static"}, bundle_dir="1.2.0")
    (bundles.parent / "VERSION").write_text("1.3.0\n")
    found = inventory(elf.ctx(bundles=bundles))
    assert found.problem is not None
    assert (
        f"VERSION file {bundles.parent / 'VERSION'} says 1.3.0, but {bundles / '1.3.0'} does "
        in (found.problem)
    )


def test_installed_daemon_is_found_on_the_path_under_the_root(elf: ElfKit, tmp_path: Path) -> None:
    elf.install(tmp_path / "usr/sbin/docker", "static", mode=0o644)  # not executable
    root = elf.root({"/usr/bin/docker": "static"})
    daemon = installed_daemon(elf.ctx(root=root, path="/usr/sbin:/usr/bin"))
    assert daemon is not None
    assert (daemon.shown, daemon.path) == ("/usr/bin/docker", tmp_path / "usr/bin/docker")


def test_search_order_puts_initpath_first(elf: ElfKit) -> None:
    ctx = elf.installed_ctx({"/usr/bin/docker": "static"})
    daemon = installed_daemon(ctx)
    assert daemon is not None
    places, _ = search_places(ctx, daemon, "/opt/docker.io/init", DEFAULT_SEARCH)
    assert [shown for shown, _ in places] == [
        "/opt/docker.io/init",
        "/usr/bin/dockerinit",
        "/usr/libexec/docker/dockerinit",
        "/usr/local/libexec/docker/dockerinit",
        "/usr/lib/docker/dockerinit",
        "/usr/local/lib/docker/dockerinit",
    ]


def test_given_link_takes_the_version_of_its_target(elf: ElfKit, tmp_path: Path) -> None:
    target = elf.install(tmp_path / "docker-1.3.0", "static")
    link = target.parent / "docker"
    link.symlink_to(target.name)
    (artifact,) = inventory(elf.ctx(artifacts=(link,))).artifacts
    assert (artifact.binary, artifact.version, artifact.shown) == ("docker", "1.3.0", str(link))


def test_installed_search_list_is_the_handbooks() -> None:
    """The installed inventory walks the same list as dockerinit-search-path."""
    assert tuple(INIT_SEARCH) == DEFAULT_SEARCH
