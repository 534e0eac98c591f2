"""The one version-ordering rule, property-tested."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_reqcheck.versions import Version, VersionError, parse_version

numbers = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=5)
markers = st.sampled_from(["", "dev", "alpha", "beta", "pre", "rc", "~"])
suffixes = st.sampled_from(
    ["", " (nf_tables)", "+deb12u1", "-cvs", " (2022-05-18)", " linux/amd64"]
)


@st.composite
def versions(draw: st.DrawFn) -> str:
    text = ".".join(str(number) for number in draw(numbers))
    marker = draw(markers)
    if marker:
        text += marker + (str(draw(st.integers(0, 20))) if marker != "~" else "")
    return text + draw(suffixes)


@given(versions(), versions())
def test_exactly_one_of_less_equal_greater(a: str, b: str) -> None:
    x, y = parse_version(a), parse_version(b)
    assert [x < y, x == y, x > y].count(True) == 1
    assert (x <= y) == (x < y or x == y)
    assert (x >= y) == (x > y or x == y)


@given(versions(), versions(), versions())
def test_order_is_transitive(a: str, b: str, c: str) -> None:
    x, y, z = sorted([parse_version(a), parse_version(b), parse_version(c)])
    assert x <= y <= z
    assert x <= z


@given(versions(), versions())
def test_equal_versions_hash_alike(a: str, b: str) -> None:
    x, y = parse_version(a), parse_version(b)
    if x == y:
        assert hash(x) == hash(y)


@given(numbers, st.integers(min_value=1, max_value=4))
def test_trailing_zeros_do_not_matter(release: list[int], zeros: int) -> None:
    text = ".".join(map(str, release))
    assert parse_version(text) == parse_version(text + ".0" * zeros)


@given(numbers)
def test_leading_zeros_compare_as_numbers(release: list[int]) -> None:
    padded = ".".join(f"{number:03d}" for number in release)
    assert parse_version(padded) == parse_version(".".join(map(str, release)))


@given(numbers, st.sampled_from(["dev", "alpha", "beta", "pre", "rc", "~"]), st.integers(0, 9))
def test_pre_release_sorts_before_the_release(release: list[int], marker: str, n: int) -> None:
    text = ".".join(map(str, release))
    pre = parse_version(f"{text}{marker}{n if marker != '~' else ''}")
    assert pre < parse_version(text)
    # ...but after every earlier release.
    if release[-1] > 0:
        earlier = ".".join(map(str, [*release[:-1], release[-1] - 1]))
        assert parse_version(earlier) < pre


@given(versions(), suffixes)
def test_suffix_is_ignored(text: str, suffix: str) -> None:
    assert parse_version(text + suffix) == parse_version(text)


@given(numbers, numbers)
def test_release_numbers_compare_like_tuples(a: list[int], b: list[int]) -> None:
    width = max(len(a), len(b))
    pa, pb = a + [0] * (width - len(a)), b + [0] * (width - len(b))
    x, y = parse_version(".".join(map(str, a))), parse_version(".".join(map(str, b)))
    assert (x < y) == (pa < pb)
    assert (x == y) == (pa == pb)


def test_known_distribution_versions() -> None:
    ordered = ["1.02.67", "1.02.68", "1.02.185", "3.8", "3.16", "3.16.1", "4.999.9beta", "4.999.9"]
    parsed = [parse_version(text) for text in ordered]
    assert parsed == sorted(parsed)
    assert parse_version("go1.19.8") > parse_version("1.3")
    assert parse_version("1.22-a1b2c3d") == parse_version("1.22")  # a commit hash, not alpha 1
    assert isinstance(parse_version("v6.2"), Version)


def test_versions_are_parsed_with_bounds() -> None:
    # 5000 digits once crashed int() (ValueError: Exceeds the limit) in the builder and run.
    for text in ("1." + "9" * 5000, "9" * 19, ".".join(["1"] * 33)):
        with pytest.raises(VersionError, match="too long for a version number"):
            parse_version(text)
    assert parse_version("9" * 18 + "." + ".".join(["1"] * 31)).release[0] == int("9" * 18)


def test_a_long_version_is_shortened_in_the_message() -> None:
    with pytest.raises(VersionError) as raised:
        parse_version("v" + "7" * 5000)
    assert "(5000 characters)" in str(raised.value)
    assert len(str(raised.value)) < 200
