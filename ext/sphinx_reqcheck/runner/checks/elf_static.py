"""elf-static: a built binary is statically linked.

make.sh's ``binary`` bundle builds a static daemon; its ``dynbinary`` bundle builds a
dynamic one plus a static dockerinit. So dockerinit must always be static, and a dynamic
daemon is acceptable only from the bundle named by ``unless_build``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..artifacts import Artifact, binaries_to_check, combine, examine
from ..context import CheckContext, Outcome
from ..elf import ElfInfo

DETAIL = (
    "a static binary has no program interpreter (PT_INTERP) and needs no shared libraries "
    "(DT_NEEDED); dockerinit runs inside the container, where the host's libraries are not"
)


def _build_of(artifact: Artifact, info: ElfInfo) -> tuple[str | None, str]:
    """The make.sh bundle the binary came from, and how that is known."""
    if artifact.build:
        return artifact.build, f"from bundle directory {artifact.build}/"
    # make.sh sets dockerversion.IAMSTATIC: "true" in binary, "false" in dynbinary.
    iamstatic = info.dockerversion.get("IAMSTATIC", "")
    if iamstatic == "true":
        return "binary", "IAMSTATIC=true baked in"
    if iamstatic == "false":
        return "dynbinary", "IAMSTATIC=false baked in"
    return None, ""


def _judge(artifact: Artifact, info: ElfInfo, unless_build: str | None) -> tuple[str, str]:
    line = f"{artifact.shown}: {info.linkage()}"
    if info.is_static:
        return "pass", line
    if artifact.binary != "docker" or not unless_build:
        return "fail", line + f"; {artifact.binary} must be static"
    build, evidence = _build_of(artifact, info)
    if build == unless_build:
        return "pass", line + f"; acceptable in a {unless_build} build ({evidence})"
    if build is None and unless_build == "dynbinary":
        # No bundle name and no IAMSTATIC to read: make.sh's only dynamic daemon build is
        # dynbinary (its binary bundle is always static), so say what was assumed.
        note = "provenance unknown; a dynamic daemon can only come from make.sh dynbinary"
        return "pass", line + f"; acceptable ({note}), so dockerinit must be installed with it"
    return "fail", line + f"; built as {build} ({evidence}), which must be static"


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Pass when every ``params['binary']`` found is static (or allowed to be dynamic)."""
    binary = params["binary"]
    unless_build = params.get("unless_build")
    artifacts = binaries_to_check(ctx, binary)
    if isinstance(artifacts, Outcome):
        return artifacts
    findings: list[tuple[str, str]] = []
    for artifact in artifacts:
        info, status, line = examine(ctx, artifact)
        findings.append((status, line) if info is None else _judge(artifact, info, unless_build))
    failed = any(status == "fail" for status, _ in findings)
    return combine(findings, DETAIL if failed else "")
