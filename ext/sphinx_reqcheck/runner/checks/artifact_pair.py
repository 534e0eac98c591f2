"""artifact-pair: docker and dockerinit come from the same build.

What decides is Docker's own test (moby/moby v1.5.0, ``utils/utils.go``,
``isValidDockerInitPath``): a daemon runs a dockerinit only when the dockerinit's SHA-1
equals the daemon's ``INITSHA1``, which ``hack/make/.dockerinit`` computes with ``sha1sum``
and ``hack/make/dynbinary`` bakes in with ``-X``; a daemon built with ``IAMSTATIC=true``
(``hack/make/binary``) is its own dockerinit and runs no other. dockerinit carries no
dockerversion strings (``dockerinit/dockerinit.go`` does not import the package, so the
linker drops make.sh's ``-X`` values), so nothing baked into it is compared. File names
and the bundle's VERSION file are reported beside the SHA-1; when they disagree while the
SHA-1 matches, that is a warning, never the verdict. Nothing is executed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..artifacts import (
    UNUSABLE_HINT,
    Artifact,
    Inventory,
    clientonly,
    combine,
    daemon_build,
    examine,
    inventory,
)
from ..bundles import BUILDS
from ..context import CheckContext, Outcome
from ..hints import joined

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

# (status, line, hint) for one binary or one docker/dockerinit pair.
Finding = tuple[str, str, str]

SAME_BUILD_HINT = (
    "install the dockerinit-$VERSION that make.sh dynbinary built with this daemon (the "
    "same bundles/$VERSION/dynbinary), unstripped and unmodified"
)
BUILD_HINT = (
    "build with hack/make.sh dynbinary (bakes in INITSHA1 of its dockerinit) or binary "
    "(a static daemon with IAMSTATIC=true)"
)
NAME_HINT = "name the files after the version make.sh built (docker-$VERSION, dockerinit-$VERSION)"


def _names(docker: Artifact, init: Artifact, expected: str | None) -> list[str]:
    """What the file names and the bundle's VERSION say, where they disagree."""
    notes = []
    if docker.version and init.version and docker.version != init.version:
        notes.append(
            f"file names disagree: {docker.shown} is {docker.version}, "
            f"{init.shown} is {init.version}"
        )
    for artifact in (docker, init):
        if expected and artifact.version and artifact.version != expected:
            notes.append(f"{artifact.shown} is named {artifact.version}, the bundle is {expected}")
    return notes


def _pair(ctx: CheckContext, docker: Artifact, init: Artifact, expected: str | None) -> Finding:
    label = f"{docker.shown} + {init.shown}: "
    build = daemon_build(ctx, docker)
    if isinstance(build, tuple):
        return build[0], label + build[1], UNUSABLE_HINT
    if build.own_init:
        line = f"{docker.shown} is built static (IAMSTATIC=true): it is its own dockerinit, "
        return "pass", label + line + f"{init.shown} is not used", ""
    accepted, why = build.accepts(ctx, init.path, init.shown)
    names = _names(docker, init, expected)
    if accepted:
        if names:
            return "warn", label + why + "\n  but " + "; ".join(names), NAME_HINT
        return "pass", label + why, ""
    if accepted is None:
        return "manual", label + why, ""
    info, _, _ = examine(ctx, init)
    if info is not None and not info.has_symtab:
        why += f" ({init.shown} is stripped: stripping changes its SHA-1)"
    hint = BUILD_HINT if build.value("INITSHA1") == "" else SAME_BUILD_HINT
    return "fail", label + "\n  ".join([why, *names]), hint


def _single(ctx: CheckContext, artifact: Artifact, where: str, expected: str | None) -> Finding:
    """A build with only one of the two binaries."""
    if expected and artifact.version and artifact.version != expected:
        line = f"{artifact.shown} is named {artifact.version}, the bundle is {expected}"
        return "warn", line, NAME_HINT
    if artifact.binary == "dockerinit":
        line = f"{artifact.shown} has no docker from the same build in {where}"
        return "fail", line, "give or ship the daemon dockerinit was built with, beside it"
    build = daemon_build(ctx, artifact)
    if isinstance(build, tuple):
        return build[0], build[1], UNUSABLE_HINT
    if build.own_init:
        return (
            "pass",
            f"{artifact.shown} is built static (IAMSTATIC=true): it is its own dockerinit",
            "",
        )
    if build.own_init is None and build.info.is_static:
        line = f"{artifact.shown} is static and stripped: IAMSTATIC cannot be read"
        if artifact.build == "binary":
            return "pass", line + "; from a binary bundle, so it is its own dockerinit", ""
        return "manual", line + "; if make.sh binary built it, it is its own dockerinit", ""
    iamstatic = "IAMSTATIC unreadable (stripped)" if build.own_init is None else "no IAMSTATIC=true"
    line = f"{artifact.shown} is {build.info.linkage()}, {iamstatic}: it needs the "
    line += f"dockerinit of its build, and there is none in {where}"
    return "fail", line, SAME_BUILD_HINT


def _judge_group(
    ctx: CheckContext, group: Sequence[Artifact], where: str, expected: str | None
) -> list[Finding]:
    dockers = [artifact for artifact in group if artifact.binary == "docker"]
    inits = [artifact for artifact in group if artifact.binary == "dockerinit"]
    if not dockers or not inits:
        return [_single(ctx, artifact, where, expected) for artifact in group]
    return [_pair(ctx, docker, init, expected) for docker in dockers for init in inits]


def _groups(found: Inventory) -> list[tuple[list[Artifact], str, str | None]]:
    """Binaries that must pair up: one group per make.sh build (bundle subdirectory, or
    the directory a --artifact file sits in), so a static `binary` daemon is never
    compared with the `dynbinary` dockerinit next to it."""
    groups: list[tuple[list[Artifact], str, str | None]] = []
    loose = [artifact for artifact in found.artifacts if artifact.origin != "bundle"]
    for build in (None, *BUILDS):
        members = [artifact for artifact in loose if artifact.build == build]
        if members:
            where = "the given binaries" if build is None else f"the given {build} binaries"
            groups.append((members, where, None))
    bundle = found.bundle
    if bundle is not None:
        for build in BUILDS:
            members = [a for a in found.artifacts if a.origin == "bundle" and a.build == build]
            if members:
                groups.append((members, f"{bundle.directory / build}", bundle.version))
    return groups


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Pass when each build's daemon would run the dockerinit beside it (or itself)."""
    skipped = clientonly(ctx)
    if skipped is not None:
        return skipped
    found = inventory(ctx)
    if found.problem:
        return Outcome("error", found.problem, hint="pass make.sh's bundles directory")
    if not found.artifacts:
        return Outcome("skip", found.absent("docker"))
    findings: list[Finding] = []
    for group, where, expected in _groups(found):
        findings.extend(_judge_group(ctx, group, where, expected))
    outcome = combine([(status, line) for status, line, _ in findings])
    observed = outcome.observed
    if found.bundle is not None:
        bundle = found.bundle
        head = f"bundle {bundle.directory} (version {bundle.version} from {bundle.version_source})"
        observed = "\n".join([head, *(f"note: {note}" for note in bundle.notes), observed])
    if found.ignored:
        observed += "\nnote: ignored " + "; ".join(found.ignored)
    hints = [hint for status, _, hint in findings if status in ("fail", "warn")]
    return Outcome(outcome.status, observed, hint=joined(hints))
