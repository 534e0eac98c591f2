"""The runner zip's base (everything but the manifest) kept between builds in a cache
directory: reused while its inputs are the same, built again when they change or when
the kept file is damaged."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Callable

import pytest

from sphinx_reqcheck.carry import (
    BASE_CACHE_NAME,
    HOST_WING,
    MANIFEST_NAME,
    PACKAGE_DIR,
    build_runner_zipapp,
    runner_base,
    runner_files,
)


def manifest(*ids: str) -> bytes:
    """A manifest of manual requirements called ``ids``."""
    requirements = [
        {
            "id": requirement_id,
            "title": f"{requirement_id} is decided by hand",
            "scope": ["policy"],
            "level": "manual",
            "check": {"kind": "manual"},
            "when": {},
            "source": {"doc": "index", "line": number},
            "url": f"index.html#req-{requirement_id}",
            "text": "",
        }
        for number, requirement_id in enumerate(ids, 1)
    ]
    data = {
        "$schema": "urn:sphinx-reqcheck:manifest:1",
        "format": 1,
        "project": "cache test",
        "version": "1",
        "requirements": requirements,
    }
    return json.dumps(data).encode()


def kept_state(cache: Path) -> tuple[int, int, bytes]:
    """What changes when the cache file is written again (it is replaced, not edited)."""
    status = cache.stat()
    return status.st_ino, status.st_mtime_ns, cache.read_bytes()


def listed_ids(pyz: Path) -> list[str]:
    """The requirement ids the runner in ``pyz`` reports, run by a Python without our
    packages on its path."""
    done = subprocess.run(
        [sys.executable, "-I", str(pyz), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return [result["id"] for result in json.loads(done.stdout)["results"]]


def test_second_build_reuses_the_kept_base_and_carries_its_own_manifest(tmp_path: Path) -> None:
    cache_dir = tmp_path / "doctrees"
    first = build_runner_zipapp(manifest("first-one"), tmp_path / "1.pyz", cache_dir=cache_dir)
    cache = cache_dir / BASE_CACHE_NAME
    kept = kept_state(cache)
    second = build_runner_zipapp(manifest("second-one"), tmp_path / "2.pyz", cache_dir=cache_dir)
    assert kept_state(cache) == kept  # neither rebuilt nor rewritten
    with zipfile.ZipFile(first) as one, zipfile.ZipFile(second) as two:
        assert two.read(MANIFEST_NAME) == manifest("second-one")
        assert two.testzip() is None
        others = sorted(set(one.namelist()) - {MANIFEST_NAME})
        assert others == sorted(set(two.namelist()) - {MANIFEST_NAME})
        assert [one.read(name) for name in others] == [two.read(name) for name in others]
    assert listed_ids(second) == ["second-one"]


def test_a_runner_from_the_kept_base_is_the_one_built_without_a_cache(tmp_path: Path) -> None:
    build_runner_zipapp(manifest("warm-up"), tmp_path / "warm.pyz", cache_dir=tmp_path)
    kept = build_runner_zipapp(manifest("a", "b"), tmp_path / "kept.pyz", cache_dir=tmp_path)
    fresh = build_runner_zipapp(manifest("a", "b"), tmp_path / "fresh.pyz")
    assert kept.read_bytes() == fresh.read_bytes()
    assert os.access(kept, os.X_OK)
    assert listed_ids(kept) == ["a", "b"]


def copy_of_host_wing(target: Path) -> Path:
    """The carried part of the package, copied where a test may edit it."""
    target.mkdir()
    for part in HOST_WING:
        source = PACKAGE_DIR / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def test_a_changed_input_builds_the_base_again(tmp_path: Path) -> None:
    package = copy_of_host_wing(tmp_path / "package")
    cache_dir = tmp_path / "doctrees"
    runner_base(runner_files(package), cache_dir)
    cache = cache_dir / BASE_CACHE_NAME
    kept = kept_state(cache)
    edited = package / "runner" / "cli.py"
    edited.write_text(edited.read_text() + "\nEDITED_HERE = True\n")
    base = runner_base(runner_files(package), cache_dir)
    assert kept_state(cache)[2] != kept[2]
    (tmp_path / "base.zip").write_bytes(base)
    with zipfile.ZipFile(tmp_path / "base.zip") as archive:
        assert b"EDITED_HERE" in archive.read("sphinx_reqcheck/runner/cli.py")
        assert b"EDITED_HERE" in archive.read("sphinx_reqcheck/runner/cli.pyc")
    # and the same inputs again find the new base kept
    kept = kept_state(cache)
    runner_base(runner_files(package), cache_dir)
    assert kept_state(cache) == kept


def truncate(cache: Path) -> None:
    cache.write_bytes(cache.read_bytes()[:-1000])


def flip_a_byte_of_the_zip(cache: Path) -> None:
    data = bytearray(cache.read_bytes())
    data[len(data) // 2] ^= 0xFF
    cache.write_bytes(bytes(data))


def empty(cache: Path) -> None:
    cache.write_bytes(b"")


def replace_the_key(cache: Path) -> None:
    first, key, rest = cache.read_bytes().split(b"\n", 2)
    cache.write_bytes(b"\n".join([first, b"0" * len(key), rest]))


def make_it_a_directory(cache: Path) -> None:
    cache.unlink()
    cache.mkdir()


@pytest.mark.parametrize(
    "damage",
    [truncate, flip_a_byte_of_the_zip, empty, replace_the_key, make_it_a_directory],
    ids=lambda damage: damage.__name__,
)
def test_a_damaged_or_mismatched_cache_is_built_again(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    cache_dir = tmp_path / "doctrees"
    fresh = build_runner_zipapp(manifest("one"), tmp_path / "fresh.pyz")
    build_runner_zipapp(manifest("one"), tmp_path / "first.pyz", cache_dir=cache_dir)
    cache = cache_dir / BASE_CACHE_NAME
    whole = cache.read_bytes()
    damage(cache)
    pyz = build_runner_zipapp(manifest("one"), tmp_path / "again.pyz", cache_dir=cache_dir)
    assert pyz.read_bytes() == fresh.read_bytes()
    if cache.is_file():  # a directory in the way is left alone; the zip is still right
        assert cache.read_bytes() == whole
    assert listed_ids(pyz) == ["one"]
