"""Reading an input file that may be hostile: never blocks, never reads without a cap.

Every file the project reads as input (a manifest, a results file, a kernel configuration,
a file under ``--root``) comes through :func:`read_regular_file`: it opens the file without
blocking (a FIFO given as a manifest would otherwise wait for a writer for ever), checks
its type before reading anything (``/dev/zero`` or ``/dev/urandom`` never end), and stops
one byte past the cap. Pure Python: both wings use it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MIB = 1 << 20
MANIFEST_LIMIT = 256 * MIB  # a manifest or a results file
KERNEL_CONFIG_LIMIT = 64 * MIB  # a kernel configuration, after unpacking gzip

_DIRECTORY = "a directory"
_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileRefused(OSError):
    """A file that is not read: not a regular file, or larger than the cap.

    An ``OSError`` whose ``strerror`` says why, so callers that report
    ``error.strerror`` for a missing or unreadable file need nothing new.
    """

    def __init__(self, path: Path | str, reason: str, code: int = errno.EINVAL) -> None:
        super().__init__(code, reason, str(path))


def size_label(limit: int) -> str:
    """``256 MiB`` for a cap in bytes."""
    return f"{limit // MIB} MiB" if limit >= MIB and limit % MIB == 0 else f"{limit} bytes"


def file_kind(mode: int) -> str | None:
    """What a non-regular file is (``a FIFO (named pipe)``...); None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return _DIRECTORY
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def read_regular_file(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises :class:`FileRefused` for a FIFO, device, socket or directory (without waiting
    on it) or for a file longer than ``limit``, and ``OSError`` when it cannot be opened.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)
    try:
        kind = file_kind(os.fstat(descriptor).st_mode)
    except BaseException:
        os.close(descriptor)
        raise
    if kind is not None:
        os.close(descriptor)
        if kind == _DIRECTORY:  # the words the system itself uses
            raise FileRefused(path, os.strerror(errno.EISDIR), errno.EISDIR)
        raise FileRefused(path, f"is {kind}, not a regular file")
    with open(descriptor, "rb", closefd=True) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(path, f"is larger than {size_label(limit)}, the most this reads")
    return data
