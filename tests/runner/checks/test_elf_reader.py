"""The ELF reader's facts on real binaries, and its symbol-name matching."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx_reqcheck.runner.elf import _wanted_names, read_elf, sha1_of


def test_go_binary_facts(elf_go_build: Callable[..., Path]) -> None:
    info = read_elf(elf_go_build("docker", VERSION="1.3.0", GITCOMMIT="c78088f"))
    assert info.is_amd64 and info.is_go and info.is_static and info.has_symtab
    assert info.go_build_id  # the linker's .note.go.buildid
    assert info.dockerversion == {
        "VERSION": "1.3.0",
        "GITCOMMIT": "c78088f",
        "INITSHA1": "",  # not set with -X: an empty Go string
        "INITPATH": "",
        "IAMSTATIC": "",
    }


def test_stripped_go_binary_keeps_no_version_strings(elf_go_build: Callable[..., Path]) -> None:
    info = read_elf(elf_go_build("docker", strip=True, VERSION="1.3.0"))
    assert info.is_go and not info.has_symtab
    assert info.dockerversion == {}


def test_c_binary_facts(elf_dynamic: Path, elf_static: Path) -> None:
    dynamic, static = read_elf(elf_dynamic), read_elf(elf_static)
    assert dynamic.interpreter == "/lib64/ld-linux-x86-64.so.2"
    assert "libc.so.6" in dynamic.needed
    assert static.is_static and static.linkage().startswith("static")
    assert not dynamic.is_go and dynamic.go_build_id is None
    assert dynamic.dockerversion == {}


def test_symbol_names_match_whole_strings_and_shared_suffixes() -> None:
    names = b"\0main.main\0github.com/docker/docker/dockerversion.VERSION\0x/dockerversion.OTHER\0"
    wanted = _wanted_names(names)
    start = names.index(b"github.com")
    assert wanted[start] == "VERSION"
    # A name that is a suffix of the stored string starts inside it.
    assert wanted[names.index(b"docker/dockerversion.VERSION")] == "VERSION"
    assert names.index(b"x/dockerversion.OTHER") not in wanted
    assert names.index(b"main.main") not in wanted


def test_sha1_matches_the_file(tmp_path: Path) -> None:
    target = tmp_path / "dockerinit"
    target.write_bytes(b"abc")
    assert sha1_of(target) == "a9993e364706816aba3e25717850c26c9cd0d89d"
