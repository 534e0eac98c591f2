"""Writing to the standard streams: echoed probe output, text a terminal may not encode,
and output that can no longer be written."""

from __future__ import annotations

import contextlib
import os
import threading

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import TextIO


class Echo:
    """``-v``: print each line a probe writes, prefixed with its command, as it comes."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.lock = threading.Lock()

    def __call__(self, argv: tuple[str, ...], chunk: bytes) -> None:
        line = chunk.decode("utf-8", errors="replace").rstrip("\n")
        with self.lock:
            self.stream.write(f"[{' '.join(argv)}] {line}\n")
            self.stream.flush()


def discard_unwritten(stream: TextIO) -> None:
    """Point ``stream``'s file at /dev/null, so output it still holds goes nowhere quietly."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())


def write_text(stream: TextIO, text: str) -> None:
    """Write ``text``; characters the stream's encoding lacks are escaped, not fatal."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        text = text.encode(encoding, "backslashreplace").decode(encoding, "replace")
    stream.write(text)
