"""Benchmark ``reqcheck fleet``: ``python benchmarks/bench_fleet.py [--hosts 1 10 50]``.

Prints:

- the wall time of ``reqcheck fleet`` over 1, 10 and 50 ``ansible_connection=local``
  hosts (``--forks 10``, the bundled manifest, this machine), with the share of it the
  runner's checks took (the sum of the hosts' report ``duration`` over the forks that ran
  at once, against the wall time; the rest is Ansible: start-up, copy, fetch, clean-up),
  and the ratio to N x one host (the goal: 50 hosts well under 50 x one host);
- the peak memory of the ``reqcheck fleet`` process at the largest host count (its own
  peak RSS, from ``os.wait4`` of a child that runs it in-process; Ansible's processes are
  its children and counted apart);
- rendering 500 hosts x the handbook's requirements (synthetic reports made from the
  bundled manifest): the text grid, the JSON reading back, and the HTML matrix rendered
  with a real Sphinx app of the handbook (median of 5 each).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sphinx_reqcheck.fleet.matrix import Fleet, FleetHost, load_fleet
from sphinx_reqcheck.fleet.reports import write_text
from sphinx_reqcheck.manifest import bundled_manifest_path
from sphinx_reqcheck.results import FORMAT as RESULTS_FORMAT
from sphinx_reqcheck.results import parse_results

ROOT = Path(__file__).resolve().parents[1]  # conf.py; the pages are in docs/
DOCS = ROOT / "docs"
KNOBS = ("DOCKER_BUILDTAGS", "AUTO_GOPATH", "DOCKER_CLIENTONLY", "DOCKER_INITPATH")


def _inventory(path: Path, count: int) -> Path:
    lines = [f"host-{index:03} ansible_connection=local" for index in range(count)]
    path.write_text("\n".join(lines) + "\n")
    return path


def fleet_run(count: int, work: Path) -> dict[str, Any]:
    """One ``reqcheck fleet`` run over ``count`` local hosts, in a child process."""
    inventory = _inventory(work / f"inventory-{count}.ini", count)
    output = work / f"fleet-{count}.json"
    env = {key: value for key, value in os.environ.items() if key not in KNOBS}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", str(inventory), str(output)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    stdout, _ = process.communicate()
    wall = time.perf_counter() - started
    data = json.loads(output.read_text(encoding="utf-8"))
    durations = [host["report"]["duration"] for host in data["hosts"].values() if host["report"]]
    child = json.loads(stdout)
    return {
        "hosts": count,
        "ok": data["summary"]["hosts"]["ok"],
        "wall": wall,
        "runner": sum(durations),
        "self_rss_mb": child["self_rss_kb"] / 1024,
        "children_rss_mb": child["children_rss_kb"] / 1024,
    }


def child(inventory: str, output: str) -> None:
    """Run the fleet in this process and print its peak RSS (own and children's)."""
    from sphinx_reqcheck.runner.cli import main

    with open(os.devnull, "w") as quiet:
        sys.stderr = quiet
        main(["fleet", "-i", inventory, "--forks", "10", "--format", "json", "--output", output])
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"self_rss_kb": own, "children_rss_kb": children}))


def synthetic_fleet(hosts: int, seed: int = 15) -> Fleet:
    """``hosts`` reports of the bundled manifest's requirements with random verdicts."""
    manifest = json.loads(bundled_manifest_path().read_text(encoding="utf-8"))
    rng = random.Random(seed)
    statuses = ["pass"] * 12 + ["fail", "warn", "skip", "manual"]
    members = []
    for index in range(hosts):
        results = [
            {
                "id": entry["id"],
                "title": entry["title"],
                "scope": entry["scope"],
                "level": entry["level"],
                "status": rng.choice(statuses),
                "expected": "something",
                "observed": f"value {rng.randint(0, 99)}",
                "detail": "$ tool --version\n(exit status 0)",
                "digest": entry.get("digest", ""),
                "duration": 0.001,
            }
            for entry in manifest["requirements"]
        ]
        report = {
            "format": RESULTS_FORMAT,
            "host": {},
            "summary": {"exit_status": 1},
            "results": results,
        }
        name = f"host-{index:03}"
        members.append(FleetHost(name, "ok", "", report, parse_results(report, name)))
    return Fleet({"project": "bench"}, members)


def _median_time(action: Any, runs: int = 5) -> float:
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def rendering(hosts: int, work: Path) -> dict[str, float]:
    """Text, JSON read-back and HTML matrix times for a synthetic fleet."""
    from sphinx.application import Sphinx

    from sphinx_reqcheck.sphinx_ext.fleet_report import matrix_html

    fleet = synthetic_fleet(hosts)
    path = work / "synthetic-fleet.json"
    path.write_text(json.dumps(fleet.to_json()), encoding="utf-8")
    text = _median_time(lambda: write_text(fleet, [].append))
    read = _median_time(lambda: load_fleet(path))
    with open(os.devnull, "w") as quiet:
        app = Sphinx(
            str(DOCS), str(ROOT), str(work / "html"), str(work / "doctrees"), "html",
            confoverrides={"reqcheck_fleet_results": str(path)}, status=quiet, warning=quiet,
        )  # fmt: skip
        app.build()
    domain = app.env.domains["req"]
    html = _median_time(lambda: matrix_html(fleet, domain, app.builder, "fleet-report"))  # type: ignore[arg-type]
    size = len(matrix_html(fleet, domain, app.builder, "fleet-report"))  # type: ignore[arg-type]
    return {"text": text, "read": read, "html": html, "html_bytes": size, "rows": len(fleet.rows())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--render-hosts", type=int, default=500)
    parser.add_argument("--child", nargs=2, metavar=("INVENTORY", "OUTPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(prefix="bench-fleet-") as work_name:
        work = Path(work_name)
        runs = [fleet_run(count, work) for count in args.hosts]
        one = next((run["wall"] for run in runs if run["hosts"] == 1), None)
        print("hosts  ok   wall s   per host s  runner share  vs N x one host")
        for run in runs:
            share = run["runner"] / min(run["hosts"], 10) / run["wall"]
            ratio = f"{run['wall'] / (run['hosts'] * one):.2f}" if one else "-"
            print(
                f"{run['hosts']:>5}  {run['ok']:>3}  {run['wall']:>7.1f}  "
                f"{run['wall'] / run['hosts']:>10.2f}  {share:>11.1%}  {ratio:>15}"
            )
        last = runs[-1]
        print(
            f"peak RSS at {last['hosts']} hosts: reqcheck fleet process "
            f"{last['self_rss_mb']:.1f} MB (largest Ansible child {last['children_rss_mb']:.1f} MB)"
        )
        figures = rendering(args.render_hosts, work)
        print(
            f"render {args.render_hosts} hosts x {figures['rows']} requirements (median of 5): "
            f"text {figures['text'] * 1000:.0f} ms, "
            f"JSON read back {figures['read'] * 1000:.0f} ms, "
            f"HTML matrix {figures['html'] * 1000:.0f} ms ({figures['html_bytes'] / 1e6:.1f} MB)"
        )


if __name__ == "__main__":
    main()
