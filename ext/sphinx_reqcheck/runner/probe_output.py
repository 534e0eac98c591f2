"""Reading a probe's output while it runs, in the thread that started it.

Both pipes and the process itself (a pidfd, on Linux 5.3 and later) are polled in one
loop, as ``Popen.communicate`` does, rather than by two reader threads per probe: a
handbook run starts a dozen probes, and each pair of threads cost about half a millisecond
to start and to hand the interpreter back and forth. The loop keeps the first
``OUTPUT_LIMIT`` bytes of each stream, reads and drops the rest (a tool is never blocked
on a full pipe), and under ``-v`` echoes every line as it comes, as ``readline(65536)``
cuts it.
"""

from __future__ import annotations

import os
import select
import time

from .spawn import Child

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Callable

OUTPUT_LIMIT = 1 << 20  # bytes kept per stream; the rest is read and dropped
ECHO_LINE = 65536  # the longest piece of one line echoed at once
KILL_GRACE = 2.0  # seconds to wait for a killed group, and for output after an exit
_CHUNK = 65536
_POLL_SLICE = 0.05  # seconds between looks at the process where no pidfd tells its end


class Output:
    """One stream of a probe: what was kept, whether more came, the line being echoed."""

    def __init__(self, fd: int, echo: Callable[[bytes], None] | None) -> None:
        self.fd = fd
        self.kept: list[bytes] = []
        self.size = 0
        self.echo = echo
        self._line = b""

    @property
    def truncated(self) -> bool:
        """More came than was kept."""
        return self.size > OUTPUT_LIMIT

    def take(self, data: bytes) -> None:
        """Keep what fits of ``data`` and echo its complete lines."""
        if self.size < OUTPUT_LIMIT:
            self.kept.append(data[: OUTPUT_LIMIT - self.size])
        self.size += len(data)
        if self.echo is not None:
            self._echo(self._line + data)

    def end(self) -> None:
        """The stream ended: echo the last line, if it had no newline."""
        if self.echo is not None and self._line:
            self.echo(self._line)
        self._line = b""

    def _echo(self, data: bytes) -> None:
        assert self.echo is not None
        start = 0
        while True:
            newline = data.find(b"\n", start, start + ECHO_LINE)
            if newline < 0 and len(data) - start < ECHO_LINE:
                break
            stop = newline + 1 if newline >= 0 else start + ECHO_LINE
            self.echo(data[start:stop])
            start = stop
        self._line = data[start:]


def _pidfd(process: Child) -> int | None:
    try:
        return os.pidfd_open(process.pid)
    except (AttributeError, OSError):  # not Linux, an old kernel, or seccomp says no
        return None


def collect(process: Child, outputs: list[Output], timeout: float) -> bool:
    """Read ``outputs`` until the process has ended and they are closed; False when the
    process outlived ``timeout`` seconds (its group is then killed, and what it wrote is
    kept). Output still open ``KILL_GRACE`` seconds after the end (a background child
    holding the pipe) is left unread."""
    open_ = {output.fd: output for output in outputs}
    poller = select.poll()
    for fd in open_:
        poller.register(fd, select.POLLIN)

    def read(fd: int) -> None:
        data = os.read(fd, _CHUNK)
        if data:
            open_[fd].take(data)
        else:
            poller.unregister(fd)
            open_.pop(fd).end()

    pidfd = _pidfd(process)
    if pidfd is not None:
        poller.register(pidfd, select.POLLIN)
    ended = False
    try:
        limit = time.monotonic() + timeout
        while not ended and (left := limit - time.monotonic()) > 0:
            if pidfd is None:  # look at the process now and then
                if not open_:
                    ended = process.wait(left)
                    break
                ended = process.poll() is not None
                left = min(left, _POLL_SLICE)
            for fd, _event in poller.poll(left * 1000):
                if fd == pidfd:
                    ended = True
                else:
                    read(fd)
        if pidfd is not None:
            poller.unregister(pidfd)  # readable from now on: it would wake every poll
        if not ended:
            _kill_group(process)
        limit = time.monotonic() + KILL_GRACE
        while open_ and (left := limit - time.monotonic()) > 0:
            for fd, _event in poller.poll(left * 1000):
                read(fd)
    finally:
        if pidfd is not None:
            os.close(pidfd)
    if ended:
        process.wait()  # it has ended: this only collects the exit status
    return ended


def _kill_group(process: Child) -> None:
    try:
        os.killpg(process.pid, 9)
    except OSError:
        process.kill()
    process.wait(KILL_GRACE)
