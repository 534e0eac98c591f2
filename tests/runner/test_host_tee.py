"""-v streams probe output through Host's own bounded tee, which survives what
subprocess-tee does not: bytes that are not UTF-8 followed by a flood of output, one
line longer than subprocess-tee's 8 MB reader limit, and a tool that never exits."""

from __future__ import annotations

import threading

from fakehost import FakeTools

from sphinx_reqcheck.runner.host import OUTPUT_LIMIT, ProbeResult


class Counter:
    """An echo callback that counts what it is given, from any reader thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen = 0
        self.first = b""

    def __call__(self, argv: tuple[str, ...], chunk: bytes) -> None:
        with self.lock:
            self.first = self.first or chunk
            self.seen += len(chunk)


def xs(count: int) -> str:
    """A shell line that prints ``count`` x characters and no newline."""
    return f"/usr/bin/head -c {count} /dev/zero | /usr/bin/tr '\\0' x\n"


def teed(
    fake_tools: FakeTools, name: str, body: str, timeout: float = 10
) -> tuple[ProbeResult, Counter]:
    """Run the fake tool ``name`` (a shell ``body``) with -v's echo counting its output."""
    fake_tools.script(name, body)
    echo = Counter()
    return fake_tools.host(echo=echo, timeout=timeout).run([name]), echo


def test_bad_bytes_then_forty_megabytes(fake_tools: FakeTools) -> None:
    probe, echo = teed(fake_tools, "flood", "printf 'flood v1.0 \\377\\n'\n" + xs(40_000_000))
    assert probe.ok and probe.returncode == 0
    assert probe.undecodable and probe.truncated
    assert len(probe.stdout.encode()) <= OUTPUT_LIMIT + 16
    assert probe.stdout.startswith("flood v1.0 \ufffd\n")
    assert echo.seen == len(b"flood v1.0 \xff\n") + 40_000_000  # every byte was teed
    assert echo.first == b"flood v1.0 \xff\n"


def test_one_nine_megabyte_line(fake_tools: FakeTools) -> None:
    probe, echo = teed(fake_tools, "wide", xs(9_000_000) + "echo\necho 'wide 1.2.3'\n")
    assert probe.ok and probe.returncode == 0
    assert echo.seen == 9_000_000 + 1 + len("wide 1.2.3\n")


def test_hung_tool_is_stopped_and_its_output_kept(fake_tools: FakeTools) -> None:
    probe, echo = teed(fake_tools, "hang", "echo 'hang 0.1'\nexec /bin/sleep 60\n", timeout=0.5)
    assert probe.error == "timed out after 0.5 s"
    assert probe.stdout == "hang 0.1\n"
    assert echo.first == b"hang 0.1\n"
