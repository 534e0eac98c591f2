"""Version patterns whose matching time can explode are refused by one rule, the same
for the builder and for the manifest reader (``reqcheck validate`` and ``run``)."""

from __future__ import annotations

import pytest

from sphinx_reqcheck.params import PARAM_TYPES, ParamError
from sphinx_reqcheck.regex_safety import explosion_risk, one_pass

EXPLOSIVE = [
    r"(a+)+$",  # the example: 2**n ways to cut n a's
    r"(a*)*b",
    r"(\w+\s?)+$",
    r"(x\w+)*$",  # the fence x is also a word character
    r"(a|ab)+c",  # alternatives that start alike
    r"(?:a|a?)+",
    r"((a+)b?)+",
    r"(.*a){20}",  # a large bounded repeat counts as unbounded
    r"^(([a-z])+.)+[A-Z]([a-z])+$",  # the OWASP example
    r"go((\d+)+)",
]
SAFE = [
    r"go(\d+(?:\.\d+)*)",  # the handbook's own patterns
    r"v(\d+(?:\.\d+)*)",
    r"XZ Utils\) (\d+(?:\.\d+)*)",
    r"Driver version:\s+(\S+)",
    r"(\d+\.)+",  # each round ends with a dot no digit can match
    r"((ab)*c)*",
    r"(?:ab|cd)+(\d)",
    r"(a{1,3}){2}",
]


@pytest.mark.parametrize("pattern", EXPLOSIVE)
def test_explosive_shapes_are_found(pattern: str) -> None:
    assert explosion_risk(pattern) is not None


@pytest.mark.parametrize("pattern", SAFE)
def test_fenced_and_plain_patterns_pass(pattern: str) -> None:
    assert explosion_risk(pattern) is None


def test_the_parameter_type_refuses_them_with_the_reason() -> None:
    with pytest.raises(ParamError, match=r"'\(a\+\)\+\$' can take exponential time to match"):
        PARAM_TYPES["regex"].parse("(a+)+$")
    with pytest.raises(ParamError, match="exponential"):
        PARAM_TYPES["regex"].validate("go((\\d+)+)")


# Every choice decided by the next character: the handbook's patterns and plain shapes.
ONE_PASS = [
    r"go(\d+(?:\.\d+)*)",
    r"v(\d+(?:\.\d+)*)",
    r"XZ Utils\) (\d+(?:\.\d+)*)",
    r"version (\d+\.\d+)",
    r"^git version (\S+)$",
    r"(\w+) (\d+)",
    r"(?:a|b)*c",
    r"(.*)",
]
# A choice the next character does not decide, or a construct not judged.
NOT_ONE_PASS = [
    r"(\d+)\d+\d+!",  # quartic: which digits go to which repetition?
    r"(\d+)\d",
    r".*(\d+)",
    r"(a+)+$",
    r"(\d*)*",
    r"(?:a|ab)c",
    r"(\d+)(?=x)",
    r"(a)\1",
]


@pytest.mark.parametrize("pattern", ONE_PASS)
def test_one_pass_patterns(pattern: str) -> None:
    assert one_pass(pattern)


@pytest.mark.parametrize("pattern", NOT_ONE_PASS)
def test_patterns_that_may_backtrack_are_not_one_pass(pattern: str) -> None:
    assert not one_pass(pattern)
