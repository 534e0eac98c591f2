"""The engine: selection, conditions, levels, errors as verdicts, order under --jobs."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from fakehost import FakeTools, make_manifest, requirement, version_check

from sphinx_reqcheck.results import Counts
from sphinx_reqcheck.runner.checks import check_function
from sphinx_reqcheck.runner.context import CheckContext, Settings
from sphinx_reqcheck.runner.engine import (
    SelectionError,
    evaluate,
    exit_status,
    run_requirements,
    select_requirements,
    skip_reason,
    start_order,
)
from sphinx_reqcheck.runner.host import Host
from sphinx_reqcheck.runner.import_lock import IMPORT_LOCK

GO = version_check(["go", "version"], "1.3")


def go_tool(fake_tools: FakeTools, version: str = "1.19.8") -> None:
    fake_tools.add("go", f"go version go{version} linux/amd64\n")


def test_select_by_scope_id_and_glob() -> None:
    manifest = make_manifest(
        requirement("build.go", GO, scope=("build",)),
        requirement("build.git", GO, scope=("build", "daemon-build")),
        requirement("daemon.lxc", GO, scope=("daemon",)),
    )
    ids = lambda chosen: [r.id for r in chosen]  # noqa: E731
    assert ids(select_requirements(manifest)) == ["build.go", "build.git", "daemon.lxc"]
    assert ids(select_requirements(manifest, ["daemon-build"])) == ["build.git"]
    assert ids(select_requirements(manifest, ["daemon", "build"])) == [
        "build.go",
        "build.git",
        "daemon.lxc",
    ]
    assert ids(select_requirements(manifest, select=["build.*"])) == ["build.go", "build.git"]
    assert ids(select_requirements(manifest, select=["daemon.lxc", "build.go"])) == [
        "build.go",
        "daemon.lxc",
    ]
    assert ids(select_requirements(manifest, ["daemon"], ["build.*"])) == []


def test_select_that_matches_nothing_is_an_error() -> None:
    manifest = make_manifest(requirement("build.go", GO))
    with pytest.raises(SelectionError, match=r"'build\.gp' matches no requirement"):
        select_requirements(manifest, select=["build.gp"])


@pytest.mark.parametrize(
    ("when", "settings", "reason"),
    [
        ({"tags_all": ["btrfs_noversion"]}, Settings(), "needs build tag btrfs_noversion"),
        ({"tags_all": ["a", "b"]}, Settings(buildtags_text="a"), "needs build tag b"),
        ({"tags_all": ["a", "b"]}, Settings(), "needs build tags a, b"),
        ({"tags_all": ["btrfs_noversion"]}, Settings(buildtags_text=" btrfs_noversion "), None),
        (
            {"tags_none": ["exclude_graphdriver_btrfs"]},
            Settings(buildtags_text="exclude_graphdriver_btrfs apparmor"),
            "build tag exclude_graphdriver_btrfs is set",
        ),
        ({"tags_none": ["exclude_graphdriver_btrfs"]}, Settings(buildtags_text="apparmor"), None),
        (
            {"env_unset": ["DOCKER_CLIENTONLY"]},
            Settings(env={"DOCKER_CLIENTONLY": "1"}),
            "DOCKER_CLIENTONLY is set",
        ),
        ({"env_unset": ["DOCKER_CLIENTONLY"]}, Settings(env={"DOCKER_CLIENTONLY": ""}), None),
        ({"env_set": ["AUTO_GOPATH"]}, Settings(), "AUTO_GOPATH is not set"),
        ({"env_set": ["AUTO_GOPATH"]}, Settings(env={"AUTO_GOPATH": "1"}), None),
    ],
)
def test_conditions_give_the_skip_reason(
    when: dict[str, list[str]], settings: Settings, reason: str | None
) -> None:
    assert skip_reason(make_manifest(requirement("r", GO, when=when)).get("r"), settings) == reason


def test_every_status(fake_tools: FakeTools) -> None:
    go_tool(fake_tools, "1.2.2")
    fake_tools.add("git", "git version 2.39.5\n")
    manifest = make_manifest(
        requirement("pass", version_check(["git", "--version"], "1.7")),
        requirement("fail", GO),
        requirement("warn", GO, level="recommended"),
        requirement("warn-optional", GO, level="optional"),
        requirement("skip", GO, when={"tags_all": ["btrfs_noversion"]}),
        requirement("manual-level", GO, level="manual"),
        requirement("manual-kind", {"kind": "manual"}),
        requirement("error", version_check(["git", "--version"], "1.7", pattern=r"nope (\d+)")),
    )
    results = run_requirements(manifest.requirements, fake_tools.context(), jobs=1)
    assert [(r.id, r.status) for r in results] == [
        ("pass", "pass"),
        ("fail", "fail"),
        ("warn", "warn"),
        ("warn-optional", "warn"),
        ("skip", "skip"),
        ("manual-level", "manual"),
        ("manual-kind", "manual"),
        ("error", "error"),
    ]
    skip = results[4]
    assert skip.observed == "needs build tag btrfs_noversion"
    assert results[0].expected == "\u2265 1.7"
    assert Counts.of(result.status for result in results).counts == {
        "pass": 1,
        "fail": 1,
        "warn": 2,
        "skip": 1,
        "manual": 2,
        "error": 1,
    }


@pytest.mark.parametrize(
    ("level", "status", "code"),
    [
        ("required", "pass", 0),
        ("required", "fail", 1),
        ("required", "error", 1),
        ("recommended", "warn", 0),
        ("optional", "error", 0),
    ],
)
def test_exit_status(fake_tools: FakeTools, level: str, status: str, code: int) -> None:
    go_tool(fake_tools, "1.2.2" if status != "pass" else "1.19.8")
    check = GO if status != "error" else {**GO, "pattern": r"nope (\d)"}
    result = evaluate(
        make_manifest(requirement("r", check, level=level)).get("r"), fake_tools.context()
    )
    assert result.status == status
    assert exit_status([result]) == code


def test_exception_in_a_check_is_an_error_verdict(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    class BrokenHost(Host):
        """A host whose file system raises: a bug inside a check, as far as it knows."""

        def is_file(self, host_path: str) -> bool:
            raise RuntimeError(f"disk on fire reading {host_path}")

    manifest = make_manifest(requirement("r", {"kind": "paths", "any_of": ["/etc/x"]}))
    with caplog.at_level(logging.DEBUG, logger="sphinx_reqcheck"):
        result = evaluate(manifest.get("r"), CheckContext(BrokenHost(root=tmp_path), Settings()))
    assert result.status == "error"
    assert result.observed == "RuntimeError: disk on fire reading /etc/x"
    assert "Traceback" not in result.detail
    assert any(record.exc_info for record in caplog.records)


def test_output_order_is_manifest_order_with_jobs(fake_tools: FakeTools) -> None:
    # Earlier requirements take longer, so they finish last.
    requirements = []
    for index in range(12):
        delay = (12 - index) * 0.02
        fake_tools.script(f"tool{index}", f"/bin/sleep {delay}\necho 'tool 1.{index}.0'\n")
        requirements.append(requirement(f"r{index}", version_check([f"tool{index}"], "1.0")))
    manifest = make_manifest(*requirements)
    results = run_requirements(manifest.requirements, fake_tools.context(), jobs=4)
    assert [r.id for r in results] == [f"r{index}" for index in range(12)]
    assert [r.observed for r in results] == [f"1.{index}.0" for index in range(12)]


def test_binary_checks_started_out_of_order_report_in_order(fake_tools: FakeTools) -> None:
    # The first binary check starts first and the others last; the report keeps the
    # manifest's order all the same.
    go_tool(fake_tools)
    elf = {"kind": "elf-static", "binary": "docker"}
    kinds = [GO, elf, GO, {"kind": "elf-not-stripped", "binary": "docker"}, GO, elf]
    manifest = make_manifest(*(requirement(f"r{i}", check) for i, check in enumerate(kinds)))
    for jobs in (1, 3):
        results = run_requirements(manifest.requirements, fake_tools.context(), jobs=jobs)
        assert [r.id for r in results] == [f"r{i}" for i in range(6)]
        assert [r.status for r in results] == ["pass", "skip"] * 3


def test_with_one_thread_the_binary_checks_start_after_the_probes() -> None:
    # pyelftools is imported in the background meanwhile; with several threads the first
    # binary check starts first, to overlap the probes, and the others last.
    elf = {"kind": "elf-static", "binary": "docker"}
    kinds = [GO, elf, GO, {"kind": "elf-not-stripped", "binary": "docker"}, GO, elf]
    requirements = make_manifest(
        *(requirement(f"r{i}", check) for i, check in enumerate(kinds))
    ).requirements
    assert start_order(requirements, 1) == [0, 2, 4, 1, 3, 5]
    assert start_order(requirements, 3) == [1, 0, 2, 4, 3, 5]
    assert start_order(requirements[:1], 1) == [0]


def test_an_imported_kind_is_found_while_another_thread_imports() -> None:
    # An ELF check holds the import lock while pyelftools is imported; a check whose
    # module is already imported must not wait for that.
    check_function("command")
    holding, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        with IMPORT_LOCK:
            holding.set()
            release.wait()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    holding.wait()
    found: list[object] = []
    try:
        finder = threading.Thread(target=lambda: found.append(check_function("command")))
        finder.daemon = True
        finder.start()
        finder.join(10)  # a guard against waiting for ever, not a measure of speed
        assert found, "check_function waited for the import lock"
    finally:
        release.set()
        holder.join()


def test_more_requirements_than_the_window(fake_tools: FakeTools) -> None:
    fake_tools.add("go", "go version go1.19.8 linux/amd64\n")
    requirements = [requirement(f"r{index}", GO) for index in range(700)]
    results = run_requirements(make_manifest(*requirements).requirements, fake_tools.context(), 2)
    assert [r.id for r in results] == [f"r{index}" for index in range(700)]
    assert {r.status for r in results} == {"pass"}
