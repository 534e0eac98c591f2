"""Bytecode for the runner zip: Python's cached code when import would take it, otherwise
compiled here; always carried as an unchecked hash-based ``.pyc``."""

from __future__ import annotations

import importlib.util
import marshal
import os
import py_compile
import sys
from pathlib import Path
from types import CodeType

import pytest

from sphinx_reqcheck.bytecode import carried_pyc


@pytest.fixture
def module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A module ``VALUE = 1``, whose bytecode cache is under the test's directory."""
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "pycache"))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    path = tmp_path / "module.py"
    path.write_bytes(b"VALUE = 1\n")
    return path


def cache_of(path: Path) -> Path:
    return Path(importlib.util.cache_from_source(str(path)))


def carried(path: Path) -> tuple[bytes, CodeType]:
    """The carried .pyc's header, and its code."""
    source = path.read_bytes()
    pyc = carried_pyc(source, "compiled-here", path, int(path.stat().st_mtime))
    return pyc[:16], marshal.loads(pyc[16:])


def value_of(code: CodeType) -> object:
    namespace: dict[str, object] = {}
    exec(code, namespace)
    return namespace["VALUE"]


def test_the_carried_pyc_has_an_unchecked_hash_of_its_source(module: Path) -> None:
    header, code = carried(module)
    assert header[:4] == importlib.util.MAGIC_NUMBER
    assert int.from_bytes(header[4:8], "little") == 0b01  # hash-based, not checked
    assert header[8:] == importlib.util.source_hash(module.read_bytes())
    assert value_of(code) == 1


@pytest.mark.parametrize(
    "mode",
    [
        py_compile.PycInvalidationMode.TIMESTAMP,
        py_compile.PycInvalidationMode.CHECKED_HASH,
        py_compile.PycInvalidationMode.UNCHECKED_HASH,
    ],
)
def test_current_cached_code_is_taken(module: Path, mode: py_compile.PycInvalidationMode) -> None:
    py_compile.compile(str(module), dfile="from-the-cache", invalidation_mode=mode)
    _, code = carried(module)
    assert code.co_filename == "from-the-cache"


@pytest.mark.parametrize(
    "mode",
    [py_compile.PycInvalidationMode.TIMESTAMP, py_compile.PycInvalidationMode.UNCHECKED_HASH],
)
def test_cached_code_of_an_older_source_is_not_taken(
    module: Path, mode: py_compile.PycInvalidationMode
) -> None:
    py_compile.compile(str(module), dfile="from-the-cache", invalidation_mode=mode)
    module.write_bytes(b"VALUE = 22\n")
    os.utime(module, (1_000_000_000, 1_000_000_000))  # another time, whatever the clock
    _, code = carried(module)
    assert (code.co_filename, value_of(code)) == ("compiled-here", 22)


def test_a_damaged_cache_file_is_compiled_again(module: Path) -> None:
    py_compile.compile(str(module), dfile="from-the-cache")
    cache = cache_of(module)
    cache.write_bytes(cache.read_bytes()[:-3])
    _, code = carried(module)
    assert (code.co_filename, value_of(code)) == ("compiled-here", 1)


def test_another_pythons_cache_file_is_not_taken(module: Path) -> None:
    py_compile.compile(str(module), dfile="from-the-cache")
    cache = cache_of(module)
    cache.write_bytes(b"\x00\x00\r\n" + cache.read_bytes()[4:])
    _, code = carried(module)
    assert code.co_filename == "compiled-here"


def test_compiled_code_is_cached_where_import_finds_it(
    module: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    carried(module)
    assert not cache_of(module).exists()  # Python was told not to write bytecode
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    carried(module)
    assert cache_of(module).exists()
    _, code = carried(module)
    assert code.co_filename == "compiled-here"
    # with the header py_compile (and import) would write for this source
    reference = Path(py_compile.compile(str(module), cfile=str(module.with_suffix(".ref"))))
    assert cache_of(module).read_bytes()[:16] == reference.read_bytes()[:16]


def test_a_module_only_in_the_zip_is_compiled(module: Path) -> None:
    pyc = carried_pyc(b"VALUE = 3\n", "__main__.py", None)
    assert value_of(marshal.loads(pyc[16:])) == 3
