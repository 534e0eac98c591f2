"""command-version reads versions the way real tools print them, old and new."""

from __future__ import annotations

import os

import pytest
from fakehost import FakeTools

from sphinx_reqcheck.runner.checks import check_function
from sphinx_reqcheck.runner.host import OUTPUT_LIMIT

check = check_function("command-version")

HG_632 = (
    "Mercurial Distributed SCM (version 6.3.2)\n"
    "(see https://mercurial-scm.org for more information)\n\n"
    "Copyright (C) 2005-2022 Olivia Mackall and others\n"
    "This is free software; see the source for copying conditions. There is NO\n"
    "warranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\n"
)
DMSETUP_OK = "Library version:   1.02.185 (2022-05-18)\nDriver version:    4.47.0\n"
DMSETUP_NO_DRIVER_ERR = (
    "/proc/misc: No entry for device-mapper found\n"
    "Is device-mapper driver missing from kernel?\n"
    "Failure to communicate with kernel device-mapper driver.\n"
)
TUNE2FS_ERR = (
    "tune2fs 1.47.0 (5-Feb-2023)\n"
    "Usage: tune2fs [-c max_mounts_count] [-e errors_behavior] [-f] [-g group]\n"
    "\t[-i interval[d|m|w]] [-j] [-J journal_options] [-l]\n"
    "\t[-r reserved_blocks_count] [-u user] [-C mount_count]\n"
)

# (tool, argv, stdout, stderr, exit status, expected version)
REAL_OUTPUTS = [
    ("go", ["go", "version"], "go version go1.2.2 linux/amd64\n", "", 0, "1.2.2"),
    ("go", ["go", "version"], "go version go1.3 linux/amd64\n", "", 0, "1.3"),
    ("go", ["go", "version"], "go version go1.19.8 linux/amd64\n", "", 0, "1.19.8"),
    (
        "go",
        ["go", "version"],
        "go version devel go1.22-a1b2c3d4e5 Tue Jan 9 10:00:00 2024 +0000 linux/amd64\n",
        "",
        0,
        "1.22",
    ),
    ("git", ["git", "--version"], "git version 2.39.5\n", "", 0, "2.39.5"),
    ("git", ["git", "--version"], "git version 1.7.1\n", "", 0, "1.7.1"),
    ("hg", ["hg", "--version"], HG_632, "", 0, "6.3.2"),
    (
        "hg",
        ["hg", "--version"],
        "Mercurial Distributed SCM (version 1.7.5)\n\nCopyright (C) 2005-2010 Matt Mackall\n",
        "",
        0,
        "1.7.5",
    ),
    (
        "sqlite3",
        ["sqlite3", "--version"],
        "3.40.1 2022-12-28 14:03:47 "
        "df5c253c0b3dd24916e4ec7cf77d3db5294cc9fd45ae7b9c5e82ad8197f3alt1\n",
        "",
        0,
        "3.40.1",
    ),
    ("sqlite3", ["sqlite3", "--version"], "3.7.9 2011-11-01 00:52:41 c7c6050e\n", "", 0, "3.7.9"),
    ("dmsetup", ["dmsetup", "version"], DMSETUP_OK, "", 0, "1.02.185"),
    (
        "dmsetup",
        ["dmsetup", "version"],
        "Library version:   1.02.185 (2022-05-18)\n",
        DMSETUP_NO_DRIVER_ERR,
        1,
        "1.02.185",
    ),
    (
        "dmsetup",
        ["dmsetup", "version"],
        "Library version:   1.02.77 (2012-10-15)\nDriver version:    4.22.0\n",
        "",
        0,
        "1.02.77",
    ),
    ("btrfs", ["btrfs", "--version"], "btrfs-progs v6.2\n", "", 0, "6.2"),
    ("btrfs", ["btrfs", "--version"], "Btrfs v3.12\n", "", 0, "3.12"),
    ("btrfs", ["btrfs", "--version"], "Btrfs v0.20-rc1\n", "", 0, "0.20-rc1"),
    ("iptables", ["iptables", "--version"], "iptables v1.8.9 (nf_tables)\n", "", 0, "1.8.9"),
    ("iptables", ["iptables", "--version"], "iptables v1.4.21\n", "", 0, "1.4.21"),
    ("ps", ["ps", "--version"], "ps from procps-ng 4.0.2\n", "", 0, "4.0.2"),
    ("ps", ["ps", "--version"], "procps version 3.2.8\n", "", 0, "3.2.8"),
    ("tune2fs", ["tune2fs"], "", TUNE2FS_ERR, 1, "1.47.0"),
    ("tune2fs", ["tune2fs"], "", "tune2fs 1.42.9 (4-Feb-2014)\nUsage: tune2fs ...\n", 1, "1.42.9"),
    (
        "mkfs.ext4",
        ["mkfs.ext4", "-V"],
        "mke2fs 1.47.0 (5-Feb-2023)\n\tUsing EXT2FS Library version 1.47.0\n",
        "",
        0,
        "1.47.0",
    ),
    (
        "mkfs.ext4",
        ["mkfs.ext4", "-V"],
        "mke2fs 1.41.12 (17-May-2010)\n\tUsing EXT2FS Library version 1.41.12\n",
        "",
        0,
        "1.41.12",
    ),
    ("xz", ["xz", "--version"], "xz (XZ Utils) 5.4.1\nliblzma 5.4.1\n", "", 0, "5.4.1"),
    (
        "xz",
        ["xz", "--version"],
        "xz (XZ Utils) 4.999.9beta\nliblzma 4.999.9beta\n",
        "",
        0,
        "4.999.9beta",
    ),
    ("lxc-start", ["lxc-start", "--version"], "5.0.2\n", "", 0, "5.0.2"),
    ("lxc-info", ["lxc-info", "--version"], "5.0.2\n", "", 0, "5.0.2"),
    ("lxc-start", ["lxc-start", "--version"], "0.7.5\n", "", 0, "0.7.5"),
]


@pytest.mark.parametrize(("tool", "argv", "stdout", "stderr", "status", "version"), REAL_OUTPUTS)
def test_reads_the_version_real_tools_print(
    fake_tools: FakeTools,
    tool: str,
    argv: list[str],
    stdout: str,
    stderr: str,
    status: int,
    version: str,
) -> None:
    fake_tools.add(tool, stdout, stderr, status)
    outcome = check({"argv": argv, "minimum": "0.1"}, fake_tools.context())
    assert (outcome.status, outcome.observed) == ("pass", version)


@pytest.mark.parametrize(
    ("stdout", "minimum", "status"),
    [
        ("go version go1.2.2 linux/amd64\n", "1.3", "fail"),
        ("go version go1.3 linux/amd64\n", "1.3", "pass"),
        ("go version go1.3 linux/amd64\n", "1.3.0", "pass"),
        ("go version go1.19.8 linux/amd64\n", "1.3", "pass"),
        ("Btrfs v3.12\n", "3.16.1", "fail"),
        ("btrfs-progs v3.16.1\n", "3.16.1", "pass"),
        ("btrfs-progs v6.2\n", "3.16.1", "pass"),
        ("xz (XZ Utils) 4.999.9beta\n", "4.999.9", "fail"),
        ("Library version:   1.02.68 (2011-10-05)\n", "1.02.68", "pass"),
        ("Library version:   1.02.67 (2011-09-01)\n", "1.02.68", "fail"),
    ],
)
def test_compares_with_the_minimum(
    fake_tools: FakeTools, stdout: str, minimum: str, status: str
) -> None:
    fake_tools.add("tool", stdout)
    outcome = check({"argv": ["tool"], "minimum": minimum}, fake_tools.context())
    assert outcome.status == status


def test_a_failure_carries_the_evidence(fake_tools: FakeTools) -> None:
    fake_tools.add("go", "go version go1.2.2 linux/amd64\n")
    outcome = check(
        {"argv": ["go", "version"], "minimum": "1.3", "package": "golang"}, fake_tools.context()
    )
    assert outcome.status == "fail"
    assert outcome.observed == "1.2.2"
    assert "1.2.2 is older than 1.3" in outcome.detail
    assert "$ go version\n(exit status 0)\ngo version go1.2.2 linux/amd64" in outcome.detail
    assert outcome.hint == "install golang, version 1.3 or later"


def test_version_after_warnings_on_stderr(fake_tools: FakeTools) -> None:
    fake_tools.add(
        "git",
        "git version 2.1.4\n",
        "perl: warning: Setting locale failed.\nwarning: tool 9.9.9 is deprecated\n",
        0,
    )
    outcome = check({"argv": ["git", "--version"], "minimum": "1.0"}, fake_tools.context())
    assert outcome.observed == "2.1.4"


def test_pattern_picks_the_first_group(fake_tools: FakeTools) -> None:
    fake_tools.add("dmsetup", DMSETUP_OK)
    outcome = check(
        {"argv": ["dmsetup", "version"], "minimum": "4.0", "pattern": r"Driver version:\s+(\S+)"},
        fake_tools.context(),
    )
    assert (outcome.status, outcome.observed) == ("pass", "4.47.0")


def test_pattern_that_does_not_match_is_an_error(fake_tools: FakeTools) -> None:
    fake_tools.add(
        "dmsetup", "Library version:   1.02.185 (2022-05-18)\n", DMSETUP_NO_DRIVER_ERR, 1
    )
    outcome = check(
        {"argv": ["dmsetup", "version"], "minimum": "4.0", "pattern": r"Driver version:\s+(\S+)"},
        fake_tools.context(),
    )
    assert outcome.status == "error"
    assert "does not match" in outcome.observed
    assert "No entry for device-mapper found" in outcome.detail


def test_missing_tool_is_a_failure_not_an_error(fake_tools: FakeTools) -> None:
    outcome = check(
        {"argv": ["hg", "--version"], "minimum": "1.0", "package": "mercurial"},
        fake_tools.context(),
    )
    assert (outcome.status, outcome.observed) == ("fail", "not found on PATH")
    assert "hg: not found on PATH" in outcome.detail
    assert outcome.hint == "install mercurial, version 1.0 or later"


def test_non_executable_file_is_named(fake_tools: FakeTools) -> None:
    (fake_tools.bin / "hg").write_text("#!/bin/sh\necho 'Mercurial (version 6.3.2)'\n")
    outcome = check({"argv": ["hg", "--version"], "minimum": "1.0"}, fake_tools.context())
    assert outcome.status == "fail"
    assert "exists but is not an executable file" in outcome.detail


def test_hung_tool_is_an_error_with_the_timeout(fake_tools: FakeTools) -> None:
    fake_tools.script("xz", "echo 'xz (XZ Utils) 5.4.1'\nexec /bin/sleep 60\n")
    outcome = check(
        {"argv": ["xz", "--version"], "minimum": "5.0"}, fake_tools.context(timeout=0.5)
    )
    assert outcome.status == "error"
    assert "timed out after 0.5 s" in outcome.observed
    assert "xz (XZ Utils) 5.4.1" in outcome.detail


def test_tool_that_cannot_be_executed_is_an_error(fake_tools: FakeTools) -> None:
    broken = fake_tools.bin / "btrfs"
    broken.write_bytes(b"\x7fELF garbage that is not a program")
    broken.chmod(0o755)
    outcome = check({"argv": ["btrfs", "--version"], "minimum": "3.8"}, fake_tools.context())
    assert outcome.status == "error"
    assert outcome.observed.startswith("could not run: btrfs: ")


def test_non_utf8_output_still_gives_the_version(fake_tools: FakeTools) -> None:
    fake_tools.add("iptables", b"iptables v1.8.9 (nf_tables) \xff\xfe caf\xe9\n")
    outcome = check({"argv": ["iptables", "--version"], "minimum": "1.4"}, fake_tools.context())
    assert (outcome.status, outcome.observed) == ("pass", "1.8.9")


def test_five_megabytes_of_output_is_bounded(fake_tools: FakeTools) -> None:
    noise = ("x" * 99 + "\n") * 50_000  # 5 MB without a version
    fake_tools.add("sqlite3", "3.40.1 2022-12-28 14:03:47 df5c\n" + noise)
    ctx = fake_tools.context()
    outcome = check({"argv": ["sqlite3", "--version"], "minimum": "3.3"}, ctx)
    assert (outcome.status, outcome.observed) == ("pass", "3.40.1")
    probe = ctx.probe(["sqlite3", "--version"])
    assert probe.truncated
    assert len(probe.stdout.encode()) <= OUTPUT_LIMIT


def test_no_version_is_an_error_showing_the_output(fake_tools: FakeTools) -> None:
    fake_tools.add("go", "go version devel +f3f507b2d3 Wed Jan 18 2023 linux/amd64\n")
    outcome = check({"argv": ["go", "version"], "minimum": "1.3"}, fake_tools.context())
    assert outcome.status == "error"
    assert outcome.observed.startswith("no version found")
    assert "devel +f3f507b2d3" in outcome.detail


def test_same_probe_runs_once(fake_tools: FakeTools) -> None:
    counter = fake_tools.data / "count"
    fake_tools.script("go", f"echo run >> '{counter}'\necho 'go version go1.19.8 linux/amd64'\n")
    ctx = fake_tools.context()
    for minimum in ("1.2", "1.3", "1.19"):
        assert check({"argv": ["go", "version"], "minimum": minimum}, ctx).status == "pass"
    assert counter.read_text().count("run") == 1


def test_pattern_keeps_a_pre_release_marker_it_did_not_capture(fake_tools: FakeTools) -> None:
    fake_tools.add("xz", "xz (XZ Utils) 4.999.9beta\nliblzma 4.999.9beta\n")
    outcome = check(
        {
            "argv": ["xz", "--version"],
            "minimum": "4.999.9",
            "pattern": r"XZ Utils\) (\d+(?:\.\d+)*)",
        },
        fake_tools.context(),
    )
    assert (outcome.status, outcome.observed) == ("fail", "4.999.9beta")


def test_a_5000_digit_version_is_a_verdict_in_words(fake_tools: FakeTools) -> None:
    fake_tools.add("tool", "tool version 1." + "7" * 5000 + "\n")
    outcome = check({"argv": ["tool"], "minimum": "1.0"}, fake_tools.context())
    assert outcome.status == "error"
    assert "is too long for a version number" in outcome.observed
    assert "(5002 characters)" in outcome.observed
    # The evidence names the tool, and its one long line is cut, not printed whole.
    assert outcome.detail.startswith("$ tool\n")
    assert outcome.detail.endswith("... (4515 more characters)")


@pytest.mark.parametrize("digits", [3000, 1000])
def test_a_slow_pattern_cannot_outlive_the_timeout(fake_tools: FakeTools, digits: int) -> None:
    # Quartic, not exponential: the static rule lets it through, so only stopping the
    # match bounds it. Before, this check ran for hours past its one-second timeout. The
    # shorter output is short enough to be matched in-process, were the pattern one-pass;
    # it is not, so it is stopped all the same.
    fake_tools.add("tool", "1" * digits + "\n")
    params = {"argv": ["tool"], "minimum": "1.0", "pattern": r"(\d+)\d+\d+\d+!"}
    outcome = check(params, fake_tools.context(timeout=1.0))
    assert outcome.status == "error"
    assert "matching the pattern took longer than" in outcome.observed
    assert "and was stopped" in outcome.observed


def test_a_one_pass_pattern_on_a_short_output_needs_no_fork(
    fake_tools: FakeTools, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise AssertionError("forked to match a one-pass pattern")

    monkeypatch.setattr(os, "fork", no_fork)
    fake_tools.add("xz", "xz (XZ Utils) 5.4.1\nliblzma 5.4.1\n")
    params = {"argv": ["xz", "--version"], "minimum": "4.999.9", "pattern": r"XZ Utils\) (\d+)"}
    assert check(params, fake_tools.context()).status == "pass"


def test_the_pattern_still_reads_versions_in_its_own_process(fake_tools: FakeTools) -> None:
    fake_tools.add("xz", "xz (XZ Utils) 5.4.1\nliblzma 5.4.1\n")
    params = {"argv": ["xz", "--version"], "minimum": "4.999.9", "pattern": r"XZ Utils\) (\d+)"}
    outcome = check(params, fake_tools.context())
    assert (outcome.status, outcome.observed) == ("pass", "5.4.1")
