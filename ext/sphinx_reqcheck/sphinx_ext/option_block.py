"""Reading a requirement directive's ``:name: value`` option lines ourselves.

Requirement directives declare no ``option_spec``. docutils then hands the option lines
over with the argument (everything up to the first blank line) and MyST hands them over
at the top of the content; both arrive here as plain lines. Reading them here instead of
through docutils' option parser has two reasons:

* every option problem (unknown name, malformed line, repeated option) becomes a typed
  ``reqcheck.option`` warning with file and line, under reST and MyST alike;
* docutils builds a fresh state machine for every option block, which made reading a
  handbook of thousands of requirements about twice as slow as reading the same text.

Syntax, as in docutils field lists: ``:name: value``; a value may continue on indented
lines; ``:name:`` alone is an empty value. MyST's ``---`` block of ``name: value`` lines
is accepted too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .parsing import Problem

_OPTION = re.compile(r"^:([^:\s][^:]*):(?:\s+(.*?))?\s*$")
_YAML_OPTION = re.compile(r"^([A-Za-z0-9_-]+):(?:\s+(.*?))?\s*$")
_FENCE = "---"


def read_options(lines: Sequence[str]) -> tuple[dict[str, str], list[Problem]]:
    """Options from ``:name: value`` lines; problems for lines that are not options."""
    options: dict[str, str] = {}
    problems: list[Problem] = []
    current = None
    for line in lines:
        if not line.strip():
            continue
        match = _OPTION.match(line)
        if match:
            current = match.group(1)
            if current in options:
                problems.append(Problem("option", f"option :{current}: given twice"))
            options[current] = match.group(2) or ""
        elif current is not None and line[:1].isspace():
            options[current] = f"{options[current]} {line.strip()}".strip()
        else:
            problems.append(
                Problem("option", f"cannot read {line.strip()!r}: write options as :name: value")
            )
    return options, problems


def split_leading_options(content: Sequence[str]) -> tuple[list[str], int]:
    """Option lines at the top of ``content`` (as MyST delivers them), and where the body starts.

    Returns the options as ``:name: value`` lines and the index of the first body line.
    """
    if content and content[0].strip() == _FENCE:
        for end in range(1, len(content)):
            if content[end].strip() == _FENCE:
                lines = [_from_yaml(line) for line in content[1:end]]
                return lines, _skip_blank(content, end + 1)
        return [], 0
    # Like MyST's own option block: option lines and their indented continuations; the
    # body starts at the first other line (a blank line in between is customary).
    end = 0
    while end < len(content) and content[end].strip():
        line = content[end]
        if not (_OPTION.match(line) or (end > 0 and line[:1].isspace())):
            break
        end += 1
    if end == 0:
        return [], 0
    return list(content[:end]), _skip_blank(content, end)


def _from_yaml(line: str) -> str:
    match = _YAML_OPTION.match(line.strip())
    if not match or line[:1].isspace():
        return line  # reported by read_options as unreadable, or a continuation
    return f":{match.group(1)}: {match.group(2) or ''}"


def _skip_blank(content: Sequence[str], index: int) -> int:
    while index < len(content) and not content[index].strip():
        index += 1
    return index
