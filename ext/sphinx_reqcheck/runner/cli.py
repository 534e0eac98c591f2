"""The ``reqcheck`` command: run, list, explain and validate manifests.

Exit status: 0 when no required requirement failed or errored, 1 when one did, 2 for bad
usage or a bad manifest. Output is the report (stdout or ``--output FILE``); diagnostics
go to stderr.
"""

from __future__ import annotations

import argparse
import errno
import gc
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ..atomic import output_target
from ..manifest import Manifest, ManifestError, check_manifest_file, open_manifest
from ..model import CONDITIONS, ENV_KNOBS, SCOPES, describe_check
from .arguments import build_parser, split_ansible_args, split_values
from .context import CheckContext, Settings
from .engine import SelectionError, run_requirements, select_requirements
from .host import Host
from .reports import (
    ManifestInfo,
    Report,
    can_encode,
    host_facts,
    inputs_from,
    wants_colour,
    write_atomic,
    write_report,
)
from .streams import Echo, discard_unwritten, write_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any, Callable, TextIO

# Knobs read from the environment into Settings.env (DOCKER_BUILDTAGS is --buildtags).
ENV_ONLY_KNOBS = tuple(name for name in ENV_KNOBS if name != "DOCKER_BUILDTAGS")


class UsageError(Exception):
    """A command line that cannot be carried out; the message says what to change."""


def _close_matches(word: str, choices: Sequence[str], count: int, cutoff: float = 0.6) -> list[str]:
    import difflib  # only for a mistyped word: not every run pays for its import

    return difflib.get_close_matches(word, choices, n=count, cutoff=cutoff)


# -- loading ----------------------------------------------------------------------------


def _load(given: str | None) -> tuple[ManifestInfo, Manifest]:
    """Read, hash and validate the manifest; any problem is a :class:`UsageError`."""
    try:
        name, digest, manifest = open_manifest(given)
    except ManifestError as error:
        # A file-level message names the file itself; a field's names the field.
        if error.field == "(file)":
            raise UsageError(error.message) from None
        raise UsageError(f"bad manifest {given or 'bundled'}: {error}") from None
    return ManifestInfo(name, manifest.project, manifest.version, digest), manifest


def _check_scopes(scopes: Sequence[str]) -> None:
    for scope in scopes:
        if scope not in SCOPES:
            close = _close_matches(scope, list(SCOPES), 1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise UsageError(f"--scope {scope!r} is not a scope{hint}; scopes: {', '.join(SCOPES)}")


def _is_link_loop(path: Path) -> bool:
    try:
        path.stat()
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def _existing(option: str, value: str | None, directory: bool = False) -> Path | None:
    if value is None:
        return None
    path = Path(value)
    if not (path.is_dir() if directory else path.exists()):
        kind = "directory" if directory else "file"
        if path.is_symlink() and not path.exists():
            why = "a symbolic link loop" if _is_link_loop(path) else "a dangling symbolic link"
            raise UsageError(f"{option} {value}: {why} (to {os.readlink(path)})")
        if path.exists():
            raise UsageError(f"{option} {value}: exists but is not a {kind}")
        raise UsageError(f"{option} {value}: no such {kind}")
    return path


# -- run --------------------------------------------------------------------------------


def _settings(args: argparse.Namespace) -> Settings:
    buildtags = args.buildtags
    if buildtags is None:
        buildtags = os.environ.get("DOCKER_BUILDTAGS", "")
    return Settings(
        buildtags_text=buildtags,
        env={name: os.environ[name] for name in ENV_ONLY_KNOBS if name in os.environ},
        kernel_config=_existing("--kernel-config", args.kernel_config),
        artifacts=tuple(
            path
            for path in (_existing("--artifact", item) for item in args.artifact or [])
            if path is not None
        ),
        bundles=_existing("--bundles", args.bundles, directory=True),
        source=_existing("--source", args.source, directory=True),
    )


def _inputs(args: argparse.Namespace, settings: Settings, root: Path | None) -> dict[str, Any]:
    inputs: dict[str, Any] = {"DOCKER_BUILDTAGS": settings.buildtags_text}
    inputs.update({name: settings.env.get(name) for name in ENV_ONLY_KNOBS})
    inputs.update(
        {
            "root": str(root) if root is not None else "/",
            "kernel_config": settings.kernel_config,
            "artifacts": list(settings.artifacts),
            "bundles": settings.bundles,
            "source": settings.source,
            "scope": split_values(args.scope),
            "select": split_values(args.select),
            "timeout": args.timeout,
        }
    )
    return inputs_from(inputs)


def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse, before anything runs, an output that would destroy something: a device,
    FIFO or directory; the manifest being run; two reports in one file."""
    outputs = [(f"--write {fmt}:{path}", path) for fmt, path in args.write or []]
    if args.output:
        outputs.append((f"--output {args.output}", args.output))
    manifest = os.path.realpath(args.manifest) if args.manifest else None
    taken: dict[Path, str] = {}
    for option, path in outputs:
        try:
            target = output_target(path)
        except OSError as error:
            raise UsageError(f"{option}: {error.strerror}") from None
        if not target.parent.is_dir():
            raise UsageError(f"{option}: no such directory {target.parent}")
        if manifest is not None and str(target) == manifest:
            raise UsageError(f"{option} would replace the manifest being run; name another file")
        if target in taken:
            raise UsageError(f"{option} and {taken[target]} name the same file; one report each")
        taken[target] = option


def _run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    scopes, select = split_values(args.scope), split_values(args.select)
    _check_scopes(scopes)
    _check_outputs(args)
    root = _existing("--root", args.root, directory=True)
    settings = _settings(args)
    manifest_info, manifest = _load(args.manifest)
    try:
        requirements = select_requirements(manifest, scopes, select)
    except SelectionError as error:
        ids = [requirement.id for requirement in manifest.requirements]
        close = _close_matches(select[-1] if select else "", ids, 3)
        hint = f"; close ids: {', '.join(close)}" if close else ""
        raise UsageError(f"{error}{hint}") from None
    echo = Echo(stderr) if args.verbose else None
    host = Host(root=root, timeout=args.timeout, echo=echo)
    ctx = CheckContext(host, settings, timeout=args.timeout)
    gc.freeze()  # the manifest lives as long as the run: collections need not walk it
    try:
        started = time.perf_counter()
        results = run_requirements(requirements, ctx, jobs=args.jobs)
        report = Report(
            manifest=manifest_info,
            host=host_facts(root),
            inputs=_inputs(args, settings, root),
            results=results,
            duration=time.perf_counter() - started,
        )
        _emit(report, args, stdout)
    finally:
        gc.unfreeze()
    return report.summary.exit_status


def _write_file(report: Report, fmt: str, path: str) -> None:
    write_atomic(Path(path), lambda stream: write_report(report, fmt, stream.write))


def _emit(report: Report, args: argparse.Namespace, stdout: TextIO) -> None:
    """Write the report to ``--output`` (atomically) or to stdout, and each ``--write``."""
    for fmt, path in args.write or []:
        _write_file(report, fmt, path)
    if args.output:
        _write_file(report, args.format, args.output)
        return
    unicode = can_encode(stdout, "\u2713\u2717\u203c\u2014\u2265")
    colour = args.format == "text" and wants_colour(stdout)
    try:
        write_report(report, args.format, lambda text: write_text(stdout, text), colour, unicode)
        stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:  # e.g. > /dev/full: the report is lost, and the run must say so
        # What the failed write left buffered would fail again when Python flushes stdout
        # at exit, and turn exit status 2 into 120.
        discard_unwritten(stdout)
        raise UsageError(f"cannot write the report to standard output: {error.strerror}") from None


# -- list, explain, validate ------------------------------------------------------------


def _list(args: argparse.Namespace, stdout: TextIO) -> int:
    scopes, select = split_values(args.scope), split_values(args.select)
    _check_scopes(scopes)
    _info, manifest = _load(args.manifest)
    try:
        chosen = select_requirements(manifest, scopes, select)
    except SelectionError as error:
        raise UsageError(str(error)) from None
    rows = [(r.id, ",".join(r.scope), r.level, r.title) for r in chosen]
    widths = [max([len(row[i]) for row in rows] + [0]) for i in range(3)]
    for row in rows:
        write_text(
            stdout,
            f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}\n",
        )
    return 0


def _explain(args: argparse.Namespace, stdout: TextIO) -> int:
    _info, manifest = _load(args.manifest or args.manifest_option)
    try:
        requirement = manifest.get(args.id)
    except KeyError:
        ids = [r.id for r in manifest.requirements]
        close = _close_matches(args.id, ids, 5, cutoff=0.5)
        hint = f"; did you mean: {', '.join(close)}" if close else ""
        raise UsageError(f"no requirement {args.id!r} in the manifest{hint}") from None
    expected, method = describe_check(requirement.check)
    params = ", ".join(f"{key}={value!r}" for key, value in requirement.params.items())
    conditions = [
        f"  {CONDITIONS[key][1]}: {', '.join(names)}" for key, names in requirement.when.items()
    ]
    source = requirement.source
    lines = [
        f"{requirement.id}: {requirement.title}",
        f"scope: {', '.join(requirement.scope)}    level: {requirement.level}",
        "",
        requirement.text,
        "",
        f"check: {requirement.kind}" + (f" ({params})" if params else ""),
        f"  expects {expected}",
        f"  {method}",
        "conditions:" if conditions else "conditions: always applies",
        *conditions,
        f"source: {source.get('doc')}:{source.get('line')}",
        f"url: {requirement.url}",
    ]
    write_text(stdout, "\n".join(lines) + "\n")
    return 0


def _validate(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    path = Path(args.file)
    # The model's rules (the shipped JSON Schema is generated from the same declarations),
    # every bad requirement reported, not only the first.
    manifest, problems = check_manifest_file(path)
    for problem in problems:
        # A whole-file problem's message names the file already.
        file_level = problem.field == "(file)"
        stderr.write(f"{problem.message if file_level else f'{path}: {problem}'}\n")
    if manifest is None:
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        stderr.write(f"reqcheck: {path} is not a valid manifest ({count})\n")
        return 2
    stdout.write(
        f"{path}: valid manifest, {len(manifest.requirements)} requirements"
        f" ({manifest.project or 'no project'} {manifest.version})\n"
    )
    return 0


# -- fleet ------------------------------------------------------------------------------


def _fleet(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    _check_scopes(split_values(args.scope))
    args.scope, args.select = split_values(args.scope), split_values(args.select)
    manifest_info, manifest = _load(args.manifest)
    try:
        select_requirements(manifest, args.scope, args.select)
    except SelectionError as error:
        raise UsageError(str(error)) from None
    try:  # the controller side; not in reqcheck.pyz
        from ..fleet import command
    except ImportError:
        raise UsageError(
            "reqcheck fleet runs from an installed sphinx-reqcheck with its fleet extra "
            "(pip install '.[fleet]' in a checkout), not from reqcheck.pyz"
        ) from None
    try:
        fleet = command.gather(
            args, command.manifest_bytes_of(args.manifest), manifest_info.to_json(), stderr
        )
    except command.FleetUsageError as error:
        raise UsageError(str(error)) from None
    command.emit(fleet, args, stdout)
    return fleet.exit_status


# -- entry point ------------------------------------------------------------------------


def _verbose_logging(stderr: TextIO) -> Callable[[], None]:
    """Show the package's debug messages on ``stderr``; returns what undoes that."""
    import logging

    log = logging.getLogger("sphinx_reqcheck")
    handler = logging.StreamHandler(stderr)
    handler.setFormatter(logging.Formatter("reqcheck: %(message)s"))
    handler.setLevel(logging.DEBUG)
    log.addHandler(handler)
    previous_level = log.level
    log.setLevel(logging.DEBUG)

    def undo() -> None:
        log.removeHandler(handler)
        log.setLevel(previous_level)

    return undo


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``reqcheck`` with ``argv`` (default: the process's arguments); return the status."""
    stdout, stderr = sys.stdout, sys.stderr
    parser = build_parser()
    words, ansible_args = split_ansible_args(list(sys.argv[1:] if argv is None else argv))
    try:
        args = parser.parse_args(words)
    except SystemExit as exit_:  # argparse exits 2 on bad usage, 0 after --help
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 2
    # Under -v, our own handler for this call only shows a check's traceback on stderr;
    # without it nothing is logged, and logging is not even imported.
    undo_logging = _verbose_logging(stderr) if getattr(args, "verbose", False) else None
    try:
        if stdout is None and not (args.command == "run" and args.output):
            hint = ": pass --output FILE for the report" if args.command == "run" else ""
            raise UsageError(f"standard output is closed{hint}")
        if args.command == "run":
            return _run(args, stdout, stderr)
        if args.command == "list":
            return _list(args, stdout)
        if args.command == "explain":
            return _explain(args, stdout)
        if args.command == "fleet":
            args.ansible_args = ansible_args
            return _fleet(args, stdout, stderr)
        return _validate(args, stdout, stderr)
    except UsageError as error:
        stderr.write(f"reqcheck: {error}\n")
        return 2
    except BrokenPipeError:
        # The reader went away (`reqcheck run | head`): stop quietly, as the shell would.
        discard_unwritten(stdout)
        return 141
    except OSError as error:  # e.g. --output in a missing directory
        where = f"{error.filename}: " if error.filename else ""
        stderr.write(f"reqcheck: {where}{error.strerror}\n")
        return 2
    except KeyboardInterrupt:
        stderr.write("reqcheck: interrupted\n")
        return 130
    finally:
        if undo_logging is not None:
            undo_logging()
