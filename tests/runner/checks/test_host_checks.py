"""platform, command and paths: facts about the host and its files."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakehost import FakeTools

from sphinx_reqcheck.runner.checks import check_function
from sphinx_reqcheck.runner.context import CheckContext, Settings
from sphinx_reqcheck.runner.host import Host


class UnameHost(Host):
    """A host whose kernel reports a chosen system and machine."""

    def __init__(self, system: str, machine: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.fixed = (system, "6.1.0", machine)

    def uname(self) -> tuple[str, str, str]:
        return self.fixed


def platform_outcome(system: str, machine: str, os_names: list[str], arch: list[str]) -> str:
    ctx = CheckContext(UnameHost(system, machine), Settings())
    return check_function("platform")({"os": os_names, "arch": arch}, ctx).status


@pytest.mark.parametrize(
    ("system", "machine", "arch", "status"),
    [
        ("Linux", "x86_64", ["amd64"], "pass"),
        ("Linux", "x86_64", ["x86_64"], "pass"),
        ("Linux", "aarch64", ["amd64"], "fail"),
        ("Linux", "aarch64", ["arm64"], "pass"),
        ("Linux", "i686", ["386"], "pass"),
        ("Darwin", "x86_64", ["amd64"], "fail"),
    ],
)
def test_platform_knows_go_and_uname_names(
    system: str, machine: str, arch: list[str], status: str
) -> None:
    assert platform_outcome(system, machine, ["linux"], arch) == status


def test_platform_failure_says_what_is_wrong() -> None:
    ctx = CheckContext(UnameHost("Linux", "armv7l"), Settings())
    outcome = check_function("platform")({"os": ["linux"], "arch": ["amd64"]}, ctx)
    assert outcome.observed == "linux armv7l"
    assert "wrong architecture" in outcome.detail


def test_platform_under_root_says_there_is_no_kernel(tmp_path: Path) -> None:
    ctx = CheckContext(Host(root=tmp_path), Settings())
    outcome = check_function("platform")({"os": ["linux"], "arch": ["amd64"]}, ctx)
    assert outcome.status == "skip"
    assert f"no running kernel to ask under --root {tmp_path}" in outcome.observed


def test_command_finds_any_of_the_names(fake_tools: FakeTools) -> None:
    tool = fake_tools.add("golang-go")
    outcome = check_function("command")({"names": ["go", "golang-go"]}, fake_tools.context())
    assert (outcome.status, outcome.observed) == ("pass", str(tool))


def test_command_missing_fails(fake_tools: FakeTools) -> None:
    (fake_tools.bin / "go").write_text("not executable")
    outcome = check_function("command")({"names": ["go"]}, fake_tools.context())
    assert outcome.status == "fail"
    assert fake_tools.path in outcome.detail


@pytest.fixture
def fake_root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "usr/lib/docker").mkdir(parents=True)
    (root / "usr/lib/docker/dockerinit").write_text("#!/bin/sh\n")
    (root / "usr/lib/docker/dockerinit").chmod(0o755)
    (root / "etc").mkdir()
    (root / "etc/docker.conf").write_text("")
    return root


@pytest.mark.parametrize(
    ("any_of", "kind", "status", "observed"),
    [
        (
            ["/usr/libexec/docker/dockerinit", "/usr/lib/docker/dockerinit"],
            "executable",
            "pass",
            "/usr/lib/docker/dockerinit",
        ),
        (["/etc/docker.conf"], "file", "pass", "/etc/docker.conf"),
        (["/etc/docker.conf"], "executable", "fail", None),
        (["/usr/lib/docker"], "dir", "pass", "/usr/lib/docker"),
        (["/usr/lib/docker"], "file", "fail", None),
        (["/nowhere"], "file", "fail", None),
    ],
)
def test_paths_under_a_fake_root(
    fake_root: Path, any_of: list[str], kind: str, status: str, observed: str | None
) -> None:
    ctx = CheckContext(Host(root=fake_root), Settings())
    outcome = check_function("paths")({"any_of": any_of, "type": kind}, ctx)
    assert outcome.status == status
    if observed is not None:
        assert outcome.observed == observed
    else:
        assert f"under --root {fake_root}" in outcome.observed


def test_paths_failure_says_what_each_path_is(fake_root: Path) -> None:
    ctx = CheckContext(Host(root=fake_root), Settings())
    outcome = check_function("paths")(
        {"any_of": ["/usr/lib/docker", "/etc/docker.conf", "/nowhere"], "type": "executable"}, ctx
    )
    assert outcome.detail.splitlines() == [
        "/usr/lib/docker: a directory",
        "/etc/docker.conf: a file, not executable",
        "/nowhere: missing",
    ]


def test_paths_default_type_is_file(fake_root: Path) -> None:
    ctx = CheckContext(Host(root=fake_root), Settings())
    assert check_function("paths")({"any_of": ["/etc/docker.conf"]}, ctx).status == "pass"
