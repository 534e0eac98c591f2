"""The artifact, build-tag and source checks end to end, through ``reqcheck run``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from dockerbuild import Build, copy_build, strip
from elfkit import ElfKit
from handbook_params import INIT_SEARCH, KNOWN_TAGS

from sphinx_reqcheck.runner.cli import main

CHECKS: list[tuple[str, str, str, dict[str, Any], dict[str, list[str]]]] = [
    ("buildtags-form", "build", "required", {"kind": "buildtags"}, {}),
    ("buildtags-known", "build", "recommended", {"kind": "buildtags", "known": KNOWN_TAGS}, {}),
    (
        "docker-static",
        "artifact",
        "recommended",
        {"kind": "elf-static", "binary": "docker", "unless_build": "dynbinary"},
        {"env_unset": ["DOCKER_CLIENTONLY"]},
    ),
    (
        "dockerinit-static",
        "artifact",
        "required",
        {"kind": "elf-static", "binary": "dockerinit"},
        {"env_unset": ["DOCKER_CLIENTONLY"]},
    ),
    (
        "docker-not-stripped",
        "artifact",
        "required",
        {"kind": "elf-not-stripped", "binary": "docker"},
        {},
    ),
    (
        "pair",
        "artifact",
        "required",
        {"kind": "artifact-pair"},
        {"env_unset": ["DOCKER_CLIENTONLY"]},
    ),
    ("init-path", "daemon", "required", {"kind": "dockerinit-path", "search": INIT_SEARCH}, {}),
    (
        "source-files",
        "source",
        "required",
        {"kind": "source-tree", "files": ["hack/make.sh", "VERSION", "vendor/"]},
        {},
    ),
    (
        "gopath",
        "source",
        "required",
        {"kind": "gopath-layout", "import_path": "github.com/docker/docker"},
        {"env_unset": ["AUTO_GOPATH"]},
    ),
]


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    """A manifest with one requirement per check kind of this area."""
    requirements = [
        {
            "id": ident,
            "title": ident,
            "scope": [scope],
            "level": level,
            "check": check,
            "when": when,
            "source": {"doc": "building", "line": index + 1},
            "url": f"building.html#{ident}",
            "text": "",
        }
        for index, (ident, scope, level, check, when) in enumerate(CHECKS)
    ]
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"format": 1, "requirements": requirements}))
    return path


@pytest.fixture
def quiet_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No knob leaks in from the environment running the tests."""
    for name in ("DOCKER_BUILDTAGS", "AUTO_GOPATH", "DOCKER_CLIENTONLY", "DOCKER_INITPATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GOPATH", "/nonexistent-gopath")


Run = Callable[..., tuple[int, dict[str, dict[str, Any]]]]


@pytest.fixture
def run(manifest: Path, tmp_path: Path, quiet_env: None) -> Run:
    """``run(*options)``: ``reqcheck run`` of the manifest in this process, with no knob
    leaking in; returns the exit code and the results by requirement id."""

    def run(*options: str) -> tuple[int, dict[str, dict[str, Any]]]:
        report = tmp_path / "results.json"
        code = main(["run", str(manifest), "--format", "json", "--output", str(report), *options])
        results = json.loads(report.read_text())["results"]
        return code, {result["id"]: result for result in results}

    return run


def test_good_bundle_passes_and_unknown_tag_only_warns(run: Run, docker_build: Build) -> None:
    bundles = docker_build.bundle.parent
    code, results = run("--bundles", str(bundles), "--buildtags", "apparmor selinx")
    statuses = {ident: result["status"] for ident, result in results.items()}
    assert statuses == {
        "buildtags-form": "pass",
        "buildtags-known": "warn",
        "docker-static": "pass",
        "dockerinit-static": "pass",
        "docker-not-stripped": "pass",
        "pair": "pass",
        "init-path": "skip",
        "source-files": "skip",
        "gopath": "skip",
    }
    assert "unknown tag: selinx" in results["buildtags-known"]["observed"]
    assert code == 0


def test_comma_separated_tags_fail_the_run(run: Run) -> None:
    code, results = run("--buildtags", "apparmor,selinux")
    assert results["buildtags-form"]["status"] == "fail"
    assert "DOCKER_BUILDTAGS='apparmor selinux'" in results["buildtags-form"]["detail"]
    assert code == 1


def test_stripped_mixed_bundle_fails_the_run(
    run: Run, docker_build: Build, docker_build_other: Build, tmp_path: Path
) -> None:
    dynbinary = tmp_path / "bundles/1.5.0/dynbinary"
    dynbinary.mkdir(parents=True)
    stripped = strip(docker_build.dynamic_docker, dynbinary / "docker-1.5.0")
    shutil.copy(docker_build_other.dockerinit, dynbinary / "dockerinit-1.4.1")
    code, results = run("--bundles", str(tmp_path / "bundles"))
    assert results["docker-not-stripped"]["status"] == "fail"
    assert results["pair"]["status"] == "fail"
    assert f"is not baked into {stripped}: the daemon refuses it" in results["pair"]["observed"]
    assert "dockerinit-1.4.1 is named 1.4.1, the bundle is 1.5.0" in results["pair"]["observed"]
    assert code == 1


def test_clientonly_and_auto_gopath_drop_their_requirements(
    run: Run, elf: ElfKit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER_CLIENTONLY", "1")
    monkeypatch.setenv("AUTO_GOPATH", "1")
    docker = elf.install(tmp_path / "docker", "static", mode=0o644)
    source = tmp_path / "src"
    (source / "hack").mkdir(parents=True)
    (source / "vendor").mkdir()
    (source / "hack/make.sh").write_text("#\n")
    (source / "VERSION").write_text("1.3.0\n")
    code, results = run("--artifact", str(docker), "--source", str(source))
    assert results["source-files"]["status"] == "pass"
    for ident in ("docker-static", "dockerinit-static", "pair", "gopath"):
        assert results[ident]["status"] == "skip", ident
    assert results["init-path"]["status"] == "skip"  # the check itself honours the knob
    assert code == 0


def test_installed_root_with_baked_initpath_in_a_real_process(
    manifest: Path,
    tmp_path: Path,
    elf: ElfKit,
    docker_build_initpath: Build,
    docker_build_other: Build,
) -> None:
    """The daemon's baked INITPATH decides, with no DOCKER_INITPATH in the environment,
    and a stale dockerinit next to the daemon is passed over (issue 10)."""
    root = elf.root(
        {
            "/usr/bin/docker": docker_build_initpath.dynamic_docker,
            "/usr/bin/dockerinit": docker_build_other.dockerinit,
            "/usr/lib/docker.io/dockerinit": docker_build_initpath.dockerinit,
        },
        tmp_path / "root",
    )
    report = tmp_path / "results.json"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    argv = [sys.executable, "-m", "sphinx_reqcheck.runner", "run", str(manifest)]
    argv += ["--root", str(root), "--select", "init-path", "--format", "json"]
    argv += ["--output", str(report)]
    done = subprocess.run(
        argv,
        env={**env, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (result,) = json.loads(report.read_text())["results"]
    assert result["status"] == "pass"
    assert "baked INITPATH '/usr/lib/docker.io/dockerinit'" in result["observed"]
    assert "takes /usr/lib/docker.io/dockerinit: static" in result["observed"]


def test_a_file_given_as_bundles_is_not_said_to_be_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("x")
    assert main(["run", "--bundles", str(tmp_path / "file")]) == 2
    assert f"--bundles {tmp_path / 'file'}: exists but is not a directory" in (
        capsys.readouterr().err
    )


def test_a_link_loop_given_as_artifact_is_called_a_loop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "docker").symlink_to(tmp_path / "docker")
    assert main(["run", "--artifact", str(tmp_path / "docker")]) == 2
    assert f"--artifact {tmp_path / 'docker'}: a symbolic link loop" in capsys.readouterr().err


def test_empty_and_foreign_bundles_directories_get_words(run: Run, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for bundles, words in ((tmp_path / "empty", "holds no bundles/$VERSION"), (Path("/"), "/")):
        _, results = run("--bundles", str(bundles))
        pair = results["pair"]
        assert pair["status"] == "error"
        assert words in pair["observed"]
        assert "not found" not in pair["observed"]
        for result in results.values():
            assert "Error" not in result["observed"], result


def test_a_stray_directory_in_bundles_breaks_no_artifact_check(
    run: Run, docker_build: Build, tmp_path: Path
) -> None:
    build = copy_build(docker_build, tmp_path / "bundles")
    (tmp_path / "bundles/abc").mkdir()
    code, results = run("--bundles", str(tmp_path / "bundles"))
    for ident in ("docker-static", "dockerinit-static", "docker-not-stripped", "pair"):
        assert results[ident]["status"] == "pass", results[ident]
    assert f"note: ignored in {tmp_path / 'bundles'}: abc" in results["pair"]["observed"]
    assert str(build.dynamic_docker) in results["pair"]["observed"]
    assert code == 0
