"""Benchmark the runner: ``python benchmarks/bench_runner.py [--manifest FILE] [--runs 5]``.

Prints, for the handbook's manifest (the bundled one, else a fixture manifest of this
machine's real tools written here), the median wall time and peak RSS of ``reqcheck run``
with ``--jobs 1`` and with the default, and the slowest single requirement (the floor of
a parallel run); then the time and peak memory of synthetic manifests of 10,000, 25,000
and 50,000 requirements, to show linear growth.

Targets: default run within 1.5 x slowest requirement + 100 ms; 50,000 under 150 MB.
Every run is a fresh process (``python -m sphinx_reqcheck.runner``), measured with
``os.wait4`` (peak RSS of that process alone).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_manifest import write_synthetic_manifest

from sphinx_reqcheck.manifest import bundled_manifest_path
from sphinx_reqcheck.runner.engine import default_jobs

SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
RUNNER = [sys.executable, "-m", "sphinx_reqcheck.runner", "run"]

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


def measure(argv: list[str], capture: bool = False) -> tuple[float, float, bytes]:
    """Wall seconds, peak RSS in MB and (optionally) stdout of one fresh process."""
    env = {**os.environ, "PATH": SYSTEM_PATH}
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE if capture else subprocess.DEVNULL, env=env
    )
    output = process.stdout.read() if process.stdout else b""
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {process.returncode}")
    return wall, usage.ru_maxrss / 1024, output


def bench_handbook(manifest: Path, runs: int) -> None:
    """--jobs 1 against the default, and the slowest single requirement."""
    print(f"manifest: {manifest}")
    _wall, _rss, output = measure([*RUNNER, str(manifest), "--format", "json", "--jobs", "1"], True)
    results = json.loads(output)["results"]
    slowest = max(results, key=lambda result: result["duration"])
    print(f"  requirements: {len(results)}")
    print(f"  slowest single requirement: {slowest['duration'] * 1000:.0f} ms ({slowest['id']})")
    medians = {}
    for label, jobs in (("--jobs 1", ["--jobs", "1"]), (f"default (--jobs {default_jobs()})", [])):
        samples = [
            measure([*RUNNER, str(manifest), "--format", "json", *jobs], True) for _ in range(runs)
        ]
        wall = statistics.median(sample[0] for sample in samples)
        inside = statistics.median(json.loads(sample[2])["duration"] for sample in samples)
        peak = max(sample[1] for sample in samples)
        medians[label] = inside
        print(
            f"  {label:<22} median wall {wall * 1000:5.0f} ms (process start, imports and "
            f"manifest included), checks {inside * 1000:5.0f} ms; peak RSS {peak:.1f} MB"
        )
    default = medians[f"default (--jobs {default_jobs()})"]
    bound = 1.5 * slowest["duration"] + 0.1
    verdict = "meets" if default <= bound else "misses"
    print(
        f"  target: checks of the default run <= 1.5 x {slowest['duration'] * 1000:.0f} ms + "
        f"100 ms = {bound * 1000:.0f} ms -> {default * 1000:.0f} ms ({verdict})"
    )


def bench_synthetic(sizes: list[int], runs: int) -> None:
    """Wall time and peak memory for synthetic manifests of growing size."""
    with tempfile.TemporaryDirectory(prefix="reqcheck-bench-") as scratch:
        rows = []
        for size in sizes:
            manifest = write_synthetic_manifest(size, Path(scratch) / f"synthetic-{size}.json")
            samples = [measure([*RUNNER, str(manifest), "--format", "json"]) for _ in range(runs)]
            wall = statistics.median(sample[0] for sample in samples)
            peak = max(sample[1] for sample in samples)
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
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[10_000, 25_000, 50_000], help="synthetic sizes"
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
        bench_handbook(manifest, args.runs)
    print("synthetic manifests (paths, command, platform, manual; default --jobs):")
    bench_synthetic(args.sizes, args.synthetic_runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
