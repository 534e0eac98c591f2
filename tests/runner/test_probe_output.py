"""A probe's output is read in the thread that runs it: both pipes and the process in one
loop. What it keeps, echoes and waits for, with and without a pidfd."""

from __future__ import annotations

import contextlib
import io
import os
import signal
from pathlib import Path

import pytest
from fakehost import FakeTools
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_reqcheck.runner.probe_output import ECHO_LINE, OUTPUT_LIMIT, Output


def _readlines(data: bytes) -> list[bytes]:
    """The pieces ``readline(ECHO_LINE)`` gives, as the reader threads echoed them."""
    stream = io.BytesIO(data)
    return list(iter(lambda: stream.readline(ECHO_LINE), b""))


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(
        st.tuples(
            st.sampled_from([0, 1, 5, ECHO_LINE - 1, ECHO_LINE, ECHO_LINE + 3]), st.booleans()
        )
    ),
    cuts=st.lists(st.integers(min_value=1, max_value=3 * ECHO_LINE), max_size=12),
)
def test_echoed_pieces_are_the_lines_readline_gives_however_the_reads_fall(
    lines: list[tuple[int, bool]], cuts: list[int]
) -> None:
    data = b"".join(b"x" * length + (b"\n" if newline else b"") for length, newline in lines)
    echoed: list[bytes] = []
    read, write = os.pipe()
    try:
        output = Output(read, echoed.append)
        start = 0
        for cut in [*cuts, len(data)]:
            if start < len(data):
                output.take(data[start : start + cut])
                start += cut
        output.end()
    finally:
        os.close(read)
        os.close(write)
    assert echoed == _readlines(data)
    assert b"".join(output.kept) == data[:OUTPUT_LIMIT]


def test_a_background_child_holding_the_output_does_not_hold_the_run(
    fake_tools: FakeTools, tmp_path: Path
) -> None:
    # The tool exits at once; the child it leaves behind keeps its stdout open. What the
    # tool printed is kept, and the probe ends after a grace period, not with the child.
    group, done = tmp_path / "group", tmp_path / "done"
    fake_tools.script(
        "lingers",
        f"echo 'lingers 1.0'\n(/bin/sleep 30; echo > '{done}') &\necho $$ > '{group}'\n",
    )
    probe = fake_tools.host(timeout=120).run(["lingers"])
    try:
        assert not done.exists()  # the probe did not wait for the child
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(int(group.read_text()), signal.SIGKILL)  # the probe's own group
    assert probe.ok and probe.returncode == 0
    assert probe.stdout == "lingers 1.0\n"


def test_without_a_pidfd_probes_end_time_out_and_keep_their_output(
    fake_tools: FakeTools, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A kernel before 5.3 (or a seccomp filter) has no pidfd_open: the loop looks at the
    # process between reads instead.
    def no_pidfd(pid: int) -> int:
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(os, "pidfd_open", no_pidfd)
    fake_tools.script("quick", "echo 'quick 2.0'\necho 'to stderr' >&2\nexit 3\n")
    fake_tools.script("hang", "echo 'hang 0.1'\nexec /bin/sleep 60\n")
    quick = fake_tools.host().run(["quick"])
    assert (quick.returncode, quick.stdout, quick.stderr) == (3, "quick 2.0\n", "to stderr\n")
    hung = fake_tools.host(timeout=0.5).run(["hang"])
    assert hung.error == "timed out after 0.5 s"
    assert hung.stdout == "hang 0.1\n"
