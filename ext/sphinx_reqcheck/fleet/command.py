"""``reqcheck fleet``: one ``ansible-playbook`` run checks every host of an inventory.

The manifest is sealed into a fresh ``reqcheck.pyz`` (:mod:`sphinx_reqcheck.carry`); the
shipped ``playbook.yml`` copies it to each host's temporary directory, runs it with the
host's Python and ``reqcheck_*`` inventory variables, fetches the JSON report and removes
the copy. ansible-playbook runs through subprocess-tee (:func:`sphinx_reqcheck.tee.run_tee`):
its progress streams to stderr live (``-- -v`` for more) while the ledger written by the
shipped callback tells each host's state; the whole run is bounded by ``--deadline``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import IO, Any, Callable, TextIO

from .. import carry
from ..manifest import bundled_manifest_path
from ..runner.reports import can_encode, write_atomic
from ..tee import run_tee
from .ledger import RunEnd, outcomes, read_ledger
from .matrix import Fleet, host_from_outcome
from .reports import write_fleet_report

PLAYBOOK = Path(__file__).with_name("playbook.yml")
INSTALL_HINT = (
    "reqcheck fleet drives Ansible, and no ansible-playbook was found beside this Python or "
    "on PATH. Install the fleet extra: pip install '.[fleet]' in a checkout of "
    "sphinx-reqcheck (or pip install 'ansible-core>=2.19,<2.20')."
)
LEDGER_VARIABLE = "REQCHECK_FLEET_LEDGER"


class FleetUsageError(Exception):
    """A fleet run that cannot start or gathered nothing; the message says why."""


def find_ansible_playbook() -> str | None:
    """ansible-playbook of this Python's environment, else the first on PATH."""
    beside = Path(sys.executable).parent / "ansible-playbook"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("ansible-playbook")


def _run_args(args: argparse.Namespace) -> list[str]:
    """Runner options every host gets (its own reqcheck_* variables add to these)."""
    run_args = ["--timeout", f"{args.timeout:g}"]
    for pattern in args.select or []:
        run_args += ["--select", pattern]
    return run_args


def _playbook_command(
    args: argparse.Namespace, ansible_playbook: str, variables: Path, extra: list[str]
) -> list[str]:
    command = [ansible_playbook, str(PLAYBOOK), "-e", f"@{variables}"]
    for inventory in args.inventory:
        command += ["-i", inventory]
    if args.limit:
        command += ["--limit", args.limit]
    if args.forks:
        command += ["--forks", str(args.forks)]
    return command + extra


def _echo(stream: TextIO) -> Callable[[str], None]:
    def echo(line: str) -> None:
        stream.write(line + "\n")
        stream.flush()

    return echo


def gather(
    args: argparse.Namespace, manifest_bytes: bytes, manifest_json: dict[str, str], stderr: TextIO
) -> Fleet:
    """Run the playbook over the inventory; the matrix of what came back."""
    ansible_playbook = find_ansible_playbook()
    if ansible_playbook is None:
        raise FleetUsageError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="reqcheck-fleet-") as work_name:
        work = Path(work_name)
        pyz = carry.build_runner_zipapp(manifest_bytes, work / "reqcheck.pyz")
        (work / "reports").mkdir()
        variables = work / "variables.json"
        scope_args = ["--scope", ",".join(args.scope)] if args.scope else []
        settings = {
            "reqcheck_fleet_pyz": str(pyz),
            "reqcheck_fleet_reports": str(work / "reports"),
            "reqcheck_fleet_run_args": _run_args(args),
            "reqcheck_fleet_scope_args": scope_args,
            "reqcheck_fleet_host_timeout": int(args.host_timeout),
        }
        variables.write_text(json.dumps(settings), encoding="utf-8")
        ledger = work / "ledger.jsonl"
        done = run_tee(
            _playbook_command(args, ansible_playbook, variables, args.ansible_args),
            timeout=args.deadline,
            env={**os.environ, LEDGER_VARIABLE: str(ledger)},
            on_stdout=_echo(stderr),
            on_stderr=_echo(stderr),
        )
        records = read_ledger(ledger)
        if not records:
            said = "\n".join((done.stdout + done.stderr).strip().splitlines()[-8:])
            why = "ran into its deadline" if done.timed_out else f"exited {done.returncode}"
            raise FleetUsageError(
                f"ansible-playbook {why} without running the play on any host "
                f"(an inventory, --limit or option it could not use?)\n{said}"
            )
        end = RunEnd(done.returncode, done.timed_out, args.deadline)
        hosts = [host_from_outcome(outcome) for outcome in outcomes(records, end).values()]
    return Fleet(manifest_json, hosts)


def _writer(fleet: Fleet, fmt: str) -> Callable[[IO[Any]], None]:
    return lambda stream: write_fleet_report(fleet, fmt, stream.write)


def emit(fleet: Fleet, args: argparse.Namespace, stdout: TextIO) -> None:
    """Write the report to ``--output`` (atomically) or stdout, and each ``--write``."""
    targets = [(fmt, Path(path)) for fmt, path in args.write or []]
    if args.output:
        targets.append((args.format, Path(args.output)))
    for fmt, path in targets:
        write_atomic(path, _writer(fleet, fmt))
    if not args.output:
        unicode = can_encode(stdout, "\u2713\u2717\u203c\u2014\u2265")
        write_fleet_report(fleet, args.format, stdout.write, unicode)
        stdout.flush()


def manifest_bytes_of(given: str | None) -> bytes:
    """The manifest file's bytes (already validated by the caller)."""
    return Path(given).read_bytes() if given else bundled_manifest_path().read_bytes()
