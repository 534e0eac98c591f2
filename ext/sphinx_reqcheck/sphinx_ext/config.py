"""Configuration: one dataclass of typed fields, published as ``reqcheck_*`` values.

Values are checked on ``config-inited``; a wrong type or value gives a typed warning and
falls back to the default instead of failing the build.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from .diagnostics import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

PREFIX = "reqcheck_"


def _manifest_name(value: Any) -> str | None:
    """A plain file name: the manifest is always written at the top of the output dir."""
    plain = isinstance(value, str) and "/" not in value and "\\" not in value
    if plain and value not in ("", ".", ".."):
        return None
    return "must be a plain file name such as 'manifest.json'"


@dataclass(frozen=True)
class ReqcheckConfig:
    """The extension's settings; field ``x`` is the config value ``reqcheck_x``."""

    manifest_name: str = dataclasses.field(
        default="manifest.json",
        metadata={"doc": "file name of the manifest in the output directory"},
    )
    results: str = dataclasses.field(
        default="",
        metadata={"doc": "a host's results.json whose verdicts the handbook shows"},
    )
    fleet_results: str = dataclasses.field(
        default="",
        metadata={
            "doc": "a `reqcheck fleet --format json` report whose matrix the handbook shows; "
            "a relative path is relative to the working directory when given with -D, else "
            "to conf.py's"
        },
    )
    run: bool = dataclasses.field(
        default=False,
        metadata={"doc": "run the checks on the build host after writing the manifest"},
    )
    zipapp: bool = dataclasses.field(
        default=True,
        metadata={"doc": "write reqcheck.pyz (the runner with the manifest) beside it"},
    )


# Extra checks beyond the type, keyed by field name; each returns a problem or None.
_VALIDATORS: dict[str, Callable[[Any], str | None]] = {"manifest_name": _manifest_name}


def read_config(config: Config) -> ReqcheckConfig:
    """The validated settings of a (config-inited) Sphinx config."""
    values = {field.name: getattr(config, PREFIX + field.name) for field in _fields()}
    return ReqcheckConfig(**values)


def _fields() -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(ReqcheckConfig)


def check_config(app: Sphinx, config: Config) -> None:
    """Check every ``reqcheck_*`` value once the config is read; fall back with a warning."""
    defaults = ReqcheckConfig()
    for field in _fields():
        name = PREFIX + field.name
        value = getattr(config, name)
        default = getattr(defaults, field.name)
        expected = type(default)
        if expected is bool and isinstance(value, (int, str)) and not isinstance(value, bool):
            # -D reqcheck_run=1 arrives as text or int on some Sphinx versions.
            value = str(value).strip().lower() not in ("", "0", "false", "no", "off")
            setattr(config, name, value)
        problem = None if isinstance(value, expected) else f"must be a {expected.__name__}"
        if problem is None and field.name in _VALIDATORS:
            problem = _VALIDATORS[field.name](value)
        if problem is not None:
            warn(
                f"config value {name}={value!r} {problem}; using {default!r}",
                "config",
                None,
            )
            setattr(config, name, default)


def config_values() -> list[tuple[str, Any, str]]:
    """``(name, default, description)`` of every ``reqcheck_*`` config value."""
    defaults = ReqcheckConfig()
    return [
        (PREFIX + field.name, getattr(defaults, field.name), field.metadata.get("doc", ""))
        for field in _fields()
    ]
