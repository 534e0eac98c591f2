"""Find the docker and dockerinit binaries a run is about, and read them once.

Three sources, in this order of authority:

1. ``--artifact PATH`` (repeatable): files named ``docker``, ``docker-1.3.0``,
   ``dockerinit`` or ``dockerinit-1.3.0``;
2. ``--bundles DIR``: make.sh's output, ``bundles/$VERSION/{binary,dynbinary}/``;
3. neither: the installed system (under ``--root``): ``docker`` on the PATH and the first
   ``dockerinit`` on the daemon's search path.

Given files are read where they are on this machine; installed ones are looked up under the
host's root, following symbolic links inside that root.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model import SEVERITY
from ..versions import parse_version
from .context import CheckContext, Outcome
from .elf import ElfInfo, ElfProblem, ElfUnavailable, read_elf

BUILDS = ("binary", "dynbinary")
DAEMON_DIR = "@daemon-dir"
# The handbook's requirement that declares where Docker looks for dockerinit.
INIT_SEARCH_REQUIREMENT = "dockerinit-search-path"
NOT_GIVEN = "no docker binary given; pass --artifact or --bundles"
_NAME = re.compile(r"^(dockerinit|docker)(?:-(\d[0-9A-Za-z.+~_-]*))?$")
_CHECKSUM_SUFFIXES = (".md5", ".sha256")
_MAX_LINKS = 40


@dataclass(frozen=True)
class Artifact:
    """One binary: what it is, where to read it and how to name it in a report."""

    binary: str
    path: Path
    shown: str
    origin: str
    build: str | None = None
    version: str | None = None


@dataclass(frozen=True)
class Bundle:
    """``bundles/$VERSION`` and the version that applies to it."""

    directory: Path
    version: str
    version_source: str


@dataclass(frozen=True)
class Inventory:
    """Every binary the run found, and why some could not be found."""

    artifacts: tuple[Artifact, ...] = ()
    bundle: Bundle | None = None
    installed: bool = False
    problem: str | None = None
    ignored: tuple[str, ...] = field(default_factory=tuple)

    def of(self, binary: str) -> list[Artifact]:
        """The artifacts that are ``binary`` (docker or dockerinit)."""
        return [artifact for artifact in self.artifacts if artifact.binary == binary]

    def absent(self, binary: str) -> str:
        """Why there is no ``binary`` to check, and what to pass."""
        if self.installed:
            if binary == "docker":
                return "docker is not installed (not on the PATH); " + NOT_GIVEN
            return "no dockerinit found on the daemon's search path"
        if not self.artifacts and not self.bundle:
            return NOT_GIVEN + (f" (ignored: {', '.join(self.ignored)})" if self.ignored else "")
        where = f"bundle {self.bundle.directory}" if self.bundle else "the --artifact files"
        return f"no {binary} binary in {where}"


def binary_name(filename: str) -> tuple[str, str | None] | None:
    """``("docker", "1.3.0")`` for ``docker-1.3.0``; None for any other name."""
    if filename.endswith(_CHECKSUM_SUFFIXES):
        return None
    match = _NAME.match(filename)
    return (match.group(1), match.group(2)) if match else None


def resolve_in_root(root: Path, host_path: str) -> Path:
    """The file ``host_path`` names under ``root``, following symbolic links the way the
    host would (absolute targets start again at the root, not at this machine's /)."""
    if root == Path("/"):
        return Path(host_path)
    parts = [part for part in host_path.split("/") if part]
    resolved: list[str] = []
    hops = 0
    while parts:
        part = parts.pop(0)
        if part == ".":
            continue
        if part == "..":
            if resolved:
                resolved.pop()
            continue
        local = root.joinpath(*resolved, part)
        if local.is_symlink() and hops < _MAX_LINKS:
            hops += 1
            target = os.readlink(local)
            if target.startswith("/"):
                resolved = []
            parts = [piece for piece in target.split("/") if piece] + parts
            continue
        resolved.append(part)
    return root.joinpath(*resolved)


def is_lookpath_hit(path: Path) -> bool:
    """What Go's ``exec.LookPath`` accepts for a path: a non-directory with an execute bit."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISDIR(mode) and bool(mode & 0o111)


def _given(paths: Sequence[Path]) -> tuple[list[Artifact], list[str]]:
    found: list[Artifact] = []
    ignored: list[str] = []
    for path in paths:
        named = binary_name(path.name)
        if named is None:
            ignored.append(f"{path} (name it docker, docker-VERSION, dockerinit...)")
            continue
        version = named[1]
        if version is None:
            # `docker` may be a link to `docker-1.3.0`, as make.sh and packages make it.
            target = binary_name(os.path.basename(os.path.realpath(path)))
            if target is not None and target[0] == named[0]:
                version = target[1]
        build = path.parent.name if path.parent.name in BUILDS else None
        found.append(Artifact(named[0], path, str(path), "--artifact", build, version))
    return found, ignored


def _bundle_version(directory: Path) -> tuple[Path | None, str, str]:
    """``(bundles/$VERSION, version, where the version came from)`` for --bundles DIR,
    which may be ``bundles/`` itself or one ``bundles/$VERSION``."""
    if any((directory / build).is_dir() for build in BUILDS):
        version_file = directory.parent.parent / "VERSION"
        if version_file.is_file():
            return directory, version_file.read_text().strip(), f"VERSION file {version_file}"
        return directory, directory.name, f"bundle directory name {directory.name}"
    version_file = directory.parent / "VERSION"
    if version_file.is_file():
        version = version_file.read_text().strip()
        return directory / version, version, f"VERSION file {version_file}"
    versions = sorted(
        (child.name for child in directory.iterdir() if child.is_dir()), key=parse_version
    )
    if not versions:
        return None, "", "no bundles/$VERSION directory"
    return directory / versions[-1], versions[-1], f"newest bundle directory {versions[-1]}"


def _bundled(directory: Path) -> tuple[list[Artifact], Bundle | None, str | None]:
    if not directory.is_dir():
        return [], None, f"--bundles {directory}: not a directory"
    try:
        chosen, version, source = _bundle_version(directory)
    except OSError as error:
        return [], None, f"--bundles {directory}: {error.strerror}"
    if chosen is None or not chosen.is_dir():
        where = chosen if chosen is not None else directory
        return [], None, f"--bundles {directory}: {where} not found ({source})"
    bundle = Bundle(chosen, version, source)
    found: list[Artifact] = []
    seen = set()
    for build in BUILDS:
        build_dir = chosen / build
        if not build_dir.is_dir():
            continue
        try:
            entries = sorted(build_dir.iterdir())
        except OSError as error:
            return [], bundle, f"--bundles {directory}: {build_dir}: {error.strerror}"
        for path in entries:
            named = binary_name(path.name)
            # make.sh may add a plain `docker` link to docker-$VERSION: count the file once.
            real = os.path.realpath(path)
            if named is None or real in seen or path.is_dir():
                continue
            seen.add(real)
            found.append(Artifact(named[0], path, str(path), "bundle", build, named[1]))
    return found, bundle, None


def init_candidates(
    ctx: CheckContext, daemon: Artifact | None, search: Sequence[str]
) -> list[tuple[str, Path]]:
    """``(as the host names it, where to read it)`` for each place dockerinit is looked
    for: DOCKER_INITPATH first (a file path, taken as it is, as Docker took it), then
    ``search``, where ``@daemon-dir`` is the daemon's directory and an entry ending in
    ``/`` is a directory holding ``dockerinit``."""
    places: list[tuple[str, Path]] = []
    root = ctx.host.root
    initpath = ctx.settings.knob("DOCKER_INITPATH")
    if initpath:
        places.append((initpath, resolve_in_root(root, initpath)))
    for entry in search:
        if entry.startswith(DAEMON_DIR):
            if daemon is None:
                continue
            rest = entry[len(DAEMON_DIR) :].strip("/") or "dockerinit"
            if daemon.origin == "installed":
                shown = os.path.join(os.path.dirname(daemon.shown), rest)
                places.append((shown, resolve_in_root(root, shown)))
            else:
                places.append((str(daemon.path.parent / rest), daemon.path.parent / rest))
            continue
        shown = entry + "dockerinit" if entry.endswith("/") else entry
        places.append((shown, resolve_in_root(root, shown)))
    return places


def installed_daemon(ctx: CheckContext) -> Artifact | None:
    """``docker`` on the host's PATH (under its root), if any.

    Not ``Host.which``: under --root, a distribution's ``/usr/bin/docker`` is often an
    absolute link (to /usr/lib/docker.io/docker, say) that must resolve inside the root.
    """
    root = ctx.host.root
    for directory in ctx.host.search_path.split(os.pathsep):
        if not directory:
            continue
        shown = os.path.join(directory, "docker")
        local = resolve_in_root(root, shown)
        if is_lookpath_hit(local):
            return Artifact("docker", local, shown, "installed")
    return None


@functools.lru_cache(maxsize=1)
def default_init_search() -> tuple[str, ...]:
    """Where an installed daemon's dockerinit is looked for, after DOCKER_INITPATH: the
    handbook's one declaration, the ``search`` of its dockerinit-search-path requirement
    as the bundled manifest exports it (see dockerinit_path.py for the order and its
    source). Without that manifest, only the daemon's own directory."""
    from ..manifest import ManifestError, open_manifest

    try:
        requirement = open_manifest(None)[2].get(INIT_SEARCH_REQUIREMENT)
    except (ManifestError, KeyError):
        return (DAEMON_DIR,)
    return tuple(requirement.check["search"])


def _installed(ctx: CheckContext) -> list[Artifact]:
    daemon = installed_daemon(ctx)
    if daemon is None:
        return []
    found = [daemon]
    for shown, local in init_candidates(ctx, daemon, default_init_search()):
        if is_lookpath_hit(local):
            found.append(Artifact("dockerinit", local, shown, "installed"))
            break
    return found


def _take_inventory(ctx: CheckContext) -> Inventory:
    settings = ctx.settings
    if not settings.artifacts and settings.bundles is None:
        return Inventory(tuple(_installed(ctx)), installed=True)
    found, ignored = _given(settings.artifacts)
    bundle = None
    problem = None
    if settings.bundles is not None:
        bundled, bundle, problem = _bundled(settings.bundles)
        found.extend(bundled)
    return Inventory(tuple(found), bundle, False, problem, tuple(ignored))


def inventory(ctx: CheckContext) -> Inventory:
    """The run's binaries, found once and shared by every artifact check."""
    return ctx.memo(("artifacts", "inventory"), lambda: _take_inventory(ctx))


def inspect(ctx: CheckContext, artifact: Artifact) -> ElfInfo:
    """The ELF facts of ``artifact``, read once per run; raises ``ElfProblem`` or
    ``ElfUnavailable``."""
    return ctx.memo(("artifacts", "elf", str(artifact.path)), lambda: read_elf(artifact.path))


def examine(ctx: CheckContext, artifact: Artifact) -> tuple[ElfInfo | None, str, str]:
    """``(info, status, line)``: the ELF facts of a readable amd64 binary (status ''), or
    the verdict on one that is not: fail for a broken or foreign binary, error when it
    cannot be read at all or pyelftools is missing."""
    try:
        info = inspect(ctx, artifact)
    except ElfUnavailable as error:
        return None, "error", str(error)
    except ElfProblem as problem:
        return None, "fail" if problem.unusable else "error", f"{artifact.shown} {problem}"
    if not info.is_amd64:
        line = f"{artifact.shown} is built for {info.architecture}"
        return None, "fail", line + "; Docker runs only on x86-64 (amd64)"
    return info, "", ""


def combine(findings: Sequence[tuple[str, str]], detail: str = "") -> Outcome:
    """One outcome from ``(status, line)`` findings, one per binary: the worst status wins
    in the model's SEVERITY order (a definite failure outranks a binary that could not be
    read, a pass a skip)."""
    status = min((found for found, _ in findings), key=SEVERITY.index)
    return Outcome(status, "\n".join(line for _, line in findings), detail)


def clientonly(ctx: CheckContext) -> Outcome | None:
    """A skip when DOCKER_CLIENTONLY says no daemon (and no dockerinit) is built."""
    if ctx.settings.knob("DOCKER_CLIENTONLY"):
        return Outcome("skip", "DOCKER_CLIENTONLY is set: no daemon or dockerinit is built")
    return None


def binaries_to_check(ctx: CheckContext, binary: str) -> list[Artifact] | Outcome:
    """The run's ``binary`` artifacts (docker or dockerinit), or the outcome that stands
    in their place: a skip when DOCKER_CLIENTONLY rules dockerinit out or none was found,
    an error when the inventory itself could not be taken."""
    skipped = clientonly(ctx) if binary == "dockerinit" else None
    if skipped is not None:
        return skipped
    found = inventory(ctx)
    if found.problem:
        return Outcome("error", found.problem)
    artifacts = found.of(binary)
    if not artifacts:
        return Outcome("skip", found.absent(binary))
    return artifacts


def versions_of(info: ElfInfo) -> dict[str, str]:
    """The non-empty dockerversion strings baked into a binary."""
    return {name: value for name, value in info.dockerversion.items() if value}
