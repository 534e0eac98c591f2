"""Build cost of the extension against a control project without it.

Usage: ``python benchmarks/bench_build.py [--format rst|md] [N ...]`` (default: 1000 5000)

For each N, a synthetic project (see ``synthetic_project.py``) and its control are built
from scratch (``-E``) three times per configuration, the configurations interleaved so a
busy machine slows them alike. Printed per configuration: the median wall time, the
median CPU time (user + system, steadier than wall time when other jobs share the
machine) and the peak resident memory of the ``sphinx-build`` process
(``getrusage(RUSAGE_CHILDREN)`` in a fresh parent per build), then the ratios the
project aims for at N=5000: ``-b reqcheck`` within 1.15x of the control's ``-b dummy``
(reading alone), ``-b html`` within 1.3x of the control's ``-b html``.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic_project import generate

RUNS = 3
CONFIGS = [
    ("reqs", "reqcheck"),
    ("control", "dummy"),
    ("reqs", "html"),
    ("control", "html"),
]
TARGETS = [
    ("reqs -b reqcheck", "control -b dummy", 1.15),
    ("reqs -b html", "control -b html", 1.3),
]


def _measure_child(argv: list[str]) -> None:
    """Run one build as our only child; print its wall time, CPU time and peak RSS."""
    start = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.stderr.write(result.stderr.decode("utf-8", "replace"))
        sys.exit(result.returncode)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}
    sys.stdout.write(json.dumps(figures) + "\n")


def _build(source: Path, builder: str, outdir: Path) -> dict[str, float]:
    # A fresh parent per build, so RUSAGE_CHILDREN covers this one build only.
    sphinx = [sys.executable, "-m", "sphinx", "-q", "-E", "-b", builder, str(source), str(outdir)]
    output = subprocess.run(
        [sys.executable, __file__, "--measure", *sphinx],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)


def bench(count: int, workdir: Path, fmt: str) -> dict[str, dict[str, float]]:
    """Median wall and CPU time and peak RSS per configuration, for ``count`` requirements."""
    reqs, control = generate(count, workdir / f"n{count}-{fmt}", fmt)
    projects = {"reqs": reqs, "control": control}
    runs: dict[str, list[dict[str, float]]] = {f"{p} -b {b}": [] for p, b in CONFIGS}
    for run in range(RUNS):
        for project, builder in CONFIGS:
            outdir = workdir / f"out-{fmt}-{count}-{project}-{builder}-{run}"
            runs[f"{project} -b {builder}"].append(_build(projects[project], builder, outdir))
    return {
        name: {
            "wall": statistics.median(item["wall"] for item in items),
            "cpu": statistics.median(item["cpu"] for item in items),
            "rss": max(item["rss"] for item in items),
        }
        for name, items in runs.items()
    }


def report(count: int, fmt: str, results: dict[str, dict[str, float]]) -> str:
    """A small table and the two ratios."""
    pages = max(1, count // 50)
    lines = [f"N = {count} requirements, {pages} pages, {fmt}; median of {RUNS} runs"]
    for name, fig in results.items():
        lines.append(
            f"  {name:<18} wall {fig['wall']:7.2f} s  cpu {fig['cpu']:7.2f} s  "
            f"peak RSS {fig['rss']:6.1f} MiB"
        )
    for ours, theirs, target in TARGETS:
        mine, base = results[ours], results[theirs]
        lines.append(
            f"  {ours} / {theirs}: wall {mine['wall'] / base['wall']:.2f}x, "
            f"cpu {mine['cpu'] / base['cpu']:.2f}x (target <= {target}x), "
            f"memory {mine['rss'] / base['rss']:.2f}x"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Command line entry point."""
    if argv[:1] == ["--measure"]:
        _measure_child(argv[1:])
        return 0
    fmt = "rst"
    if argv[:1] == ["--format"] and len(argv) > 1 and argv[1] in ("rst", "md"):
        fmt, argv = argv[1], argv[2:]
    counts = [int(arg) for arg in argv] or [1000, 5000]
    with tempfile.TemporaryDirectory(prefix="reqcheck-bench-") as tmp:
        for count in counts:
            sys.stdout.write(report(count, fmt, bench(count, Path(tmp), fmt)) + "\n")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
