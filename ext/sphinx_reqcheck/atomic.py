"""Replace a file in one step: readers see the old file or the whole new one, never half.

Every output of the project (manifest, reports, the runner zip) is written this way. Pure
Python: the runner uses it on bare hosts.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
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


def write_atomic(
    path: Path | str,
    produce: Callable[[IO[Any]], object],
    binary: bool = False,
    mode: int | None = None,
) -> None:
    """Let ``produce`` write a temporary file beside ``path``, then move it over ``path``.

    On any failure (even KeyboardInterrupt) the temporary file is removed and ``path`` is
    left as it was. ``mode`` defaults to the replaced file's mode, or the umask's.
    """
    import tempfile  # here: a run that writes only to stdout need not import it

    target = Path(path)
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
