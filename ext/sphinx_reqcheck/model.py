"""The contract between the handbook and the runner, declared once.

Scopes, levels, statuses, conditions and every check kind with its typed parameters live
here, in plain Python. The directives parse and validate options with these declarations,
the JSON Schema is generated from them, and the runner validates manifests with them.
The parameter types and the declaration classes are in :mod:`sphinx_reqcheck.params`
(import them from there). This module must never import Sphinx or docutils: the runner
imports it on bare hosts.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
from collections.abc import Mapping, Sequence

from .params import CheckKind, Param

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

FORMAT = 1
SCHEMA_ID = "urn:sphinx-reqcheck:manifest:1"

SCOPES: dict[str, str] = {
    "build": "building the client and the daemon",
    "daemon-build": "building the daemon",
    "daemon": "running the daemon",
    "client": "running the client",
    "artifact": "the built binaries",
    "source": "the source tree",
    "policy": "packaging choices no program can verify",
}
LEVELS: dict[str, str] = {
    "required": "must hold; a failure fails the run",
    "recommended": "should hold; a failure is a warning",
    "optional": "needed only for an optional feature; a failure is a warning",
    "manual": "a person must confirm it",
}
STATUSES = ("pass", "fail", "warn", "skip", "manual", "error")
# Worst first. It orders the handbook's host report, and decides which finding makes the
# verdict when a check weighs several (one per binary, say): a definite failure outranks a
# probe that could not answer, and a pass outranks a skip.
SEVERITY = ("fail", "error", "warn", "manual", "pass", "skip")
# Statuses whose evidence (a verdict's ``detail``) a reader is shown under the verdict.
EVIDENCE_FOR = ("fail", "warn", "error")
# How every report counts: these are "failed" (a required one fails the run) ...
FAILED_STATUSES = ("fail", "error")
# ... and these "skipped" (as JUnit readers count them).
SKIPPED_STATUSES = ("skip", "manual")
# How each status reads without colour, in reports and in the handbook: symbol and word.
STATUS_LOOK: dict[str, tuple[str, str]] = {
    "pass": ("\u2713", "pass"),
    "fail": ("\u2717", "FAIL"),
    "warn": ("!", "warn"),
    "skip": ("-", "skip"),
    "manual": ("?", "manual"),
    "error": ("\u203c", "ERROR"),
}

# Conditions: when a requirement applies. Keys of a manifest's ``when`` object, each a
# list of names, with the directive option that sets it.
CONDITIONS: dict[str, tuple[str, str]] = {
    "tags_all": ("if-tags", "applies only when every one of these build tags is set"),
    "tags_none": ("unless-tags", "applies only when none of these build tags is set"),
    "env_set": ("if-env", "applies only when each of these variables is non-empty"),
    "env_unset": ("unless-env", "applies only when each of these variables is unset or empty"),
}
# The conditions that name environment variables: only the model's ENV_KNOBS.
ENV_CONDITIONS = ("env_set", "env_unset")

# Environment variables of Docker's build that the guide's requirements depend on
# (hack/make.sh at v1.5.0: AUTO_GOPATH builds .gopath, GOPATH is required without it,
# DOCKER_CLIENTONLY skips the daemon, DOCKER_BUILDTAGS goes to `go build -tags`, and
# DOCKER_INITPATH is baked in as dockerversion.INITPATH, which utils.DockerInitPath tries
# first). The one declaration: the runner reads them (DOCKER_BUILDTAGS also from
# --buildtags), every report's header shows them, and the handbook's conditions
# (``if-env``/``unless-env``) may name only them.
ENV_KNOBS: dict[str, str] = {
    "DOCKER_BUILDTAGS": "build tags, space-separated (hack/make.sh)",
    "AUTO_GOPATH": "set: make.sh builds its own GOPATH workspace (hack/make.sh)",
    "DOCKER_CLIENTONLY": "set: only the client is built, no daemon, no dockerinit",
    "DOCKER_INITPATH": "where the daemon looks for dockerinit first (set at build time)",
    "GOPATH": "Go's workspace list, where the checkout must sit without AUTO_GOPATH",
}

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def _join(values: Any, sep: str = ", ") -> str:
    return sep.join(values) if isinstance(values, list) else str(values)


def _min(params: Mapping[str, Any]) -> str:
    return f"\u2265 {params['minimum']}"


def _cmd(params: Mapping[str, Any]) -> str:
    return f"runs `{shlex.join(params['argv'])}` and reads the version it prints"


def _config(params: Mapping[str, Any]) -> str:
    names = [f"CONFIG_{name.removeprefix('CONFIG_')}" for name in params["options"]]
    if len(names) == 1:
        return f"{names[0]} built in (y) or a module (m)"
    return ", ".join(names) + ": each built in (y) or a module (m)"


BINARIES = ("docker", "dockerinit")
PATH_TYPES = ("file", "dir", "executable")

CHECK_KINDS: dict[str, CheckKind] = {
    kind.name: kind
    for kind in (
        CheckKind(
            "manual",
            "No program can verify it; a person confirms it.",
            (),
            lambda p: "confirmed by a person",
            lambda p: "not checked by a program",
        ),
        CheckKind(
            "platform",
            "The host's operating system and machine architecture.",
            (
                Param("os", "names", "operating systems, as `uname -s` names them (lower case)"),
                Param("arch", "names", "machine architectures, as `uname -m` or Go names them"),
            ),
            lambda p: f"{_join(p['os'], ' or ')} on {_join(p['arch'], ' or ')}",
            lambda p: "reads the kernel's name and the machine architecture (uname)",
        ),
        CheckKind(
            "command",
            "An executable of one of these names is on the PATH.",
            (
                Param("names", "names", "executable names; any one of them will do"),
                Param("package", "text", "the package that provides it", required=False),
            ),
            lambda p: f"`{_join(p['names'], '` or `')}` on the PATH",
            lambda p: "looks the names up on the PATH",
        ),
        CheckKind(
            "command-version",
            "A command prints a version at least this high.",
            (
                Param("argv", "argv", "the command line that prints the version"),
                Param("minimum", "version", "the lowest acceptable version"),
                Param(
                    "pattern",
                    "regex",
                    "a regular expression whose first group captures the version; by default "
                    "the first dotted number in the output",
                    required=False,
                ),
                Param("package", "text", "the package that provides the command", required=False),
            ),
            _min,
            _cmd,
        ),
        CheckKind(
            "library-version",
            "A development library known to pkg-config is at least this version.",
            (
                Param("module", "text", "the pkg-config module name"),
                Param("minimum", "version", "the lowest acceptable version"),
                Param("package", "text", "the package that provides the library", required=False),
            ),
            _min,
            lambda p: f"runs `pkg-config --modversion {p['module']}`",
        ),
        CheckKind(
            "paths",
            "At least one of these paths exists with the right type.",
            (
                Param("any_of", "paths", "candidate paths, in order of preference"),
                Param("type", "text", "what the path must be", required=False, choices=PATH_TYPES),
                Param("package", "text", "the package that provides it", required=False),
            ),
            lambda p: f"{p.get('type', 'file')} at {_join(p['any_of'], ' or ')}",
            lambda p: "looks at the file system (under --root when given)",
        ),
        CheckKind(
            "kernel-config",
            "Kernel configuration options are built in (y) or modules (m).",
            (Param("options", "names", "option names, with or without the CONFIG_ prefix"),),
            _config,
            lambda p: (
                "reads the kernel configuration once (--kernel-config, /proc/config.gz, "
                "/boot/config-$(uname -r), ...); options later kernels renamed or removed are "
                "judged by the version in its header"
            ),
        ),
        CheckKind(
            "kernel-filesystem",
            "The running kernel supports one of these file systems.",
            (Param("names", "names", "file system names as /proc/filesystems lists them"),),
            lambda p: f"{_join(p['names'], ' or ')} in /proc/filesystems",
            lambda p: "reads /proc/filesystems (never loads modules)",
        ),
        CheckKind(
            "cgroups",
            "The cgroup hierarchy is mounted the way the daemon needs it.",
            (
                Param(
                    "controllers",
                    "names",
                    "controllers that must be available (v1 subsystems or v2 controllers)",
                ),
            ),
            lambda p: f"one mount per subsystem (v1) or v2 with {_join(p['controllers'])}",
            lambda p: "reads /proc/mounts, /proc/cgroups and cgroup.controllers",
        ),
        CheckKind(
            "apparmor",
            "Where AppArmor is enabled or built in, its parser is on the PATH.",
            (
                Param("parser", "names", "the parser's executable names; any one will do"),
                Param("tag", "text", "the build tag that compiles AppArmor support in"),
            ),
            lambda p: (
                f"`{_join(p['parser'], '` or `')}` on the PATH when AppArmor is enabled "
                f"or the {p['tag']} build tag is set"
            ),
            lambda p: (
                "reads /sys/module/apparmor/parameters/enabled and the build tags, then "
                "looks the parser up on the PATH"
            ),
        ),
        CheckKind(
            "buildtags",
            "DOCKER_BUILDTAGS is space-separated (and, given `known`, names only known tags).",
            (
                Param(
                    "known",
                    "names",
                    "the build tags the build understands; without it only the separators "
                    "are checked, so a required requirement can check the form and a "
                    "recommended one the names (an unknown tag is then a warning)",
                    required=False,
                ),
            ),
            lambda p: (
                f"space-separated tags from: {_join(p['known'], ' ')}"
                if p.get("known")
                else "tags separated by spaces"
            ),
            lambda p: "reads DOCKER_BUILDTAGS (or --buildtags)",
        ),
        CheckKind(
            "elf-not-stripped",
            "A built binary keeps its symbol table.",
            (Param("binary", "text", "which binary", choices=BINARIES),),
            lambda p: f"{p['binary']} has its symbol table",
            lambda p: "reads the ELF section headers (never runs the binary)",
        ),
        CheckKind(
            "elf-static",
            "A built binary is statically linked.",
            (
                Param("binary", "text", "which binary", choices=BINARIES),
                Param(
                    "unless_build",
                    "text",
                    "a make.sh bundle in which a dynamic binary is acceptable (e.g. dynbinary)",
                    required=False,
                ),
            ),
            lambda p: (
                f"{p['binary']} static (no interpreter, no needed libraries)"
                + (f", unless from a {p['unless_build']} build" if p.get("unless_build") else "")
            ),
            lambda p: "reads the ELF program headers and dynamic section",
        ),
        CheckKind(
            "artifact-pair",
            "The docker and dockerinit binaries come from the same build.",
            (),
            lambda p: (
                "each daemon takes the dockerinit of its build (its SHA-1 is the "
                "daemon's INITSHA1), or is static and its own"
            ),
            lambda p: (
                "compares dockerinit's SHA-1 with the daemon's INITSHA1; reports file "
                "names and the VERSION file beside it"
            ),
        ),
        CheckKind(
            "dockerinit-path",
            "The daemon's first valid dockerinit (Docker 1.5's own search) is static.",
            (
                Param(
                    "search",
                    "paths",
                    "the search path after the INITPATH baked into the daemon; `@daemon-dir` "
                    "means the directory of the daemon binary",
                ),
            ),
            lambda p: (
                "a valid static dockerinit at the first of: INITPATH, " + _join(p["search"], ", ")
            ),
            lambda p: (
                "walks the search path as Docker 1.5 does (baked INITPATH first; the "
                "first dockerinit whose SHA-1 is the daemon's INITSHA1 wins)"
            ),
        ),
        CheckKind(
            "source-tree",
            "The source checkout has these files and directories.",
            (
                Param("files", "paths", "paths relative to the checkout"),
                Param(
                    "non_empty",
                    "paths",
                    "paths that must also hold something: a file, text that is not only "
                    "white space; a directory, at least one entry",
                    required=False,
                ),
            ),
            lambda p: (
                "present: "
                + _join(p["files"], ", ")
                + (f"; not empty: {_join(p['non_empty'], ', ')}" if p.get("non_empty") else "")
            ),
            lambda p: "looks in the --source checkout",
        ),
        CheckKind(
            "gopath-layout",
            "The checkout sits at src/IMPORT_PATH inside an entry of GOPATH.",
            (Param("import_path", "text", "the Go import path of the project"),),
            lambda p: f"$GOPATH/src/{p['import_path']}",
            lambda p: "finds the first GOPATH entry holding the import path, as Go does",
        ),
        CheckKind(
            "gopath-entry",
            "A directory of the source checkout is itself an entry of GOPATH.",
            (Param("directory", "text", "the directory, relative to the checkout"),),
            lambda p: f"<checkout>/{p['directory']} on GOPATH",
            lambda p: "compares the GOPATH entries with the --source checkout's directory",
        ),
    )
}


def is_valid_id(text: str) -> bool:
    """Requirement ids: lower case letters, digits, dots, dashes and underscores."""
    return bool(_ID.match(text))


def describe_check(check: Mapping[str, Any]) -> tuple[str, str]:
    """``(expected, method)`` in words, for a manifest's ``check`` object."""
    kind = CHECK_KINDS[check["kind"]]
    return kind.expected(check), kind.method(check)


def requirement_digest(
    scope: Sequence[str], level: str, check: Mapping[str, Any], when: Mapping[str, Any]
) -> str:
    """What a verdict was made against: a digest of the requirement as exported.

    It covers the check's kind and parameters, the conditions, the scope and the level,
    and nothing written in words (title, text, or the model's descriptions), so rewording
    leaves verdicts current while a changed minimum version makes them stale.
    """
    exported = {"check": check, "level": level, "scope": list(scope), "when": when}
    text = json.dumps(exported, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


# Hex digits of a requirement digest: 64 bits tell one handbook's requirements apart.
DIGEST_LENGTH = 16
DIGEST = re.compile(f"^[0-9a-f]{{{DIGEST_LENGTH}}}$")
