"""Version numbers as distribution tools print them, and one rule to order them.

The rule, used everywhere a version is compared:

1. A version is a dotted run of decimal numbers (``1.02.185``, ``3.16.1``, ``go1.19.8``
   gives ``1.19.8``), found as the first such run in the text.
2. Release numbers compare numerically, component by component; missing components
   count as zero, so ``1.3 == 1.3.0`` and ``1.02.68 < 1.02.185``.
3. A pre-release marker right after the numbers (``alpha``, ``beta``, ``rc``, ``pre``,
   ``dev``, or a ``~`` as Debian writes it), optionally followed by a number, sorts
   before the plain release: ``4.999.9beta < 4.999.9``; markers order
   dev < alpha < beta < pre < rc, then by their number. A marker word must end there
   (``rc1`` is one, ``-a1b2c3d`` — a commit hash — and ``devel`` are not).
4. Anything else after the numbers (``-cvs``, ``+deb12u1``, `` (nf_tables)``,
   `` (2012-01-26)``) is a build or vendor suffix and does not change the order.
5. Bounds: a version has at most 32 numbers of at most 18 digits each (a date such as
   20230115 is 8). Anything longer is no version: an author's ``:minimum:``, a manifest's
   value and a tool's output all meet this same rule, so what the builder accepts,
   ``reqcheck validate`` accepts and ``reqcheck run`` can compare.
"""

from __future__ import annotations

import re

from .records import dataclass, field

_RELEASE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)*)")
_PRE = re.compile(r"\s*[-_.]?(~|dev|alpha|a(?=\d)|beta|b(?=\d)|pre|rc)\.?(\d*)", re.IGNORECASE)
_WORD_GOES_ON = re.compile(r"[A-Za-z0-9]")
_PRE_RANK = {"dev": 0, "~": 0, "alpha": 1, "a": 1, "beta": 2, "b": 2, "pre": 3, "rc": 4}
_FINAL = 9
MAX_DIGITS = 18  # per number: any such number converts quickly and exactly
MAX_NUMBERS = 32


class VersionError(ValueError):
    """The text holds no version number."""


class VersionTooLong(VersionError):
    """The text's version number is beyond the bounds (rule 5)."""


@dataclass(frozen=True, order=False)
class Version:
    """A parsed version: ``release`` numbers and an optional pre-release marker."""

    text: str
    release: tuple[int, ...]
    pre: tuple[int, int] | None = None
    key: tuple[tuple[int, ...], tuple[int, int]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        trimmed = list(self.release)
        while len(trimmed) > 1 and trimmed[-1] == 0:
            trimmed.pop()
        object.__setattr__(self, "key", (tuple(trimmed), self.pre or (_FINAL, 0)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __lt__(self, other: Version) -> bool:
        return _padded(self, other) < _padded(other, self)

    def __le__(self, other: Version) -> bool:
        return self == other or self < other

    def __gt__(self, other: Version) -> bool:
        return other < self

    def __ge__(self, other: Version) -> bool:
        return self == other or other < self

    def __str__(self) -> str:
        return self.text


def _padded(version: Version, other: Version) -> tuple[tuple[int, ...], tuple[int, int]]:
    release, pre = version.key
    width = max(len(release), len(other.key[0]))
    return release + (0,) * (width - len(release)), pre


def parse_version(text: str) -> Version:
    """Parse the first version number in ``text``; raise :class:`VersionError` if none."""
    match = _RELEASE.search(text)
    if not match:
        raise VersionError(f"no version number in {_shorten(text)!r}")
    parts = match.group(1).split(".")
    if len(parts) > MAX_NUMBERS or any(len(part) > MAX_DIGITS for part in parts):
        raise VersionTooLong(
            f"{_shorten(match.group(1))!r} is too long for a version number (at most "
            f"{MAX_NUMBERS} numbers of at most {MAX_DIGITS} digits each)"
        )
    release = tuple(int(part) for part in parts)
    pre = None
    marker = _PRE.match(text, match.end())
    if marker and marker.group(1) != "~" and _WORD_GOES_ON.match(text, marker.end()):
        marker = None  # "1.22-a1b2c3d" (a hash) or "1.0 devel": not a pre-release marker
    if marker:
        pre = (_PRE_RANK[marker.group(1).lower()], int(marker.group(2) or 0))
    shown = text[match.start() : marker.end() if marker else match.end()].strip()
    return Version(shown, release, pre)


def _shorten(text: str, keep: int = 40) -> str:
    """``text``, or its start and its length when longer than ``keep`` characters."""
    return text if len(text) <= keep else f"{text[:keep]}... ({len(text)} characters)"


def is_version(text: str) -> bool:
    """True when ``text`` is exactly one version (what a handbook author may write)."""
    try:
        version = parse_version(text)
    except VersionError:
        return False
    return version.text == text.strip()
