"""Matching a manifest's version pattern in a process that can be killed.

A regular expression match in Python cannot be interrupted: a thread stuck in ``re``
keeps running after its check's timeout, and keeps the run from ending. The manifest
reader refuses the usual explosive shapes (``regex_safety.py``), but no static rule sees
every slow pattern (``(\\d+)\\d+\\d+!`` on a long line of digits is quartic), and tool
output may be a megabyte. So each match runs in a forked copy of the runner, which is
killed when the check's time is up.

Why fork and not a fresh interpreter: starting a Python per pattern check made a run of
the handbook 1.7 times slower; a fork costs a few milliseconds. The child only calls the
compiled pattern (compiled before the fork, so it touches no cache or lock that another
thread might hold), writes the answer to a pipe and leaves with ``os._exit``.

A fork still costs 4 to 9 ms with the runner's threads about, seven times in a run of the
handbook. It is skipped when the time is bounded without it: the pattern is one-pass
(``regex_safety.one_pass``: the next character decides every choice, so a search is at
most quadratic in the text, never worse) and the text is at most ``IN_PROCESS_LIMIT``
characters (a version line is a few dozen; the worst one-pass search of 1,024 characters,
such as ``(\\d+)x`` on a line of digits, takes about 15 ms, the price of two forks).
"""

from __future__ import annotations

import os
import re
import select
import signal

from ..regex_safety import one_pass

IN_PROCESS_LIMIT = 1024  # characters of text a one-pass pattern is matched on in-process


class MatchAborted(Exception):
    """Matching did not finish in time, or its process failed; the message says which."""


def _match_in_child(compiled: re.Pattern[str], text: str, answer: int) -> None:
    try:
        found = compiled.search(text)
        reply = "none" if found is None else f"{found.start(1)} {found.end(1)}"
        os.write(answer, reply.encode("ascii"))
    finally:
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffers


def _wait_for_answer(pid: int, answers: int, timeout: float) -> bytes:
    poll = select.poll()
    poll.register(answers, select.POLLIN)
    if not poll.poll(timeout * 1000):
        os.kill(pid, signal.SIGKILL)
        raise MatchAborted(f"matching the pattern took longer than {timeout:.3g} s and was stopped")
    return os.read(answers, 64)


def search_group(pattern: str, text: str, timeout: float) -> tuple[int, int] | None:
    """``(start, end)`` of the first group of ``pattern``'s first match in ``text``
    (``re.MULTILINE``), or None when it does not match; raise :class:`MatchAborted`
    when that takes longer than ``timeout`` seconds."""
    if timeout <= 0:
        raise MatchAborted("no time was left to match the pattern")
    compiled = re.compile(pattern, re.MULTILINE)
    if len(text) <= IN_PROCESS_LIMIT and one_pass(pattern):
        found = compiled.search(text)
        return None if found is None else found.span(1)
    answers, answer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(answers)
        _match_in_child(compiled, text, answer)
    os.close(answer)
    try:
        reply = _wait_for_answer(pid, answers, timeout).decode("ascii")
    finally:
        os.close(answers)
        os.waitpid(pid, 0)
    if not reply:
        raise MatchAborted("the process matching the pattern ended without an answer")
    if reply == "none":
        return None
    start, end = reply.split()
    return int(start), int(end)
