"""Build cost of the extension against a control project without it.

Usage: ``python benchmarks/bench_build.py [--format rst|md] [--runs R] [--parallel |
--together] [--incremental [--incremental-runs R]] [--instructions] [N ...]`` (default:
1000 5000)

For each N, a synthetic project (see ``synthetic_project.py``) and its control are built
from scratch (``-E``) R times (default 3) per configuration, the configurations
interleaved so a busy machine slows them alike (every other run in reverse order).
Printed per configuration: the median
wall time, the median CPU time (user + system, steadier than wall time when other jobs
share the machine) and the peak resident memory of the ``sphinx-build`` process
(``getrusage(RUSAGE_CHILDREN)`` in a fresh parent per build), then the ratios the
project aims for: ``-b reqcheck`` within 1.15x of the control's ``-b dummy`` (reading
alone), ``-b html`` within 1.15x of the control's ``-b html``, peak memory within 1.3x.
Under each ratio, the ratio of each run's two builds (median and quartiles; CPU time, and
wall time for ``-j 2``): on a machine whose speed drifts, the steadier figure of the two,
and the quartiles show how far the machine's noise moves a single comparison.
``--parallel`` adds our builds with ``-j 2`` (target: no slower than serial).
``--together`` starts the two builds of each pair compared (ours and the control's) at the
same moment, one per core, instead of one after the other: both then run in the same
state of a machine whose speed drifts over minutes, as it does during the long builds of
a large N; their CPU times are still each build's own. With
several N, the growth from the smallest to the largest is printed (linear: time and
memory grow no faster than N).

``--incremental``: after one full html build of each project, the body of one requirement
in the middle page is edited (a different sentence each round) and the projects are
rebuilt without ``-E``, interleaved, R times (default 7); printed are the medians, the
ratio (target <= 1.15x the control's incremental rebuild) and the per-pair ratios. A third
project takes part: the control with each requirement declared as a plain Sphinx object
(``synthetic_project.py --objects``), in the inventory and the search index as ours are;
its ratio to the control is what Sphinx itself spends on that many linkable objects.

``--instructions``: instead of timing, count the instructions of one fresh build per
configuration with valgrind, and print the same ratios. On a shared machine CPU time
moves by 10-20% from one build to the next; instructions do not (hash seed fixed), so
this is the figure to compare two versions of the extension by. It leaves out what
instructions cannot show (memory stalls), and takes minutes per build at N = 1000. With
``--incremental``, the instructions of one rebuild after a body edit, ours and the
control's.
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
from synthetic_project import generate, generate_objects

RUNS_INCREMENTAL = 7
EDITED_SENTENCE = "makes the paragraph realistic."
# (project, builder, jobs), in the pairs that TARGETS compare: ours, then the control's.
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
# Incremental rebuilds: ours against the control (the target), and what plain Sphinx
# spends on as many linkable objects, against the control and against ours.
INCREMENTAL_RATIOS = [("reqs", "control"), ("objects", "control"), ("reqs", "objects")]


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


def _start(
    source: Path, builder: str, outdir: Path, fresh: bool = True, jobs: int = 1
) -> subprocess.Popen[str]:
    # A fresh parent per build, so RUSAGE_CHILDREN covers this one build only.
    sphinx = [sys.executable, "-m", "sphinx", "-q", *(["-E"] if fresh else [])]
    sphinx += ["-j", str(jobs), "-b", builder, str(source), str(outdir)]
    return subprocess.Popen(
        [sys.executable, __file__, "--measure", *sphinx],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(outdir.parent / "pycache"),
    )


def _finish(build: subprocess.Popen[str]) -> dict[str, float]:
    output, _ = build.communicate()
    if build.returncode != 0:
        raise subprocess.CalledProcessError(build.returncode, build.args)
    figures: dict[str, float] = json.loads(output)
    return figures


def _build(
    source: Path, builder: str, outdir: Path, fresh: bool = True, jobs: int = 1
) -> dict[str, float]:
    return _finish(_start(source, builder, outdir, fresh, jobs))


Figures = dict[str, dict[str, float]]
Samples = dict[str, list[dict[str, float]]]


def warm_up(workdir: Path, fmt: str) -> None:
    """Build a one-requirement project with every builder, untimed, so that the children's
    bytecode cache holds every module a build imports. (Under PYTHONPYCACHEPREFIX the .pyc
    files pip wrote are not used: the first timed build would compile Sphinx itself.)"""
    reqs, control = generate(1, workdir / f"warm-{fmt}", fmt)
    for source, builder in ((reqs, "reqcheck"), (reqs, "html"), (control, "dummy")):
        _build(source, builder, workdir / f"warm-out-{builder}")
        shutil.rmtree(workdir / f"warm-out-{builder}")


def bench(
    count: int, workdir: Path, fmt: str, runs: int, parallel: bool, together: bool = False
) -> Samples:
    """Wall and CPU time and peak RSS of each build, per configuration, for ``count``
    requirements. Every other run takes the configurations in reverse order, so that
    each pair compared in a run sits side by side in time in both orders; ``together``
    starts the two builds of each pair at the same moment instead, one per core."""
    reqs, control = generate(count, workdir / f"n{count}-{fmt}", fmt)
    projects = {"reqs": reqs, "control": control}
    configs = CONFIGS + (PARALLEL_CONFIGS if parallel else [])
    samples: Samples = {_name(*config): [] for config in configs}
    for run in range(runs):
        order = configs if run % 2 == 0 else configs[::-1]
        # Pairs of builds run at once (the pairs compared), or one build at a time.
        batches = zip(CONFIGS[::2], CONFIGS[1::2]) if together else ((config,) for config in order)
        for batch in batches:
            outdirs = [workdir / f"out-{fmt}-{count}-{'-'.join(map(str, c))}-{run}" for c in batch]
            started = [
                _start(projects[project], builder, outdir, jobs=jobs)
                for (project, builder, jobs), outdir in zip(batch, outdirs)
            ]
            for config, build, outdir in zip(batch, started, outdirs):
                samples[_name(*config)].append(_finish(build))
                shutil.rmtree(outdir)
    return samples


def medians(samples: Samples) -> Figures:
    """Median wall and CPU time and the highest peak RSS, per configuration."""
    return {
        name: {
            "wall": statistics.median(item["wall"] for item in items),
            "cpu": statistics.median(item["cpu"] for item in items),
            "rss": max(item["rss"] for item in items),
        }
        for name, items in samples.items()
    }


def paired(samples: Samples, ours: str, theirs: str, measure: str = "cpu") -> str:
    """The ratio of each run's pair of builds in ``measure`` (``cpu`` or ``wall``): median
    and quartiles. Built side by side, a pair shares the machine's mood of the moment, so
    these move less than the ratio of two medians when the machine's speed drifts."""
    ratios = [mine[measure] / base[measure] for mine, base in zip(samples[ours], samples[theirs])]
    if len(ratios) < 2:
        return f"{ratios[0]:.2f}x"
    low, middle, high = statistics.quantiles(ratios, n=4)
    return f"{middle:.2f}x (quartiles {low:.2f}-{high:.2f}, {len(ratios)} pairs)"


def report(count: int, fmt: str, runs: int, samples: Samples) -> str:
    """A small table and the ratios."""
    results = medians(samples)
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
        # -j 2 is to be no slower in wall time; it spends more CPU by design.
        measure = "wall" if (ours, theirs, target) in PARALLEL_TARGETS else "cpu"
        lines.append(f"    {measure} per run's pair: {paired(samples, ours, theirs, measure)}")
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


def bench_incremental_instructions(count: int, workdir: Path, fmt: str) -> str:
    """Instructions of one html rebuild after a body edit: ours, the control, and the
    control with plain Sphinx objects."""
    projects = _incremental_projects(count, workdir / f"inc-instructions{count}-{fmt}", fmt)
    page = _edited_page(count, fmt)
    counted: dict[str, int] = {}
    for name, source in projects.items():
        outdir = workdir / f"inc-instructions-{name}"
        env = child_env(outdir.parent / "pycache", PYTHONHASHSEED="0")
        sphinx = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(outdir)]
        subprocess.run([*sphinx, "-E"], env=env, check=True, stdout=subprocess.DEVNULL)
        # A first rebuild writes the bytecode a rebuild needs; the second is counted.
        _edit_body(source / page, 0)
        subprocess.run(sphinx, env=env, check=True, stdout=subprocess.DEVNULL)
        _edit_body(source / page, 1)
        counted[name] = count_instructions(sphinx, env)
    lines = [f"N = {count}, {fmt}: instructions of one html rebuild after editing {page}"]
    lines += [f"  {name:<8} {value / 1e9:8.3f} G" for name, value in counted.items()]
    lines += [
        f"  {ours} / {theirs}: {counted[ours] / counted[theirs]:.3f}x"
        for ours, theirs in INCREMENTAL_RATIOS
    ]
    return "\n".join(lines)


def _edited_page(count: int, fmt: str) -> str:
    """The page the incremental benchmarks edit: the middle one."""
    return f"page{max(1, count // 50) // 2:04d}.{fmt}"


def _edit_body(page: Path, round_: int) -> None:
    """Change the first requirement's body on ``page``: a new sentence per round."""
    text = page.read_text(encoding="utf-8")
    marker = text.index(EDITED_SENTENCE) + len(EDITED_SENTENCE)
    end = text.index("\n", marker)
    page.write_text(f"{text[:marker]} Edit {round_}.{text[end:]}", encoding="utf-8")


def _incremental_projects(count: int, outdir: Path, fmt: str) -> dict[str, Path]:
    """Ours, the control and the control with plain Sphinx objects, in the order they
    are built (the control between the two it is compared with)."""
    reqs, control = generate(count, outdir, fmt)
    return {"reqs": reqs, "control": control, "objects": generate_objects(count, outdir, fmt)}


def bench_incremental(count: int, workdir: Path, fmt: str, runs: int) -> str:
    """Median html rebuild after editing one page's body: ours, the control, and the
    control with plain Sphinx objects."""
    projects = _incremental_projects(count, workdir / f"inc{count}-{fmt}", fmt)
    page = _edited_page(count, fmt)
    for name, source in projects.items():
        _build(source, "html", workdir / f"inc-{name}")
    samples: Samples = {name: [] for name in projects}
    for round_ in range(runs):
        for name in projects if round_ % 2 == 0 else reversed(projects):
            _edit_body(projects[name] / page, round_)
            build = _build(projects[name], "html", workdir / f"inc-{name}", fresh=False)
            samples[name].append(build)
    figures = medians(samples)
    lines = [f"N = {count}, {fmt}: html rebuild after editing {page}; median of {runs}"]
    for name, fig in figures.items():
        lines.append(f"  {name:<8} wall {fig['wall']:6.2f} s  cpu {fig['cpu']:6.2f} s")
    for ours, theirs in INCREMENTAL_RATIOS:
        mine, base = figures[ours], figures[theirs]
        target = " (target <= 1.15x)" if (ours, theirs) == INCREMENTAL_RATIOS[0] else ""
        lines.append(
            f"  {ours} / {theirs}: wall {mine['wall'] / base['wall']:.2f}x, "
            f"cpu {mine['cpu'] / base['cpu']:.2f}x{target}"
        )
        lines.append(f"    cpu per run's pair: {paired(samples, ours, theirs)}")
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
    parser.add_argument(
        "--together", action="store_true", help="start each pair compared at the same moment"
    )
    parser.add_argument("--incremental", action="store_true", help="time html rebuilds")
    parser.add_argument(
        "--incremental-runs", type=int, default=RUNS_INCREMENTAL, help="rebuilds per project"
    )
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions instead (valgrind)"
    )
    parser.add_argument("counts", type=int, nargs="*", default=[1000, 5000])
    args = parser.parse_args(argv)
    if args.together and (args.parallel or args.incremental or args.instructions):
        parser.error("--together times fresh serial builds only (two at once, one per core)")
    fmt = args.format
    with tempfile.TemporaryDirectory(prefix="reqcheck-bench-") as tmp:
        results: dict[int, Samples] = {}
        if not args.incremental:
            warm_up(Path(tmp), fmt)
        for count in args.counts:
            if args.incremental and args.instructions:
                sys.stdout.write(bench_incremental_instructions(count, Path(tmp), fmt) + "\n")
            elif args.incremental:
                rebuilt = bench_incremental(count, Path(tmp), fmt, args.incremental_runs)
                sys.stdout.write(rebuilt + "\n")
            elif args.instructions:
                sys.stdout.write(bench_instructions(count, Path(tmp), fmt) + "\n")
            else:
                results[count] = bench(
                    count, Path(tmp), fmt, args.runs, args.parallel, args.together
                )
                sys.stdout.write(report(count, fmt, args.runs, results[count]) + "\n")
            sys.stdout.flush()
        if len(results) > 1:
            small, large = min(results), max(results)
            first, last = medians(results[small]), medians(results[large])
            sys.stdout.write(growth(small, large, first, last) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
