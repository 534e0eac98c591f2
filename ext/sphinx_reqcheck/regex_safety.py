"""Refusing version patterns whose matching time can explode.

Python's ``re`` backtracks: ``(a+)+$`` against ``aaaa…a!`` tries every way of cutting the
a's into groups before it fails, 2**n ways for n letters. The shapes that do this are a
repetition inside a repetition whose rounds cannot be told apart, and a repeated choice
whose alternatives can start the same way. :func:`explosion_risk` finds them in the parsed
pattern, so the builder (a Sphinx warning at the option's line) and the manifest reader
(``reqcheck validate`` and ``reqcheck run``) refuse the same patterns.

This is a guard against the usual mistakes, not a proof: some slow patterns (``\\d+\\d+x``
is quadratic) pass it. What bounds the time for every pattern is that ``reqcheck run``
matches in a separate process it kills at the check's timeout (``runner/pattern_match.py``).

A repetition inside a repetition is accepted when each round is fenced by one character
the rest of the round cannot match (``(?:\\.\\d+)*``: each round starts at a dot, and a
digit is never a dot), since then the rounds are found without trying alternatives.
"""

from __future__ import annotations

import functools
import importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

try:  # Python 3.11 made the parser private and deprecated the public name.
    _parser: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - Python 3.9 and 3.10
    _parser = importlib.import_module("sre_parse")

_MAXREPEAT: Any = _parser.MAXREPEAT
_LARGE = 16  # a repeat allowing more rounds than this counts as unbounded
# Characters a set is judged on: Latin-1 and a few others (a non-ASCII letter, digit and
# space, a CJK letter, an emoji), enough to tell classes such as \d, \w, \s apart.
_UNIVERSE = frozenset(
    [chr(code) for code in range(256)] + ["\u0100", "\u0660", "\u3000", "\u4e00", "\U0001f600"]
)
_CATEGORIES = {
    "DIGIT": frozenset(c for c in _UNIVERSE if c.isdecimal()),
    "SPACE": frozenset(c for c in _UNIVERSE if c.isspace()),
    "WORD": frozenset(c for c in _UNIVERSE if c.isalnum() or c == "_"),
    "LINEBREAK": frozenset("\n"),
}
_SINGLE = ("LITERAL", "NOT_LITERAL", "IN", "ANY")
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT")  # POSSESSIVE_REPEAT never backtracks


def _category(name: str) -> frozenset[str]:
    for key, members in _CATEGORIES.items():
        if name.endswith("_" + key):
            return _UNIVERSE - members if "_NOT_" in name else members
    return _UNIVERSE


def _with_case(chars: frozenset[str]) -> frozenset[str]:
    # Case-insensitive flags may be on: count both cases (more overlap, more refusals).
    return chars | frozenset(c.swapcase() for c in chars if len(c.swapcase()) == 1)


def _single(op: str, value: Any) -> frozenset[str]:
    """The characters one single-character item matches."""
    if op == "LITERAL":
        return _with_case(frozenset(chr(value)))
    if op == "NOT_LITERAL":
        return _UNIVERSE - frozenset(chr(value))
    if op == "ANY":
        return _UNIVERSE
    chars: set[str] = set()
    negate = False
    for item_op, item in value:
        kind = str(item_op)
        if kind == "NEGATE":
            negate = True
        elif kind == "LITERAL":
            chars.add(chr(item))
        elif kind == "RANGE":
            chars.update(c for c in _UNIVERSE if item[0] <= ord(c) <= item[1])
        elif kind == "CATEGORY":
            chars.update(_category(str(item)))
        else:  # a compiled charset: unknown, so assume anything
            chars.update(_UNIVERSE)
    found = _with_case(frozenset(chars))
    return _UNIVERSE - found if negate else found


def _children(op: str, value: Any) -> list[Any]:
    """The sub-patterns directly inside one item."""
    if op in _REPEATS or op == "POSSESSIVE_REPEAT":
        return [value[2]]
    if op == "SUBPATTERN":
        return [value[3]]
    if op == "BRANCH":
        return list(value[1])
    if op in ("ASSERT", "ASSERT_NOT"):
        return [value[1]]
    if op == "GROUPREF_EXISTS":
        return [branch for branch in value[1:] if branch is not None]
    if op == "ATOMIC_GROUP":
        return [value]
    return []


def _chars(pattern: Any) -> frozenset[str]:
    """Every character some part of ``pattern`` can match."""
    found: frozenset[str] = frozenset()
    for op_code, value in pattern:
        op = str(op_code)
        if op in _SINGLE:
            found |= _single(op, value)
        elif op == "GROUPREF":
            return _UNIVERSE  # a back-reference may repeat anything
        for child in _children(op, value):
            found |= _chars(child)
    return found


def _is_large(value: Any) -> bool:
    return bool(value[1] is _MAXREPEAT or value[1] == _MAXREPEAT or value[1] > _LARGE)


def _large_repeats(pattern: Any) -> list[Any]:
    """The bodies of the unbounded repetitions anywhere inside ``pattern``."""
    bodies = []
    for op_code, value in pattern:
        op = str(op_code)
        if op in _REPEATS and _is_large(value):
            bodies.append(value[2])
        for child in _children(op, value):
            bodies.extend(_large_repeats(child))
    return bodies


def _first(pattern: Any) -> tuple[frozenset[str], bool]:
    """The characters a match of ``pattern`` can start with, and whether it can be empty."""
    start: frozenset[str] = frozenset()
    for op_code, value in pattern:
        op = str(op_code)
        if op in _SINGLE:
            return start | _single(op, value), False
        if op == "GROUPREF":
            return _UNIVERSE, True
        if op in _REPEATS or op == "POSSESSIVE_REPEAT":
            chars, empty = _first(value[2])
            start |= chars
            if value[0] > 0 and not empty:
                return start, False
        elif op in ("SUBPATTERN", "ATOMIC_GROUP"):
            chars, empty = _first(_children(op, value)[0])
            start |= chars
            if not empty:
                return start, False
        elif op in ("BRANCH", "GROUPREF_EXISTS"):
            results = [_first(child) for child in _children(op, value)]
            for chars, _ in results:
                start |= chars
            if op == "BRANCH" and not any(empty for _, empty in results):
                return start, False
    return start, True


def _sequence(pattern: Any) -> list[Any]:
    """The items of ``pattern`` in order, with groups opened: a group of two is two items."""
    items = []
    for op_code, value in pattern:
        if str(op_code) == "SUBPATTERN":
            items.extend(_sequence(value[3]))
        else:
            items.append((op_code, value))
    return items


def _fenced(body: Any) -> bool:
    """Each round of ``body`` begins or ends with one character the rest cannot match."""
    items = _sequence(body)
    for fence, rest in ((items[:1], items[1:]), (items[-1:], items[:-1])):
        single = bool(fence) and str(fence[0][0]) in _SINGLE
        if single and not _single(str(fence[0][0]), fence[0][1]) & _chars(rest):
            return True
    return False


def _overlapping_choice(pattern: Any) -> bool:
    """A choice inside ``pattern`` with two alternatives that can start alike."""
    for op_code, value in pattern:
        op = str(op_code)
        if op == "BRANCH":
            starts = [_first(child) for child in value[1]]
            for index, (chars, empty) in enumerate(starts):
                for other, other_empty in starts[index + 1 :]:
                    if chars & other or empty or other_empty:
                        return True
        if op not in ("ASSERT", "ASSERT_NOT") and any(
            _overlapping_choice(child) for child in _children(op, value)
        ):
            return True
    return False


@functools.lru_cache(maxsize=256)  # a manifest repeats the same few patterns
def explosion_risk(pattern: str) -> str | None:
    """Why matching ``pattern`` can take exponential time, or None when no such shape is
    found. ``pattern`` must compile."""
    parsed = _parser.parse(pattern)
    for body in _large_repeats(parsed):
        if _large_repeats(body) and not _fenced(body):
            return (
                "it repeats a part that itself repeats, and the rounds are not fenced by a "
                "character the repeated part cannot match, so a failing match can try "
                "exponentially many ways; write it without the outer repetition, or start "
                r"each round with a separator (as in (\d+(?:\.\d+)*))"
            )
        if _overlapping_choice(body):
            return (
                "it repeats a choice whose alternatives can start with the same character "
                "(or be empty), so a failing match can try exponentially many ways; make "
                "the alternatives start differently"
            )
    return None


def _decided(pattern: Any, follow: frozenset[str]) -> bool:
    """Whether every choice inside ``pattern`` (another round or not, which alternative)
    is decided by the next character, when what follows ``pattern`` starts with a
    character in ``follow`` (or is the end of the pattern)."""
    items = list(pattern)
    for index, (op_code, value) in enumerate(items):
        op = str(op_code)
        rest, rest_empty = _first(items[index + 1 :])
        after = rest | follow if rest_empty else rest
        if op in _SINGLE or op == "AT":
            continue
        if op == "SUBPATTERN":
            if not _decided(value[3], after):
                return False
        elif op in _REPEATS:
            body = value[2]
            starts, empty = _first(body)
            if empty or (value[0] != value[1] and starts & after):
                return False
            if not _decided(body, starts | after):
                return False
        elif op == "BRANCH":
            firsts = [_first(child) for child in value[1]]
            seen: frozenset[str] = frozenset()
            for chars, empty in firsts:
                if empty or chars & seen:
                    return False
                seen |= chars
            if not all(_decided(child, after) for child in value[1]):
                return False
        else:  # look-arounds, back-references, conditionals, atomic groups: not judged
            return False
    return True


@functools.lru_cache(maxsize=256)
def one_pass(pattern: str) -> bool:
    """Whether the next character decides every choice matching ``pattern`` makes.

    Then a match attempt at one position follows a single path, and each alternative it
    leaves fails at its first character: an attempt costs time linear in the text, a
    search of n characters at most quadratic, whatever the text. ``reqcheck run`` matches
    such patterns on short outputs in its own process (``runner/pattern_match.py``).
    ``pattern`` must compile.
    """
    return _decided(_parser.parse(pattern), frozenset())
