"""Benchmark the runner: ``python benchmarks/bench_runner.py [--manifest FILE] [--runs 5]``.

Prints, for the handbook's manifest (the bundled one, else a fixture manifest of this
machine's real tools written here), the median wall time, CPU time and peak RSS of the
whole ``reqcheck run`` process with ``--jobs 1`` and with the default, and of
``python3 reqcheck.pyz`` (the runner to carry, built here with the bundled manifest, or
``--pyz FILE``), all interleaved, with the slowest single requirement of the same runs
and the slowest of those run alone.
Then ``reqcheck validate`` against ``reqcheck run`` on synthetic manifests of 10,000,
50,000 and 100,000 requirements (``--validate-sizes``), and the time and peak memory of
``run`` on 10,000, 25,000 and 50,000 (``--sizes``), to show linear growth.

Targets: the whole process (start-up, imports, manifest, checks, report) within
1.5 x the slowest requirement + 100 ms, for ``reqcheck run`` and ``reqcheck.pyz``;
``validate`` at most half of ``run`` on the same manifest; 50,000 under 150 MB.
Every run is a fresh process, measured with ``os.wait4`` (CPU time and peak RSS of that
process alone); children may cache bytecode (see ``bench_env.py``).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from bench_env import child_env, count_instructions
from synthetic_manifest import write_synthetic_manifest

from sphinx_reqcheck.carry import build_runner_zipapp
from sphinx_reqcheck.manifest import bundled_manifest_path
from sphinx_reqcheck.runner.engine import default_jobs

SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
RUNNER = [sys.executable, "-m", "sphinx_reqcheck.runner", "run"]
VALIDATE = [sys.executable, "-m", "sphinx_reqcheck.runner", "validate"]
# The children's bytecode caches (see bench_env.py), removed when the benchmark ends.
BYTECODE = Path(tempfile.mkdtemp(prefix="reqcheck-bench-pycache-"))
atexit.register(shutil.rmtree, BYTECODE, ignore_errors=True)

# The guide's command-version minima, for when no handbook manifest is bundled yet.
FIXTURE_CHECKS: list[tuple[str, dict[str, Any]]] = [
    ("go", {"kind": "command-version", "argv": ["go", "version"], "minimum": "1.3"}),
    ("git", {"kind": "command-version", "argv": ["git", "--version"], "minimum": "1.7"}),
    ("hg", {"kind": "command-version", "argv": ["hg", "--version"], "minimum": "1.0"}),
    ("sqlite3", {"kind": "command-version", "argv": ["sqlite3", "--version"], "minimum": "3.7.9"}),
    ("dmsetup", {"kind": "command-version", "argv": ["dmsetup", "version"], "minimum": "1.02.68"}),
    ("btrfs", {"kind": "command-version", "argv": ["btrfs", "--version"], "minimum": "3.16.1"}),
    ("iptables", {"kind": "command-version", "argv": ["iptables", "--version"], "minimum": "1.4"}),
    ("tune2fs", {"kind": "command-version", "argv": ["tune2fs"], "minimum": "1.4.12"}),
    ("xz", {"kind": "command-version", "argv": ["xz", "--version"], "minimum": "4.9"}),
    ("lxc", {"kind": "command-version", "argv": ["lxc-start", "--version"], "minimum": "1.0.7"}),
    ("libdevmapper", {"kind": "library-version", "module": "devmapper", "minimum": "1.02.68"}),
    ("ps", {"kind": "command", "names": ["ps"]}),
    ("platform", {"kind": "platform", "os": ["linux"], "arch": ["amd64"]}),
]


def write_fixture_manifest(target: Path) -> Path:
    """A manifest of this machine's real tools with the guide's minima."""
    requirements = [
        {
            "id": f"fixture.{name}",
            "title": f"{name} as the guide asks",
            "scope": ["build"],
            "level": "required",
            "check": check,
            "when": {},
            "source": {"doc": "fixture", "line": index + 1},
            "url": "",
            "text": "",
        }
        for index, (name, check) in enumerate(FIXTURE_CHECKS)
    ]
    data = {"format": 1, "project": "fixture", "version": "1", "requirements": requirements}
    target.write_text(json.dumps(data), encoding="utf-8")
    return target


class Sample:
    """One fresh process: wall and CPU seconds, peak RSS in MB, stdout (when captured)."""

    def __init__(self, argv: list[str], capture: bool = False) -> None:
        env = child_env(BYTECODE, PATH=SYSTEM_PATH)
        started = time.perf_counter()
        process = subprocess.Popen(
            argv, stdout=subprocess.PIPE if capture else subprocess.DEVNULL, env=env
        )
        self.output = process.stdout.read() if process.stdout else b""
        _pid, status, usage = os.wait4(process.pid, 0)
        self.wall = time.perf_counter() - started
        self.cpu = usage.ru_utime + usage.ru_stime
        self.rss = usage.ru_maxrss / 1024
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} exited {os.waitstatus_to_exitcode(status)}")

    @property
    def slowest(self) -> float:
        """The longest single requirement of a JSON report."""
        return max(result["duration"] for result in json.loads(self.output)["results"])

    @property
    def slowest_id(self) -> str:
        """The id of the longest single requirement of a JSON report."""
        results = json.loads(self.output)["results"]
        return str(max(results, key=lambda result: result["duration"])["id"])


def _median(samples: list[Sample], figure: str) -> float:
    return statistics.median(getattr(sample, figure) for sample in samples)


def _figures(samples: list[Sample], unit: str) -> str:
    """Median wall and CPU time (in ``unit``, s or ms) and the highest peak RSS."""
    scale = 1000 if unit == "ms" else 1
    wall, cpu = _median(samples, "wall") * scale, _median(samples, "cpu") * scale
    peak = max(sample.rss for sample in samples)
    return f"median wall {wall:6.2f} {unit}, cpu {cpu:6.2f} {unit}, peak RSS {peak:5.1f} MB"


def _verdict(wall: float, slowest: float) -> str:
    bound = 1.5 * slowest + 0.1
    return f"target {bound * 1000:4.0f} ms ({'meets' if wall <= bound else 'misses'})"


def bench_handbook(manifest: Path, pyz: Path, runs: int) -> None:
    """Whole processes, interleaved: run --jobs 1, run (default jobs), python3 reqcheck.pyz.

    Each target is given twice: from the slowest requirement of the same runs, and from
    the slowest of those requirements run alone (``--select ID --jobs 1``, interleaved
    too). Alone, a requirement pays for everything it needs (the ELF check, for the
    import of pyelftools), so scheduling cannot lower that target.
    """
    print(f"manifest: {manifest}; runner to carry: {pyz} ({pyz.stat().st_size / 1e3:.0f} kB)")
    configs = {
        "reqcheck run --jobs 1": [*RUNNER, str(manifest), "--format", "json", "--jobs", "1"],
        f"reqcheck run (--jobs {default_jobs()})": [*RUNNER, str(manifest), "--format", "json"],
        "python3 reqcheck.pyz": ["python3", str(pyz), "--format", "json"],
    }
    samples: dict[str, list[Sample]] = {name: [] for name in configs}
    Sample(configs["python3 reqcheck.pyz"])  # warm the file cache and bytecode caches
    Sample(configs["reqcheck run --jobs 1"])
    for _ in range(runs):
        for name, argv in configs.items():
            samples[name].append(Sample(argv, capture=True))
    slowest_ids = sorted({sample.slowest_id for items in samples.values() for sample in items})
    alone: dict[str, list[Sample]] = {rid: [] for rid in slowest_ids}
    for _ in range(runs):
        for rid in slowest_ids:
            argv = [*configs["reqcheck run --jobs 1"], "--select", rid]
            alone[rid].append(Sample(argv, capture=True))
    serial = max(_median(items, "slowest") for items in alone.values())
    print(
        "  slowest requirements run alone: "
        + ", ".join(
            f"{rid} {_median(items, 'slowest') * 1000:.0f} ms" for rid, items in alone.items()
        )
    )
    for name, items in samples.items():
        wall, slowest = _median(items, "wall"), _median(items, "slowest")
        print(
            f"  {name:<24} {_figures(items, 'ms')}; slowest requirement "
            f"{slowest * 1000:4.0f} ms -> {_verdict(wall, slowest)}; "
            f"slowest alone {serial * 1000:4.0f} ms -> {_verdict(wall, serial)}"
        )


def instructions(argv: list[str]) -> int:
    """Instructions one process executes (valgrind's callgrind; probes' own not counted)."""
    Sample(argv)  # first, so that the count does not include writing bytecode caches
    return count_instructions(argv, child_env(BYTECODE, PATH=SYSTEM_PATH))


def bench_instructions(manifest: Path, pyz: Path) -> None:
    """Noise-free second figure: instructions to start, import and run the handbook."""
    for name, argv in (
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("import the command line", [sys.executable, "-c", "import sphinx_reqcheck.runner.cli"]),
        ("reqcheck run --jobs 1", [*RUNNER, str(manifest), "--jobs", "1"]),
        ("python3 reqcheck.pyz --jobs 1", ["python3", str(pyz), "--jobs", "1"]),
    ):
        print(f"  {name:<30} {instructions(argv) / 1e6:6.0f} M instructions")


def bench_validate(sizes: list[int], runs: int) -> None:
    """``reqcheck validate`` against ``reqcheck run`` on the same synthetic manifests."""
    with tempfile.TemporaryDirectory(prefix="reqcheck-bench-") as scratch:
        for size in sizes:
            manifest = write_synthetic_manifest(size, Path(scratch) / f"synthetic-{size}.json")
            validate: list[Sample] = []
            run: list[Sample] = []
            for _ in range(runs):
                validate.append(Sample([*VALIDATE, str(manifest)]))
                run.append(Sample([*RUNNER, str(manifest), "--format", "json"]))
            ratio = _median(validate, "wall") / _median(run, "wall")
            cpu_ratio = _median(validate, "cpu") / _median(run, "cpu")
            print(f"  {size:>7} requirements:")
            print(f"    validate {_figures(validate, 's')}")
            print(f"    run      {_figures(run, 's')}")
            print(
                f"    validate/run: wall {ratio:.2f}x, cpu {cpu_ratio:.2f}x (target <= 0.5x); "
                f"validate cpu per requirement {_median(validate, 'cpu') / size * 1e6:.0f} us"
            )


def bench_synthetic(sizes: list[int], runs: int) -> None:
    """Wall time and peak memory for synthetic manifests of growing size."""
    with tempfile.TemporaryDirectory(prefix="reqcheck-bench-") as scratch:
        rows = []
        for size in sizes:
            manifest = write_synthetic_manifest(size, Path(scratch) / f"synthetic-{size}.json")
            samples = [Sample([*RUNNER, str(manifest), "--format", "json"]) for _ in range(runs)]
            wall = _median(samples, "wall")
            peak = max(sample.rss for sample in samples)
            rows.append((size, wall, peak))
            print(
                f"  {size:>6} requirements: median wall {wall:6.2f} s "
                f"({wall / size * 1e6:5.0f} us each), peak RSS {peak:6.1f} MB "
                f"({manifest.stat().st_size / 1e6:.1f} MB manifest)"
            )
        largest = rows[-1]
        verdict = "meets" if largest[2] < 150 else "misses"
        print(f"  target: {largest[0]} under 150 MB peak -> {largest[2]:.1f} MB ({verdict})")


def main() -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--manifest", type=Path, help="manifest to time (default: bundled)")
    parser.add_argument("--runs", type=int, default=5, help="runs per handbook figure")
    parser.add_argument("--synthetic-runs", type=int, default=1, help="runs per synthetic size")
    parser.add_argument("--pyz", type=Path, help="reqcheck.pyz to time (default: built here)")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions with valgrind too"
    )
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[10_000, 25_000, 50_000], help="synthetic sizes"
    )
    parser.add_argument(
        "--validate-sizes",
        type=int,
        nargs="*",
        default=[10_000, 50_000, 100_000],
        help="synthetic sizes for validate against run",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reqcheck-bench-") as scratch:
        manifest = args.manifest
        if manifest is None:
            bundled = bundled_manifest_path()
            if bundled.is_file():
                manifest = bundled
            else:
                print("(no bundled handbook manifest yet: using a fixture manifest of real tools)")
                manifest = write_fixture_manifest(Path(scratch) / "fixture.json")
        pyz = args.pyz or build_runner_zipapp(manifest.read_bytes(), Path(scratch) / "r.pyz")
        if args.runs:
            bench_handbook(manifest, pyz, args.runs)
        if args.instructions:
            print("instructions (valgrind --tool=callgrind):")
            bench_instructions(manifest, pyz)
    if args.validate_sizes:
        print("validate against run, synthetic manifests (median of --synthetic-runs):")
        bench_validate(args.validate_sizes, args.synthetic_runs)
    if args.sizes:
        print("synthetic manifests (paths, command, platform, manual; default --jobs):")
        bench_synthetic(args.sizes, args.synthetic_runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
