"""Judging kernel options against a parsed configuration, renames included.

Built in (``y``) and module (``m``) both satisfy an option. What the configuration says
is trusted first: an option that is set passes whatever the version. Only when it is not
set does the kernel version decide whether the option still exists (see :mod:`.renames`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ...records import dataclass
from .config import (
    ABSENT,
    BUILT_IN,
    MODULE,
    NOT_SET,
    OFF,
    OTHER,
    KernelConfig,
    bare_name,
)
from .renames import CHANGES, PREDECESSORS, OptionChange

PASS = "pass"
FAIL = "fail"
SKIP = "skip"

_SATISFIED = (BUILT_IN, MODULE)


@dataclass(frozen=True)
class OptionJudgement:
    """The verdict on one requested option and the evidence for it."""

    option: str
    status: str
    observed: str
    # On a failure: the option to enable on this kernel (a renamed option's current name).
    to_enable: str = ""


def describe(config: KernelConfig, name: str) -> str:
    """What the file says about one option, e.g. ``CONFIG_VETH=m (module)``."""
    option = f"CONFIG_{bare_name(name)}"
    state = config.state(name)
    if state == BUILT_IN:
        return f"{option}=y (built in)"
    if state == MODULE:
        return f"{option}=m (module)"
    if state == OFF:
        if config.value(name) == NOT_SET:
            return f"{option} is not set (explicitly off)"
        return f"{option}=n (off)"
    if state == OTHER:
        return f"{option}={config.value(name)} (not y or m)"
    return f"{option} absent"


def judge_option(config: KernelConfig, name: str) -> OptionJudgement:
    """Judge one option, checking a successor or skipping a removed option as needed."""
    option = bare_name(name)
    state = config.state(option)
    evidence = describe(config, option)
    if state in _SATISFIED:
        return OptionJudgement(option, PASS, evidence)
    version = config.version
    change = CHANGES.get(option)
    earlier = PREDECESSORS.get(option)
    if version is None:
        if change is not None or earlier is not None:
            evidence += " (kernel version unknown: judged without the table of renamed options)"
        return OptionJudgement(option, FAIL, evidence, option)
    release = version[:2]
    if change is not None and release >= change.version:
        return _after_change(config, option, change)
    if earlier is not None and release < earlier.version:
        old = describe(config, earlier.option)
        status = PASS if config.state(earlier.option) in _SATISFIED else FAIL
        return OptionJudgement(
            option,
            status,
            f"{evidence}; before {earlier.since} it was called CONFIG_{earlier.option}: {old}",
            earlier.option if status == FAIL else "",
        )
    if change is not None and change.successor and state == ABSENT:
        successor = config.state(change.successor)
        if successor in _SATISFIED:
            # RHEL 8's 4.18 carries the NF_NAT merge: the old symbol vanishes early.
            evidence += (
                f"; {describe(config, change.successor)} - if this kernel carries the "
                f"{change.since} change as a backport, that is enough"
            )
    return OptionJudgement(option, FAIL, evidence, option)


def _after_change(config: KernelConfig, option: str, change: OptionChange) -> OptionJudgement:
    version_text = config.version_text or ".".join(map(str, config.version or ()))
    if change.successor is None:
        return OptionJudgement(
            option,
            SKIP,
            f"{change.summary()} ({change.why}); not needed on {version_text}",
        )
    successor = change.successor
    status = PASS if config.state(successor) in _SATISFIED else FAIL
    return OptionJudgement(
        option,
        status,
        f"{change.summary()}, checked instead: {describe(config, successor)}",
        successor if status == FAIL else "",
    )


def overall(judgements: Sequence[OptionJudgement]) -> str | None:
    """The requirement's status: the worst of its options, skip only if all skip."""
    counted = [j.status for j in judgements if j.status != SKIP]
    if not judgements:
        return None
    if not counted:
        return SKIP
    return FAIL if FAIL in counted else PASS
