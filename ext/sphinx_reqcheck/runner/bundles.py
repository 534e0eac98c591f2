"""make.sh's output as it lays it out, read without trusting names or contents.

moby/moby v1.5.0: ``hack/make.sh`` reads ``VERSION=$(cat ./VERSION)`` and makes
``bundles/$VERSION/<bundle>`` (``bundle``); ``hack/make/binary`` writes
``docker-$VERSION``, a ``docker`` link to it and ``.md5``/``.sha256`` files
(``hash_files``); ``hack/make/dynbinary`` adds ``dockerinit-$VERSION`` and its
``dockerinit`` link (``hack/make/.dockerinit``). Only ``binary/`` and ``dynbinary/`` hold
artifacts: the other bundles (``test-unit``, whose ``precompiled/`` test binaries come from
``hack/make/.go-compile-test-dir``, ``cover``, ``cross``, ``tgz``, ``ubuntu``) are not
read. A directory in ``bundles/`` that is not a version, or a VERSION file that cannot
name one, is passed over with a note.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..records import dataclass
from ..versions import is_version, parse_version

BUILDS = ("binary", "dynbinary")
# docker, docker-1.5.0, docker.io (Debian), dockerinit, dockerinit-1.5.0, dockerinit.io...
_NAME = re.compile(r"^(dockerinit|docker)(?:-(\d[0-9A-Za-z.+~_-]*)|\.[A-Za-z][0-9A-Za-z.+~_-]*)?$")
_CHECKSUM_SUFFIXES = (".md5", ".sha256")
_VERSION_FILE_LIMIT = 4096
# (docker or dockerinit, path, make.sh bundle, version in the file name)
BundleFile = tuple[str, Path, str, "str | None"]


@dataclass(frozen=True)
class Bundle:
    """``bundles/$VERSION`` and the version that applies to it."""

    directory: Path
    version: str
    version_source: str
    notes: tuple[str, ...] = ()


def binary_name(filename: str) -> tuple[str, str | None] | None:
    """``("docker", "1.3.0")`` for ``docker-1.3.0``, ``("dockerinit", None)`` for
    ``dockerinit.io``; None for a checksum file or any other name."""
    if filename.endswith(_CHECKSUM_SUFFIXES):
        return None
    match = _NAME.match(filename)
    return (match.group(1), match.group(2)) if match else None


def read_version_file(path: Path) -> tuple[str | None, str]:
    """``(version, '')`` from a VERSION file as make.sh reads it (``$(cat ./VERSION)``,
    trailing newlines dropped), or ``(None, why it cannot serve)`` in words."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(_VERSION_FILE_LIMIT + 1)
    except OSError as error:
        return None, f"VERSION file {path} cannot be read: {error.strerror}"
    if len(data) > _VERSION_FILE_LIMIT:
        return None, f"VERSION file {path} is over {_VERSION_FILE_LIMIT} bytes: not a version"
    try:
        text = data.decode("utf-8").rstrip("\n")
    except UnicodeDecodeError:
        return None, f"VERSION file {path} is not UTF-8 text ({data[:24]!r})"
    if not text.strip():
        return None, f"VERSION file {path} is empty: make.sh would name the bundle ''"
    return text, ""


def _is_version_dir(path: Path) -> bool:
    """A ``bundles/$VERSION`` directory: its name is one version (``1.5.0``, ``1.5.0-dev``)."""
    return path.name[:1].isdigit() and is_version(path.name) and path.is_dir()


def _bundle_version(directory: Path) -> tuple[Path | None, str, str, list[str]]:
    """``(bundles/$VERSION, version, where the version came from, notes)`` for --bundles
    DIR, which may be ``bundles/`` itself or one ``bundles/$VERSION``. A VERSION file that
    cannot serve, and directories that are not versions, are passed over with a note."""
    notes: list[str] = []
    if any((directory / build).is_dir() for build in BUILDS):
        version_file = directory.parent.parent / "VERSION"
        if version_file.is_file():
            version, why = read_version_file(version_file)
            if version is not None:
                return directory, version, f"VERSION file {version_file}", notes
            notes.append(why)
        return directory, directory.name, f"bundle directory name {directory.name}", notes
    children = sorted(directory.iterdir())
    versions = sorted(
        (child for child in children if _is_version_dir(child)), key=lambda p: parse_version(p.name)
    )
    stray = [child.name for child in children if child.is_dir() and child not in versions]
    if stray:
        notes.append(
            f"ignored in {directory}: {', '.join(stray)} (not bundles/$VERSION directories)"
        )
    version_file = directory.parent / "VERSION"
    if version_file.is_file():
        version, why = read_version_file(version_file)
        if version is not None:
            return directory / version, version, f"VERSION file {version_file}", notes
        notes.append(why)
    if not versions:
        return None, "", "", notes
    newest = versions[-1].name
    return versions[-1], newest, f"newest bundle directory {newest}", notes


def read_bundles(directory: Path) -> tuple[list[BundleFile], Bundle | None, str | None]:
    """The binaries of ``--bundles DIR``, the bundle chosen, or the problem in words."""
    if not directory.is_dir():
        what = "is not a directory" if directory.exists() else "does not exist"
        return [], None, f"--bundles {directory} {what}; pass make.sh's bundles directory"
    try:
        chosen, version, source, notes = _bundle_version(directory)
    except OSError as error:
        return [], None, f"--bundles {directory}: {error.strerror}"
    if chosen is None:
        problem = f"--bundles {directory} holds no bundles/$VERSION directory with binary/ or "
        problem += "dynbinary/ (nothing built yet? run hack/make.sh binary)"
        return [], None, "; ".join([problem, *notes])
    if not chosen.is_dir():
        problem = f"--bundles {directory}: {source} says {version}, but {chosen} does not exist"
        return [], None, "; ".join([problem, *notes])
    bundle = Bundle(chosen, version, source, tuple(notes))
    found: list[BundleFile] = []
    seen = set()
    for build in BUILDS:
        build_dir = chosen / build
        if not build_dir.is_dir():
            continue
        try:
            # The files make.sh built first, then its `docker` and `dockerinit` links to them.
            entries = sorted(build_dir.iterdir(), key=lambda path: (path.is_symlink(), path.name))
        except OSError as error:
            return [], bundle, f"--bundles {directory}: {build_dir}: {error.strerror}"
        for path in entries:
            named = binary_name(path.name)
            real = os.path.realpath(path)
            if named is None or real in seen or path.is_dir():
                continue
            seen.add(real)
            found.append((named[0], path, build, named[1]))
    return found, bundle, None
