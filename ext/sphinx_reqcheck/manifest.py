"""Reading and validating manifests, with messages that name the failing field.

The shape checked here is the one :mod:`sphinx_reqcheck.schema` publishes as JSON Schema;
both are derived from :mod:`sphinx_reqcheck.model`. Pure Python: the runner uses it.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .bounded_read import MANIFEST_LIMIT, read_regular_file
from .json_input import JsonProblem, decode_json
from .model import (
    CHECK_KINDS,
    CONDITIONS,
    DIGEST,
    ENV_CONDITIONS,
    ENV_KNOBS,
    FORMAT,
    LEVELS,
    SCOPES,
    is_valid_id,
)
from .params import PARAM_TYPES, ParamError, check_params
from .records import dataclass

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

REQUIREMENT_FIELDS = (
    "id",
    "title",
    "scope",
    "level",
    "check",
    "when",
    "digest",
    "source",
    "url",
    "text",
)
# Every export writes a digest (model.requirement_digest); a manifest written by hand may
# leave it out, and its verdicts then carry an empty one (the handbook calls them stale).
OPTIONAL_FIELDS = ("digest",)
TOP_FIELDS = ("$schema", "format", "project", "version", "requirements")


class ManifestError(ValueError):
    """A manifest that does not follow the format; ``field`` is a JSON-pointer-like path."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Requirement:
    """One requirement as the runner sees it."""

    id: str
    title: str
    scope: tuple[str, ...]
    level: str
    check: Mapping[str, Any]
    when: Mapping[str, list[str]]
    source: Mapping[str, Any]
    url: str
    text: str
    digest: str = ""

    @property
    def kind(self) -> str:
        """The check kind's name."""
        return str(self.check["kind"])

    @property
    def params(self) -> dict[str, Any]:
        """The check's parameters, without ``kind``."""
        return {key: value for key, value in self.check.items() if key != "kind"}


@dataclass(frozen=True)
class Manifest:
    """A validated manifest."""

    project: str
    version: str
    requirements: tuple[Requirement, ...]

    def get(self, requirement_id: str) -> Requirement:
        """The requirement with this id; ``KeyError`` if there is none."""
        for requirement in self.requirements:
            if requirement.id == requirement_id:
                return requirement
        raise KeyError(requirement_id)


def _expect(value: Any, kind: type, field: str, what: str) -> Any:
    if not isinstance(value, kind) or isinstance(value, bool) != (kind is bool):
        raise ManifestError(field, f"must be {what}")
    return value


def _string_list(value: Any, field: str, allowed: Mapping[str, str]) -> tuple[str, ...]:
    _expect(value, list, field, "a list")
    if not value:
        raise ManifestError(field, "must not be empty")
    for index, item in enumerate(value):
        if not isinstance(item, str) or item not in allowed:
            raise ManifestError(f"{field}/{index}", f"{item!r} is not one of: {', '.join(allowed)}")
    return tuple(value)


def _check(value: Any, field: str) -> dict[str, Any]:
    _expect(value, dict, field, "an object")
    kind_name = value.get("kind")
    if not isinstance(kind_name, str) or kind_name not in CHECK_KINDS:
        raise ManifestError(f"{field}/kind", f"{kind_name!r} is not a known check kind")
    params = {key: item for key, item in value.items() if key != "kind"}
    try:
        checked = check_params(CHECK_KINDS[kind_name], params)
    except ParamError as error:
        name, _, message = str(error).partition(": ")
        raise ManifestError(f"{field}/{name}", message) from None
    return {"kind": kind_name, **checked}


def _when(value: Any, field: str) -> dict[str, list[str]]:
    _expect(value, dict, field, "an object")
    for key, names in value.items():
        if key not in CONDITIONS:
            raise ManifestError(
                f"{field}/{key}", f"unknown condition; known: {', '.join(CONDITIONS)}"
            )
        try:
            PARAM_TYPES["names"].validate(names)
        except ParamError as error:
            raise ManifestError(f"{field}/{key}", str(error)) from None
        if key in ENV_CONDITIONS:
            for index, name in enumerate(names):
                if name not in ENV_KNOBS:
                    raise ManifestError(
                        f"{field}/{key}/{index}",
                        f"{name!r} is not a variable the runner reads: {', '.join(ENV_KNOBS)}",
                    )
    return dict(value)


def _requirement(value: Any, field: str) -> Requirement:
    _expect(value, dict, field, "an object")
    for key in value:
        if key not in REQUIREMENT_FIELDS:
            raise ManifestError(f"{field}/{key}", "unknown field")
    for key in REQUIREMENT_FIELDS:
        if key not in value and key not in OPTIONAL_FIELDS:
            raise ManifestError(f"{field}/{key}", "is required")
    digest = value.get("digest", "")
    if not isinstance(digest, str) or (digest and not DIGEST.match(digest)):
        raise ManifestError(f"{field}/digest", f"must match {DIGEST.pattern}")
    if not isinstance(value["id"], str) or not is_valid_id(value["id"]):
        raise ManifestError(f"{field}/id", "must be lower-case letters, digits, '.', '-' or '_'")
    if not isinstance(value["level"], str) or value["level"] not in LEVELS:
        raise ManifestError(f"{field}/level", f"must be one of: {', '.join(LEVELS)}")
    source = _expect(value["source"], dict, f"{field}/source", "an object")
    _expect(source.get("doc"), str, f"{field}/source/doc", "a string")
    _expect(source.get("line"), int, f"{field}/source/line", "an integer")
    return Requirement(
        id=value["id"],
        title=_expect(value["title"], str, f"{field}/title", "a string"),
        scope=_string_list(value["scope"], f"{field}/scope", SCOPES),
        level=value["level"],
        check=_check(value["check"], f"{field}/check"),
        when=_when(value["when"], f"{field}/when"),
        source=source,
        url=_expect(value["url"], str, f"{field}/url", "a string"),
        text=_expect(value["text"], str, f"{field}/text", "a string"),
        digest=digest,
    )


def _collect(data: Any, problems: list[ManifestError]) -> Manifest | None:
    """The manifest, or None with every top-level problem and each bad requirement's first
    problem appended to ``problems`` (in the order a reader meets them)."""
    if not isinstance(data, dict):
        problems.append(ManifestError("(top)", "must be a JSON object"))
        return None
    problems.extend(ManifestError(key, "unknown field") for key in data if key not in TOP_FIELDS)
    # type(): True == 1 in Python, but not in JSON.
    if type(data.get("format")) is not int or data["format"] != FORMAT:
        problems.append(
            ManifestError("format", f"must be {FORMAT} (this runner reads format {FORMAT})")
        )
    entries = data.get("requirements")
    if not isinstance(entries, list):
        problems.append(ManifestError("requirements", "must be a list"))
        entries = []
    requirements: list[Requirement] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        try:
            requirement = _requirement(entry, f"requirements/{index}")
        except ManifestError as error:
            problems.append(error)
            continue
        if requirement.id in seen:
            problems.append(
                ManifestError(
                    f"requirements/{index}/id",
                    f"{requirement.id!r} repeats requirements/{seen[requirement.id]}",
                )
            )
        seen.setdefault(requirement.id, index)
        requirements.append(requirement)
    texts = {key: data.get(key, "") for key in ("project", "version", "$schema")}
    problems.extend(
        ManifestError(key, "must be a string")
        for key, text in texts.items()
        if not isinstance(text, str)
    )
    if problems:
        return None
    return Manifest(texts["project"], texts["version"], tuple(requirements))


def parse_manifest(data: Any) -> Manifest:
    """Validate decoded manifest JSON; raise :class:`ManifestError` naming the first bad field."""
    problems: list[ManifestError] = []
    manifest = _collect(data, problems)
    if manifest is None:
        raise problems[0]
    return manifest


BUNDLED_NAME = "data/manifest.json"


def bundled_manifest_path() -> Path:
    """The handbook's manifest shipped inside the package (the runner's default)."""
    return Path(__file__).parent / BUNDLED_NAME


def _read(path: str | Path | None) -> tuple[str, bytes]:
    if path is not None:
        try:
            return str(path), read_regular_file(path, MANIFEST_LIMIT)
        except OSError as error:
            raise ManifestError(
                "(file)", f"cannot read manifest {path}: {error.strerror}"
            ) from None
    # Through the module's loader, which reads from a directory and from inside a zip app
    # alike (importlib.resources would too, but costs more to import than this whole read).
    loader = getattr(__spec__, "loader", None)
    try:
        data: bytes = loader.get_data(str(bundled_manifest_path()))  # type: ignore[union-attr]
        return f"{__package__}/{BUNDLED_NAME}", data
    except OSError:
        raise ManifestError(
            "(file)",
            f"no manifest given, and no handbook manifest is bundled ({bundled_manifest_path()}).\n"
            "Build it with `sphinx-build -b reqcheck -c . docs build/reqcheck` and pass "
            "build/reqcheck/manifest.json, or copy that file to the path above.",
        ) from None


@contextmanager
def _no_collections() -> Iterator[None]:
    # Decoding makes no reference cycles, but its many new containers would set off
    # collections that walk every object made so far: twice the time for 50,000.
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _read_json(path: str | Path | None, digest: bool) -> tuple[str, str, Any]:
    """``(name, sha256 or '', JSON value)`` of a manifest file, or of the bundled one for
    None. Each stage (bytes, text) is let go once the next exists: for a 50,000-requirement
    manifest, the bytes and the text are 19 MB each, and holding them while the JSON is
    decoded and checked would raise the peak by as much."""
    name, raw = _read(path)
    sha256 = hashlib.sha256(raw).hexdigest() if digest else ""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ManifestError("(file)", f"{name} is not UTF-8 text") from None
    del raw
    try:
        return name, sha256, decode_json(text, name)
    except JsonProblem as error:
        raise ManifestError("(file)", str(error)) from None


def open_manifest(path: str | Path | None) -> tuple[str, str, Manifest]:
    """``(name, sha256, manifest)`` of a manifest file, or of the bundled one for None.

    Every problem is a :class:`ManifestError`.
    """
    with _no_collections():
        name, digest, data = _read_json(path, digest=True)
        return name, digest, parse_manifest(data)


def check_manifest_file(path: str | Path) -> tuple[Manifest | None, list[ManifestError]]:
    """The manifest at ``path`` and every problem in it (None and the problems if any).

    What ``reqcheck validate`` runs: the same rules as :func:`open_manifest`, from the
    model's declarations, but a bad requirement does not stop the others being checked.
    """
    problems: list[ManifestError] = []
    try:
        with _no_collections():
            return _collect(_read_json(path, digest=False)[2], problems), problems
    except ManifestError as error:
        return None, [error]


def load_manifest(path: str | Path) -> Manifest:
    """Read and validate a manifest file; every problem is a :class:`ManifestError`."""
    return open_manifest(path)[2]
