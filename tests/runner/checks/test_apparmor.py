"""apparmor on fake roots: check-config.sh's AppArmor warning (moby/moby v1.5.0)."""

from __future__ import annotations

from pathlib import Path

import pytest
from elfkit import ElfKit

from sphinx_reqcheck.runner.checks.apparmor import ENABLED_FILE, check

PARAMS = {"parser": ["apparmor_parser"], "tag": "apparmor"}


def _root(tmp_path: Path, enabled: str | None, tools: tuple[str, ...] = ()) -> Path:
    """A root whose kernel reports AppArmor ``enabled`` (None: no module), with ``tools``
    as executables in /sbin and /usr/bin."""
    if enabled is not None:
        flag = tmp_path / ENABLED_FILE.lstrip("/")
        flag.parent.mkdir(parents=True)
        flag.write_text(enabled + "\n")
    for tool in tools:
        where = tmp_path / ("sbin" if tool == "apparmor_parser" else "usr/bin") / tool
        where.parent.mkdir(parents=True, exist_ok=True)
        where.write_text("#!/bin/sh\n")
        where.chmod(0o755)
    return tmp_path


@pytest.mark.parametrize(
    ("tools", "hint"),
    [
        pytest.param(("apt-get",), 'use "apt-get install apparmor"', id="apt"),
        pytest.param(("yum",), 'use "yum install apparmor-parser"', id="yum"),
        pytest.param((), 'look for an "apparmor" package for your distribution', id="other"),
    ],
)
def test_enabled_without_the_parser_fails_with_check_configs_hint(
    elf: ElfKit, tmp_path: Path, tools: tuple[str, ...], hint: str
) -> None:
    root = _root(tmp_path, "Y", tools)
    outcome = check(PARAMS, elf.ctx(root=root, path="/sbin:/usr/bin"))
    assert outcome.status == "fail"
    assert f"AppArmor enabled ({ENABLED_FILE} reads 'Y')" in outcome.observed
    assert "apparmor_parser not found on the PATH" in outcome.observed
    assert outcome.detail.splitlines()[-1] == f"hint: {hint}"


def test_enabled_with_the_parser_passes(elf: ElfKit, tmp_path: Path) -> None:
    root = _root(tmp_path, "Y", ("apparmor_parser",))
    outcome = check(PARAMS, elf.ctx(root=root, path="/sbin:/usr/bin"))
    assert outcome.status == "pass"
    assert outcome.observed.endswith("apparmor_parser at /sbin/apparmor_parser")


def test_the_build_tag_alone_makes_it_apply(elf: ElfKit, tmp_path: Path) -> None:
    root = _root(tmp_path, None)
    ctx = elf.ctx(root=root, path="/sbin:/usr/bin", buildtags_text="apparmor selinux")
    outcome = check(PARAMS, ctx)
    assert outcome.status == "fail"
    assert "AppArmor not enabled" in outcome.observed
    assert "build tag apparmor set" in outcome.observed


@pytest.mark.parametrize("enabled", ["N", None])
def test_off_and_not_built_in_is_a_skip_naming_what_was_read(
    elf: ElfKit, tmp_path: Path, enabled: str | None
) -> None:
    outcome = check(PARAMS, elf.ctx(root=_root(tmp_path, enabled), path="/sbin"))
    assert outcome.status == "skip"
    assert ENABLED_FILE in outcome.observed
    assert "build tag apparmor not set" in outcome.observed
