"""Build cost of the extension against a control project without it.

Usage: ``python benchmarks/bench_build.py [--format rst|md] [--incremental] [N ...]``
(default: 1000 5000)

For each N, a synthetic project (see ``synthetic_project.py``) and its control are built
from scratch (``-E``) three times per configuration, the configurations interleaved so a
busy machine slows them alike. Printed per configuration: the median wall time, the
median CPU time (user + system, steadier than wall time when other jobs share the
machine) and the peak resident memory of the ``sphinx-build`` process
(``getrusage(RUSAGE_CHILDREN)`` in a fresh parent per build), then the ratios the
project aims for at N=5000: ``-b reqcheck`` within 1.15x of the control's ``-b dummy``
(reading alone), ``-b html`` within 1.3x of the control's ``-b html``.

``--incremental``: after one full html build of each project, the body of one requirement
in the middle page is edited (a different sentence each round) and both projects are
rebuilt without ``-E``, interleaved, ``RUNS_INCREMENTAL`` times; printed are the medians
and the ratio (target <= 1.15x the control's incremental rebuild).
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

from bench_env import child_env
from synthetic_project import generate

RUNS = 3
RUNS_INCREMENTAL = 7
EDITED_SENTENCE = "makes the paragraph realistic."
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


def _build(source: Path, builder: str, outdir: Path, fresh: bool = True) -> dict[str, float]:
    # A fresh parent per build, so RUSAGE_CHILDREN covers this one build only.
    sphinx = [sys.executable, "-m", "sphinx", "-q", *(["-E"] if fresh else [])]
    sphinx += ["-b", builder, str(source), str(outdir)]
    output = subprocess.run(
        [sys.executable, __file__, "--measure", *sphinx],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(outdir.parent / "pycache"),
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


def _edit_body(page: Path, round_: int) -> None:
    """Change the first requirement's body on ``page``: a new sentence per round."""
    text = page.read_text(encoding="utf-8")
    marker = text.index(EDITED_SENTENCE) + len(EDITED_SENTENCE)
    end = text.index("\n", marker)
    page.write_text(f"{text[:marker]} Edit {round_}.{text[end:]}", encoding="utf-8")


def bench_incremental(count: int, workdir: Path, fmt: str) -> str:
    """Median html rebuild after editing one page's body, ours against the control."""
    reqs, control = generate(count, workdir / f"inc{count}-{fmt}", fmt)
    projects = {"reqs": reqs, "control": control}
    page = f"page{max(1, count // 50) // 2:04d}.{fmt}"
    for name, source in projects.items():
        _build(source, "html", workdir / f"inc-{name}")
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in projects}
    for round_ in range(RUNS_INCREMENTAL):
        for name, source in projects.items():
            _edit_body(source / page, round_)
            runs[name].append(_build(source, "html", workdir / f"inc-{name}", fresh=False))
    wall = {name: statistics.median(item["wall"] for item in runs[name]) for name in runs}
    cpu = {name: statistics.median(item["cpu"] for item in runs[name]) for name in runs}
    lines = [f"N = {count}, {fmt}: html rebuild after editing {page}; median of {RUNS_INCREMENTAL}"]
    for name in runs:
        lines.append(f"  {name:<8} wall {wall[name]:6.2f} s  cpu {cpu[name]:6.2f} s")
    lines.append(
        f"  reqs / control: wall {wall['reqs'] / wall['control']:.2f}x, "
        f"cpu {cpu['reqs'] / cpu['control']:.2f}x (target <= 1.15x)"
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
    incremental = "--incremental" in argv
    counts = [int(arg) for arg in argv if arg != "--incremental"] or [1000, 5000]
    with tempfile.TemporaryDirectory(prefix="reqcheck-bench-") as tmp:
        for count in counts:
            if incremental:
                sys.stdout.write(bench_incremental(count, Path(tmp), fmt) + "\n")
            else:
                sys.stdout.write(report(count, fmt, bench(count, Path(tmp), fmt)) + "\n")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
