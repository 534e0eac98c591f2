"""Matching a manifest's version pattern in a process that can be killed.

A regular expression match in Python cannot be interrupted: a thread stuck in ``re``
keeps running after its check's timeout, and keeps the run from ending. The manifest
reader refuses the usual explosive shapes (``regex_safety.py``), but no static rule sees
every slow pattern (``\\d+\\d+x`` on a long line is quadratic), and tool output may be a
megabyte. So each match runs in a child Python (``-I -S``: no site, no user paths), with
the pattern and the text on its standard input, and the child is killed when the check's
time is up. The cost is one interpreter start per pattern check (tens of milliseconds).
"""

from __future__ import annotations

import json
import subprocess
import sys

# The child: read [pattern, text], print [start, end] of group 1 of the first match,
# or null when nothing matched (start is -1 when the group took no part in the match).
_CHILD = (
    "import json, re, sys\n"
    "pattern, text = json.load(sys.stdin)\n"
    "found = re.compile(pattern, re.MULTILINE).search(text)\n"
    "print(json.dumps(found and list(found.span(1))))\n"
)


class MatchAborted(Exception):
    """Matching did not finish in time, or could not be started; the message says which."""


def search_group(pattern: str, text: str, timeout: float) -> tuple[int, int] | None:
    """``(start, end)`` of the first group of ``pattern``'s first match in ``text``
    (``re.MULTILINE``), or None when it does not match; raise :class:`MatchAborted`
    when that takes longer than ``timeout`` seconds."""
    if timeout <= 0:
        raise MatchAborted("no time was left to match the pattern")
    if not sys.executable:
        raise MatchAborted("no Python interpreter to match the pattern in")
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _CHILD],
            input=json.dumps([pattern, text]).encode("ascii"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise MatchAborted(
            f"matching the pattern took longer than {timeout:.3g} s and was stopped"
        ) from None
    except OSError as error:
        raise MatchAborted(f"cannot start Python to match the pattern: {error}") from None
    try:
        span = json.loads(done.stdout)
    except ValueError:
        error_line = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise MatchAborted(f"matching the pattern failed: {' '.join(error_line)}") from None
    return None if span is None else (int(span[0]), int(span[1]))
