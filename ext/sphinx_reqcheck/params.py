"""Typed check parameters: how the text an author writes in a directive option becomes
a manifest value, how a value read back from a manifest is validated, and the declaration
of a check kind with its parameters.

The check kinds themselves are declared in :mod:`sphinx_reqcheck.model`. Like the model,
this module never imports Sphinx or docutils.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping

from .records import dataclass
from .regex_safety import explosion_risk
from .versions import VersionError, VersionTooLong, parse_version

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any, Callable

_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.+:-]*$")


class ParamError(ValueError):
    """A parameter value that its declaration rejects; the message says why."""


# -- parameter types ---------------------------------------------------------------------
# Each type turns the text an author writes in a directive option into the JSON value
# stored in the manifest, and checks a JSON value read back from a manifest.


def split_names(text: str | None) -> list[str]:
    """Names written space- or comma-separated (``a, b c`` gives ``[a, b, c]``): the one
    way every list of names is read, in directive options and on the command line."""
    return [word for word in re.split(r"[\s,]+", (text or "").strip()) if word]


def _parse_text(text: str) -> str:
    if not text.strip():
        raise ParamError("must not be empty")
    return " ".join(text.split())


def _parse_version(text: str) -> str:
    value = text.strip()
    try:
        exact = parse_version(value).text == value
    except VersionTooLong as error:
        raise ParamError(str(error)) from None
    except VersionError:
        exact = False
    if not exact:
        raise ParamError(f"{value!r} is not a version such as 1.3 or 1.02.68")
    return value


def _parse_regex(text: str) -> str:
    value = text.strip()
    try:
        compiled = re.compile(value)
    except re.error as error:
        raise ParamError(f"{value!r} is not a valid regular expression: {error}") from None
    if compiled.groups < 1:
        raise ParamError(f"{value!r} needs a group that captures the version")
    risk = explosion_risk(value)
    if risk is not None:
        raise ParamError(f"{value!r} can take exponential time to match: {risk}")
    return value


def _parse_argv(text: str) -> list[str]:
    try:
        argv = shlex.split(text)
    except ValueError as error:
        raise ParamError(f"{text.strip()!r} is not a command line: {error}") from None
    if not argv:
        raise ParamError("must name a command")
    if "" in argv:
        # A manifest's argv holds no empty argument (ParamType.validate, the schema's
        # minLength), so the directive must not let one through either.
        raise ParamError(f"{text.strip()!r} has an empty argument; leave it out")
    return argv


def _parse_names(text: str) -> list[str]:
    names = split_names(text)
    if not names:
        raise ParamError("must list at least one name")
    for name in names:
        if not _NAME.match(name):
            raise ParamError(f"{name!r} is not a valid name")
    return names


def _parse_paths(text: str) -> list[str]:
    paths = text.split()
    if not paths:
        raise ParamError("must list at least one path")
    return paths


@dataclass(frozen=True)
class ParamType:
    """How one kind of parameter is written, stored and validated."""

    name: str
    parse: Callable[[str], Any]
    json_schema: Mapping[str, Any]
    is_list: bool = False

    def validate(self, value: Any) -> Any:
        """Check a value read from a manifest; return it or raise :class:`ParamError`."""
        if self.is_list:
            if not isinstance(value, list) or not value:
                raise ParamError("must be a non-empty list of strings")
            if not all(isinstance(item, str) and item for item in value):
                raise ParamError("must be a non-empty list of strings")
            if self.name in ("names",):
                self.parse(" ".join(value))
            return value
        if not isinstance(value, str):
            raise ParamError("must be a string")
        return self.parse(value)


_STRING = {"type": "string", "minLength": 1}
_STRINGS = {"type": "array", "items": _STRING, "minItems": 1}

PARAM_TYPES: dict[str, ParamType] = {
    "text": ParamType("text", _parse_text, _STRING),
    "version": ParamType("version", _parse_version, _STRING),
    "regex": ParamType("regex", _parse_regex, _STRING),
    "argv": ParamType("argv", _parse_argv, _STRINGS, is_list=True),
    "names": ParamType("names", _parse_names, _STRINGS, is_list=True),
    "paths": ParamType("paths", _parse_paths, _STRINGS, is_list=True),
}


@dataclass(frozen=True)
class Param:
    """One parameter of a check kind."""

    name: str
    type: str
    doc: str
    required: bool = True
    choices: tuple[str, ...] = ()

    @property
    def option(self) -> str:
        """The directive option that sets this parameter."""
        return self.name.replace("_", "-")

    def parse(self, text: str) -> Any:
        """Turn the option text an author wrote into the manifest value."""
        value = PARAM_TYPES[self.type].parse(text)
        self._check_choices(value)
        return value

    def validate(self, value: Any) -> Any:
        """Check a manifest value against this declaration."""
        checked = PARAM_TYPES[self.type].validate(value)
        self._check_choices(checked)
        return checked

    def _check_choices(self, value: Any) -> None:
        if not self.choices:
            return
        for item in value if isinstance(value, list) else [value]:
            if item not in self.choices:
                raise ParamError(f"{item!r} is not one of: {', '.join(self.choices)}")


@dataclass(frozen=True)
class CheckKind:
    """A kind of check: its name, what it proves, its parameters and how it reads."""

    name: str
    doc: str
    params: tuple[Param, ...]
    expected: Callable[[Mapping[str, Any]], str]
    method: Callable[[Mapping[str, Any]], str]

    def param(self, name: str) -> Param | None:
        """The parameter called ``name`` (or written as option ``name``), if any."""
        for param in self.params:
            if name in (param.name, param.option):
                return param
        return None


def check_params(kind: CheckKind, values: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a manifest's check parameters; raise ``ParamError`` naming the field."""
    checked: dict[str, Any] = {}
    for name, value in values.items():
        param = kind.param(name)
        if param is None or param.name != name:
            raise ParamError(f"{name}: unknown parameter of check kind {kind.name!r}")
        try:
            checked[name] = param.validate(value)
        except ParamError as error:
            raise ParamError(f"{name}: {error}") from None
    for param in kind.params:
        if param.required and param.name not in checked:
            raise ParamError(f"{param.name}: required by check kind {kind.name!r}")
    return checked
