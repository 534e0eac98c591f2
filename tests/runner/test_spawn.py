"""A probe starts as ``subprocess.Popen`` started it, though the runner no longer imports
``subprocess``: input from /dev/null, its own session, SIGPIPE and SIGXFSZ at their
defaults, no descriptor but 0, 1 and 2, and the same error for a file that cannot run.

Each fake tool reports what it was given from ``/proc/$$``: the shell's own process is the
probe, and a non-interactive shell keeps the dispositions and descriptors it inherited.
"""

from __future__ import annotations

import os

import pytest
from fakehost import FakeTools

from sphinx_reqcheck.runner.spawn import Child, spawn

SIGPIPE_BIT = 1 << (13 - 1)
SIGXFSZ_BIT = 1 << (25 - 1)


def test_a_probe_reads_dev_null_and_leads_its_own_session(fake_tools: FakeTools) -> None:
    fake_tools.script(
        "where",
        "/bin/readlink /proc/$$/fd/0\n"
        "/bin/cut -d' ' -f6 /proc/$$/stat\n"  # the session id
        "echo $$\n",
    )
    saved = os.dup(0)
    read, write = os.pipe()
    os.dup2(read, 0)  # the runner's own input is a pipe here; the probe's must not be
    try:
        probe = fake_tools.host().run(["where"])
    finally:
        os.dup2(saved, 0)
        for fd in (saved, read, write):
            os.close(fd)
    stdin, session, pid = probe.stdout.split()
    assert stdin == "/dev/null"
    assert session == pid


def test_a_probe_gets_sigpipe_and_sigxfsz_at_their_defaults(fake_tools: FakeTools) -> None:
    fake_tools.script("signals", "/bin/grep '^SigIgn:' /proc/$$/status\n")
    ignored = int(fake_tools.host().run(["signals"]).stdout.split()[1], 16)
    assert ignored & SIGPIPE_BIT == 0
    assert ignored & SIGXFSZ_BIT == 0


def test_a_probe_gets_no_descriptor_of_the_runner(fake_tools: FakeTools) -> None:
    fake_tools.script("descriptors", "/bin/ls /proc/$$/fd\n")
    read, write = os.pipe()
    # As a descriptor the runner inherited open across exec (a make jobserver's, say).
    inherited = os.dup2(write, 200, inheritable=True)
    try:
        probe = fake_tools.host().run(["descriptors"])
    finally:
        for fd in (read, write, inherited):
            os.close(fd)
    descriptors = probe.stdout.split()
    assert {"0", "1", "2"} <= set(descriptors)
    assert "200" not in descriptors


def test_a_file_that_cannot_be_executed_is_an_error_naming_the_tool(
    fake_tools: FakeTools,
) -> None:
    tool = fake_tools.script("garbage", "")
    tool.write_bytes(b"\x7fELF not really")  # executable bit set, no interpreter line
    probe = fake_tools.host().run(["garbage"])
    assert probe.error == "garbage: Exec format error"
    assert probe.returncode is None


def test_a_python_that_cannot_start_a_session_gives_an_error_not_a_crash(
    fake_tools: FakeTools, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_tools.script("tool", "echo 1.0\n")
    before = set(os.listdir("/proc/self/fd"))

    def no_setsid(*args: object, **kwargs: object) -> int:
        raise NotImplementedError("setsid is not supported")  # a C library without it

    monkeypatch.setattr(os, "posix_spawn", no_setsid)
    probe = fake_tools.host().run(["tool"])
    assert probe.error == "tool: this Python cannot start a tool (setsid is not supported)"
    assert set(os.listdir("/proc/self/fd")) == before  # both pipes closed


def test_a_child_reports_the_signal_that_ended_it() -> None:
    child, stdout, stderr = spawn(["/bin/sleep", "30"], {})
    try:
        assert child.poll() is None
        assert not child.wait(0.01)
        child.kill()
        assert child.wait(5)
        assert child.returncode == -9
        child.kill()  # reaped: nothing is sent to a pid that may be another's now
    finally:
        os.close(stdout)
        os.close(stderr)
    assert isinstance(child, Child)
