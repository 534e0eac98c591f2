"""The runner works where nothing but its own sources is installed, on Python 3.9 and later.

A fresh virtual environment gets copies of the host-wing sources, nothing else (not even
subprocess-tee, which only ``reqcheck fleet`` and the builder use); Sphinx, docutils and
subprocess-tee must not be importable there, and a run must work.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fakehost import FakeTools, requirement, version_check, write_manifest

import sphinx_reqcheck
from sphinx_reqcheck.carry import HOST_WING

PACKAGE = Path(sphinx_reqcheck.__file__).parent
TOOL = Path(__file__).resolve().parents[2] / "tools" / "check_py39.py"


def interpreters() -> list[str]:
    """This interpreter, plus the oldest supported one wherever the machine has it (found
    by tools/check_py39.py's search: python3.9 on the PATH, or a pyenv 3.9.x)."""
    spec = importlib.util.spec_from_file_location("check_py39", TOOL)
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    python39 = tool.find_python39()
    return [sys.executable, *([python39] if python39 else [])]


def make_fresh_env(python: str, target: Path) -> Path:
    """A venv holding only the host wing; returns its python."""
    subprocess.run([python, "-m", "venv", "--without-pip", str(target)], check=True)
    fresh = target / "bin" / "python"
    site = subprocess.run(
        [str(fresh), "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    site_packages = Path(site)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    package = site_packages / "sphinx_reqcheck"
    package.mkdir()
    for part in HOST_WING:
        source = PACKAGE / part
        if source.is_dir():
            shutil.copytree(source, package / part, ignore=ignore)
        else:
            shutil.copy2(source, package / part)
    return fresh


@pytest.mark.parametrize("python", interpreters())
def test_runner_in_a_fresh_environment(python: str, tmp_path: Path, fake_tools: FakeTools) -> None:
    fresh = make_fresh_env(python, tmp_path / "venv")
    for absent in ("sphinx", "docutils", "jsonschema", "subprocess_tee"):
        probe = subprocess.run(
            [str(fresh), "-I", "-c", f"import {absent}"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert probe.returncode == 1
        assert "ModuleNotFoundError" in probe.stderr
    fake_tools.add("go", "go version go1.19.8 linux/amd64\n")
    fake_tools.add("btrfs", "Btrfs v3.12\n")
    manifest = write_manifest(
        tmp_path / "manifest.json",
        requirement("build.go", version_check(["go", "version"], "1.3")),
        requirement("daemon-build.btrfs", version_check(["btrfs", "--version"], "3.16.1")),
        requirement(
            "build.platform",
            {"kind": "platform", "os": ["linux"], "arch": ["amd64", "arm64", "386"]},
        ),
        requirement("policy.name", {"kind": "manual"}, scope=("policy",), level="manual"),
    )
    env = {"PATH": fake_tools.path, "HOME": str(tmp_path)}
    done = subprocess.run(
        [
            str(fresh),
            "-I",
            "-m",
            "sphinx_reqcheck.runner",
            "run",
            "--format",
            "json",
            str(manifest),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert [(r["id"], r["status"]) for r in data["results"]] == [
        ("build.go", "pass"),
        ("daemon-build.btrfs", "fail"),
        ("build.platform", "pass"),
        ("policy.name", "manual"),
    ]
    assert data["host"]["python"].startswith(
        subprocess.run(
            [python, "-c", "import platform; print(platform.python_version())"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    validated = subprocess.run(
        [str(fresh), "-I", "-m", "sphinx_reqcheck.runner", "validate", str(manifest)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert validated.returncode == 0, validated.stderr


def test_importing_the_cli_imports_neither_sphinx_nor_docutils() -> None:
    code = (
        "import sys\n"
        "import sphinx_reqcheck.runner.cli, sphinx_reqcheck.runner.engine\n"
        "import sphinx_reqcheck.runner.reports.text, sphinx_reqcheck.runner.reports.junit\n"
        "import sphinx_reqcheck.runner.reports.json_report\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils'))\n"
        "print(bad)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
