"""Run a manifest: choose the requirements, apply their conditions, call their checks.

Every requirement gets exactly one :class:`Result`, in manifest order, whatever order the
checks finish in. A check that raises is a verdict (``error`` with the exception text),
never a crash: the traceback goes to the log, which the command line shows under ``-v``.
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from queue import SimpleQueue

from ..manifest import Manifest, Requirement
from ..model import FAILED_STATUSES, STATUSES, describe_check
from ..records import dataclass
from ..results import RESULT_FIELDS
from .checks import check_function
from .context import CheckContext, Outcome, Promise, Settings
from .hints import hint_for

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any, Callable, TypeVar

    T = TypeVar("T")
    R = TypeVar("R")

# Statuses a check may return. The engine also turns a ``fail`` of a recommended or
# optional requirement into ``warn``; a check warns itself when a required requirement is
# met with a caveat (a file name that disagrees with the evidence that decides).
CHECK_STATUSES = ("pass", "fail", "warn", "skip", "manual", "error")
SOFT_LEVELS = ("recommended", "optional")
# Kinds that read the built binaries (tens of MB, through pyelftools): the longest checks
# on a real host. pyelftools is imported in the background as soon as one of them is
# going to run. They share one reading of the binaries (the artifacts inventory), so with
# several threads the first of them starts first, to overlap the short probes rather than
# end the run alone, and the others start last: before that reading is done they would
# only hold threads waiting for it. With one thread they all come last, after the probes
# whose waits the import overlaps.
SLOW_KINDS = frozenset({"elf-not-stripped", "elf-static", "artifact-pair", "dockerinit-path"})


def default_jobs() -> int:
    """Probes mostly wait on subprocesses, so use more threads than CPUs, but not many."""
    return min(8, (os.cpu_count() or 1) * 2)


class SelectionError(ValueError):
    """A ``--scope`` or ``--select`` that matches nothing in the manifest."""


@dataclass(frozen=True)
class Result:
    """The verdict on one requirement."""

    # Slots: a run of 50,000 requirements keeps 50,000 results until the report is out.
    # The fields are the results file's (sphinx_reqcheck.results.RESULT_FIELDS), in order.
    __slots__ = tuple(RESULT_FIELDS)
    id: str
    title: str
    scope: tuple[str, ...]
    level: str
    status: str
    expected: str
    observed: str
    detail: str
    hint: str
    digest: str
    duration: float

    def to_json(self) -> dict[str, Any]:
        """The result as the results file holds it (``RESULT_FIELDS``, in order)."""
        values = {name: getattr(self, name) for name in RESULT_FIELDS}
        values["scope"] = list(self.scope)
        values["duration"] = round(self.duration, 6)
        return values


# -- choosing requirements ------------------------------------------------------------------


def _matches(requirement: Requirement, pattern: str) -> bool:
    return requirement.id == pattern or fnmatch.fnmatchcase(requirement.id, pattern)


def select_requirements(
    manifest: Manifest, scopes: Sequence[str] = (), select: Sequence[str] = ()
) -> list[Requirement]:
    """The requirements in any of ``scopes`` whose id matches any of ``select``.

    Empty ``scopes`` or ``select`` means all. A ``select`` pattern that matches no
    requirement at all is almost certainly a typo, so it raises :class:`SelectionError`.
    """
    for pattern in select:
        if not any(_matches(requirement, pattern) for requirement in manifest.requirements):
            raise SelectionError(f"--select {pattern!r} matches no requirement in the manifest")
    wanted = set(scopes)
    return [
        requirement
        for requirement in manifest.requirements
        if (not wanted or wanted.intersection(requirement.scope))
        and (not select or any(_matches(requirement, pattern) for pattern in select))
    ]


# -- conditions -----------------------------------------------------------------------------


def _plural(word: str, names: Sequence[str]) -> str:
    return f"{word}{'s' if len(names) > 1 else ''} {', '.join(names)}"


def skip_reason(requirement: Requirement, settings: Settings) -> str | None:
    """Why the requirement does not apply with these build tags and knobs (None: it does)."""
    tags = set(settings.buildtags)
    when = requirement.when
    missing = [tag for tag in when.get("tags_all", []) if tag not in tags]
    if missing:
        return f"needs build {_plural('tag', missing)}"
    present = [tag for tag in when.get("tags_none", []) if tag in tags]
    if present:
        return f"build {_plural('tag', present)} {'are' if len(present) > 1 else 'is'} set"
    unset = [name for name in when.get("env_set", []) if not settings.knob(name)]
    if unset:
        return f"{' and '.join(unset)} {'are' if len(unset) > 1 else 'is'} not set"
    set_ = [name for name in when.get("env_unset", []) if settings.knob(name)]
    if set_:
        return f"{' and '.join(set_)} {'are' if len(set_) > 1 else 'is'} set"
    return None


# -- evaluating one requirement -------------------------------------------------------------


def _call_check(requirement: Requirement, ctx: CheckContext) -> Outcome:
    try:
        check = check_function(requirement.kind)
    except ModuleNotFoundError as error:
        # Only "this kind has no module" is a missing feature; a module that fails to
        # import one of its own dependencies is a bug and is reported as one below.
        if error.name and error.name.endswith(requirement.kind.replace("-", "_")):
            return Outcome("error", "", f"this runner has no check for kind {requirement.kind!r}")
        raise
    outcome = check(requirement.params, ctx)
    if not isinstance(outcome, Outcome) or outcome.status not in CHECK_STATUSES:
        raise TypeError(
            f"check {requirement.kind!r} returned {outcome!r}; "
            f"expected an Outcome with status in {CHECK_STATUSES}"
        )
    return outcome


def evaluate(requirement: Requirement, ctx: CheckContext) -> Result:
    """Decide one requirement; never raises for anything a check does."""
    started = time.perf_counter()
    expected = describe_check(requirement.check)[0]
    reason = skip_reason(requirement, ctx.settings)
    if reason is not None:
        outcome = Outcome("skip", reason)
    elif requirement.level == "manual" or requirement.kind == "manual":
        outcome = Outcome("manual", "a person must confirm it", requirement.text)
    else:
        try:
            outcome = _call_check(requirement, ctx)
        except Exception as error:  # a check's bug is this requirement's verdict
            import logging  # here: only a check's bug, shown under -v, needs it

            logger = logging.getLogger(__name__)
            logger.debug("check %s of %s raised", requirement.kind, requirement.id, exc_info=True)
            outcome = Outcome(
                "error", f"{type(error).__name__}: {error}", "the check itself failed"
            )
    status = outcome.status
    if status == "fail" and requirement.level in SOFT_LEVELS:
        status = "warn"
    assert status in STATUSES
    return Result(
        id=requirement.id,
        title=requirement.title,
        scope=requirement.scope,
        level=requirement.level,
        status=status,
        expected=outcome.expected if outcome.expected is not None else expected,
        observed=outcome.observed,
        detail=outcome.detail,
        hint=hint_for(requirement, status, outcome.hint),
        digest=requirement.digest,
        duration=time.perf_counter() - started,
    )


# -- running many ---------------------------------------------------------------------------


def ordered_map(function: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
    """``map`` over ``jobs`` threads, yielding in input order with a bounded backlog.

    ``Executor.map`` would create every future up front; with tens of thousands of
    requirements that costs memory, so at most ``window`` items are in flight. Plain
    threads rather than ``concurrent.futures``, which imports ``logging`` (5 to 10 ms of
    every run; the runner logs only under ``-v``).
    """
    if jobs <= 1:
        yield from map(function, items)
        return
    window = max(256, jobs * 32)
    todo: SimpleQueue[tuple[T, Promise] | None] = SimpleQueue()

    def work() -> None:
        task = todo.get()
        while task is not None:
            item, promise = task
            promise.fulfil(functools.partial(function, item))
            task = todo.get()

    workers = [threading.Thread(target=work, name=f"reqcheck_{n}") for n in range(jobs)]
    for worker in workers:
        worker.start()
    try:
        pending: deque[Promise] = deque()
        for item in items:
            pending.append(Promise())
            todo.put((item, pending[-1]))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:  # the tasks already queued still run, then each worker meets its stop
        for _ in workers:
            todo.put(None)
        for worker in workers:
            worker.join()


def _import_checks(requirements: Sequence[Requirement]) -> None:
    """Import the check modules of the kinds the run uses, before its threads start: a
    thread's first use would otherwise wait on the import lock while another imports."""
    for kind in {requirement.kind for requirement in requirements} - {"manual"}:
        # A module that cannot be imported is each of its requirements' verdict, when
        # evaluate() imports it again.
        with contextlib.suppress(Exception):
            check_function(kind)


def _start_preloading(
    requirements: Sequence[Requirement], ctx: CheckContext
) -> threading.Thread | None:
    """Start importing the ELF reader in the background if a binary check is going to
    run (and has a binary to read): the import then overlaps the probes' waits for their
    tools instead of adding to the run, whatever ``jobs`` is."""
    if not any(
        requirement.kind in SLOW_KINDS and skip_reason(requirement, ctx.settings) is None
        for requirement in requirements
    ):
        return None
    from .artifacts import preload_elf_reader  # imported already, by the binary checks

    return preload_elf_reader(ctx)


def start_order(requirements: Sequence[Requirement], jobs: int) -> list[int]:
    """The order in which the requirements start (indexes): the binary checks last, except
    that with several threads the first of them starts first (see SLOW_KINDS)."""
    slow = [i for i, requirement in enumerate(requirements) if requirement.kind in SLOW_KINDS]
    first = slow[:1] if jobs > 1 else []
    taken = set(slow)
    return first + [i for i in range(len(requirements)) if i not in taken] + slow[len(first) :]


def run_requirements(
    requirements: Sequence[Requirement], ctx: CheckContext, jobs: int | None = None
) -> list[Result]:
    """Evaluate requirements in parallel, in :func:`start_order`; the results keep the
    requirements' order."""
    count = default_jobs() if jobs is None else jobs
    _import_checks(requirements)
    preloading = _start_preloading(requirements, ctx)
    order = start_order(requirements, count)
    results: list[Result] = [None] * len(requirements)  # type: ignore[list-item]
    try:
        evaluated = ordered_map(lambda index: evaluate(requirements[index], ctx), order, count)
        for index, result in zip(order, evaluated):
            results[index] = result
    finally:  # no import may outlive the run (nor run into the interpreter's exit)
        if preloading is not None:
            preloading.join()
    return results


def exit_status(results: Iterable[Result]) -> int:
    """0 when no required requirement failed or errored, else 1."""
    for result in results:
        if result.level == "required" and result.status in FAILED_STATUSES:
            return 1
    return 0
