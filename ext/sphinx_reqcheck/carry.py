"""A runner to carry: one executable zip file with the runner, the ELF reader and a manifest.

``python3 reqcheck.pyz`` on a build chroot or target host behaves like ``reqcheck run``
with the manifest sealed inside; ``python3 reqcheck.pyz list`` and the other sub-commands
work too. Only the host wing goes in: no Sphinx, no docutils.

Everything in the zip but the manifest (the *base*) depends only on the files carried and
on the Python that compiles their bytecode, so a build may keep the base in a cache
directory (the reqcheck builder uses its doctree directory) under a key that digests all
of these, and then only appends the manifest: building the base (reading, compiling and
compressing some 130 modules) took about half a second of every ``-b reqcheck`` build.
A cache that is missing, unreadable, damaged or made for other inputs is built again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from . import bytecode
from .atomic import write_bytes_atomic

PACKAGE_DIR = Path(__file__).parent
# Parts of this package that the runner needs; the Sphinx side stays behind.
HOST_WING = (
    "__init__.py",
    "atomic.py",
    "bounded_read.py",
    "model.py",
    "params.py",
    "regex_safety.py",
    "records.py",
    "versions.py",
    "manifest.py",
    "json_input.py",
    "results.py",
    "schema.py",
    "runner",
)
# Third-party packages copied in when installed: the ELF reader (pure Python), so artifact
# checks work on hosts where nothing was pip-installed. The runner needs nothing else:
# subprocess-tee serves only ``reqcheck fleet`` and the builder, which stay behind.
VENDORED = ("elftools",)

MAIN = """\
from sphinx_reqcheck.runner.start import start

start(carried=True)
"""
INTERPRETER = "/usr/bin/env python3"
MANIFEST_NAME = "sphinx_reqcheck/data/manifest.json"
BASE_CACHE_NAME = "reqcheck-pyz-base.cache"
# The cache file: this line, the key, the base's SHA-256 (hex, a line each), the base.
_CACHE_FORMAT = b"sphinx-reqcheck runner base 1\n"
# How the base is made is one of its inputs too.
_RECIPE = (Path(__file__), Path(bytecode.__file__))
# Fixed entry times, so the same inputs give the same zip (zipimport does not read them:
# every .pyc carries an unchecked source hash).
_ENTRY_TIME = (1980, 1, 1, 0, 0, 0)


class RunnerFile(NamedTuple):
    """One file of the zip: its name there, its bytes, and where (and when last modified)
    it was read; ``path`` is None for a file that exists only in the zip."""

    name: str
    data: bytes
    path: Path | None = None
    mtime: int = 0


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _carried(name: str) -> bool:
    return name != "__pycache__" and not name.endswith(".pyc")


def _read(path: Path, name: str) -> RunnerFile:
    with open(path, "rb") as stream:
        return RunnerFile(name, stream.read(), path, int(os.fstat(stream.fileno()).st_mtime))


def _tree(root: Path, prefix: str) -> Iterator[RunnerFile]:
    """Every file under ``root`` but bytecode caches, in a stable order."""
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = sorted(filter(_carried, subdirectories))
        for name in sorted(filter(_carried, names)):
            path = Path(directory, name)
            yield _read(path, f"{prefix}/{path.relative_to(root).as_posix()}")


def runner_files(package_dir: Path = PACKAGE_DIR) -> list[RunnerFile]:
    """What goes into the zip besides bytecode and the manifest: the host wing of the
    package in ``package_dir``, the vendored packages found, and ``__main__.py``."""
    files: list[RunnerFile] = []
    for part in HOST_WING:
        source = package_dir / part
        name = f"sphinx_reqcheck/{part}"
        files.extend(_tree(source, name) if source.is_dir() else [_read(source, name)])
    for vendored in VENDORED:
        found = _package_dir(vendored)
        if found is not None:
            files.extend(_tree(found, vendored))
    files.append(RunnerFile("__main__.py", MAIN.encode()))
    return files


def base_key(files: list[RunnerFile]) -> str:
    """A digest of everything the base is made of: each file's name and bytes, the
    recipe, and the Python that compiles the bytecode (its cache tag, magic number and
    optimization level)."""
    digest = hashlib.sha256()
    parts = [
        _CACHE_FORMAT,
        INTERPRETER.encode(),
        str(sys.implementation.cache_tag).encode(),
        importlib.util.MAGIC_NUMBER,
        str(sys.flags.optimize).encode(),
        *(path.read_bytes() for path in _RECIPE),
    ]
    for file in files:
        parts += [file.name.encode(), file.data]
    for part in parts:  # each with its length: no two lists of parts feed the same bytes
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, _ENTRY_TIME)
    if name.endswith("/"):
        info.external_attr = (0o40755 << 16) | 0x10  # a directory, for MS-DOS too
    else:
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
    return info


def build_base(files: list[RunnerFile]) -> bytes:
    """The zip without its manifest: a ``#!`` line, then each file, a ``.pyc`` beside each
    ``.py`` (where zipimport looks first), and the directories, in path order."""
    entries: dict[str, bytes] = {}
    for file in files:
        entries[file.name] = file.data
        if file.name.endswith(".py"):
            filename = str(file.path) if file.path else file.name
            entries[file.name + "c"] = bytecode.carried_pyc(
                file.data, filename, file.path, file.mtime
            )
    for name in [*entries, MANIFEST_NAME]:
        parts = name.split("/")
        entries.update((f"{'/'.join(parts[:end])}/", b"") for end in range(1, len(parts)))
    buffer = io.BytesIO()
    buffer.write(f"#!{INTERPRETER}\n".encode())
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries, key=lambda name: name.rstrip("/").split("/")):
            archive.writestr(_entry(name), entries[name])
    return buffer.getvalue()


def _cache_text(key: str, base: bytes) -> bytes:
    digest = hashlib.sha256(base).hexdigest()
    return b"".join([_CACHE_FORMAT, key.encode(), b"\n", digest.encode(), b"\n", base])


def _kept_base(cache: Path, key: str) -> bytes | None:
    """The base kept in ``cache`` if it was made from the inputs digested in ``key`` and
    is whole (its SHA-256 is the one recorded); None otherwise."""
    try:
        kept = cache.read_bytes()
    except OSError:
        return None
    head = _CACHE_FORMAT + key.encode() + b"\n"
    digest, newline, base = kept[len(head) :].partition(b"\n")
    whole = bool(newline) and hashlib.sha256(base).hexdigest().encode() == digest
    return base if kept.startswith(head) and whole else None


def runner_base(files: list[RunnerFile], cache_dir: Path | None = None) -> bytes:
    """The base for ``files``: the one kept in ``cache_dir`` if it is current, else a new
    one (then kept there for the next build)."""
    if cache_dir is None:
        return build_base(files)
    key = base_key(files)
    cache = cache_dir / BASE_CACHE_NAME
    base = _kept_base(cache, key)
    if base is None:
        base = build_base(files)
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(cache, _cache_text(key, base))
        except OSError:
            pass  # the zip is still right; the next build builds the base again
    return base


def with_manifest(base: bytes, manifest: bytes) -> bytes:
    """The runner zip: ``base`` with ``manifest`` appended. zipfile's append mode finds
    the archive after the ``#!`` line and rewrites the central directory after it."""
    buffer = io.BytesIO(base)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(_entry(MANIFEST_NAME), manifest)
    return buffer.getvalue()


def build_runner_zipapp(
    manifest: bytes, target: str | Path, cache_dir: str | Path | None = None
) -> Path:
    """Write ``target`` (atomically): the runner, its dependencies and ``manifest``; with
    ``cache_dir``, the base is kept there between builds (see the module's docstring)."""
    target = Path(target)
    base = runner_base(runner_files(), Path(cache_dir) if cache_dir is not None else None)
    runner = with_manifest(base, manifest)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(target, runner, mode=0o755)
    return target
