"""Real binaries for the artifact checks, built once per test session.

C programs are compiled with this machine's gcc (dynamic, ``-static``, stripped copies
made with ``strip``); a Go program is built with ``CGO_ENABLED=0 go build`` and the
``-ldflags -X`` values make.sh sets in ``dockerversion``. Broken copies (truncated,
corrupt, 32-bit, another architecture, not ELF) are made from them by patching bytes.
All fixture names start with ``elf_`` so they cannot clash with other helpers' fixtures.
"""

from __future__ import annotations

import os
import struct
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from dockerbuild import Build, GoTree, have_go_and_gcc
from elfkit import ElfKit

from sphinx_reqcheck.runner.context import CheckContext

HELLO_C = '#include <stdio.h>\nint main(void) { puts("dockerinit"); return 0; }\n'


def _run(argv: list[str], cwd: Path, env: Mapping[str, str] | None = None) -> None:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{' '.join(argv)} failed:\n{done.stdout}{done.stderr}"


@pytest.fixture(scope="session")
def elf_workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory shared by the session's built binaries."""
    return tmp_path_factory.mktemp("elf")


@pytest.fixture(scope="session")
def elf_dynamic(elf_workdir: Path) -> Path:
    """A dynamically linked C program (interpreter and libc.so.6)."""
    source = elf_workdir / "hello.c"
    source.write_text(HELLO_C)
    _run(["gcc", "-O1", "-o", "dynamic", "hello.c"], elf_workdir)
    return elf_workdir / "dynamic"


@pytest.fixture(scope="session")
def elf_static(elf_workdir: Path, elf_dynamic: Path) -> Path:
    """The same program linked with ``-static``."""
    _run(["gcc", "-O1", "-static", "-o", "static", "hello.c"], elf_workdir)
    return elf_workdir / "static"


@pytest.fixture(scope="session")
def elf_dynamic_stripped(elf_workdir: Path, elf_dynamic: Path) -> Path:
    """``strip`` applied to a copy of the dynamic program."""
    _run(["strip", "-o", "dynamic.stripped", str(elf_dynamic)], elf_workdir)
    return elf_workdir / "dynamic.stripped"


@pytest.fixture(scope="session")
def elf_static_stripped(elf_workdir: Path, elf_static: Path) -> Path:
    """``strip`` applied to a copy of the static program."""
    _run(["strip", "-o", "static.stripped", str(elf_static)], elf_workdir)
    return elf_workdir / "static.stripped"


@pytest.fixture(scope="session")
def elf_go_build(elf_workdir: Path, docker_tree: GoTree) -> Callable[..., Path]:
    """``build(name, VERSION=..., GITCOMMIT=..., strip=False)``: a static Go daemon of the
    real-shaped tree with those dockerversion values baked in, as make.sh bakes them."""
    built: dict[tuple[str, ...], Path] = {}

    def build(name: str, strip: bool = False, **values: str) -> Path:
        key = (name, str(strip), *sorted(f"{k}={v}" for k, v in values.items()))
        if key not in built:
            output = elf_workdir / "gobin" / f"{len(built)}" / name
            built[key] = docker_tree.go_build(output, "docker", values, cgo=False, strip=strip)
        return built[key]

    return build


def _patched(source: Path, target: Path, offset: int, data: bytes) -> Path:
    content = bytearray(source.read_bytes())
    content[offset : offset + len(data)] = data
    target.write_bytes(bytes(content))
    target.chmod(0o755)
    return target


@pytest.fixture(scope="session")
def elf_broken(elf_workdir: Path, elf_static: Path) -> dict[str, Path]:
    """Copies of the static program that no ELF reader should trust, and non-ELF files."""
    broken = elf_workdir / "broken"
    broken.mkdir()
    whole = elf_static.read_bytes()
    truncated = broken / "truncated"
    truncated.write_bytes(whole[: len(whole) // 3])
    script = broken / "script"
    script.write_text('#!/bin/sh\nexec /usr/bin/docker.real "$@"\n')
    empty = broken / "empty"
    empty.write_bytes(b"")
    head_only = broken / "head-only"
    head_only.write_bytes(whole[:20])
    loop = broken / "loop"
    loop.symlink_to(loop)
    fifo = broken / "fifo"
    os.mkfifo(fifo)
    return {
        "truncated": truncated,
        "head-only": head_only,
        # e_shoff (offset 0x28) pointing far past the end of the file.
        "corrupt": _patched(elf_static, broken / "corrupt", 0x28, struct.pack("<Q", 1 << 40)),
        # EI_CLASS (offset 4) = ELFCLASS32: a 64-bit file claiming to be 32-bit.
        "32bit": _patched(elf_static, broken / "32bit", 4, b"\x01"),
        # e_machine (offset 18) = EM_AARCH64 (183).
        "arm64": _patched(elf_static, broken / "arm64", 18, struct.pack("<H", 183)),
        "script": script,
        "empty": empty,
        "loop": loop,
        "fifo": fifo,
        "directory": broken,
        "missing": broken / "no-such-file",
    }


@pytest.fixture
def elf(request: pytest.FixtureRequest, tmp_path: Path) -> ElfKit:
    """The test's :class:`ElfKit`."""
    return ElfKit(request, tmp_path)


@pytest.fixture
def elf_ctx(elf: ElfKit) -> Callable[..., CheckContext]:
    """``make(root=None, path=None, **settings)``: a fresh CheckContext."""
    return elf.ctx


@pytest.fixture
def elf_install(elf: ElfKit) -> Callable[..., Path]:
    """``install(target, source, mode=0o755)``: copy a binary, making directories."""
    return elf.install


@pytest.fixture
def elf_bundles(elf: ElfKit) -> Callable[..., Path]:
    """``make(files, version="1.3.0", bundle_dir=None)``: see :meth:`ElfKit.bundles`."""
    return elf.bundles


@pytest.fixture(scope="session")
def docker_tree(tmp_path_factory: pytest.TempPathFactory) -> GoTree:
    """The stand-in Go tree for real-shaped builds; skips without go and gcc."""
    missing = have_go_and_gcc()
    if missing:
        pytest.skip(missing)
    return GoTree(tmp_path_factory.mktemp("docker-go"))


def _checkout(tree: GoTree, name: str, version: str, **options: str | bool) -> Build:
    source = tree.workdir / name
    source.mkdir()
    (source / "VERSION").write_text(version + "\n")
    return tree.make(source / "bundles", version, **options)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def docker_build(docker_tree: GoTree) -> Build:
    """``make.sh binary dynbinary`` of 1.5.0: ``checkout/VERSION`` and
    ``checkout/bundles/1.5.0/{binary,dynbinary}``, built once per session."""
    return _checkout(docker_tree, "checkout", "1.5.0")


@pytest.fixture(scope="session")
def docker_build_initpath(docker_tree: GoTree) -> Build:
    """The same build with ``DOCKER_INITPATH=/usr/lib/docker.io/dockerinit`` baked in."""
    return _checkout(docker_tree, "initpath", "1.5.0", initpath="/usr/lib/docker.io/dockerinit")


@pytest.fixture(scope="session")
def docker_build_other(docker_tree: GoTree) -> Build:
    """Another build (1.4.1, ``DEBUG=1``): its dockerinit has another SHA-1."""
    return _checkout(docker_tree, "other", "1.4.1", gitcommit="5bc2ff8", debug=True)


@pytest.fixture
def stale_init_ctx(elf: ElfKit, docker_build: Build, docker_build_other: Build) -> CheckContext:
    """An installed root: the dynbinary daemon at /usr/bin/docker, a stale dockerinit of
    another build next to it, and the valid one in /usr/libexec/docker/."""
    return elf.installed_ctx(
        {
            "/usr/bin/docker": docker_build.dynamic_docker,
            "/usr/bin/dockerinit": docker_build_other.dockerinit,
            "/usr/libexec/docker/dockerinit": docker_build.dockerinit,
        }
    )
