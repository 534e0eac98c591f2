"""dockerinit-path: the daemon finds a valid, static dockerinit where it looks.

The walk is Docker's own ``utils.DockerInitPath`` of v1.5.0 (moby/moby at tag v1.5.0,
``utils/utils.go``, with ``isValidDockerInitPath``), modelled in
:mod:`..dockerinit_search`: a daemon built with ``IAMSTATIC=true`` runs itself; otherwise
the **first valid** candidate wins, valid meaning its SHA-1 equals the daemon's baked
``INITSHA1``, and an invalid one (a stale dockerinit next to the daemon) is passed over.
The first candidate is ``dockerversion.INITPATH``, baked in from ``DOCKER_INITPATH`` at
build time by ``hack/make/dynbinary``; it is read from the daemon, and the runner's own
``DOCKER_INITPATH`` stands in only when the daemon's value cannot be read (stripped). The
list after it is the requirement's ``search`` (``@daemon-dir``: the directory the daemon
was started from, links not resolved). The private copy Docker makes under its root
directory at run time (``localCopy``) is not a packaging matter and is not searched.

Docker does not test that dockerinit is static; the guide asks for it (dockerinit runs
inside containers), so the chosen one must be.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..artifacts import (
    UNUSABLE_HINT,
    Artifact,
    clientonly,
    daemon_build,
    examine,
    installed_daemon,
    inventory,
    search_places,
)
from ..context import CheckContext, Outcome
from ..dockerinit_search import DaemonBuild, Search, walk
from ..hints import joined

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

NOT_FOUND_HINT = (
    "install the dockerinit built with this daemon next to it or at "
    "/usr/libexec/docker/dockerinit (or /usr/lib/docker/dockerinit), or build with "
    "DOCKER_INITPATH set to where the package puts it"
)
BUILD_HINT = (
    "build the daemon with hack/make.sh dynbinary (bakes in INITSHA1) or binary (static, "
    "IAMSTATIC=true)"
)


def _daemon(ctx: CheckContext) -> Artifact | Outcome:
    """The daemon whose search path matters: a given one, or, only when the user asked
    for the installed system (no --artifact), the one on the host's PATH."""
    if ctx.settings.artifacts:
        given = [a for a in inventory(ctx).of("docker") if a.origin == "--artifact"]
        if given:
            return given[0]
        ignored = inventory(ctx).ignored
        why = "no docker daemon among the --artifact files"
        why += f" (ignored: {'; '.join(ignored)})" if ignored else ""
        return Outcome("skip", why + "; nothing to search for")
    daemon = installed_daemon(ctx)
    if daemon is None:
        return Outcome("skip", "docker is not installed (not on the PATH); nothing to search for")
    return daemon


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Walk the daemon's search path as Docker 1.5 does; judge the dockerinit it takes."""
    skipped = clientonly(ctx)
    if skipped is not None:
        return skipped
    if ctx.settings.bundles is not None and not ctx.settings.artifacts:
        return Outcome(
            "skip",
            "checks an installed system (--root, or /), not --bundles; artifact-pair "
            "checks that the bundle's binaries belong together",
        )
    daemon = _daemon(ctx)
    if isinstance(daemon, Outcome):
        return daemon
    build = daemon_build(ctx, daemon)
    if isinstance(build, tuple):
        hint = UNUSABLE_HINT if build[0] == "fail" else ""
        return Outcome(build[0], f"daemon {daemon.shown}: {build[1]}", hint=hint)
    if build.own_init:
        line = f"daemon {daemon.shown}: built static (IAMSTATIC=true), so Docker runs it as "
        return Outcome("pass", line + "its own dockerinit; the search path is not used")
    initpath, initpath_source = build.initpath(ctx.settings.knob("DOCKER_INITPATH"))
    places, root_source = search_places(ctx, daemon, initpath, params["search"])
    walked = walk(ctx, build, places)
    lines = [f"daemon {daemon.shown} ({root_source}; {initpath_source})", "searched, in order:"]
    lines += [f"  {step}" for step in walked.tried]
    lines += _given_elsewhere(ctx, walked)
    return _verdict(ctx, daemon, build, walked, lines)


def _given_elsewhere(ctx: CheckContext, walked: Search) -> list[str]:
    """A note for each given dockerinit the daemon did not take."""
    chosen = walked.chosen[1].resolve() if walked.chosen else None
    return [
        f"note: the given {init.shown} is not the dockerinit this daemon takes"
        for init in inventory(ctx).of("dockerinit")
        if init.origin == "--artifact" and init.path.resolve() != chosen
    ]


def _verdict(
    ctx: CheckContext, daemon: Artifact, build: DaemonBuild, walked: Search, lines: list[str]
) -> Outcome:
    if walked.chosen is not None:
        shown, local = walked.chosen
        info, status, line = examine(ctx, Artifact("dockerinit", local, shown, daemon.origin))
        if info is None:
            return Outcome(status, "\n".join([*lines, line]), hint=NOT_FOUND_HINT)
        lines.append(f"takes {shown}: {info.linkage()}")
        if not info.is_static:
            hint = "build dockerinit static, as hack/make/.dockerinit does (-extldflags -static)"
            return Outcome("fail", "\n".join(lines), "dockerinit must be static", hint=hint)
        return Outcome("pass", "\n".join(lines))
    if walked.undecided or (build.own_init is None and build.info.is_static):
        # A stripped static daemon may be make.sh binary's, which runs itself.
        lines.append("the daemon is stripped and static: IAMSTATIC=true cannot be read")
        detail = (
            "confirm it was built by hack/make.sh binary (then it is its own dockerinit); "
            "do not strip the daemon, so the next run can read it"
        )
        return Outcome("manual", "\n".join(lines), detail)
    if walked.unseen:
        lines.append("no valid dockerinit in the daemon's own directory")
        detail = (
            "the rest of the search path is on the system the files will be installed on; "
            "pass --root DIR (the staged or installed tree holding usr/) to search it there"
        )
        return Outcome("manual", "\n".join(lines), detail)
    lines.append("no valid dockerinit found: Docker 1.5 would not start containers")
    hints = [BUILD_HINT if build.value("INITSHA1") == "" else NOT_FOUND_HINT]
    if walked.not_executable:
        hints.append("make dockerinit executable (install -m 755)")
    return Outcome("fail", "\n".join(lines), hint=joined(hints))
