"""elf-static: a built binary is statically linked.

make.sh's ``binary`` bundle builds a static daemon; its ``dynbinary`` bundle builds a
dynamic one plus a static dockerinit. So dockerinit must always be static, and a dynamic
daemon is acceptable only from the bundle named by ``unless_build``. moby/moby v1.5.0:
``hack/make/binary`` links statically (``LDFLAGS_STATIC_DOCKER``) and bakes in
``IAMSTATIC=true``; ``hack/make/dynbinary`` drops both; ``hack/make/.dockerinit`` links
dockerinit with ``-extldflags -static`` in every build.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..artifacts import UNUSABLE_HINT, Artifact, binaries_to_check, combine, examine
from ..context import CheckContext, Outcome
from ..elf import ElfInfo
from ..hints import joined

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

DETAIL = (
    "a static binary has no program interpreter (PT_INTERP) and needs no shared libraries "
    "(DT_NEEDED); dockerinit runs inside the container, where the host's libraries are not"
)
# What hack/make/binary and hack/make/.dockerinit do (moby/moby v1.5.0).
HINTS = {
    "docker": "build the daemon with hack/make.sh binary (static: -linkmode external "
    "-extldflags -static, with the static libraries of the daemon build dependencies), or "
    "ship the dynbinary daemon from a dynbinary build",
    "dockerinit": "ship the dockerinit-$VERSION that hack/make.sh dynbinary builds (always "
    "static, -extldflags -static), not one linked dynamically",
}


def _build_of(artifact: Artifact, info: ElfInfo) -> tuple[str | None, str]:
    """The make.sh bundle the binary came from, and how that is known."""
    if artifact.build:
        return artifact.build, f"from bundle directory {artifact.build}/"
    # hack/make/binary bakes in IAMSTATIC=true; hack/make/dynbinary leaves it unset and
    # bakes in INITSHA1 instead.
    baked = info.dockerversion
    if baked.get("IAMSTATIC") == "true":
        return "binary", "IAMSTATIC=true baked in"
    if baked.get("INITSHA1"):
        return "dynbinary", "INITSHA1 baked in, no IAMSTATIC"
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
    hints = []
    for artifact in artifacts:
        info, status, line = examine(ctx, artifact)
        if info is None:
            findings.append((status, line))
            hints.append(UNUSABLE_HINT if status == "fail" else "")
            continue
        findings.append(_judge(artifact, info, unless_build))
        hints.append(HINTS[binary] if findings[-1][0] == "fail" else "")
    return combine(findings, DETAIL if HINTS[binary] in hints else "", joined(hints))
