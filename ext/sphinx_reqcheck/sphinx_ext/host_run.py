"""After the manifest: the runner to carry, and (``reqcheck_run``) a run on the build host.

The checks run in the runner, in a process of its own, never inside Sphinx: the builder
calls ``python -m sphinx_reqcheck.runner run`` on the manifest it has just written, which
writes ``output.txt``, ``results.json`` and ``junit.xml`` beside it. As the doctest builder
does, a failed required requirement makes ``sphinx-build`` exit 1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging
from sphinx.util.console import bold, red  # type: ignore[attr-defined]

from .. import carry
from ..model import FAILED_STATUSES
from .config import read_config
from .diagnostics import warn

if TYPE_CHECKING:
    from sphinx.builders import Builder

logger = logging.getLogger(__name__)

ZIPAPP_NAME = "reqcheck.pyz"
TEXT_NAME = "output.txt"
RESULTS_NAME = "results.json"
JUNIT_NAME = "junit.xml"
# The runner's exit status when a required requirement failed (2 would be our bug).
FAILED = 1


def _runner_environment() -> dict[str, str]:
    # The runner must import this very package, wherever Sphinx found it (a checkout's
    # ext/ directory put on sys.path by the top-level conf.py, or site-packages).
    package_parent = str(Path(carry.__file__).resolve().parent.parent)
    paths = [package_parent, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def run_command(manifest: Path) -> list[str]:
    """The runner command line the builder uses."""
    outdir = manifest.parent
    return [
        sys.executable,
        "-m",
        "sphinx_reqcheck.runner",
        "run",
        str(manifest),
        "--output",
        str(outdir / TEXT_NAME),
        "--write",
        f"json:{outdir / RESULTS_NAME}",
        "--write",
        f"junit:{outdir / JUNIT_NAME}",
    ]


def _log_failures(results_path: Path) -> None:
    try:
        results = json.loads(results_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for result in results.get("results", []):
        if result.get("status") in FAILED_STATUSES:
            logger.info(
                red(f"{result['status'].upper()} {result['id']}: ")
                + f"{result['title']} (expected {result['expected']}; "
                f"observed {result['observed'] or 'nothing'})"
            )


def run_on_build_host(builder: Builder, manifest: Path) -> int:
    """Run the manifest's checks on this host; return the runner's exit status."""
    logger.info(bold("running the requirements' checks on this host... "), nonl=True)
    done = subprocess.run(
        run_command(manifest),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="replace",
        env=_runner_environment(),
        check=False,
    )
    text_report = manifest.parent / TEXT_NAME
    if done.returncode not in (0, FAILED) or not text_report.exists():
        logger.info("")
        warn(
            f"reqcheck run exited with status {done.returncode}: {done.stderr.strip()}",
            "run",
            None,
        )
        return done.returncode or 2
    lines = text_report.read_text(encoding="utf-8", errors="replace").splitlines()
    logger.info(lines[-1] if lines else "")
    _log_failures(manifest.parent / RESULTS_NAME)
    logger.info(f"The verdicts are in {manifest.parent / TEXT_NAME}, {RESULTS_NAME}, {JUNIT_NAME}.")
    return done.returncode


def after_manifest(builder: Builder, manifest: Path) -> None:
    """Write the runner to carry, then run the checks here when ``reqcheck_run`` is set."""
    settings = read_config(builder.config)
    if settings.zipapp:
        carry.build_runner_zipapp(manifest.read_bytes(), manifest.parent / ZIPAPP_NAME)
    if settings.run and run_on_build_host(builder, manifest) != 0:
        builder._app.statuscode = 1  # as the doctest builder does: exit 1, build complete
