"""A run imports what it uses and little else: start-up is most of a handbook run's time.

Each case runs ``reqcheck run`` in a fresh interpreter and reads the modules it imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fakehost import FakeTools, requirement, version_check, write_manifest

RUN_AND_LIST_MODULES = (
    "import json, sys\n"
    "from sphinx_reqcheck.runner.cli import main\n"
    "main(sys.argv[2:])\n"
    "with open(sys.argv[1], 'w') as listing:\n"
    "    json.dump(sorted(sys.modules), listing)\n"
)
# Needed by no run of a command-version check with a JSON report on stdout: general
# machinery a run would pay for at start-up (dataclasses and inspect, logging,
# concurrent.futures, shutil, tempfile, subprocess, typing), the ELF reader, the other
# check kinds and report formats, JSON Schema, the Sphinx side.
NOT_FOR_THIS_RUN = {
    "typing",
    "subprocess",
    "dataclasses",
    "inspect",
    "logging",
    "concurrent.futures",
    "shutil",
    "tempfile",
    "elftools",
    "jsonschema",
    "sphinx",
    "docutils",
    "sphinx_reqcheck.schema",
    "sphinx_reqcheck.fleet",
    "sphinx_reqcheck.runner.elf",
    "sphinx_reqcheck.runner.artifacts",
    "sphinx_reqcheck.runner.kernel",
    "sphinx_reqcheck.runner.checks.elf_static",
    "sphinx_reqcheck.runner.reports.text",
    "sphinx_reqcheck.runner.reports.junit",
}


def _imported(
    fake_tools: FakeTools, tmp_path: Path, *options: str, also: Sequence[dict[str, Any]] = ()
) -> set[str]:
    fake_tools.add("go", "go version go1.19.8 linux/amd64\n")
    manifest = write_manifest(
        tmp_path / "manifest.json",
        requirement("go", version_check(["go", "version"], "1.3", pattern=r"go(\d+(?:\.\d+)*)")),
        *also,
    )
    listing = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, str(listing), "run", str(manifest), *options],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": fake_tools.path},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["results"][0]["status"] == "pass"
    return set(json.loads(listing.read_text(encoding="utf-8")))


def test_a_run_imports_only_what_it_uses(fake_tools: FakeTools, tmp_path: Path) -> None:
    for options in (["--format", "json"], ["--format", "json", "--jobs", "4"]):
        modules = _imported(fake_tools, tmp_path, *options)
        assert "sphinx_reqcheck.runner.checks.command_version" in modules
        assert "sphinx_reqcheck.runner.reports.json_report" in modules
        assert sorted(NOT_FOR_THIS_RUN & modules) == []


def test_verbose_runs_set_up_logging(fake_tools: FakeTools, tmp_path: Path) -> None:
    assert "logging" in _imported(fake_tools, tmp_path, "--format", "json", "-v")


def test_binary_checks_with_no_binary_to_read_import_no_elf_reader(
    fake_tools: FakeTools, tmp_path: Path
) -> None:
    # pyelftools is imported ahead of the binary checks only when there is a binary to
    # read: here no --artifact, no --bundles and no docker on the PATH.
    binary_check = requirement("static", {"kind": "elf-static", "binary": "docker"})
    for jobs in ("1", "4"):
        modules = _imported(
            fake_tools, tmp_path, "--format", "json", "--jobs", jobs, also=[binary_check]
        )
        assert "sphinx_reqcheck.runner.checks.elf_static" in modules
        assert "elftools" not in modules
