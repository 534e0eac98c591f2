"""``reqcheck fleet`` with real ansible-playbook over a real inventory.

Two chroots on this machine (``ansible_connection=local``, one passing and one failing
root), one real SSH host (sshd in a network namespace, see ``sshhost``), one host whose
Python exits 127 and one closed loopback port. One run; every cell, state, reason, the
exit status, the three formats, and that nothing is left on any host.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fleetkit
import jsonschema
import pytest
import sshhost

import sphinx_reqcheck

SSH_UNAVAILABLE = sshhost.unavailable()
SSH_OPTIONS = "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes"
SCHEMA = Path(sphinx_reqcheck.__file__).parent / "fleet.schema.json"


@dataclass
class FleetRun:
    status: int
    stdout: str
    stderr: str
    outdir: Path
    scratch: dict[str, dict[str, Path]]
    roots: dict[str, Path]
    roots_before: dict[str, Any]
    hosts: list[str]

    def json(self) -> dict[str, Any]:
        return json.loads((self.outdir / "fleet.json").read_text(encoding="utf-8"))


def _host_line(name: str, scratch: dict[str, Path], **variables: str) -> str:
    variables = {
        "reqcheck_tmpdir": str(scratch["tmpdir"]),
        "ansible_remote_tmp": str(scratch["remote_tmp"]),
        **variables,
    }
    return name + " " + " ".join(f"{key}={value!r}" for key, value in variables.items())


def fleet(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx_reqcheck.runner", "fleet", *map(str, args)]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=env or fleetkit.plain_environment(),
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def ssh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sshhost.SshHost | None]:
    if SSH_UNAVAILABLE:
        yield None
        return
    with sshhost.ssh_host(tmp_path_factory.mktemp("sshd")) as host:
        yield host


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, ssh: sshhost.SshHost | None) -> FleetRun:
    base = tmp_path_factory.mktemp("fleet")
    manifest = fleetkit.write_manifest(base / "manifest.json")
    roots = {
        "passing": fleetkit.make_root(base / "root-passing", passing=True),
        "failing": fleetkit.make_root(base / "root-failing", passing=False),
    }
    before = {name: fleetkit.snapshot(root) for name, root in roots.items()}
    names = ["chroot-pass", "chroot-fail", "chroot-knobs", "no-python", "closed-port"]
    if ssh is not None:
        names.insert(3, "sshd-ns")
    scratch = {name: fleetkit.scratch_dirs(base / "scratch", name) for name in names}
    ssh_common = {"ansible_ssh_common_args": SSH_OPTIONS, "ansible_user": "root"}
    lines = [
        "[farm]",
        _host_line(
            "chroot-pass",
            scratch["chroot-pass"],
            ansible_connection="local",
            reqcheck_root=str(roots["passing"]),
        ),
        _host_line(
            "chroot-fail",
            scratch["chroot-fail"],
            ansible_connection="local",
            reqcheck_root=str(roots["failing"]),
        ),
        _host_line(
            "chroot-knobs",
            scratch["chroot-knobs"],
            ansible_connection="local",
            reqcheck_root=str(roots["failing"]),
            reqcheck_scope="policy",
            reqcheck_buildtags="apparmor selinux",
            reqcheck_env='{"DOCKER_CLIENTONLY": "1"}',
        ),
        "[remote]",
    ]
    if ssh is not None:
        lines.append(
            _host_line(
                "sshd-ns",
                scratch["sshd-ns"],
                ansible_host=ssh.address,
                ansible_ssh_private_key_file=str(ssh.key),
                ansible_ssh_args="-o ControlMaster=no",
                reqcheck_root=str(roots["passing"]),
                **ssh_common,
            )
        )
    lines += [
        _host_line(
            "no-python",
            scratch["no-python"],
            ansible_connection="local",
            ansible_python_interpreter=str(fleetkit.python_exiting_127(base / "python3")),
        ),
        _host_line(
            "closed-port",
            scratch["closed-port"],
            ansible_host="127.0.0.1",
            ansible_port=str(fleetkit.closed_port()),
            **ssh_common,
        ),
    ]
    inventory = base / "inventory.ini"
    inventory.write_text("\n".join(lines) + "\n")
    outdir = base / "out"
    outdir.mkdir()
    done = fleet(
        manifest,
        "-i",
        inventory,
        "--forks",
        "10",
        "--format",
        "json",
        "--output",
        outdir / "fleet.json",
        "--write",
        f"text:{outdir / 'fleet.txt'}",
        "--write",
        f"junit:{outdir / 'fleet.xml'}",
    )
    return FleetRun(
        done.returncode, done.stdout, done.stderr, outdir, scratch, roots, before, names
    )


def test_exit_status_is_1_and_every_host_has_a_row(run: FleetRun) -> None:
    assert run.status == 1, run.stderr
    assert list(run.json()["hosts"]) == run.hosts


def test_states_and_reasons_come_from_ansible(run: FleetRun) -> None:
    hosts = run.json()["hosts"]
    ssh_hosts = ["sshd-ns"] if "sshd-ns" in run.hosts else []
    for name in ("chroot-pass", "chroot-fail", "chroot-knobs", *ssh_hosts):
        assert hosts[name]["state"] == "ok", hosts[name]["reason"]
        assert hosts[name]["reason"] == ""
    assert hosts["no-python"]["state"] == "failed"
    assert (
        "no usable Python 3.9 or newer (the interpreter exited 127" in hosts["no-python"]["reason"]
    )
    assert "python3: not installed here" in hosts["no-python"]["reason"]
    assert hosts["no-python"]["report"] is None
    assert hosts["closed-port"]["state"] == "unreachable"
    assert "Connection refused" in hosts["closed-port"]["reason"]
    assert hosts["closed-port"]["report"] is None


def test_every_cell_of_the_matrix(run: FleetRun) -> None:
    hosts = run.json()["hosts"]
    passing = {"frob-config": "pass", "frob-tool": "pass", "cabinet-name": "manual"}
    failing = {"frob-config": "fail", "frob-tool": "warn", "cabinet-name": "manual"}
    expected = {"chroot-pass": passing, "chroot-fail": failing, "sshd-ns": passing}
    for name, cells in expected.items():
        if name not in run.hosts:
            continue
        report = hosts[name]["report"]
        assert {r["id"]: r["status"] for r in report["results"]} == cells, name
        assert report["inputs"]["root"] == str(
            run.roots["passing" if cells is passing else "failing"]
        )
    summary = run.json()["summary"]
    ok = 4 if "sshd-ns" in run.hosts else 3
    assert summary["hosts"] == {
        "total": len(run.hosts),
        "ok": ok,
        "unreachable": 1,
        "failed": 1,
        "skipped": 0,
    }
    assert summary["verdicts"]["failed"] == 1 and summary["verdicts"]["warned"] == 1
    assert summary["exit_status"] == 1


def test_inventory_variables_reach_the_runner(run: FleetRun) -> None:
    report = run.json()["hosts"]["chroot-knobs"]["report"]
    assert [result["id"] for result in report["results"]] == ["cabinet-name"]
    assert report["inputs"]["scope"] == ["policy"]
    assert report["inputs"]["DOCKER_BUILDTAGS"] == "apparmor selinux"
    assert report["inputs"]["DOCKER_CLIENTONLY"] == "1"
    assert report["inputs"]["root"] == str(run.roots["failing"])


def test_the_fleet_json_matches_its_shipped_schema(run: FleetRun) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(run.json(), schema)


def test_text_grid_rows_worst_first_columns_per_host(run: FleetRun) -> None:
    text = (run.outdir / "fleet.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    grid = {line.split()[0]: line.split()[1:] for line in lines if line.startswith(("frob", "cab"))}
    order = [line.split()[0] for line in lines if line.startswith(("frob-", "cabinet-"))]
    assert order[:3] == ["frob-config", "frob-tool", "cabinet-name"]
    symbols = {"pass": "\u2713", "fail": "\u2717", "warn": "!", "manual": "?", None: "."}
    cells = {
        "chroot-pass": ("pass", "pass", "manual"),
        "chroot-fail": ("fail", "warn", "manual"),
        "chroot-knobs": (None, None, "manual"),
        "sshd-ns": ("pass", "pass", "manual"),
        "no-python": (None, None, None),
        "closed-port": (None, None, None),
    }
    for column, host in enumerate(run.hosts):
        for row, rid in enumerate(("frob-config", "frob-tool", "cabinet-name")):
            assert grid[rid][column] == symbols[cells[host][row]], (host, rid)
    assert "  \u2717 FAIL   frob-config: The frobnicator's configuration" in text
    passing_hosts = 2 if "sshd-ns" in run.hosts else 1
    assert lines[-1] == (
        f"{2 * passing_hosts} passed, 1 failed, 1 warned, {passing_hosts + 2} skipped"
    )


def test_junit_has_one_suite_per_host(run: FleetRun) -> None:
    suites = ET.parse(run.outdir / "fleet.xml").getroot().findall("testsuite")
    assert [suite.get("name") for suite in suites] == run.hosts
    by_name = {suite.get("name"): suite for suite in suites}
    assert by_name["chroot-fail"].get("failures") == "1"
    assert by_name["chroot-pass"].get("failures") == "0"
    assert by_name["closed-port"].find("testcase/error").get("type") == "unreachable"
    assert by_name["no-python"].find("testcase/error").get("type") == "failed"


def test_ansible_progress_streams_to_stderr(run: FleetRun) -> None:
    assert "TASK [reqcheck: run]" in run.stderr
    assert "PLAY RECAP" in run.stderr
    assert run.stdout == ""  # the report went to --output


def test_nothing_is_left_on_the_hosts(run: FleetRun) -> None:
    for name, dirs in run.scratch.items():
        assert fleetkit.leftovers(dirs) == [], name
    for name, root in run.roots.items():
        assert fleetkit.snapshot(root) == run.roots_before[name], name


@pytest.mark.skipif(SSH_UNAVAILABLE is not None, reason=f"SSH host: {SSH_UNAVAILABLE}")
def test_the_ssh_host_was_checked_over_ssh(run: FleetRun) -> None:
    assert "sshd-ns" in run.hosts
    assert run.json()["hosts"]["sshd-ns"]["state"] == "ok"
