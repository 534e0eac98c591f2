"""Bytecode for the runner to carry: taken from Python's own cache when it is current.

Python cannot cache bytecode inside a zip, so :mod:`.carry` puts ``x.pyc`` beside each
``x.py``, where zipimport looks first. Compiling them all took most of the time of
building ``reqcheck.pyz``; yet an installed package already has them in its
``__pycache__`` (pip writes them at install time, and import writes them on first use).
:func:`carried_pyc` takes the cached code when Python's import system would (same magic
number, and the source's modification time and size, or its hash, recorded in the
header), and can unmarshal it; otherwise it compiles the source, and stores the result in
the cache where import would, unless Python is told not to write bytecode.

The ``.pyc`` it returns carries an *unchecked* source hash: zipimport would otherwise
compare each source's time in the zip with the one recorded when compiled. Another
Python version's zipimport finds the magic number wrong and compiles the ``.py`` instead.
"""

from __future__ import annotations

import importlib.util
import marshal
import sys
from pathlib import Path
from types import CodeType

from .atomic import write_bytes_atomic

# The header's flags word (PEP 552): 0 = timestamp-based; bit 0 = hash-based, bit 1 =
# check the source. Ours: hash-based, never checked.
_TIMESTAMP = 0
_HASH_BASED = 0b01
_HEADER_SIZE = 16
_UINT32 = 0xFFFFFFFF


def _word(value: int) -> bytes:
    return (value & _UINT32).to_bytes(4, "little")


def _header(flags: int, rest: bytes) -> bytes:
    return importlib.util.MAGIC_NUMBER + _word(flags) + rest


def _cached_code(cached: bytes, source: bytes, mtime: int) -> bytes | None:
    """The marshalled code in ``cached`` if import would take it for ``source``, else None."""
    if len(cached) < _HEADER_SIZE or cached[:4] != importlib.util.MAGIC_NUMBER:
        return None
    flags = int.from_bytes(cached[4:8], "little")
    if flags == _TIMESTAMP:
        current = cached[8:16] == _word(mtime) + _word(len(source))
    elif flags & _HASH_BASED:
        current = cached[8:16] == importlib.util.source_hash(source)
    else:
        current = False
    code = cached[_HEADER_SIZE:]
    try:
        current = current and isinstance(marshal.loads(code), CodeType)
    except (ValueError, EOFError, TypeError):
        current = False  # a damaged cache file: compile again
    return code if current else None


def _remember(path: Path, mtime: int, size: int, code: bytes) -> None:
    """Store freshly compiled code where import looks for it (a timestamp-based pyc)."""
    if sys.dont_write_bytecode:
        return
    cache = Path(importlib.util.cache_from_source(str(path)))
    pyc = _header(_TIMESTAMP, _word(mtime) + _word(size)) + code
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(cache, pyc)
    except OSError:
        pass  # a read-only installation: the next build compiles again, as import would


def carried_pyc(source: bytes, filename: str, read_from: Path | None, mtime: int = 0) -> bytes:
    """The ``.pyc`` to carry for ``source``, read from file ``read_from`` (modified at
    ``mtime``), or from nowhere (None: a module that exists only in the zip). Code compiled
    here has ``filename`` as its file name, as import gives the source's path."""
    code: bytes | None = None
    if read_from is not None:
        try:
            cached = Path(importlib.util.cache_from_source(str(read_from))).read_bytes()
        except (OSError, ValueError, NotImplementedError):
            cached = b""  # none yet, or this Python keeps no bytecode cache
        code = _cached_code(cached, source, mtime)
    if code is None:
        code = marshal.dumps(compile(source, filename, "exec", dont_inherit=True))
        if read_from is not None:
            _remember(read_from, mtime, len(source), code)
    return _header(_HASH_BASED, importlib.util.source_hash(source)) + code
