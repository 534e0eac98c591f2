"""dockerinit-path: the daemon finds a static dockerinit of its own build.

The search order is Docker's own. ``utils.DockerInitPath`` (Docker 1.x, 2014) first
accepted the daemon itself when it was built static (``IAMSTATIC``), then tried, in order:
the daemon's private copy under its root directory, the compile-time ``INITPATH`` (set
from ``DOCKER_INITPATH`` at build time), ``dockerinit`` next to the daemon, then
/usr/libexec/docker, /usr/local/libexec/docker, /usr/lib/docker, /usr/local/lib/docker.
Source: moby/moby, ``utils/utils.go`` at commit 002b916ac9b167a37b6b0d9cebcef33bcdce39c8
(``possibleInits``), read with the project's code search. The private copy is one the
running daemon makes for itself, so it is not a packaging matter and is not searched here.
A candidate counts when Go's ``exec.LookPath`` would accept it: it exists, is not a
directory and has an execute bit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..artifacts import (
    Artifact,
    clientonly,
    examine,
    init_candidates,
    installed_daemon,
    inventory,
    is_lookpath_hit,
    versions_of,
)
from ..context import CheckContext, Outcome
from .artifact_pair import compare

NOT_FOUND_DETAIL = (
    "install dockerinit next to the daemon or in /usr/libexec/docker/ (or "
    "/usr/lib/docker/), or build with DOCKER_INITPATH set to where the package puts it"
)


def _daemon(ctx: CheckContext) -> Artifact | None:
    """The daemon whose search path matters: a --artifact docker, else the installed one."""
    given = [a for a in inventory(ctx).of("docker") if a.origin == "--artifact"]
    if given:
        return given[0]
    return installed_daemon(ctx)


def _own_init(ctx: CheckContext, daemon: Artifact) -> tuple[str, bool] | None:
    """Why the daemon serves as its own dockerinit, and whether Docker would say so
    before searching (it does when IAMSTATIC=true is baked in); None if it does not."""
    info, _, _ = examine(ctx, daemon)
    if info is None:
        return None
    iamstatic = versions_of(info).get("IAMSTATIC")
    if iamstatic == "true":
        return "built static (IAMSTATIC=true): it is its own dockerinit", True
    if iamstatic is None and info.is_static:
        return "static: it can be its own dockerinit", False
    return None


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Walk the search path; judge the first dockerinit found."""
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
    if daemon is None:
        return Outcome("skip", "docker is not installed (not on the PATH); nothing to search for")
    own = _own_init(ctx, daemon)
    if own is not None and own[1]:
        return Outcome("pass", f"daemon {daemon.shown}: {own[0]}; the search path is not used")
    tried = []
    for shown, local in init_candidates(ctx, daemon, params["search"]):
        tried.append(shown)
        if is_lookpath_hit(local):
            return _judge(ctx, daemon, Artifact("dockerinit", local, shown, daemon.origin))
    if own is not None:
        return Outcome("pass", f"daemon {daemon.shown}: {own[0]}; no dockerinit found, none needed")
    return Outcome(
        "fail",
        f"daemon {daemon.shown}: no dockerinit found; tried, in order: " + ", ".join(tried),
        NOT_FOUND_DETAIL,
    )


def _judge(ctx: CheckContext, daemon: Artifact, init: Artifact) -> Outcome:
    """The first dockerinit found: it must be static and of the daemon's build."""
    head = f"daemon {daemon.shown}; first dockerinit found: {init.shown}"
    info, status, line = examine(ctx, init)
    if info is None:
        return Outcome(status, f"{head}\n{line}")
    lines = [head, f"{init.shown}: {info.linkage()}"]
    if not info.is_static:
        return Outcome("fail", "\n".join(lines), "dockerinit must be static")
    evidence = compare(ctx, daemon, init)
    if evidence.status() == "fail":
        lines.append("not the daemon's build: " + evidence.summary())
        return Outcome("fail", "\n".join(lines), "install docker and dockerinit as one unit")
    if evidence.status() == "pass":
        lines.append("matches the daemon: " + evidence.summary())
    else:
        lines.append("whether it matches the daemon could not be determined (no version data)")
    return Outcome("pass", "\n".join(lines))
