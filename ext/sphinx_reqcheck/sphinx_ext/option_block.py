"""A requirement directive's option lines, read with the meaning MyST and docutils give them.

Requirement directives declare no ``option_spec``, so that every option problem (unknown
name, repeated option, unreadable line) is a typed ``reqcheck.option`` warning at the
option's own line, under reST and MyST alike. docutils then hands the option lines over
with the argument, and MyST at the top of the content; this module reads them as each
parser reads a directive's options itself (with every option converted by ``unchanged``):

* MyST: the block is found by MyST's rule (a ``---`` fenced block, or the leading lines
  that start with ``:``) and its values are read by MyST's own option tokenizer, so
  ``:title: "Go: 1.3"`` means ``Go: 1.3``, and ``'it''s'``, ``|`` blocks and ``# comments``
  mean what they mean in MyST. Plain one-line ``:name: value`` lines, which that
  tokenizer takes as written, are read here directly: the tokenizer costs about seven
  times as much.
* reST: docutils' field-list reading, where ``:title: "Go: 1.3"`` keeps its quotes, a value
  continues on indented lines, and option names are case-insensitive. Plain one-line
  ``:name: value`` lines, nearly every line a handbook has, are read here directly;
  any other block goes through docutils' own ``parse_extension_options``, whose fresh state
  machine per block made a handbook of thousands of requirements about twice as slow to
  read when every block took that way.

``tests/sphinx_ext/test_option_block.py`` checks, over generated option blocks, that the
result equals what MyST's and docutils' own option parsing give.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Callable

from docutils.parsers.rst import directives
from docutils.statemachine import StringList

from ..records import dataclass, field
from .parsing import Problem

# docutils' own pattern of a field marker (docutils.parsers.rst.states.Body.patterns).
_FIELD_MARKER = re.compile(r":(?![: ])([^:\\]|\\.|:(?!([ `]|$)))*(?<! ):( +|$)")
# A one-line option whose name docutils reads as written (lower-cased) and whose value is
# the rest of the line: nothing for docutils' own machinery to add.
_PLAIN_RST_OPTION = re.compile(r":([A-Za-z0-9_-]+):(?: +(.*))?")
# A one-line MyST option whose value MyST's tokenizer takes as written (trailing spaces
# aside): no quote, block scalar or comment mark, no white space but single spaces.
_PLAIN_MYST_OPTION = re.compile(r":([A-Za-z0-9_-]+):(?: +([^\s\"'#>|](?:\S| (?!#))*?))? *")
_FENCE = "---"
_UNCHANGED: Callable[[Any], Any] = directives.unchanged


class AnyOption(dict[str, Callable[[Any], Any]]):
    """An ``option_spec`` that takes every option name as text, as ``unchanged`` does;
    the names are checked against the model afterwards, with typed warnings."""

    def __missing__(self, name: str) -> Callable[[Any], Any]:
        return _UNCHANGED

    def __bool__(self) -> bool:  # MyST looks for options only when the spec is truthy
        return True


ANY_OPTION = AnyOption()


@dataclass
class OptionBlock:
    """The options of one directive, where each was written, and the body's start."""

    options: dict[str, str] = field(default_factory=dict)
    # option name -> index of its line among the option lines
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # index of the first body line in the directive's content
    body_start: int = 0


# -- reST ----------------------------------------------------------------------------------


def rst_argument_and_options(argument_lines: Sequence[str]) -> tuple[str, list[str]]:
    """Split docutils' argument block as it does for a directive with options: the
    argument is every line before the first field marker, the options the rest."""
    for index, line in enumerate(argument_lines):
        if _FIELD_MARKER.match(line):
            return "\n".join(argument_lines[:index]), list(argument_lines[index:])
    return "\n".join(argument_lines), []


def read_rst_options(lines: Sequence[str], state: Any) -> OptionBlock:
    """reST options (``lines`` as docutils gives them, rstripped), read as docutils does."""
    block = OptionBlock()
    plain = [_PLAIN_RST_OPTION.fullmatch(line) for line in lines]
    if all(plain):
        for index, match in enumerate(plain):
            assert match is not None
            _note(block, match.group(1).lower(), match.group(2) or "", index)
        return block
    for index, line in enumerate(lines):
        marker = _FIELD_MARKER.match(line)
        if marker:
            name = _rst_name(line[: marker.end()])
            if name in block.lines:
                block.problems.append(Problem("option", f"option :{name}: given twice", index))
            block.lines.setdefault(name, index)
        elif index == 0 or not line[:1].isspace():
            # Neither an option nor the indented rest of one: docutils refuses the block.
            message = f"cannot read {line.strip()!r}: write options as :name: value"
            block.problems.append(Problem("option", message, index))
            return block
    # Repeats are reported above; docutils itself would refuse the block, so the last
    # value of each name is read, as MyST does.
    options: dict[str, str] = {}
    for start, end in _fields(lines):
        success, data = state.parse_extension_options(ANY_OPTION, StringList(lines[start:end]))
        if not success:
            block.problems.append(Problem("option", f"cannot read the options: {data}", start))
            return block
        options.update(data)
    block.options = options
    return block


def _fields(lines: Sequence[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of each field: a marker line and the lines up to the next one
    (the first line is a marker: read_rst_options has made sure of it)."""
    starts = [index for index, line in enumerate(lines) if _FIELD_MARKER.match(line)]
    return list(zip(starts, [*starts[1:], len(lines)]))


def _rst_name(marker_line: str) -> str:
    marker = _FIELD_MARKER.match(marker_line)
    text = marker_line[1 : marker.end()].rstrip()[:-1] if marker else marker_line
    return re.sub(r"\\(.)", r"\1", text).lower()


# -- MyST ----------------------------------------------------------------------------------


def read_myst_options(content: Sequence[str], content_offset: int) -> OptionBlock:
    """MyST options at the top of ``content`` (the lines MyST gives a directive without an
    option spec), found and read as MyST does for a directive with one.

    ``content_offset`` is MyST's: 1 when it dropped a blank first line, which means the
    lines after it are body text, as MyST itself would read them.
    """
    if content_offset or not content:
        return OptionBlock()
    trailing = None
    if content[0].startswith(_FENCE):
        end = next((i for i in range(1, len(content)) if content[i].startswith(_FENCE)), None)
        if end is None:
            option_lines, first = list(content[1:]), 1
            body_start = len(content)
        else:
            option_lines, first = list(content[1:end]), 1
            body_start = end + 1
            if content[end].lstrip("-").strip():
                trailing = Problem("option", "write body text below the closing ---", end)
        text = _dedent(option_lines)
    else:
        option_lines = []
        while len(option_lines) < len(content) and _is_myst_option_line(content[len(option_lines)]):
            option_lines.append(content[len(option_lines)])
        first = 0
        body_start = len(option_lines)
        text = "\n".join(line.lstrip()[1:] for line in option_lines)
    if body_start < len(content) and not content[body_start].strip():
        body_start += 1  # MyST drops one blank line between the options and the body
    block = OptionBlock(body_start=body_start, problems=[trailing] if trailing else [])
    plain = [_PLAIN_MYST_OPTION.fullmatch(line) for line in option_lines] if not first else []
    if plain and all(plain):
        for index, match in enumerate(plain):
            assert match is not None
            _note(block, match.group(1), match.group(2) or "", index)
        return block
    from myst_parser.parsers.options import TokenizeError, options_to_tokens

    try:
        tokens, _state = options_to_tokens(text)
    except TokenizeError as error:
        line = first + error.problem_mark.line
        block.problems.append(Problem("option", f"cannot read the options: {error.problem}", line))
        return block
    for key, value in tokens:
        _note(block, key.value, value.value if value is not None else "", first + key.start.line)
    return block


def _is_myst_option_line(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith(":") and not stripped.startswith(":::")


def _dedent(lines: Sequence[str]) -> str:
    import textwrap

    return textwrap.dedent("\n".join(lines))


def _note(block: OptionBlock, name: str, value: str, line: int) -> None:
    if name in block.options:
        block.problems.append(Problem("option", f"option :{name}: given twice", line))
    block.options[name] = value
    block.lines[name] = line
