"""All access to the inspected host goes through :class:`Host`.

A ``Host`` runs commands (argv lists, never a shell) with a fixed environment, a timeout
and an output cap, and reads files under an optional root directory. It never writes.
Tests point it at a fake root and a temporary PATH of fake tools.

``-v`` tees each probe's output through the ``echo`` callback from Host's own reading
loop (:mod:`.probe_output`), not through ``subprocess_tee.run`` (0.4.x): that has no
timeout and hides the process, so a hung tool blocks the run for ever; it decodes each
line strictly as UTF-8 inside its reader task, so one bad byte ends the reading (the
output is silently lost, and after more than 16 MB the tool blocks on a full pipe and the
run hangs); a line longer than its 8 MB reader limit does the same; and it prints with
``print()``.
tests/runner/test_host_tee.py pins each of these cases for Host.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..bounded_read import read_regular_file
from ..records import dataclass
from .probe_output import OUTPUT_LIMIT, Output, collect
from .spawn import Child, spawn

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Callable

DEFAULT_TIMEOUT = 10.0
FILE_LIMIT = 64 << 20  # bytes read from one file at most
EVIDENCE_LINE = 500  # characters of one line of a tool's output shown in a report
_MAX_LINKS = 40  # symbolic links followed in one path, as Linux's own limit
# The root of a run without --root. Made once: a look-up asks whether it is the root, and
# a Path made for each question cost more than the question (PATH look-ups ask hundreds).
SYSTEM_ROOT = Path("/")


@dataclass(frozen=True)
class ProbeResult:
    """What one command did: its exit status and output, or why it could not run."""

    argv: tuple[str, ...]
    returncode: int | None
    stdout: str
    stderr: str
    error: str | None = None
    truncated: bool = False
    undecodable: bool = False
    missing: bool = False  # the command is not on the search path: the tool is absent

    @property
    def ok(self) -> bool:
        """The command ran to completion (whatever its exit status)."""
        return self.error is None

    @property
    def output(self) -> str:
        """Standard output followed by standard error."""
        if self.stdout and self.stderr and not self.stdout.endswith("\n"):
            return self.stdout + "\n" + self.stderr
        return self.stdout + self.stderr

    def evidence(self, max_lines: int = 12) -> str:
        """The command, its exit status and the first lines it printed, for a report."""
        lines = [f"$ {' '.join(self.argv)}"]
        if self.error:
            lines.append(f"({self.error})")
        else:
            lines.append(f"(exit status {self.returncode})")
        printed = self.output.splitlines()
        lines.extend(_clip(line) for line in printed[:max_lines])
        if len(printed) > max_lines:
            lines.append(f"... ({len(printed) - max_lines} more lines)")
        if self.truncated:
            lines.append(f"(output cut at {OUTPUT_LIMIT} bytes)")
        if self.undecodable:
            lines.append("(output was not valid UTF-8; bad bytes replaced)")
        return "\n".join(lines)


def _clip(line: str, keep: int = EVIDENCE_LINE) -> str:
    """One line of evidence, cut to ``keep`` characters (a tool may print a megabyte)."""
    return line if len(line) <= keep else f"{line[:keep]}... ({len(line) - keep} more characters)"


def _decode(output: Output) -> tuple[str, bool]:
    """``(text, undecodable)`` of what was kept of one stream."""
    data = b"".join(output.kept)
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), True


def resolve_in_root(root: Path, host_path: str) -> Path:
    """The file ``host_path`` names under ``root``, as a process chrooted there sees it.

    Every path read under ``--root`` comes through here (files, PATH look-ups, the kernel
    configuration search, /proc, cgroup mounts, installed artifacts). Symbolic links are
    followed inside the root: an absolute target starts again at the root, and ``..``
    stops at the root, so a link that leaves the root is followed as if the root were
    ``/``. The result never names a file outside ``root`` and holds no link that leads
    out of it. Raises ``OSError`` (ELOOP) after 40 links, where Linux gives up too.
    """
    if root == SYSTEM_ROOT:
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
        if local.is_symlink():
            if hops >= _MAX_LINKS:
                raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), host_path)
            hops += 1
            target = os.readlink(local)
            if target.startswith("/"):
                resolved = []
            parts = [piece for piece in target.split("/") if piece] + parts
            continue
        resolved.append(part)
    return root.joinpath(*resolved)


class Host:
    """The machine (or root directory) being inspected, read-only."""

    def __init__(
        self,
        root: Path | None = None,
        path: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        echo: Callable[[tuple[str, ...], bytes], None] | None = None,
    ) -> None:
        self.root = Path(root) if root is not None else SYSTEM_ROOT
        self.search_path = path if path is not None else os.environ.get("PATH", os.defpath)
        self.timeout = timeout
        self.echo = echo

    # -- files -----------------------------------------------------------------------

    def path(self, host_path: str) -> Path:
        """Where ``host_path`` (an absolute path on the host) is under the root, with
        every symbolic link on the way resolved inside the root (see :func:`resolve_in_root`)."""
        return resolve_in_root(self.root, str(host_path))

    def _found(self, host_path: str) -> tuple[Path, int] | None:
        """Where the path is under the root and its mode, if it exists."""
        try:
            local = self.path(host_path)
            return local, local.stat().st_mode
        except (OSError, ValueError):  # missing, a link loop, a NUL in the name
            return None

    def _mode(self, host_path: str) -> int | None:
        found = self._found(host_path)
        return None if found is None else found[1]

    def exists(self, host_path: str) -> bool:
        """True if the path exists under the root."""
        return self._mode(host_path) is not None

    def is_file(self, host_path: str) -> bool:
        """True if the path is a regular file (after links) under the root."""
        mode = self._mode(host_path)
        return mode is not None and stat.S_ISREG(mode)

    def is_dir(self, host_path: str) -> bool:
        """True if the path is a directory under the root."""
        mode = self._mode(host_path)
        return mode is not None and stat.S_ISDIR(mode)

    def is_executable(self, host_path: str) -> bool:
        """True if the path is a file the current user may execute."""
        found = self._found(host_path)
        return found is not None and stat.S_ISREG(found[1]) and os.access(found[0], os.X_OK)

    def read_bytes(self, host_path: str, limit: int = FILE_LIMIT) -> bytes:
        """Read a regular file under the root, of at most ``limit`` bytes; raises
        ``OSError`` (with ``strerror``) on failure, without blocking on a FIFO or device."""
        return read_regular_file(self.path(host_path), limit)

    def read_text(self, host_path: str, limit: int = FILE_LIMIT) -> str:
        """Read a text file; undecodable bytes are replaced, never fatal."""
        return self.read_bytes(host_path, limit).decode("utf-8", errors="replace")

    # -- the running system ---------------------------------------------------------------

    def uname(self) -> tuple[str, str, str]:
        """``(system, release, machine)`` of the running kernel, e.g. Linux, 6.1.0, x86_64."""
        info = os.uname()  # what platform.uname() reports on Linux, without its import
        return info.sysname, info.release, info.machine

    def which(self, name: str) -> str | None:
        """The first executable called ``name`` on the search path (under the root)."""
        if "/" in name:
            return name if self.is_executable(name) else None
        for directory in self.search_path.split(os.pathsep):
            if directory and self.is_executable(os.path.join(directory, name)):
                return os.path.join(directory, name)
        return None

    def _not_found(self, name: str) -> str:
        """Why ``name`` cannot be run, naming a non-executable file that shadows it."""
        blocked = [
            os.path.join(directory, name)
            for directory in ([""] if "/" in name else self.search_path.split(os.pathsep))
            if (directory or "/" in name) and self.exists(os.path.join(directory, name))
        ]
        if blocked:
            return f"{name}: not found on PATH ({blocked[0]} exists but is not an executable file)"
        return f"{name}: not found on PATH"

    def run(
        self, argv: Sequence[str], timeout: float | None = None, env: Mapping[str, str] = {}
    ) -> ProbeResult:
        """Run a command read-only: no shell, ``LC_ALL=C``, bounded in time and output."""
        args = tuple(argv)
        found = self.which(args[0])
        if found is None:
            return ProbeResult(args, None, "", "", error=self._not_found(args[0]), missing=True)
        environment = {"PATH": self.search_path, "LC_ALL": "C", "LANG": "C", **env}
        try:
            process, stdout, stderr = spawn([str(self.path(found)), *args[1:]], environment)
        except OSError as error:
            return ProbeResult(args, None, "", "", error=f"{args[0]}: {error.strerror}")
        try:
            return self._collect(
                args, process, (stdout, stderr), self.timeout if timeout is None else timeout
            )
        finally:
            os.close(stdout)
            os.close(stderr)

    def _collect(
        self, args: tuple[str, ...], process: Child, pipes: tuple[int, int], timeout: float
    ) -> ProbeResult:
        echo = (lambda chunk: self.echo(args, chunk)) if self.echo else None  # type: ignore[misc]
        out, err = Output(pipes[0], echo), Output(pipes[1], echo)
        ended = collect(process, [out, err], timeout)
        stdout, bad_out = _decode(out)
        stderr, bad_err = _decode(err)
        return ProbeResult(
            args,
            process.returncode if ended else None,
            stdout,
            stderr,
            error=None if ended else f"timed out after {timeout:g} s",
            truncated=out.truncated or err.truncated,
            undecodable=bad_out or bad_err,
        )
