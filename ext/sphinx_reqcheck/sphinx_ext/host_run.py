"""After the manifest: the runner to carry, and (``reqcheck_run``) a run on the build host.

The checks run in the runner, in a process of its own, never inside Sphinx: the builder
calls ``python -m sphinx_reqcheck.runner run`` on the manifest it has just written, which
writes ``output.txt``, ``results.json`` and ``junit.xml`` beside it. The runner is driven
through subprocess-tee (:func:`sphinx_reqcheck.tee.run_tee`): its text report streams into
the Sphinx console line by line, and the whole run is bounded by :data:`RUN_TIMEOUT`.

As the doctest builder does, a failed required requirement makes ``sphinx-build`` exit 1;
then the failing requirements' lines of the text report (status, id, observed value,
evidence) and the path of ``output.txt`` are logged as one ``reqcheck.run`` warning, so
they show in a CI log even under ``-q``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging
from sphinx.util.console import bold  # type: ignore[attr-defined]

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
# Seconds the whole run may take: each probe is bounded (10 s by default) and runs four at
# a time, so the handbook's 68 checks end well inside this; a runner still going is stuck.
RUN_TIMEOUT = 600.0


def _runner_environment() -> dict[str, str]:
    # The runner must import this very package, wherever Sphinx found it (a checkout's
    # ext/ directory put on sys.path by the top-level conf.py, or site-packages).
    package_parent = str(Path(carry.__file__).resolve().parent.parent)
    paths = [package_parent, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    # subprocess-tee reads the report as UTF-8, whatever the locale.
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "PYTHONIOENCODING": "utf-8"}


def run_command(manifest: Path) -> list[str]:
    """The runner command line the builder uses: the text report on stdout, and files."""
    outdir = manifest.parent
    return [
        sys.executable,
        "-m",
        "sphinx_reqcheck.runner",
        "run",
        str(manifest),
        "--write",
        f"text:{outdir / TEXT_NAME}",
        "--write",
        f"json:{outdir / RESULTS_NAME}",
        "--write",
        f"junit:{outdir / JUNIT_NAME}",
    ]


def failing_ids(results_path: Path) -> list[str]:
    """Ids of the requirements that failed or errored, in the report's order."""
    try:
        results = json.loads(results_path.read_text(encoding="utf-8"))
        entries = results.get("results", [])
        return [entry["id"] for entry in entries if entry.get("status") in FAILED_STATUSES]
    except (OSError, ValueError, AttributeError, TypeError, KeyError):
        return []


def report_lines_of(report: list[str], ids: list[str]) -> list[str]:
    """The text report's lines for ``ids``: each verdict line and the indented lines under it.

    A verdict line is ``  <symbol> <word> <id>: <title> [...]``; what belongs to it (the
    evidence, a hint) is indented deeper, up to the next verdict line or blank line.
    """
    wanted = {re.escape(requirement_id) for requirement_id in ids}
    if not wanted:
        return []
    verdict_line = re.compile(r"^  \S+ +\S+ +(?:" + "|".join(wanted) + r"): ")
    picked: list[str] = []
    inside = False
    for line in report:
        if line.startswith("  ") and not line.startswith("   "):
            inside = bool(verdict_line.match(line))
        elif not line.startswith("   "):
            inside = False
        if inside:
            picked.append(line)
    return picked


def run_on_build_host(builder: Builder, manifest: Path) -> int:
    """Run the manifest's checks on this host; return the runner's exit status."""
    from ..tee import run_tee  # subprocess-tee imports asyncio: only a run needs it

    logger.info(bold("running the requirements' checks on this host..."))
    done = run_tee(
        run_command(manifest),
        timeout=RUN_TIMEOUT,
        env=_runner_environment(),
        on_stdout=lambda line: logger.info(line),
        on_stderr=lambda line: None,  # kept in the result; shown below if the run broke
    )
    text_report = manifest.parent / TEXT_NAME
    if done.timed_out:
        warn(f"reqcheck run was stopped after {done.timeout:g} s", "run", None)
        return 2
    if done.returncode not in (0, FAILED) or not text_report.exists():
        warn(
            f"reqcheck run exited with status {done.returncode}: {done.stderr.strip()}",
            "run",
            None,
        )
        return done.returncode or 2
    if done.returncode == FAILED:
        lines = report_lines_of(
            done.stdout.splitlines(), failing_ids(manifest.parent / RESULTS_NAME)
        )
        last = done.stdout.splitlines()[-1:]
        warn(
            "\n".join(
                [
                    f"required requirements failed on this host; the report is {text_report}",
                    *lines,
                    *last,
                ]
            ),
            "run",
            None,
        )
    logger.info(f"The verdicts are in {text_report}, {RESULTS_NAME}, {JUNIT_NAME}.")
    return done.returncode


def after_manifest(builder: Builder, manifest: Path) -> None:
    """Write the runner to carry, then run the checks here when ``reqcheck_run`` is set."""
    settings = read_config(builder.config)
    if settings.zipapp:
        # The part of the zip that does not depend on the manifest is kept between builds
        # in the doctree directory, like Sphinx's other caches.
        carry.build_runner_zipapp(
            manifest.read_bytes(), manifest.parent / ZIPAPP_NAME, cache_dir=builder.doctreedir
        )
    if settings.run and run_on_build_host(builder, manifest) != 0:
        builder._app.statuscode = 1  # as the doctest builder does: exit 1, build complete
