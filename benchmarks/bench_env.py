"""The environment benchmark children run in: Python may cache bytecode, as installed.

This machine sets ``PYTHONDONTWRITEBYTECODE``; with it an editable install compiles every
module of the package on every start (Sphinx and pip-installed packages keep the .pyc pip
wrote), which is neither what users see nor fair to either side of a comparison. The
children write their own caches under ``PYTHONPYCACHEPREFIX`` (a directory of the
benchmark's), so the working tree stays clean.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def child_env(cache: Path, **extra: str) -> dict[str, str]:
    """``os.environ`` with bytecode caching on, under ``cache``, plus ``extra``."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    env.update(extra)
    return env


def count_instructions(argv: list[str], env: dict[str, str]) -> int:
    """Instructions one process executes, counted by valgrind's callgrind (its children's
    not counted): a figure that, unlike time on a shared machine, does not move from one
    run to the next. Run ``argv`` once before, so bytecode caches are not written here."""
    valgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    result = subprocess.run(
        [*valgrind, *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        check=False,
    )
    return int(result.stderr.rsplit("Collected : ", 1)[1].split()[0])
