"""Find the docker and dockerinit binaries a run is about, and read them once.

Three sources, in this order of authority:

1. ``--artifact PATH`` (repeatable): files named ``docker``, ``docker-1.5.0``,
   ``docker.io``, ``dockerinit``, ``dockerinit-1.5.0``, ``dockerinit.io``...;
2. ``--bundles DIR``: make.sh's output, ``bundles/$VERSION/{binary,dynbinary}/``;
3. neither: the installed system (under ``--root``): ``docker`` on the PATH and the
   ``dockerinit`` that daemon would run (see :mod:`.dockerinit_search`).

No verdict rests on a binary the user did not point at, unless the user asked for the
installed system. A bundle is read as make.sh (moby/moby v1.5.0, ``hack/make.sh``
``bundle``, ``hack/make/binary``, ``hack/make/dynbinary``) lays it out:
``bundles/$VERSION/binary/docker-$VERSION`` with a ``docker`` link and ``.md5``/``.sha256``
files, and in ``dynbinary/`` also ``dockerinit-$VERSION`` and its ``dockerinit`` link;
the file make.sh built is reported, not its link.

Given files are read where they are on this machine; installed ones are looked up under the
host's root, following symbolic links inside that root.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

from ..model import SEVERITY
from ..records import dataclass, field
from .bundles import BUILDS, Bundle, binary_name, read_bundles
from .context import CheckContext, Outcome
from .dockerinit_search import DAEMON_DIR, DaemonBuild, default_search, look_path, walk
from .elf import ElfInfo, ElfProblem, ElfUnavailable, preload_pyelftools, read_elf
from .host import SYSTEM_ROOT, resolve_in_root

NOT_GIVEN = "no docker binary given; pass --artifact or --bundles"
UNUSABLE_HINT = (
    "give the amd64 binary make.sh built (bundles/$VERSION/binary or dynbinary), copied whole"
)
# Directories a packaged daemon is installed in; a given daemon in <stage>/usr/bin says
# that <stage> is the root its search path is relative to.
_BIN_DIRS = ("/usr/local/bin", "/usr/local/sbin", "/usr/bin", "/usr/sbin", "/bin", "/sbin")


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
class Inventory:
    """Every binary the run found, why some could not be found, and what was passed over."""

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
            return NOT_GIVEN + (f" (ignored: {'; '.join(self.ignored)})" if self.ignored else "")
        where = f"bundle {self.bundle.directory}" if self.bundle else "the --artifact files"
        return f"no {binary} binary in {where}"


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


def _bundled(directory: Path) -> tuple[list[Artifact], Bundle | None, str | None]:
    files, bundle, problem = read_bundles(directory)
    found = [
        Artifact(binary, path, str(path), "bundle", build, version)
        for binary, path, build, version in files
    ]
    return found, bundle, problem


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
        if look_path(local) is None:
            return Artifact("docker", local, shown, "installed")
    return None


def daemon_root(ctx: CheckContext, daemon: Artifact) -> tuple[Path | None, str | None, str]:
    """``(root, the daemon's path as that root names it, how the root is known)``; the
    path is None when the daemon is not inside the root.

    An installed daemon lives under ``--root``. A given one sits in ``--root`` when that
    was passed, else in the root its layout shows (``stage/usr/bin/docker``: ``stage``);
    else there is no root and only the daemon's own directory can be searched."""
    if daemon.origin == "installed":
        return ctx.host.root, daemon.shown, f"root {ctx.host.root}"
    here = Path(os.path.abspath(daemon.path))
    root = ctx.host.root
    if root != SYSTEM_ROOT:
        top = Path(os.path.abspath(root))
        inside = "/" + str(here.relative_to(top)) if here.is_relative_to(top) else None
        return root, inside, f"--root {root}"
    for bin_dir in _BIN_DIRS:
        if str(here.parent).endswith(bin_dir):
            inferred = Path(str(here.parent)[: -len(bin_dir)] or "/")
            shown = os.path.join(bin_dir, here.name)
            return inferred, shown, f"root {inferred}, inferred from the layout ({bin_dir})"
    return None, None, "no root known"


def search_places(
    ctx: CheckContext, daemon: Artifact, initpath: str, search: Sequence[str]
) -> tuple[list[tuple[str, Path | None]], str]:
    """``(places, how the root is known)``: INITPATH then ``search`` as ``(as the host
    names it, where to read it, or None when no root says where)``; ``@daemon-dir`` is the
    directory of the daemon as started (links not resolved, as Docker's ``SelfPath``)."""
    root, daemon_under_root, root_note = daemon_root(ctx, daemon)
    places: list[tuple[str, Path | None]] = []
    for entry in (initpath, *search) if initpath else search:
        if entry == DAEMON_DIR and root and daemon_under_root:
            shown = os.path.join(os.path.dirname(daemon_under_root), "dockerinit")
            places.append((shown, resolve_in_root(root, shown)))
        elif entry == DAEMON_DIR:
            beside = daemon.path.parent / "dockerinit"
            places.append((str(beside), beside))
        else:
            # An entry ending in / is a directory that holds dockerinit.
            shown = entry + "dockerinit" if entry.endswith("/") else entry
            places.append((shown, resolve_in_root(root, shown) if root else None))
    return places, root_note


def daemon_build(ctx: CheckContext, daemon: Artifact) -> DaemonBuild | tuple[str, str]:
    """The daemon's build facts, or ``(status, line)`` for one that cannot be read."""
    info, status, line = examine(ctx, daemon)
    if info is None:
        return status, line
    if info.has_symtab and not info.dockerversion:
        # make.sh's daemons all carry the package (utils.go reads it); later Dockers have
        # neither it nor a dockerinit, so Docker 1.5's rules say nothing about them.
        return "skip", (
            f"{daemon.shown} has a symbol table but no dockerversion variables: not a "
            "Docker 1.x daemon built by hack/make.sh (Docker 1.11 and later have no dockerinit)"
        )
    return DaemonBuild(daemon.shown, daemon.path, info)


def _installed(ctx: CheckContext) -> list[Artifact]:
    """The installed daemon and the dockerinit it would run: the first valid one on its
    search path, else the first it could run at all (so the checks judge that one)."""
    daemon = installed_daemon(ctx)
    if daemon is None:
        return []
    found = [daemon]
    build = daemon_build(ctx, daemon)
    if isinstance(build, tuple):
        return found
    initpath, _ = build.initpath(ctx.settings.knob("DOCKER_INITPATH"))
    places, _ = search_places(ctx, daemon, initpath, default_search())
    if build.own_init:
        return found  # IAMSTATIC=true: Docker runs the daemon itself, never a dockerinit
    walked = walk(ctx, build, places)
    pick = walked.chosen or walked.first_hit
    if pick is not None:
        found.append(Artifact("dockerinit", pick[1], pick[0], "installed"))
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


def _has_binaries(ctx: CheckContext) -> bool:
    """Whether the run has binaries to read: some given, or docker installed."""
    if ctx.settings.artifacts or ctx.settings.bundles is not None:
        return True
    try:
        return installed_daemon(ctx) is not None
    except OSError:  # a symbolic link loop on the PATH: the checks report it
        return False


def preload_elf_reader(ctx: CheckContext) -> threading.Thread | None:
    """Start importing pyelftools in a background thread if the run has binaries to
    read, and return that thread. The import is not a check: it runs beside the checks
    whatever ``--jobs`` is, and a check that reads a binary meanwhile waits for it."""
    if not _has_binaries(ctx):
        return None
    thread = threading.Thread(target=preload_pyelftools, name="reqcheck_elf_import")
    thread.start()
    return thread


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


def combine(findings: Sequence[tuple[str, str]], detail: str = "", hint: str = "") -> Outcome:
    """One outcome from ``(status, line)`` findings, one per binary: the worst status wins
    in the model's SEVERITY order (a definite failure outranks a binary that could not be
    read, a pass a skip)."""
    status = min((found for found, _ in findings), key=SEVERITY.index)
    return Outcome(status, "\n".join(line for _, line in findings), detail, hint=hint)


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
