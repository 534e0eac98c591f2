"""Configuration: one dataclass of typed fields, published as ``reqcheck_*`` values.

Values are checked on ``config-inited``; a wrong type or value gives a typed warning and
falls back to the default instead of failing the build.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..records import dataclass, field, fields
from .diagnostics import warn

if TYPE_CHECKING:
    from dataclasses import Field

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

    manifest_name: str = field(
        default="manifest.json",
        metadata={"doc": "file name of the manifest in the output directory"},
    )
    results: str = field(
        default="",
        metadata={
            "doc": "a host's results.json whose verdicts the handbook shows; a relative path "
            "is relative to the working directory when given with -D, else to conf.py's"
        },
    )
    fleet_results: str = field(
        default="",
        metadata={
            "doc": "a `reqcheck fleet --format json` report whose matrix the handbook shows; "
            "a relative path is relative to the working directory when given with -D, else "
            "to conf.py's"
        },
    )
    run: bool = field(
        default=False,
        metadata={"doc": "run the checks on the build host after writing the manifest"},
    )
    zipapp: bool = field(
        default=True,
        metadata={"doc": "write reqcheck.pyz (the runner with the manifest) beside it"},
    )


# Extra checks beyond the type, keyed by field name; each returns a problem or None.
_VALIDATORS: dict[str, Callable[[Any], str | None]] = {"manifest_name": _manifest_name}


def read_config(config: Config) -> ReqcheckConfig:
    """The validated settings of a (config-inited) Sphinx config."""
    values = {setting.name: getattr(config, PREFIX + setting.name) for setting in _fields()}
    return ReqcheckConfig(**values)


def setting_path(app: Sphinx, name: str) -> Path | None:
    """The file a path setting (``results``, ``fleet_results``) names, or None when unset.

    Given on the command line (``-D reqcheck_results=results.json``), a relative path is
    relative to the working directory, as sphinx-build's own path arguments are; set in
    ``conf.py``, it is relative to the directory of ``conf.py``, as Sphinx's path settings are.
    """
    setting = getattr(read_config(app.config), name)
    if not setting:
        return None
    given_with_d = PREFIX + name in app.config.overrides
    return Path(Path.cwd() if given_with_d else app.confdir, setting)


def _fields() -> tuple[Field[Any], ...]:
    return fields(ReqcheckConfig)


def check_config(app: Sphinx, config: Config) -> None:
    """Check every ``reqcheck_*`` value once the config is read; fall back with a warning."""
    defaults = ReqcheckConfig()
    for setting in _fields():
        name = PREFIX + setting.name
        value = getattr(config, name)
        default = getattr(defaults, setting.name)
        expected = type(default)
        if expected is bool and isinstance(value, (int, str)) and not isinstance(value, bool):
            # -D reqcheck_run=1 arrives as text or int on some Sphinx versions.
            value = str(value).strip().lower() not in ("", "0", "false", "no", "off")
            setattr(config, name, value)
        problem = None if isinstance(value, expected) else f"must be a {expected.__name__}"
        if problem is None and setting.name in _VALIDATORS:
            problem = _VALIDATORS[setting.name](value)
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
        (PREFIX + setting.name, getattr(defaults, setting.name), setting.metadata.get("doc", ""))
        for setting in _fields()
    ]
