"""What to do about a verdict: the ``hint`` every fail, warn and error carries.

A check knows the remedy for what it found (the package to install, the kernel option to
enable, the mount to make) and returns it as :attr:`Outcome.hint`; the engine adds what
the requirement's own conditions offer (a build tag that drops the requirement) and, for
a broken check without a remedy, how to see what went wrong. A hint is one line, an
instruction, shown under the verdict in the text and JUnit reports and in the handbook.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..manifest import Requirement

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

# Statuses that call for action, and so carry a hint.
NEEDS_HINT = ("fail", "warn", "error")


def joined(hints: Iterable[str]) -> str:
    """Several remedies as one hint: each once, in order, empty ones dropped."""
    return "; ".join(hint for hint in dict.fromkeys(hints) if hint)


def install(params: Mapping[str, Any], provides: str) -> str:
    """Install the requirement's ``package``, or whatever provides ``provides``."""
    package = params.get("package")
    return f"install {package}" if package else f"install the package that provides {provides}"


def install_version(params: Mapping[str, Any], provides: str) -> str:
    """Install the package at the requirement's ``minimum`` version or later."""
    return f"{install(params, provides)}, version {params['minimum']} or later"


def enable_kernel_options(options: Sequence[str]) -> str:
    """Build the kernel with these options (``y`` or ``m``) and boot it."""
    # dict.fromkeys: renamed options can point at one successor (NF_NAT_IPV4 -> NF_NAT).
    names = ", ".join(dict.fromkeys(f"CONFIG_{name.removeprefix('CONFIG_')}" for name in options))
    return f"use a kernel built with {names} (=y or =m)"


def _tag_alternative(requirement: Requirement) -> str:
    """The build tags that drop the requirement (its ``unless-tags``), as advice."""
    tags = requirement.when.get("tags_none", [])
    if not tags:
        return ""
    named = f"the tag {tags[0]}" if len(tags) == 1 else "one of the tags " + ", ".join(tags)
    return f"build with {named} in DOCKER_BUILDTAGS, which drops this requirement"


def hint_for(requirement: Requirement, status: str, check_hint: str) -> str:
    """The verdict's hint: the check's remedy, then the build tags that avoid the need."""
    if status not in NEEDS_HINT:
        return ""
    parts = [check_hint] if check_hint else []
    if status != "error":
        alternative = _tag_alternative(requirement)
        if alternative:
            parts.append(f"or {alternative}" if parts else alternative)
    if not parts and status == "error":
        parts.append(
            f"run `reqcheck run -v --select {requirement.id}` to see what the check ran "
            "and what it printed"
        )
    return "; ".join(parts)
