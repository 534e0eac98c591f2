"""Starting a probe's process, and reaping it, without the ``subprocess`` module.

``subprocess`` and what it imports (``locale``, ``selectors``...) cost a run about 13
million instructions (7 ms on the machine the targets were measured on) before its first
check, and ``Popen`` adds its own work to every probe. A probe needs a
small part of it, and ``os.posix_spawn`` gives that part. The tool starts as
``subprocess.Popen(argv, stdin=DEVNULL, stdout=PIPE, stderr=PIPE, env=env,
start_new_session=True)`` started it:

- standard input is ``/dev/null``, output and errors go into two pipes;
- it leads a new session, so that a timeout kills its whole process group;
- SIGPIPE and SIGXFSZ are back to their defaults (Python ignores them; ``Popen``'s
  ``restore_signals``), so a tool writing into a closed pipe ends as it would from a shell;
- it gets no other descriptor (``close_fds``): the runner's own are close-on-exec
  (PEP 446), and any the runner inherited open across exec is closed in the child.

A tool that cannot be started raises ``OSError`` here, with the errno ``Popen`` gave.
``setsid`` needs a C library with ``POSIX_SPAWN_SETSID`` (glibc since 2.26, musl since
1.1.24); a Python built without it raises ``NotImplementedError``, which becomes an
``OSError`` too, so that each probe is a verdict with that reason, not a crash.
"""

from __future__ import annotations

import errno
import os
import signal
import time
from collections.abc import Mapping, Sequence

# Signals Python ignores that a started program expects at their defaults.
_RESTORED_SIGNALS = (signal.SIGPIPE, signal.SIGXFSZ)
_OPEN_MAX = 1024  # descriptors looked at where /proc/self/fd cannot be listed


class Child:
    """A started process: its pid and, once reaped, its exit status (negative: the
    signal that ended it, as ``Popen.returncode``)."""

    __slots__ = ("pid", "returncode")

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """The exit status if the process has ended (reaping it), else None."""
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the process ended within ``timeout`` seconds (None: wait for it)."""
        if timeout is None:
            if self.returncode is None:
                self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
            return True
        deadline = time.monotonic() + timeout
        delay = 0.0005  # Popen.wait's own polling: short naps, doubling up to 50 ms
        while self.poll() is None:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(delay, left))
            delay = min(delay * 2, 0.05)
        return True

    def kill(self) -> None:
        """SIGKILL, unless the process was reaped already (its pid may be another's)."""
        if self.returncode is None:
            os.kill(self.pid, signal.SIGKILL)


def _inherited_descriptors() -> list[int]:
    """Descriptors above 2 that an exec would pass on: ones this process inherited open
    across exec, or was given so (its own are created close-on-exec)."""
    try:
        candidates = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:  # a chroot without /proc
        candidates = list(range(3, _OPEN_MAX))
    inherited = []
    for fd in candidates:
        if fd > 2:
            try:
                if os.get_inheritable(fd):
                    inherited.append(fd)
            except OSError:  # not open (or the directory listing's own, closed since)
                continue
    return inherited


def spawn(argv: Sequence[str], env: Mapping[str, str]) -> tuple[Child, int, int]:
    """Start ``argv`` (``argv[0]`` a path, not looked up) with exactly ``env``; return the
    child and the read ends of its standard output and error pipes, for the caller to
    read and close. Raise ``OSError`` when it cannot be started."""
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_DUP2, out_write, 1),
        (os.POSIX_SPAWN_DUP2, err_write, 2),
        *((os.POSIX_SPAWN_CLOSE, fd) for fd in _inherited_descriptors()),
    ]
    try:
        pid = os.posix_spawn(
            argv[0],
            list(argv),
            dict(env),
            file_actions=actions,
            setsid=True,
            setsigdef=_RESTORED_SIGNALS,
        )
    except BaseException as error:
        os.close(out_read)
        os.close(err_read)
        if isinstance(error, NotImplementedError):
            message = f"this Python cannot start a tool ({error})"
            raise OSError(errno.ENOSYS, message) from error
        raise
    finally:
        os.close(out_write)
        os.close(err_write)
    return Child(pid), out_read, err_read
