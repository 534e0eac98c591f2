"""The ``reqcheck`` command line's arguments: sub-commands, options and their checks."""

from __future__ import annotations

import argparse
import os
import sys

from .. import __version__
from ..bounded_read import KERNEL_CONFIG_LIMIT, MANIFEST_LIMIT, size_label
from ..model import SCOPES
from ..params import split_names
from .engine import default_jobs
from .host import DEFAULT_TIMEOUT
from .reports import FORMATS

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

COMMANDS = ("run", "list", "explain", "validate", "fleet")
# What --root changes and what it does not: said once, in `reqcheck run --help`.
ROOT_EFFECT = (
    "--root DIR checks an installed system that is not running, such as a build chroot: "
    "the files the checks read (the paths of the handbook, /proc/mounts, /proc/filesystems, "
    "/proc/cgroups, /proc/config.gz and /boot/config-RELEASE) and the tools looked up on PATH "
    "are taken under DIR, and links are followed inside DIR. It does not change the running "
    "kernel (uname, and so RELEASE, are this machine's; the platform check is skipped), tools "
    "found under DIR run on this machine without a chroot, and every file named on the "
    "command line (--kernel-config, --artifact, --bundles, --source, --output, MANIFEST) is "
    "read or written on this machine, not under DIR. To check a chroot as it runs, copy "
    "reqcheck.pyz into it and run it there."
)
# Options of the command itself, before any sub-command.
TOP_LEVEL_OPTIONS = ("-h", "--help", "--version")
# Inputs are read with a cap and a file-type check (bounded_read.py).
_MANIFEST_CAP = f", a regular file of at most {size_label(MANIFEST_LIMIT)}"


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be more than 0")
    return value


def _format_and_file(text: str) -> tuple[str, str]:
    fmt, sep, path = text.partition(":")
    if not sep or fmt not in FORMATS or not path:
        raise argparse.ArgumentTypeError(
            f"{text!r} must be FORMAT:FILE with FORMAT one of {', '.join(FORMATS)}"
        )
    return fmt, path


def split_values(values: list[str] | None) -> list[str]:
    """``--scope a,b --scope c`` gives ``[a, b, c]``."""
    return [name for value in values or [] for name in split_names(value)]


def _selection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scope",
        action="append",
        metavar="SCOPE",
        help=f"only requirements of these scopes (repeat or comma-separate): {', '.join(SCOPES)}",
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="ID",
        help="only requirements whose id is given or matches a glob such as 'build.*'",
    )


def run_by_default(args: list[str]) -> list[str]:
    """``args`` with ``run`` put first unless they start with a sub-command or a top-level
    option: ``python3 reqcheck.pyz --scope build`` is ``reqcheck run --scope build``, while
    ``python3 reqcheck.pyz --version`` and ``list`` mean what they mean to ``reqcheck``."""
    if args and (args[0] in COMMANDS or args[0] in TOP_LEVEL_OPTIONS):
        return args
    return ["run", *args]


def _terminal_columns() -> int:
    """The terminal's width, found as ``shutil.get_terminal_size`` finds it."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    stdout = sys.__stdout__
    try:
        return (os.get_terminal_size(stdout.fileno()).columns if stdout else 0) or 80
    except (ValueError, OSError):  # closed, or not a terminal
        return 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, sized without ``shutil``: argparse makes one for every
    ``add_argument`` (to check its metavar), and the first import of shutil, with its
    compression modules, costs a run 4 ms."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: Any = None
    ) -> None:
        width = _terminal_columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    """A parser (and, as argparse makes sub-parsers of the parent's class, every
    sub-command's) with :class:`_Formatter` as its default formatter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``reqcheck``."""
    parser: argparse.ArgumentParser = _Parser(
        prog="reqcheck",
        description="Check a host against a packaging handbook's requirements.",
        epilog="Exit status: 0 no required requirement failed, 1 one failed or errored, "
        "2 bad usage or a bad manifest. The text report's last line, 'N passed, N failed, "
        "N warned, N skipped', counts errors as failed and manual items as skipped; the "
        "line before it gives both numbers.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    run = commands.add_parser(
        "run", help="run a manifest's checks on this host", epilog=ROOT_EFFECT
    )
    run.add_argument("manifest", nargs="?", help=f"manifest.json{_MANIFEST_CAP} (default: bundled)")
    _selection_options(run)
    run.add_argument("--format", choices=FORMATS, default="text", help="report format")
    run.add_argument(
        "--output",
        metavar="FILE",
        help="write the report to FILE (atomically; a link is followed; a device, FIFO or "
        "directory is refused)",
    )
    run.add_argument(
        "--write",
        action="append",
        type=_format_and_file,
        metavar="FORMAT:FILE",
        help="also write the report in FORMAT to FILE (repeatable), e.g. junit:junit.xml",
    )
    run.add_argument(
        "--jobs",
        type=_positive_int,
        default=None,
        help=f"checks run at once (default {default_jobs()} here)",
    )
    run.add_argument(
        "--timeout",
        type=_positive_float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds each probe may take, and each check with it (default "
        f"{DEFAULT_TIMEOUT:g}); a version pattern is matched within that time",
    )
    run.add_argument(
        "--root", metavar="DIR", help="read the system's files under DIR instead of / (below)"
    )
    run.add_argument(
        "--kernel-config",
        metavar="FILE",
        help="the kernel configuration to check (plain or gzip, a regular file of at most "
        f"{size_label(KERNEL_CONFIG_LIMIT)} unpacked), a file on this machine even with "
        "--root; default: the running kernel's, found in the usual places",
    )
    run.add_argument(
        "--artifact", action="append", metavar="FILE", help="a built binary (repeatable)"
    )
    run.add_argument("--bundles", metavar="DIR", help="make.sh bundles directory")
    run.add_argument("--source", metavar="DIR", help="the source checkout")
    run.add_argument(
        "--buildtags",
        default=None,
        help="build tags, space-separated (default: $DOCKER_BUILDTAGS)",
    )
    run.add_argument(
        "-v", "--verbose", action="store_true", help="stream each probe's output to stderr"
    )
    _fleet_parser(commands, run)

    listing = commands.add_parser("list", help="list the requirements")
    listing.add_argument(
        "manifest", nargs="?", help=f"manifest.json{_MANIFEST_CAP} (default: bundled)"
    )
    _selection_options(listing)

    explain = commands.add_parser("explain", help="explain one requirement")
    explain.add_argument("id", help="the requirement's id")
    explain.add_argument(
        "manifest", nargs="?", help=f"manifest.json{_MANIFEST_CAP} (default: bundled)"
    )
    explain.add_argument(
        "--manifest", dest="manifest_option", metavar="MANIFEST", help="the same, as an option"
    )

    validate = commands.add_parser("validate", help="check that a manifest is well formed")
    validate.add_argument("file", help=f"manifest.json{_MANIFEST_CAP}")
    return parser


def _fleet_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], run: argparse.ArgumentParser
) -> None:
    fleet = commands.add_parser(
        "fleet",
        help="run the checks on every host of an Ansible inventory (needs the fleet extra)",
        usage="%(prog)s [MANIFEST] -i INVENTORY [options] [-- ANSIBLE-PLAYBOOK-ARGS...]",
        description="Copy reqcheck.pyz to each host of the inventory with one ansible-playbook "
        "run, run it there with the host's reqcheck_* inventory variables, and report one "
        "host x requirement matrix. Arguments after -- go to ansible-playbook (e.g. -v).",
        epilog="Exit status: 0 every host was reached and none failed a required requirement, "
        "1 a host failed one or was not reached or checked, 2 bad usage.",
    )
    fleet.add_argument("manifest", nargs="?", help="manifest.json (default: bundled)")
    fleet.add_argument(
        "-i",
        "--inventory",
        action="append",
        required=True,
        metavar="INVENTORY",
        help="an Ansible inventory: INI, YAML, a directory or a script (repeatable)",
    )
    fleet.add_argument("--limit", metavar="PATTERN", help="only hosts matching the pattern")
    fleet.add_argument("--forks", type=_positive_int, help="hosts checked at once (Ansible's)")
    _selection_options(fleet)
    # run's own report options (as argparse's parents= shares them): both write alike.
    for action in run._actions:
        if action.dest in ("format", "output", "write"):
            fleet._add_action(action)
    fleet.add_argument(
        "--timeout",
        type=_positive_float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds each probe may take on a host (default {DEFAULT_TIMEOUT:g})",
    )
    fleet.add_argument(
        "--host-timeout",
        type=_positive_float,
        default=600.0,
        help="seconds each step on a host may take: copy, run, fetch (default 600)",
    )
    fleet.add_argument(
        "--deadline",
        type=_positive_float,
        default=3600.0,
        help="seconds the whole ansible-playbook run may take; then it is stopped and the "
        "hosts not finished are failed (default 3600)",
    )


def split_ansible_args(argv: list[str]) -> tuple[list[str], list[str]]:
    """``fleet ... -- ARGS``: what comes after the first ``--`` goes to ansible-playbook."""
    if argv[:1] == ["fleet"] and "--" in argv:
        at = argv.index("--")
        return argv[:at], argv[at + 1 :]
    return argv, []
