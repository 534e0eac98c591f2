"""Benchmark: what the guards against hostile input cost on ordinary input.

* a version pattern matched in a forked, killable process vs. in this one (the handbook's
  ``go(\\d+(?:\\.\\d+)*)`` on ``go version`` output);
* the static check for explosive patterns, per pattern (the handbook's seven);
* decoding a manifest with duplicate-key detection vs. plain ``json.loads``, on a
  synthetic manifest of N requirements.

Prints medians of several runs and the ratios.

    .venv/bin/python benchmarks/bench_hostile.py [--runs N] [--requirements N]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_manifest import write_synthetic_manifest

from sphinx_reqcheck.json_input import decode_json
from sphinx_reqcheck.regex_safety import explosion_risk
from sphinx_reqcheck.runner.pattern_match import search_group

HANDBOOK_PATTERNS = [
    r"go(\d+(?:\.\d+)*)",
    r"v(\d+(?:\.\d+)*)",
    r"mke2fs (\d+(?:\.\d+)*)",
    r"tune2fs (\d+(?:\.\d+)*)",
    r"XZ Utils\) (\d+(?:\.\d+)*)",
    r"Btrfs v(\d+(?:\.\d+)*)",
    r"iptables v(\d+(?:\.\d+)*)",
]
GO_OUTPUT = "go version go1.19.8 linux/amd64\n"


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--requirements", type=int, default=50_000)
    args = parser.parse_args()

    pattern = HANDBOOK_PATTERNS[0]
    in_process = median_seconds(lambda: re.compile(pattern, re.M).search(GO_OUTPUT), args.runs)
    forked = median_seconds(lambda: search_group(pattern, GO_OUTPUT, 10.0), args.runs)
    print(f"pattern match in this process: {in_process * 1e3:.3f} ms")
    print(f"pattern match in a forked, killable process: {forked * 1e3:.3f} ms")

    def check_all() -> None:
        explosion_risk.cache_clear()
        for each in HANDBOOK_PATTERNS:
            explosion_risk(each)

    per_pattern = median_seconds(check_all, args.runs) / len(HANDBOOK_PATTERNS)
    print(f"explosive-pattern check: {per_pattern * 1e3:.3f} ms per pattern")

    with tempfile.TemporaryDirectory() as scratch:
        path = write_synthetic_manifest(args.requirements, Path(scratch) / "manifest.json")
        text = path.read_text(encoding="utf-8")
    runs = max(3, args.runs // 4)
    plain = median_seconds(lambda: json.loads(text), runs)
    guarded = median_seconds(lambda: decode_json(text, "manifest.json"), runs)
    print(
        f"decode {args.requirements} requirements: json.loads {plain:.3f} s, with duplicate-key "
        f"detection {guarded:.3f} s (ratio {guarded / plain:.2f})"
    )


if __name__ == "__main__":
    main()
