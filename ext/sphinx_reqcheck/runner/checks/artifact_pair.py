"""artifact-pair: docker and dockerinit come from the same build.

The guide asks packagers to treat the two binaries as one unit. The evidence, from the
strongest: dockerinit's SHA-1 equals the ``INITSHA1`` the dynamic daemon was built with
(the daemon refuses any other dockerinit); the ``VERSION`` and ``GITCOMMIT`` strings
make.sh bakes into both; the versions in the bundle's file names and its VERSION file.
Nothing is executed. When nothing can be compared, a person has to confirm it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..artifacts import (
    BUILDS,
    Artifact,
    Inventory,
    clientonly,
    combine,
    examine,
    inventory,
    versions_of,
)
from ..context import CheckContext, Outcome
from ..elf import sha1_of

MANUAL_DETAIL = (
    "neither file names nor baked-in version strings say which build the binaries come "
    "from (stripped binaries lose the dockerversion symbols); confirm by hand that docker "
    "and dockerinit come from the same package version"
)


@dataclass
class PairEvidence:
    """What one docker/dockerinit comparison found."""

    matches: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    def add(self, same: bool, text: str) -> None:
        """Record one comparison."""
        (self.matches if same else self.mismatches).append(text)

    def status(self) -> str:
        """fail on any mismatch, pass on any match, else manual."""
        if self.mismatches:
            return "fail"
        return "pass" if self.matches else "manual"

    def summary(self) -> str:
        """The mismatches (or matches) in one line."""
        if self.mismatches:
            return "; ".join(self.mismatches)
        if self.matches:
            return "same " + ", ".join(self.matches)
        return "versions could not be determined"


def _baked(ctx: CheckContext, artifact: Artifact) -> dict[str, str]:
    """The dockerversion strings of a readable binary ({} when there are none)."""
    info, _, _ = examine(ctx, artifact)
    return versions_of(info) if info else {}


def _initsha1(ctx: CheckContext, init: Artifact) -> str | None:
    try:
        return ctx.memo(("artifacts", "sha1", str(init.path)), lambda: sha1_of(init.path))
    except OSError:
        return None


def compare(
    ctx: CheckContext, docker: Artifact, init: Artifact, expected: str | None = None
) -> PairEvidence:
    """Compare a daemon and a dockerinit by every piece of evidence available;
    ``expected`` is the bundle's version (from its VERSION file) when there is one."""
    evidence = PairEvidence()
    if docker.version and init.version:
        evidence.add(
            docker.version == init.version,
            f"file-name version {docker.version}"
            if docker.version == init.version
            else f"{docker.shown} is {docker.version} but {init.shown} is {init.version}",
        )
    baked = {artifact.binary: _baked(ctx, artifact) for artifact in (docker, init)}
    for name in ("VERSION", "GITCOMMIT"):
        ours, theirs = baked["docker"].get(name), baked["dockerinit"].get(name)
        if ours and theirs:
            evidence.add(
                ours == theirs,
                f"baked-in {name} {ours}"
                if ours == theirs
                else f"{docker.shown} has {name} {ours} but {init.shown} has {theirs}",
            )
    wanted = baked["docker"].get("INITSHA1")
    if wanted:
        actual = _initsha1(ctx, init)
        if actual is not None:
            evidence.add(
                actual == wanted,
                "INITSHA1 (the daemon was built with this dockerinit)"
                if actual == wanted
                else f"{docker.shown} expects INITSHA1 {wanted} but {init.shown} has SHA-1 "
                f"{actual}: the daemon would refuse it",
            )
    for artifact in (docker, init):
        named = artifact.version or baked[artifact.binary].get("VERSION")
        if expected and named and named != expected:
            evidence.add(False, f"{artifact.shown} is {named}, not {expected}")
    return evidence


def _single(
    ctx: CheckContext, artifact: Artifact, where: str, expected: str | None
) -> tuple[str, str]:
    """A build with only one of the two binaries."""
    named = artifact.version or _baked(ctx, artifact).get("VERSION")
    if expected and named and named != expected:
        return "fail", f"{artifact.shown} is {named}, not {expected}"
    if artifact.binary == "dockerinit":
        return "fail", f"{artifact.shown} has no docker from the same build in {where}"
    info, status, line = examine(ctx, artifact)
    if info is None:
        return status, line
    if info.is_static:
        return "pass", f"{artifact.shown} is static: it is its own dockerinit"
    return "fail", f"{artifact.shown} is dynamic and needs a dockerinit from its build in {where}"


def _judge_group(
    ctx: CheckContext, group: Sequence[Artifact], where: str, expected: str | None
) -> list[tuple[str, str]]:
    dockers = [artifact for artifact in group if artifact.binary == "docker"]
    inits = [artifact for artifact in group if artifact.binary == "dockerinit"]
    if not dockers or not inits:
        return [_single(ctx, artifact, where, expected) for artifact in group]
    findings = []
    for docker in dockers:
        for init in inits:
            evidence = compare(ctx, docker, init, expected)
            label = f"{docker.shown} + {init.shown}: {evidence.summary()}"
            findings.append((evidence.status(), label))
    return findings


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
    """Pass when each build's docker and dockerinit provably belong together."""
    skipped = clientonly(ctx)
    if skipped is not None:
        return skipped
    found = inventory(ctx)
    if found.problem:
        return Outcome("error", found.problem)
    if not found.artifacts:
        return Outcome("skip", found.absent("docker"))
    findings: list[tuple[str, str]] = []
    for group, where, expected in _groups(found):
        findings.extend(_judge_group(ctx, group, where, expected))
    outcome = combine(findings)
    if found.bundle is not None:
        bundle = found.bundle
        observed = f"bundle {bundle.directory} (version {bundle.version} from "
        observed += f"{bundle.version_source})\n{outcome.observed}"
        outcome = Outcome(outcome.status, observed, outcome.detail)
    if outcome.status == "manual":
        return Outcome("manual", outcome.observed, MANUAL_DETAIL)
    return outcome
