"""What a check gets to work with: the host, the run's settings and shared probes."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..model import ENV_KNOBS
from ..records import dataclass, field
from .host import Host, ProbeResult

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any, Callable, TypeVar

    T = TypeVar("T")


class Promise:
    """A value one thread computes and others wait for: a ``Future`` without importing
    ``concurrent.futures``, whose import of ``logging`` would cost every run 5 to 10 ms.
    Not ``Generic``: that would import ``typing`` at run time (see ``TYPE_CHECKING``)."""

    __slots__ = ("_done", "_error", "_value")

    def __init__(self) -> None:
        self._done = threading.Event()
        self._value: Any = None
        self._error: BaseException | None = None

    def fulfil(self, compute: Callable[[], Any]) -> None:
        """Compute the value; an exception is kept for every waiter, as a Future's is."""
        try:
            self._value = compute()
        except BaseException as error:
            self._error = error
        self._done.set()

    def result(self) -> Any:
        """The value, once computed (waiting for it); or raise what computing it raised."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._value


@dataclass(frozen=True)
class Settings:
    """The inputs of one run, as the command line and environment gave them."""

    buildtags_text: str = ""
    env: Mapping[str, str] = field(default_factory=dict)
    kernel_config: Path | None = None
    artifacts: tuple[Path, ...] = ()
    bundles: Path | None = None
    source: Path | None = None

    @property
    def buildtags(self) -> tuple[str, ...]:
        """The build tags, split the way make.sh splits them (on white space)."""
        return tuple(self.buildtags_text.split())

    def knob(self, name: str) -> str:
        """An environment knob's value ('' when unset); only the model's knobs are read."""
        if name not in ENV_KNOBS:
            raise KeyError(f"{name} is not an environment knob of the model")
        return self.env.get(name, "")


@dataclass(frozen=True)
class Outcome:
    """A check's finding. ``status`` is pass, fail, skip, manual or error; the engine
    turns a ``fail`` of a recommended or optional requirement into ``warn``. ``hint`` is
    what to do about a fail or error, in one line (see :mod:`.hints`)."""

    status: str
    observed: str = ""
    detail: str = ""
    expected: str | None = None
    hint: str = ""


class CheckContext:
    """Shared by every check of one run; safe to use from several threads."""

    def __init__(self, host: Host, settings: Settings, timeout: float | None = None) -> None:
        self.host = host
        self.settings = settings
        self.timeout = timeout
        self._lock = threading.Lock()
        self._memo: dict[Any, Promise] = {}

    @property
    def timeout_seconds(self) -> float:
        """How long one probe, or one check, may take."""
        return self.host.timeout if self.timeout is None else self.timeout

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()`` once per run for ``key``; later callers wait for and share it."""
        with self._lock:
            promise = self._memo.get(key)
            owner = promise is None
            if promise is None:
                promise = self._memo[key] = Promise()
        if owner:
            promise.fulfil(compute)
        return promise.result()  # type: ignore[no-any-return]

    def probe(self, argv: Sequence[str]) -> ProbeResult:
        """Run a command once per run; requirements asking the same question share it."""
        args = tuple(argv)
        return self.memo(("probe", args), lambda: self.host.run(args, self.timeout))
