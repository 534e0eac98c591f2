"""Which dockerinit a Docker 1.5 daemon would run: its own code, modelled on files.

moby/moby at tag v1.5.0, ``utils/utils.go``:

- ``DockerInitPath(localCopy)`` returns the daemon itself when
  ``isValidDockerInitPath(selfPath, selfPath)``; otherwise the **first valid** of
  ``localCopy`` (the daemon's private copy under its root directory, made at run time,
  not a packaging matter and not searched here), ``dockerversion.INITPATH`` (baked in at
  build time from ``DOCKER_INITPATH`` by ``hack/make/dynbinary``), ``dockerinit`` in the
  directory of ``selfPath`` (the path the daemon was started by, links not resolved),
  ``/usr/libexec/docker/dockerinit``, ``/usr/local/libexec/docker/dockerinit``,
  ``/usr/lib/docker/dockerinit``, ``/usr/local/lib/docker/dockerinit``. Empty entries are
  skipped; each other must pass ``exec.LookPath`` (exists, not a directory, an execute
  bit), then ``isValidDockerInitPath``. An invalid candidate is passed over and the
  search goes on.
- ``isValidDockerInitPath(target, selfPath)``: with ``dockerversion.IAMSTATIC == "true"``
  only the daemon itself is valid; otherwise a target is valid when ``INITSHA1`` is
  non-empty and equals the SHA-1 of the target's bytes (``dockerInitSha1``).

Nothing is executed. The dockerversion strings are read from the daemon's symbol table;
in a stripped daemon the symbols are gone but the ``-X`` texts stay in its data, so a
candidate's SHA-1 is then looked for in the daemon's bytes instead.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from ..records import dataclass, field
from .context import CheckContext
from .elf import ElfInfo, contains, sha1_of

DAEMON_DIR = "@daemon-dir"
# The handbook's requirement that declares the search list (utils.go, ``possibleInits``).
SEARCH_REQUIREMENT = "dockerinit-search-path"
NOT_EXECUTABLE = "is not executable (no execute bit)"


@functools.lru_cache(maxsize=1)
def default_search() -> tuple[str, ...]:
    """Where an installed daemon's dockerinit is looked for after INITPATH: the handbook's
    one declaration, the ``search`` of its dockerinit-search-path requirement as the
    bundled manifest exports it. Without that manifest, only the daemon's directory."""
    from ..manifest import ManifestError, open_manifest

    try:
        requirement = open_manifest(None)[2].get(SEARCH_REQUIREMENT)
    except (ManifestError, KeyError):
        return (DAEMON_DIR,)
    return tuple(requirement.check["search"])


def look_path(path: Path) -> str | None:
    """Why Go's ``exec.LookPath`` would refuse ``path`` (None when it accepts it)."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "is a symbolic link loop"
        if os.path.islink(path):
            return f"is a dangling symbolic link (to {os.readlink(path)})"
        return "does not exist"
    if stat.S_ISDIR(mode):
        return "is a directory"
    if not mode & 0o111:
        return NOT_EXECUTABLE
    return None


@dataclass(frozen=True)
class DaemonBuild:
    """What a daemon was built with: the dockerversion strings (None when they cannot be
    read, as in a stripped daemon) and its ELF facts."""

    shown: str
    path: Path
    info: ElfInfo

    def value(self, name: str) -> str | None:
        """A dockerversion string; '' when set empty; None when unreadable."""
        if not self.info.has_symtab:
            return None
        return self.info.dockerversion.get(name, "")

    @property
    def own_init(self) -> bool | None:
        """IAMSTATIC == "true": the daemon is its own dockerinit (None: cannot tell)."""
        iamstatic = self.value("IAMSTATIC")
        return None if iamstatic is None else iamstatic == "true"

    def initpath(self, env_value: str) -> tuple[str, str]:
        """``(INITPATH, where it came from)``: the baked value; the environment's
        ``DOCKER_INITPATH`` only when the baked one cannot be read."""
        baked = self.value("INITPATH")
        if baked is not None:
            note = f"baked INITPATH {baked!r}" if baked else "no INITPATH baked in"
            if env_value and env_value != baked:
                note += f" (DOCKER_INITPATH={env_value} in this environment is not used)"
            return baked, note
        if env_value:
            return env_value, (
                f"DOCKER_INITPATH={env_value} from the environment (the daemon's baked "
                "INITPATH cannot be read: no symbol table)"
            )
        return "", "INITPATH unknown (no symbol table) and DOCKER_INITPATH unset"

    def accepts(self, ctx: CheckContext, init: Path, shown: str) -> tuple[bool | None, str]:
        """``isValidDockerInitPath``: would the daemon take ``init``, and why (None when
        a stripped static daemon leaves it open)."""
        if self.own_init:
            return False, f"{self.shown} is built static (IAMSTATIC=true) and runs only itself"
        try:
            actual = ctx.memo(("artifacts", "sha1", str(init)), lambda: sha1_of(init))
        except OSError as error:
            return False, f"{shown} cannot be read: {error.strerror}"
        wanted = self.value("INITSHA1")
        if wanted is not None:
            if not wanted:
                return False, (
                    f"{self.shown} was built without INITSHA1 (not by make.sh dynbinary), "
                    "so Docker 1.5 accepts no dockerinit"
                )
            if actual == wanted:
                return True, f"SHA-1 of {shown} equals the daemon's INITSHA1 {wanted}"
            return False, (
                f"SHA-1 of {shown} is {actual}, the daemon's INITSHA1 is {wanted}: "
                "the daemon refuses it"
            )
        key = ("artifacts", "contains", str(self.path), actual)
        if ctx.memo(key, lambda: contains(self.path, actual.encode("ascii"))):
            return True, f"SHA-1 of {shown} ({actual}) is baked into {self.shown} as INITSHA1"
        if self.info.is_static:
            return None, (
                f"SHA-1 of {shown} ({actual}) is not in {self.shown}; a stripped static daemon "
                "may be its own dockerinit (IAMSTATIC cannot be read)"
            )
        return False, (
            f"SHA-1 of {shown} ({actual}) is not baked into {self.shown}: the daemon refuses it"
        )


@dataclass
class Search:
    """The walk of ``DockerInitPath``: each place tried and what became of it."""

    tried: list[str] = field(default_factory=list)
    chosen: tuple[str, Path] | None = None
    undecided: list[tuple[str, Path]] = field(default_factory=list)
    first_hit: tuple[str, Path] | None = None
    unseen: list[str] = field(default_factory=list)
    not_executable: list[str] = field(default_factory=list)


def walk(
    ctx: CheckContext, daemon: DaemonBuild, places: Sequence[tuple[str, Path | None]]
) -> Search:
    """Try ``places`` (``(as the host names it, where to read it or None)``) in order,
    as ``DockerInitPath`` does, stopping at the first valid one."""
    search = Search()
    for shown, local in places:
        if local is None:
            search.tried.append(f"{shown}: not looked at (outside the files given)")
            search.unseen.append(shown)
            continue
        refused = look_path(local)
        if refused:
            search.tried.append(f"{shown}: {refused}")
            if refused == NOT_EXECUTABLE:
                search.not_executable.append(shown)
            continue
        if search.first_hit is None:
            search.first_hit = (shown, local)
        accepted, why = daemon.accepts(ctx, local, shown)
        search.tried.append(f"{shown}: {why}")
        if accepted:
            search.chosen = (shown, local)
            return search
        if accepted is None:
            search.undecided.append((shown, local))
    return search
