"""The carry-along runner: one zip file that runs with a bare system Python."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sphinx_reqcheck.carry import build_runner_zipapp
from sphinx_reqcheck.manifest import bundled_manifest_path

MANIFEST = {
    "$schema": "urn:sphinx-reqcheck:manifest:1",
    "format": 1,
    "project": "carry test",
    "version": "1",
    "requirements": [
        {
            "id": "sh-present",
            "title": "A POSIX shell",
            "scope": ["build"],
            "level": "required",
            "check": {"kind": "command", "names": ["sh"]},
            "when": {},
            "source": {"doc": "index", "line": 1},
            "url": "index.html#req-sh-present",
            "text": "",
        },
        {
            "id": "name-chosen",
            "title": "The package is called docker",
            "scope": ["policy"],
            "level": "manual",
            "check": {"kind": "manual"},
            "when": {},
            "source": {"doc": "index", "line": 9},
            "url": "index.html#req-name-chosen",
            "text": "",
        },
    ],
}

# Pythons with none of our packages installed: the system one, and an old one if present.
BARE_PYTHONS = [
    path
    for path in ("/usr/bin/python3", "/root/.pyenv/versions/3.9.18/bin/python3")
    if Path(path).exists()
]


@pytest.fixture(scope="module")
def pyz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("carry") / "reqcheck.pyz"
    return build_runner_zipapp(json.dumps(MANIFEST).encode(), target)


def test_zipapp_holds_runner_elf_reader_and_manifest_but_no_sphinx_side(pyz: Path) -> None:
    names = zipfile.ZipFile(pyz).namelist()
    assert "__main__.py" in names
    assert "sphinx_reqcheck/runner/cli.py" in names
    assert not [name for name in names if name.startswith("subprocess_tee/")]  # runner: unused
    assert "elftools/elf/elffile.py" in names  # artifact checks work where it is carried
    assert "sphinx_reqcheck/data/manifest.json" in names
    assert not [name for name in names if "sphinx_ext" in name]


@pytest.mark.parametrize("python", BARE_PYTHONS)
def test_zipapp_runs_its_manifest_with_a_bare_python(pyz: Path, python: str) -> None:
    probe = subprocess.run([python, "-I", "-c", "import sphinx"], capture_output=True)
    assert probe.returncode != 0, "this Python must not see Sphinx"
    done = subprocess.run(
        [python, "-I", str(pyz), "--format", "json"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    statuses = {result["id"]: result["status"] for result in report["results"]}
    assert statuses == {"sh-present": "pass", "name-chosen": "manual"}


def test_zipapp_passes_other_subcommands_through(pyz: Path) -> None:
    python = shutil.which("python3") or BARE_PYTHONS[0]
    done = subprocess.run(
        [python, "-I", str(pyz), "explain", "sh-present"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "A POSIX shell" in done.stdout


def test_zipapp_write_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "reqcheck.pyz"
    target.write_bytes(b"old")
    build_runner_zipapp(json.dumps(MANIFEST).encode(), target)
    assert zipfile.is_zipfile(target)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["reqcheck.pyz"]


@pytest.mark.parametrize("python", BARE_PYTHONS)
def test_zipapp_reads_elf_binaries_without_pyelftools_installed(
    tmp_path: Path, python: str
) -> None:
    manifest = dict(MANIFEST)
    manifest["requirements"] = [
        {
            **MANIFEST["requirements"][0],  # type: ignore[index]
            "id": "docker-symbols",
            "title": "docker keeps its symbol table",
            "scope": ["artifact"],
            "check": {"kind": "elf-not-stripped", "binary": "docker"},
            "url": "index.html#req-docker-symbols",
        }
    ]
    pyz = build_runner_zipapp(json.dumps(manifest).encode(), tmp_path / "reqcheck.pyz")
    docker = tmp_path / "docker"
    shutil.copy(sys.executable, docker)  # any x86-64 ELF binary will do
    done = subprocess.run(
        [python, "-I", str(pyz), "--format", "json", "--artifact", str(docker)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    (result,) = json.loads(done.stdout)["results"]
    assert result["status"] in ("pass", "fail"), result


@pytest.mark.parametrize("python", BARE_PYTHONS)
def test_zipapp_checks_in_parallel_never_see_half_imported_modules(
    tmp_path: Path, python: str
) -> None:
    # Concurrent first imports of the check modules from the zip once handed threads
    # half-initialised modules ("cannot import name ..."), a few times in every run.
    pyz = build_runner_zipapp(bundled_manifest_path().read_bytes(), tmp_path / "r.pyz")
    for _ in range(5):
        done = subprocess.run(
            [python, "-I", str(pyz), "--jobs", "8", "--format", "json"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        broken = [
            result
            for result in json.loads(done.stdout)["results"]
            if "import" in result["observed"].lower() and result["status"] == "error"
        ]
        assert broken == []
