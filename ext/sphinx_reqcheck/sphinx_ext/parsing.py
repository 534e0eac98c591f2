"""Turn a requirement directive's argument and options into a manifest entry.

Pure Python over :mod:`sphinx_reqcheck.model`, so every rule the directive enforces is the
one the runner and the JSON Schema enforce. Problems are returned, not raised: the
directive reports each as a typed warning and still renders the requirement.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import (
    CONDITIONS,
    ENV_CONDITIONS,
    ENV_KNOBS,
    LEVELS,
    SCOPES,
    is_valid_id,
    requirement_digest,
)
from ..params import PARAM_TYPES, CheckKind, ParamError, split_names
from ..records import dataclass, field

# Options every requirement directive takes, besides its kind's parameters.
COMMON_OPTIONS: tuple[str, ...] = (
    "title",
    "scope",
    "level",
    *tuple(option for option, _ in CONDITIONS.values()),
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a directive: the warning subtype and a message, and where:
    the option it is about, or the index of its line among the option lines."""

    subtype: str
    message: str
    line: int | None = None
    option: str | None = None


@dataclass
class ParsedRequirement:
    """A requirement as read from a directive, with whatever was wrong with it."""

    entry: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when the requirement can go into the manifest."""
        return not self.problems


def known_options(kind: CheckKind) -> list[str]:
    """Every option the directive for ``kind`` accepts, in a stable order."""
    return list(COMMON_OPTIONS) + [param.option for param in kind.params]


def default_level(kind: CheckKind) -> str:
    """``manual`` requirements are manual by nature; everything else is required."""
    return "manual" if kind.name == "manual" else "required"


def _parse_choice_list(
    text: str | None, allowed: Mapping[str, str], what: str, problems: list[Problem]
) -> list[str]:
    value = (text or "").strip()
    if value.startswith("[") and value.endswith("]"):
        problems.append(
            Problem(
                what,
                f":{what}: {value}: write the names without brackets, separated by spaces "
                f"or commas (e.g. {', '.join(list(allowed)[:2])})",
                option=what,
            )
        )
        return []
    names = split_names(text)
    if not names:
        problems.append(
            Problem(
                what,
                f"missing :{what}: option; give one or more of: {', '.join(allowed)}",
                option=what if text is not None else None,
            )
        )
    for name in names:
        if name not in allowed:
            problems.append(
                Problem(
                    what,
                    f"unknown {what} {name!r}; use one or more of: {', '.join(allowed)}",
                    option=what,
                )
            )
    return [name for name in names if name in allowed]


def _parse_level(text: str | None, kind: CheckKind, problems: list[Problem]) -> str:
    if text is None or not text.strip():
        return default_level(kind)
    level = text.strip()
    if level not in LEVELS:
        problems.append(
            Problem(
                "level", f"unknown level {level!r}; use one of: {', '.join(LEVELS)}", option="level"
            )
        )
        return default_level(kind)
    return level


def _parse_when(options: Mapping[str, str | None], problems: list[Problem]) -> dict[str, Any]:
    when: dict[str, Any] = {}
    for key, (option, _) in CONDITIONS.items():
        if option not in options:
            continue
        try:
            names = PARAM_TYPES["names"].parse(options[option] or "")
        except ParamError as error:
            problems.append(Problem("option", f":{option}: {error}", option=option))
            continue
        if key in ENV_CONDITIONS:
            unknown = [name for name in names if name not in ENV_KNOBS]
            if unknown:
                problems.append(
                    Problem(
                        "option",
                        f":{option}: the runner reads only these variables: "
                        f"{', '.join(ENV_KNOBS)}; not {', '.join(unknown)}",
                        option=option,
                    )
                )
                continue
        when[key] = names
    return when


def _parse_check(
    kind: CheckKind, options: Mapping[str, str | None], problems: list[Problem]
) -> dict[str, Any]:
    check: dict[str, Any] = {"kind": kind.name}
    for param in kind.params:
        if param.option not in options:
            if param.required:
                problems.append(
                    Problem(
                        "param",
                        f"missing :{param.option}: option, required by req:{kind.name} "
                        f"({param.doc})",
                    )
                )
            continue
        try:
            check[param.name] = param.parse(options[param.option] or "")
        except ParamError as error:
            problems.append(Problem("param", f":{param.option}: {error}", option=param.option))
    return check


def parse_requirement(
    kind: CheckKind, argument: str, options: Mapping[str, str | None]
) -> ParsedRequirement:
    """Validate one directive against the model; never raises for bad input."""
    problems: list[Problem] = []
    words = argument.split()
    requirement_id = words[0] if words else ""
    if not words:
        problems.append(
            Problem("id", f"req:{kind.name} needs an id argument, e.g. `req:{kind.name}:: my-id`")
        )
    elif len(words) > 1:
        problems.append(
            Problem("id", f"req:{kind.name} takes exactly one id, got {len(words)}: {argument!r}")
        )
    elif not is_valid_id(requirement_id):
        problems.append(
            Problem(
                "id",
                f"invalid requirement id {requirement_id!r}: use lower-case letters, digits, "
                "'.', '-' and '_', starting with a letter or digit",
            )
        )

    allowed = set(known_options(kind))
    for name in options:
        if name not in allowed:
            problems.append(
                Problem(
                    "option",
                    f"unknown option :{name}: for req:{kind.name}; "
                    f"known options: {', '.join(known_options(kind))}",
                    option=name,
                )
            )

    title = " ".join((options.get("title") or "").split())
    if not title:
        given = "title" if "title" in options else None
        problems.append(
            Problem("option", f"missing :title: option for req:{kind.name}", option=given)
        )

    entry: dict[str, Any] = {
        "id": requirement_id,
        "title": title,
        "scope": _parse_choice_list(options.get("scope"), SCOPES, "scope", problems),
        "level": _parse_level(options.get("level"), kind, problems),
        "check": _parse_check(kind, options, problems),
        "when": _parse_when(options, problems),
    }
    entry["digest"] = requirement_digest(
        entry["scope"], entry["level"], entry["check"], entry["when"]
    )
    return ParsedRequirement(entry=entry, problems=problems)
