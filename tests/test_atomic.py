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


def test_a_link_is_followed_and_its_target_replaced(tmp_path: Path) -> None:
    real = tmp_path / "reports" / "today.txt"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "latest.txt"
    link.symlink_to(real)
    write_text_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def _device_like_dev_full(path: Path) -> Path:
    # A character device node of our own (1, 7 is /dev/full): refusing it must leave it.
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    return path


@pytest.mark.parametrize("kind", ["fifo", "device", "socket", "directory"])
def test_anything_but_a_regular_file_is_refused_and_left_as_it_was(
    tmp_path: Path, kind: str
) -> None:
    import socket

    target = tmp_path / "out"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        _device_like_dev_full(target)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
        server.close()
    else:
        target.mkdir()
    before = target.lstat()
    with pytest.raises(OSError, match="an output must be a regular file"):
        write_text_atomic(target, "report")
    after = target.lstat()
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]


def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    device = _device_like_dev_full(tmp_path / "full")
    link = tmp_path / "report.txt"
    link.symlink_to(device)
    with pytest.raises(OSError, match="is a character device"):
        write_text_atomic(link, "report")
    assert stat.S_ISCHR(device.lstat().st_mode) and link.is_symlink()
