"""Outputs are replaced in one step, with the mode a new file would get."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sphinx_reqcheck.atomic import write_atomic, write_text_atomic


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_gets_the_umask_mode_not_mkstemps_0600(tmp_path: Path) -> None:
    # Before the shared writer, the manifest came out 0600 (mkstemp's mode).
    old_umask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "manifest.json", "{}\n")
    finally:
        os.umask(old_umask)
    assert mode_of(tmp_path / "manifest.json") == 0o644


def test_replaced_file_keeps_its_mode_and_an_explicit_mode_wins(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_text_atomic(target, "new")
    assert (target.read_text(), mode_of(target)) == ("new", 0o640)
    write_atomic(target, lambda stream: stream.write(b"#!"), binary=True, mode=0o755)
    assert (target.read_bytes(), mode_of(target)) == (b"#!", 0o755)


def test_failure_while_writing_keeps_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "results.json"
    target.write_text("complete old report")

    def half_then_crash(stream: object) -> None:
        stream.write("half a rep")  # type: ignore[attr-defined]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, half_then_crash)
    assert target.read_text() == "complete old report"
    assert [path.name for path in tmp_path.iterdir()] == ["results.json"]
