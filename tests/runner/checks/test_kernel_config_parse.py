"""The kernel configuration parser reads a text as a line-by-line reading would.

``kconfig.parse`` matches one pattern over the whole text for speed; ``read_by_lines``
below is the plain reading it must agree with (strip each line, then a ``CONFIG_X=value``
line sets X to its stripped, unquoted value and a ``# CONFIG_X is not set`` line unsets
X; the version comes from the first header line among the first few). Generated texts mix
the lines a configuration holds with the white space and line breaks Python knows.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_reqcheck.runner.kernel import config as kconfig

_SET = re.compile(r"^CONFIG_([A-Za-z0-9_]+)=(.*)$")
_UNSET = re.compile(r"^# CONFIG_([A-Za-z0-9_]+) is not set\s*$")


def read_by_lines(text: str) -> tuple[dict[str, str], kconfig.KernelVersion | None, str]:
    """The reading kconfig.parse had before it matched the whole text at once."""
    values: dict[str, str] = {}
    version: kconfig.KernelVersion | None = None
    version_text = ""
    for number, raw in enumerate(text.splitlines()):
        line = raw.strip()
        if line.startswith("CONFIG_"):
            match = _SET.match(line)
            if match:
                value = match.group(2).strip()
                quoted = len(value) >= 2 and value[0] == value[-1] == '"'
                values[match.group(1)] = value[1:-1] if quoted else value
            continue
        if not line.startswith("#"):
            continue
        unset = _UNSET.match(line)
        if unset:
            values[unset.group(1)] = kconfig.NOT_SET
        elif version is None and number < 12:
            header = re.match(kconfig._HEADER.pattern, line)
            if header:
                major, minor, patch, suffix = header.groups()
                version = (int(major), int(minor), int(patch or 0))
                version_text = f"{major}.{minor}" + (f".{patch}" if patch else "") + suffix
    return values, version, version_text


SPACE = st.sampled_from([" ", "\t", "\x0b", "\x0c", "\x1f", "\xa0", "\u2003", ""])
BREAK = st.sampled_from(["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\n\n"])
NAME = st.sampled_from(["VETH", "NF_NAT", "X", "a_1", "BAD-NAME", ""])
VALUE = st.sampled_from(["y", "m", "n", '"text"', '""', '"', '"a b" ', "64", "=y", "y # c", ""])
LINE = st.one_of(
    st.builds(lambda a, n, b, v, c: f"{a}CONFIG_{n}={b}{v}{c}", SPACE, NAME, SPACE, VALUE, SPACE),
    st.builds(lambda a, n, c: f"{a}# CONFIG_{n} is not set{c}", SPACE, NAME, SPACE),
    st.sampled_from(
        [
            "# Linux/x86 6.1.192 Kernel Configuration",
            "# Linux kernel version: 2.6.32",
            "#",
            "# CONFIG_X is not set, really",
            "#CONFIG_X is not set",
            "CONFIG_",
            "CONFIG_X",
            "junk CONFIG_X=y",
            "",
        ]
    ),
    st.text(alphabet='CONFIG_#= \t\n\r"xy', max_size=20),
)


@settings(max_examples=400, deadline=None)
@given(lines=st.lists(st.tuples(LINE, BREAK), max_size=20))
def test_the_whole_text_reading_agrees_with_the_line_by_line_one(
    lines: list[tuple[str, str]],
) -> None:
    text = "".join(line + end for line, end in lines)
    expected = read_by_lines(text)
    if not expected[0]:
        with pytest.raises(kconfig.ConfigUnreadable):
            kconfig.parse(text, "test")
        return
    assert kconfig.parse(text, "test") == expected
