"""``reqcheck fleet`` at its edges: no Ansible, the zipapp, deadlines, nothing matched."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import fleetkit
import pytest

from sphinx_reqcheck.carry import build_runner_zipapp
from sphinx_reqcheck.runner import cli


def fleet(*args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx_reqcheck.runner", "fleet", *map(str, args)]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=fleetkit.plain_environment(),
        timeout=600,
        check=False,
    )


def test_without_ansible_it_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python3"))
    monkeypatch.setenv("PATH", str(tmp_path))
    inventory = tmp_path / "inventory.ini"
    inventory.write_text("a ansible_connection=local\n")
    assert cli.main(["fleet", "-i", str(inventory)]) == 2
    error = capsys.readouterr().err
    assert "no ansible-playbook was found" in error
    assert "pip install '.[fleet]'" in error


def test_the_zipapp_knows_fleet_but_sends_you_to_the_installed_command(tmp_path: Path) -> None:
    pyz = build_runner_zipapp(
        fleetkit.write_manifest(tmp_path / "m.json").read_bytes(), tmp_path / "r.pyz"
    )
    done = subprocess.run(
        [sys.executable, "-I", str(pyz), "fleet", "-i", "inventory.ini"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "runs from an installed sphinx-reqcheck with its fleet extra" in done.stderr


def test_an_inventory_that_matches_nothing_is_a_usage_error(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory.ini"
    inventory.write_text("a ansible_connection=local\n")
    done = fleet("-i", inventory, "--limit", "no-such-host")
    assert done.returncode == 2
    assert "without running the play on any host" in done.stderr


def _sleeping_python(tmp_path: Path) -> tuple[Path, Path]:
    """An interpreter that writes its pid and hangs: a host that never answers."""
    pid_file = tmp_path / "sleeper.pid"
    script = tmp_path / "python3"
    script.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 300\n")
    script.chmod(0o755)
    return script, pid_file


def _gone(pid_file: Path) -> bool:
    """The process is gone or dead (a zombie waiting to be reaped), within 10 s."""
    stat = Path(f"/proc/{int(pid_file.read_text())}/stat")
    for _attempt in range(100):
        try:
            state = stat.read_text().rpartition(")")[2].split()[0]
        except OSError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.1)
    return False


def test_a_run_past_the_deadline_is_stopped_and_its_hosts_failed(tmp_path: Path) -> None:
    python, pid_file = _sleeping_python(tmp_path)
    inventory = tmp_path / "inventory.ini"
    inventory.write_text(f"hung ansible_connection=local ansible_python_interpreter={python}\n")
    out = tmp_path / "fleet.json"
    started = time.monotonic()
    done = fleet("-i", inventory, "--deadline", "20", "--format", "json", "--output", out)
    assert time.monotonic() - started < 120
    if done.returncode == 2:  # Ansible did not even list the hosts within 20 s here
        pytest.skip(f"machine too slow for this deadline: {done.stderr[-300:]}")
    assert done.returncode == 1, done.stderr
    host = json.loads(out.read_text())["hosts"]["hung"]
    assert host["state"] == "failed"
    assert host["reason"].startswith("ansible-playbook was stopped at the deadline of 20 s")
    assert pid_file.exists() and _gone(pid_file), "the hung process was killed"


def test_a_step_past_the_host_timeout_fails_with_ansibles_reason(tmp_path: Path) -> None:
    python, _pid_file = _sleeping_python(tmp_path)
    inventory = tmp_path / "inventory.ini"
    inventory.write_text(f"hung ansible_connection=local ansible_python_interpreter={python}\n")
    out = tmp_path / "fleet.json"
    done = fleet("-i", inventory, "--host-timeout", "3", "--format", "json", "--output", out)
    assert done.returncode == 1, done.stderr
    host = json.loads(out.read_text())["hosts"]["hung"]
    assert host["state"] == "failed"
    assert "(3)" in host["reason"] or "timed out" in host["reason"].lower(), host["reason"]


def test_yaml_and_dynamic_script_inventories_together(tmp_path: Path) -> None:
    manifest = fleetkit.write_manifest(tmp_path / "manifest.json")
    root = fleetkit.make_root(tmp_path / "root", passing=True)
    yaml_inventory = tmp_path / "farm.yml"
    yaml_inventory.write_text(
        "all:\n  hosts:\n    from-yaml:\n      ansible_connection: local\n"
        f"      reqcheck_root: {root}\n      reqcheck_scope: [build, policy]\n"
    )
    script = tmp_path / "dynamic.py"
    hostvars = {"from-script": {"ansible_connection": "local", "reqcheck_root": str(root)}}
    listing = {"all": {"hosts": ["from-script"]}, "_meta": {"hostvars": hostvars}}
    script.write_text(f"#!{sys.executable}\nimport json\nprint(json.dumps({listing!r}))\n")
    script.chmod(0o755)
    out = tmp_path / "fleet.json"
    done = fleet(manifest, "-i", yaml_inventory, "-i", script, "--format", "json", "--output", out)
    assert done.returncode == 0, done.stderr
    hosts = json.loads(out.read_text())["hosts"]
    assert sorted(hosts) == ["from-script", "from-yaml"]
    for host in hosts.values():
        assert host["state"] == "ok"
        assert {r["id"]: r["status"] for r in host["report"]["results"]} == {
            "frob-config": "pass",
            "frob-tool": "pass",
            "cabinet-name": "manual",
        }
    assert hosts["from-yaml"]["report"]["inputs"]["scope"] == ["build", "policy"]
