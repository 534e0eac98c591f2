"""Ansible callback of ``reqcheck fleet``: each host's task results, as JSON lines.

Loaded by ansible-playbook from beside the playbook (a ``callback_plugins`` directory
next to a playbook needs no enabling); the stdout callback still shows the run live. It
writes one JSON object per task result to the file named by ``REQCHECK_FLEET_LEDGER``,
flushed at once, so a run stopped half-way leaves what it had. ``fleet/ledger.py`` reads
the lines and decides each host's state; this plugin only records Ansible's own words.
"""

from __future__ import annotations

import json
import os
from typing import Any

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: reqcheck_fleet
type: aggregate
short_description: records reqcheck fleet's task results per host
description: writes each task result as a JSON line to $REQCHECK_FLEET_LEDGER
"""

# Enough of a task's output to explain a failure; the report itself is fetched as a file.
_KEEP = 4000
_FIELDS = ("msg", "rc", "stdout", "stderr", "dest", "module_stderr", "module_stdout")


class CallbackModule(CallbackBase):  # type: ignore[misc]
    """Appends ``{"event", "host", "task", ...}`` lines to the ledger file."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "reqcheck_fleet"
    CALLBACK_NEEDS_ENABLED = False

    def __init__(self) -> None:
        super().__init__()
        path = os.environ.get("REQCHECK_FLEET_LEDGER")
        self.ledger = open(path, "a", encoding="utf-8") if path else None  # noqa: SIM115

    def _record(self, event: str, result: Any) -> None:
        if self.ledger is None:
            return
        data = result.result if hasattr(result, "result") else result._result
        line: dict[str, Any] = {
            "event": event,
            "host": result.host.get_name(),
            "task": result.task.get_name(),
        }
        for name in _FIELDS:
            value = data.get(name)
            if value is None:
                continue
            if isinstance(value, str) and len(value) > _KEEP:
                value = value[:_KEEP] + "\n..."
            line[name] = value
        self.ledger.write(json.dumps(line, default=str) + "\n")
        self.ledger.flush()

    def v2_runner_on_ok(self, result: Any) -> None:
        self._record("ok", result)

    def v2_runner_on_failed(self, result: Any, ignore_errors: bool = False) -> None:
        self._record("ignored" if ignore_errors else "failed", result)

    def v2_runner_on_unreachable(self, result: Any) -> None:
        self._record("unreachable", result)

    def v2_runner_on_skipped(self, result: Any) -> None:
        self._record("skipped", result)

    def v2_playbook_on_stats(self, stats: Any) -> None:
        if self.ledger is not None:
            self.ledger.close()
            self.ledger = None
