"""The requirement directives' own option reading means what MyST's and docutils' does.

The directives read their option lines themselves (see ``option_block``). Generated
option blocks, for every option of every kind, are read twice: by that reader, and by
MyST's and docutils' own option parsing of a directive that declares every option
``unchanged``. The options, and the requirement made of them, must be equal; where the
parser refuses a block, the reader must report a problem instead of guessing.
"""

from __future__ import annotations

from typing import Any

import docutils.core
from docutils import nodes
from docutils.parsers.rst import Directive, directives
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.warnings_ import MystWarnings

from sphinx_reqcheck.model import CHECK_KINDS
from sphinx_reqcheck.sphinx_ext.option_block import (
    read_myst_options,
    read_rst_options,
    rst_argument_and_options,
)
from sphinx_reqcheck.sphinx_ext.parsing import known_options, parse_requirement


class EveryOptionAsText(dict):  # type: ignore[type-arg]
    """The test's own option spec: any name, read by docutils' ``unchanged``."""

    def __missing__(self, name: str) -> Any:
        return directives.unchanged

    def __bool__(self) -> bool:
        return True


class Native(Directive):
    """Options parsed by the parser itself (docutils or MyST)."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = EveryOptionAsText()

    def run(self) -> list[nodes.Node]:
        SEEN["native"] = {"options": dict(self.options), "body": list(self.content)}
        return []


class Ours(Directive):
    """Options read the way the requirement directives read them (no option spec)."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = None

    def run(self) -> list[nodes.Node]:
        lines = self.arguments[0].splitlines() if self.arguments else []
        _argument, option_lines = rst_argument_and_options(lines)
        block = read_rst_options(option_lines, self.state)
        SEEN["ours"] = {"options": block.options, "problems": block.problems}
        return []


SEEN: dict[str, dict[str, Any]] = {}
directives.register_directive("native-options", Native)
directives.register_directive("our-options", Ours)

# Characters that mean something to YAML, MyST or docutils, plus plain and non-ASCII text.
VALUE_CHARACTERS = "abcXYZ019 .,:;-_/\\\"'[]{}#|>*`&!%@=+()\u00e9\u2265\u4e2d"
NAMES = sorted({option for kind in CHECK_KINDS.values() for option in known_options(kind)})
ODD_NAMES = ["Title", "colour", "na\u00efve", "x_y"]

values = st.text(alphabet=VALUE_CHARACTERS, max_size=24)
continuations = st.lists(
    st.tuples(st.integers(min_value=1, max_value=4), values.filter(str.strip)), max_size=2
)


@st.composite
def option_blocks(draw: Any) -> tuple[str, list[tuple[str, str, list[tuple[int, str]]]]]:
    """A kind, and ``(name, value, continuation lines)`` for some of its options."""
    kind = draw(st.sampled_from(sorted(CHECK_KINDS)))
    names = st.sampled_from([*known_options(CHECK_KINDS[kind]), *ODD_NAMES])
    fields = draw(st.lists(st.tuples(names, values, continuations), min_size=1, max_size=5))
    return kind, fields


def _lines(fields: list[tuple[str, str, list[tuple[int, str]]]]) -> list[str]:
    lines = []
    for name, value, more in fields:
        lines.append(f":{name}: {value}".rstrip())
        lines.extend(" " * indent + text.strip() for indent, text in more)
    return lines


def _rst(directive: str, lines: list[str]) -> None:
    source = "\n".join([f".. {directive}:: the-id", *("   " + line for line in lines), ""])
    source += "\n   Body text.\n"
    docutils.core.publish_doctree(
        source, settings_overrides={"report_level": 5, "halt_level": 5, "warning_stream": False}
    )


def _same_requirement(kind: str, ours: dict[str, str], theirs: dict[str, str]) -> None:
    mine = parse_requirement(CHECK_KINDS[kind], "the-id", ours)
    native = parse_requirement(CHECK_KINDS[kind], "the-id", theirs)
    assert mine.entry == native.entry
    assert mine.problems == native.problems


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(option_blocks())
@example(("command-version", [("title", '"Go: 1.3"', [])]))
@example(("command", [("scope", "[build, daemon]", [])]))
@example(("command", [("title", "A title that goes", [(3, "on")])]))
def test_rest_options_mean_what_docutils_reads(block: Any) -> None:
    kind, fields = block
    lines = _lines(fields)
    SEEN.clear()
    _rst("native-options", lines)
    _rst("our-options", lines)
    ours = SEEN["ours"]
    if "native" not in SEEN:  # docutils refused the block (e.g. a repeated option)
        assert ours["problems"], lines
        return
    if ours["problems"]:
        names = [name.lower() for name, _, _ in fields]
        assert len(set(names)) < len(names), (lines, ours["problems"])
        return
    assert ours["options"] == SEEN["native"]["options"], lines
    _same_requirement(kind, ours["options"], SEEN["native"]["options"])


def _myst(directive: type[Directive], content: str) -> Any:
    return parse_directive_text(directive, "the-id", content, line=1)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(option_blocks(), st.booleans(), st.booleans())
@example(("command-version", [("title", '"Go: 1.3"', [])]), False, False)
@example(("command", [("scope", "[build, daemon]", [])]), False, False)
@example(("command", [("title", "it''s", [])]), True, False)
def test_myst_options_mean_what_myst_reads(block: Any, fenced: bool, blank_first: bool) -> None:
    kind, fields = block
    if fenced:
        # The same options as a YAML block: ``name: value`` lines between ``---`` fences.
        options = (line[1:] if line.startswith(":") else line for line in _lines(fields))
        lines = ["---", *options, "---"]
    else:
        lines = _lines(fields)
    content = "\n".join([*([""] if blank_first else []), *lines, "", "Body text."])
    native = _myst(Native, content)
    given_to_us = _myst(Ours, content)
    ours = read_myst_options(given_to_us.body, given_to_us.body_offset)
    # MyST's note that "# comments" may go away one day changes no value.
    refused = [w for w in native.warnings if w.type != MystWarnings.DIRECTIVE_OPTION_COMMENTS]
    if refused:
        assert ours.problems, (content, refused)
        return
    assert given_to_us.body[ours.body_start :] == native.body, content
    if ours.problems:  # only a repeated option, which MyST takes silently (last wins)
        names = [name for name, _, _ in fields]
        assert len(set(names)) < len(names), (content, ours.problems)
    assert ours.options == native.options, content
    _same_requirement(kind, ours.options, native.options)


def test_quoted_title_and_bracketed_scope_in_both_syntaxes() -> None:
    SEEN.clear()
    _rst("our-options", [':title: "Go: 1.3"', ":scope: [build, daemon]"])
    assert SEEN["ours"]["options"] == {"title": '"Go: 1.3"', "scope": "[build, daemon]"}
    given_to_us = _myst(Ours, ':title: "Go: 1.3"\n:scope: [build, daemon]\n\nBody.')
    myst = read_myst_options(given_to_us.body, given_to_us.body_offset)
    assert myst.options == {"title": "Go: 1.3", "scope": "[build, daemon]"}
    parsed = parse_requirement(CHECK_KINDS["manual"], "x", myst.options)
    # One problem that says what to write, not two unknown scopes "[build" and "daemon]".
    assert [(problem.subtype, problem.option) for problem in parsed.problems] == [
        ("scope", "scope")
    ]
    assert "without brackets" in parsed.problems[0].message
