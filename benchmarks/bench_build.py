"""Build cost of the extension against a control project without it.

Usage: ``python benchmarks/bench_build.py [--format rst|md] [--runs R] [--parallel]
[--incremental | --instructions] [N ...]`` (default: 1000 5000)

For each N, a synthetic project (see ``synthetic_project.py``) and its control are built
from scratch (``-E``) R times (default 3) per configuration, the configurations
interleaved so a busy machine slows them alike. Printed per configuration: the median
wall time, the median CPU time (user + system, steadier than wall time when other jobs
share the machine) and the peak resident memory of the ``sphinx-build`` process
(``getrusage(RUSAGE_CHILDREN)`` in a fresh parent per build), then the ratios the
project aims for: ``-b reqcheck`` within 1.15x of the control's ``-b dummy`` (reading
alone), ``-b html`` within 1.15x of the control's ``-b html``, peak memory within 1.3x.
``--parallel`` adds our builds with ``-j 2`` (target: no slower than serial). With
several N, the growth from the smallest to the largest is printed (linear: time and
memory grow no faster than N).

``--incremental``: after one full html build of each project, the body of one requirement
in the middle page is edited (a different sentence each round) and both projects are
rebuilt without ``-E``, interleaved, ``RUNS_INCREMENTAL`` times; printed are the medians
and the ratio (target <= 1.15x the control's incremental rebuild).

``--instructions``: instead of timing, count the instructions of one fresh build per
configuration with valgrind, and print the same ratios. On a shared machine CPU time
moves by 10-20% from one build to the next; instructions do not (hash seed fixed), so
this is the figure to compare two versions of the extension by. It leaves out what
instructions cannot show (memory stalls), and takes minutes per build at N = 1000.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_env import child_env, count_instructions
from synthetic_project import generate

RUNS_INCREMENTAL = 7
EDITED_SENTENCE = "makes the paragraph realistic."
CONFIGS = [
    ("reqs", "reqcheck", 1),
    ("control", "dummy", 1),
    ("reqs", "html", 1),
    ("control", "html", 1),
]
PARALLEL_CONFIGS = [("reqs", "reqcheck", 2), ("reqs", "html", 2)]
TARGETS = [
    ("reqs -b reqcheck", "control -b dummy", 1.15),
    ("reqs -b html", "control -b html", 1.15),
]
PARALLEL_TARGETS = [
    ("reqs -b reqcheck -j 2", "reqs -b reqcheck", 1.0),
    ("reqs -b html -j 2", "reqs -b html", 1.0),
]
MEMORY_TARGET = 1.3


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


def _name(project: str, builder: str, jobs: int) -> str:
    return f"{project} -b {builder}" + (f" -j {jobs}" if jobs > 1 else "")


def _build(
    source: Path, builder: str, outdir: Path, fresh: bool = True, jobs: int = 1
) -> dict[str, float]:
    # A fresh parent per build, so RUSAGE_CHILDREN covers this one build only.
    sphinx = [sys.executable, "-m", "sphinx", "-q", *(["-E"] if fresh else [])]
    sphinx += ["-j", str(jobs), "-b", builder, str(source), str(outdir)]
    output = subprocess.run(
        [sys.executable, __file__, "--measure", *sphinx],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(outdir.parent / "pycache"),
    ).stdout
    return json.loads(output)


Figures = dict[str, dict[str, float]]


def warm_up(workdir: Path, fmt: str) -> None:
    """Build a one-requirement project with every builder, untimed, so that the children's
    bytecode cache holds every module a build imports. (Under PYTHONPYCACHEPREFIX the .pyc
    files pip wrote are not used: the first timed build would compile Sphinx itself.)"""
    reqs, control = generate(1, workdir / f"warm-{fmt}", fmt)
    for source, builder in ((reqs, "reqcheck"), (reqs, "html"), (control, "dummy")):
        _build(source, builder, workdir / f"warm-out-{builder}")
        shutil.rmtree(workdir / f"warm-out-{builder}")


def bench(count: int, workdir: Path, fmt: str, runs: int, parallel: bool) -> Figures:
    """Median wall and CPU time and peak RSS per configuration, for ``count`` requirements."""
    reqs, control = generate(count, workdir / f"n{count}-{fmt}", fmt)
    projects = {"reqs": reqs, "control": control}
    configs = CONFIGS + (PARALLEL_CONFIGS if parallel else [])
    samples: dict[str, list[dict[str, float]]] = {_name(*config): [] for config in configs}
    for run in range(runs):
        for project, builder, jobs in configs:
            outdir = workdir / f"out-{fmt}-{count}-{project}-{builder}-{jobs}-{run}"
            figures = _build(projects[project], builder, outdir, jobs=jobs)
            samples[_name(project, builder, jobs)].append(figures)
            shutil.rmtree(outdir)
    return {
        name: {
            "wall": statistics.median(item["wall"] for item in items),
            "cpu": statistics.median(item["cpu"] for item in items),
            "rss": max(item["rss"] for item in items),
        }
        for name, items in samples.items()
    }


def report(count: int, fmt: str, runs: int, results: Figures) -> str:
    """A small table and the ratios."""
    pages = max(1, count // 50)
    lines = [f"N = {count} requirements, {pages} pages, {fmt}; median of {runs} runs"]
    for name, fig in results.items():
        lines.append(
            f"  {name:<18} wall {fig['wall']:7.2f} s  cpu {fig['cpu']:7.2f} s  "
            f"peak RSS {fig['rss']:6.1f} MiB"
        )
    for ours, theirs, target in TARGETS + PARALLEL_TARGETS:
        if ours not in results:
            continue
        mine, base = results[ours], results[theirs]
        lines.append(
            f"  {ours} / {theirs}: wall {mine['wall'] / base['wall']:.2f}x, "
            f"cpu {mine['cpu'] / base['cpu']:.2f}x (target <= {target}x), "
            f"memory {mine['rss'] / base['rss']:.2f}x (target <= {MEMORY_TARGET}x)"
        )
    return "\n".join(lines)


def growth(small: int, large: int, first: Figures, last: Figures) -> str:
    """How time and memory grew from ``small`` to ``large`` requirements."""
    lines = [f"growth from {small} to {large} requirements (x{large / small:.0f}):"]
    for name in first:
        was, now = first[name], last[name]
        lines.append(
            f"  {name:<22} wall x{now['wall'] / was['wall']:5.1f}, "
            f"cpu x{now['cpu'] / was['cpu']:5.1f}, peak RSS x{now['rss'] / was['rss']:4.1f}"
        )
    return "\n".join(lines)


def bench_instructions(count: int, workdir: Path, fmt: str) -> str:
    """Instructions of one fresh build per configuration, and the ratios."""
    reqs, control = generate(count, workdir / f"n{count}-{fmt}", fmt)
    projects = {"reqs": reqs, "control": control}
    counted: dict[str, int] = {}
    for project, builder, _ in CONFIGS:
        outdir = workdir / f"out-instructions-{count}-{project}-{builder}"
        sphinx = [sys.executable, "-m", "sphinx", "-q", "-E", "-b", builder]
        argv = [*sphinx, str(projects[project]), str(outdir)]
        env = child_env(outdir.parent / "pycache", PYTHONHASHSEED="0")
        counted[_name(project, builder, 1)] = count_instructions(argv, env)
        shutil.rmtree(outdir)
    lines = [f"N = {count} requirements, {fmt}; instructions of one fresh build (valgrind)"]
    lines += [f"  {name:<18} {value / 1e9:8.3f} G" for name, value in counted.items()]
    lines += [
        f"  {ours} / {theirs}: {counted[ours] / counted[theirs]:.3f}x"
        for ours, theirs, _ in TARGETS
    ]
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
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--format", choices=("rst", "md"), default="rst")
    parser.add_argument("--runs", type=int, default=3, help="builds per configuration")
    parser.add_argument("--parallel", action="store_true", help="add our builds with -j 2")
    parser.add_argument("--incremental", action="store_true", help="time html rebuilds")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions instead (valgrind)"
    )
    parser.add_argument("counts", type=int, nargs="*", default=[1000, 5000])
    args = parser.parse_args(argv)
    fmt = args.format
    with tempfile.TemporaryDirectory(prefix="reqcheck-bench-") as tmp:
        results: dict[int, Figures] = {}
        if not args.incremental:
            warm_up(Path(tmp), fmt)
        for count in args.counts:
            if args.incremental:
                sys.stdout.write(bench_incremental(count, Path(tmp), fmt) + "\n")
            elif args.instructions:
                sys.stdout.write(bench_instructions(count, Path(tmp), fmt) + "\n")
            else:
                results[count] = bench(count, Path(tmp), fmt, args.runs, args.parallel)
                sys.stdout.write(report(count, fmt, args.runs, results[count]) + "\n")
            sys.stdout.flush()
        if len(results) > 1:
            small, large = min(results), max(results)
            sys.stdout.write(growth(small, large, results[small], results[large]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
