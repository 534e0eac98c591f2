"""Replace a file in one step: readers see the old file or the whole new one, never half.

Every output of the project (manifest, reports, the runner zip) is written this way. Pure
Python: the runner uses it on bare hosts.

Only a regular file (or a name that does not exist yet) is replaced. A symbolic link is
followed and the file it leads to is replaced, so the link stays a link. Anything else at
the path (a device such as ``/dev/full``, a FIFO, a socket, a directory) is refused with
:class:`OutputRefused` and left as it was: renaming over it would destroy it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .bounded_read import file_kind

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import IO, Any, Callable


def _new_file_mode(target: Path) -> int:
    # mkstemp creates 0600 files; the result should get the mode any new file gets here
    # (or keep the mode of the file it replaces).
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class OutputRefused(OSError):
    """An output path that names something other than a regular file; nothing was written."""

    def __init__(self, path: Path | str, kind: str) -> None:
        super().__init__(
            errno.EINVAL,
            f"is {kind}; an output must be a regular file or a new file name",
            str(path),
        )


def output_target(path: Path | str) -> Path:
    """The file that writing ``path`` replaces: ``path`` itself, or where its symbolic
    links lead. Raises :class:`OutputRefused` when that is not a regular file."""
    target = Path(os.path.realpath(path))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target  # a new file (or a dangling link's target) is created
    kind = file_kind(mode)
    if kind is not None:
        raise OutputRefused(path, kind)
    return target


def write_atomic(
    path: Path | str,
    produce: Callable[[IO[Any]], object],
    binary: bool = False,
    mode: int | None = None,
) -> None:
    """Let ``produce`` write a temporary file beside ``path``, then move it over ``path``.

    On any failure (even KeyboardInterrupt) the temporary file is removed and ``path`` is
    left as it was. ``mode`` defaults to the replaced file's mode, or the umask's. A link
    at ``path`` is followed; anything but a regular file there raises
    :class:`OutputRefused`, and nothing is written.
    """
    import tempfile  # here: a run that writes only to stdout need not import it

    target = output_target(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        stream: IO[Any]
        if binary:
            stream = os.fdopen(handle, "wb")
        else:
            stream = os.fdopen(handle, "w", encoding="utf-8", newline="\n")
        with stream:
            produce(stream)
            stream.flush()
            os.fchmod(stream.fileno(), _new_file_mode(target) if mode is None else mode)
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path | str, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, ``\\n`` line ends) in one step."""
    write_atomic(path, lambda stream: stream.write(text))


def write_bytes_atomic(path: Path | str, data: bytes, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` in one step (``mode`` as :func:`write_atomic`)."""
    write_atomic(path, lambda stream: stream.write(data), binary=True, mode=mode)
