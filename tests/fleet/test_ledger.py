"""Each host's state from Ansible's results as the callback records them (no Ansible here).

The records are what the shipped callback writes; the real callback is exercised by
test_fleet_run.py. These pin the cases a real run rarely shows: a run cut short, a
clean-up that failed after the report came back, a host Ansible never touched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx_reqcheck.fleet.ledger import RunEnd, outcomes, read_ledger


def ok(host: str, step: str, **fields: Any) -> dict[str, Any]:
    return {"event": "ok", "host": host, "task": f"reqcheck: {step}", **fields}


HOSTS = ok("a", "hosts", msg=["a", "b", "c"])
FINISHED = [
    ok("a", "python", rc=0, stdout="reqcheck-python 3.11.2 /usr/bin/python3\n"),
    ok("a", "tempdir"),
    ok("a", "copy"),
    ok("a", "run", rc=1),
    ok("a", "fetch", dest="/tmp/reports/a.json"),
    ok("a", "clean"),
]


def test_a_host_whose_report_came_back_and_was_cleaned_is_ok() -> None:
    found = outcomes([HOSTS, *FINISHED], RunEnd(0))
    assert found["a"].state == "ok"
    assert found["a"].report_file == "/tmp/reports/a.json"


def test_hosts_the_play_listed_but_ansible_never_touched_are_skipped() -> None:
    found = outcomes([HOSTS, *FINISHED], RunEnd(2))
    assert list(found) == ["a", "b", "c"]
    assert found["b"].state == "skipped"
    assert "Ansible ran no task on this host (ansible-playbook exited 2)" in found["b"].reason


def test_a_run_stopped_at_the_deadline_fails_the_unfinished_hosts() -> None:
    found = outcomes([HOSTS, *FINISHED[:3]], RunEnd(-15, timed_out=True, deadline=30))
    assert found["a"].state == "failed"
    assert found["a"].reason == (
        "ansible-playbook was stopped at the deadline of 30 s before this host's report "
        "came back (last step: copy)"
    )
    assert found["c"].state == "failed"


def test_a_failed_clean_up_keeps_the_report_but_fails_the_host() -> None:
    failed = {"event": "failed", "host": "a", "task": "reqcheck: clean", "msg": "rm: busy"}
    found = outcomes([HOSTS, *FINISHED[:-1], failed], RunEnd(2))
    assert found["a"].state == "failed"
    assert found["a"].report_file == "/tmp/reports/a.json"
    assert found["a"].reason.startswith("the report came back, but the copy was not removed")


def test_a_too_old_python_names_its_version() -> None:
    old = {
        "event": "failed",
        "host": "a",
        "task": "reqcheck: python",
        "rc": 3,
        "stdout": "reqcheck-python 3.6.8 /usr/bin/python3\n",
    }
    found = outcomes([HOSTS, old], RunEnd(2))
    assert found["a"].reason == "Python 3.6.8 is too old: the runner needs Python 3.9 or newer"


def test_a_runner_that_broke_gives_its_exit_status_and_stderr() -> None:
    broke = {
        "event": "failed",
        "host": "a",
        "task": "reqcheck: run",
        "rc": 2,
        "msg": "non-zero return code",
        "stderr": "reqcheck: --root /srv/x: no such directory\n",
    }
    found = outcomes([HOSTS, *FINISHED[:3], broke], RunEnd(2))
    assert found["a"].reason == (
        "run: the runner exited 2: non-zero return code\nreqcheck: --root /srv/x: no such directory"
    )


def test_a_line_cut_by_a_killed_run_is_left_out(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text(json.dumps(HOSTS) + "\n" + json.dumps(FINISHED[0])[:20])
    assert read_ledger(ledger) == [HOSTS]


def test_a_python_step_ended_by_the_task_timeout_gives_ansibles_message() -> None:
    ended = {
        "event": "failed",
        "host": "a",
        "task": "reqcheck: python",
        "msg": "The raw action failed to execute in the expected time frame (3) and was terminated",
    }
    found = outcomes([HOSTS, ended], RunEnd(2))
    assert found["a"].reason == (
        "python: The raw action failed to execute in the expected time frame (3) and was terminated"
    )
