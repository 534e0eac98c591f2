"""Run a command through ``subprocess_tee.run``, bounded by a deadline.

``subprocess_tee.run`` (0.4) streams a command's output line by line while capturing it,
which is what ``reqcheck fleet`` (driving ``ansible-playbook``) and ``-D reqcheck_run=1``
(driving the runner) want: the user sees progress live and the caller keeps the text.
It has no timeout, hands out no process, and passes only ``cwd`` and ``env`` through to
the process it starts (no ``start_new_session``). So the command is started through a
tiny launcher that makes itself the leader of a new session, writes its pid to a file and
then ``exec``\\ s the command; a watchdog thread reads that pid and kills the whole process
group when the deadline passes (and on Ctrl-C). Some children lead groups of their own
(the runner starts each probe in a new session so that it can kill it; Ansible's workers
do the same): on Linux the watchdog finds them through ``/proc/PID/task/*/children`` and
stops every group with SIGSTOP until no new one appears, so nothing forks or escapes
while the tree is gathered, then kills them all with SIGKILL (as the runner kills a
probe). Nothing the command started outlives it.

subprocess-tee decodes each line strictly as UTF-8: both commands here print UTF-8 (the
runner is told so through ``PYTHONIOENCODING``). Should a reader still stop on a bad byte,
the command blocks on its full pipe and the deadline ends it: a timeout, never a hang.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import subprocess_tee

# Exit status of the launcher when the command cannot be started (as a shell says it).
NOT_STARTED = 127
# argv: [pid file, command...]. Runs with -I -S: nothing but os and sys is needed.
_LAUNCHER = """\
import os, sys
os.setsid()
pid_file = sys.argv[1]
with open(pid_file + ".part", "w") as out:
    out.write(str(os.getpid()))
os.replace(pid_file + ".part", pid_file)
try:
    os.execvp(sys.argv[2], sys.argv[2:])
except OSError as error:
    sys.stderr.write(f"cannot run {sys.argv[2]}: {error.strerror}\\n")
    sys.exit(127)
"""


@dataclass(frozen=True)
class TeeResult:
    """What the command did: exit status, captured output, and whether the deadline hit."""

    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool
    timeout: float


class _LineSink:
    """A file-like object for subprocess-tee: hands each complete line to ``on_line``."""

    def __init__(self, on_line: Callable[[str], None]) -> None:
        self.on_line = on_line
        self.pending = ""

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            self.on_line(line)
        return len(text)

    def flush(self) -> None:
        """Nothing is buffered beyond the current line."""


class _Watchdog:
    """Kills the command's process group at the deadline, or when asked to."""

    def __init__(self, pid_file: Path, timeout: float) -> None:
        self.pid_file = pid_file
        self.fired = False
        self.timer = threading.Timer(timeout, self.expire)
        self.timer.daemon = True

    def expire(self) -> None:
        self.fired = True
        self.kill()

    def kill(self) -> None:
        """Stop the whole tree first (so nothing forks or leaves it meanwhile), then kill it."""
        try:
            leader = int(self.pid_file.read_text(encoding="ascii"))
        except (OSError, ValueError):
            return  # the launcher has not started yet, or never will
        stopped: set[int] = set()
        while True:
            found = {leader} | {
                group for group in map(_group_of, _descendants(leader)) if group is not None
            }
            if found <= stopped:
                break
            for group in found - stopped:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(group, signal.SIGSTOP)
            stopped |= found
        for group in stopped:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux ``/proc``; elsewhere none are found)."""
    found: set[int] = set()
    waiting = [pid]
    while waiting:
        parent = waiting.pop()
        for children in Path(f"/proc/{parent}/task").glob("*/children"):
            with contextlib.suppress(OSError, ValueError):
                for child in map(int, children.read_text(encoding="ascii").split()):
                    if child not in found:
                        found.add(child)
                        waiting.append(child)
    return found


def _group_of(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None


def run_tee(
    argv: Sequence[str],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
    cwd: str | Path | None = None,
    on_stdout: Callable[[str], None] | None = None,
    on_stderr: Callable[[str], None] | None = None,
) -> TeeResult:
    """Run ``argv`` through ``subprocess_tee.run``; kill its process group after ``timeout`` s.

    Each output line goes to ``on_stdout``/``on_stderr`` as it comes (default: this
    process's stdout and stderr) and is kept in the result. Standard input is closed.
    """
    with tempfile.TemporaryDirectory(prefix="reqcheck-tee-") as scratch:
        pid_file = Path(scratch, "pid")
        launcher = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(pid_file), *argv]
        watchdog = _Watchdog(pid_file, timeout)
        options: dict[str, object] = {"stdin": subprocess.DEVNULL}
        if env is not None:
            options["env"] = dict(env)
        if cwd is not None:
            options["cwd"] = str(cwd)
        if on_stdout is not None:
            options["stdout"] = _LineSink(on_stdout)
        if on_stderr is not None:
            options["stderr"] = _LineSink(on_stderr)
        watchdog.timer.start()
        try:
            done = subprocess_tee.run(launcher, **options)
        except BaseException:
            # Ctrl-C or a failure of the tee itself: the command must not outlive us.
            watchdog.kill()
            raise
        finally:
            watchdog.timer.cancel()
        with contextlib.suppress(OSError):
            pid_file.unlink()
    return TeeResult(
        argv=tuple(argv),
        returncode=done.returncode,
        stdout=done.stdout or "",
        stderr=done.stderr or "",
        timed_out=watchdog.fired,
        timeout=timeout,
    )
