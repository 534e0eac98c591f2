"""Benchmark: the handbook's kernel options checked our way vs. the shell way.

Our way: one run's checks (a fresh CheckContext, so the configuration is found, read,
unpacked and parsed once) judging every option of the handbook as its own requirement.
The shell way: what ``contrib/check-config.sh`` does per option, ``zgrep "CONFIG_X=y"``
then, if that fails, ``zgrep "CONFIG_X=m"``, in a ``sh`` loop.

The configuration is this machine's (/proc/config.gz, else /boot/config-*); with none,
a large realistic one (~8000 lines) is generated from the fixture configs and the script
says so. Prints the median of several runs and the ratio.

    .venv/bin/python benchmarks/bench_kernel.py [--runs N] [--config FILE | --generate]
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sphinx_reqcheck.runner.checks.kernel_config import check
from sphinx_reqcheck.runner.context import CheckContext, Settings
from sphinx_reqcheck.runner.host import Host

FIXTURES = Path(__file__).resolve().parent.parent / "tests/runner/checks/fixtures"
# The handbook's kernel options (issue 3), the same list the agreement tests use.
HANDBOOK_OPTIONS = [
    line.strip()
    for line in (FIXTURES / "handbook-kernel-options.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]

SHELL_LOOP = r"""
config=$1; shift
for option in "$@"; do
    if zgrep "CONFIG_${option}=y" "$config" >/dev/null; then :
    elif zgrep "CONFIG_${option}=m" "$config" >/dev/null; then :
    fi
done
"""


def find_config() -> tuple[Path, str]:
    """This machine's configuration, or a generated one, and how it was found."""
    candidates = [Path("/proc/config.gz"), *sorted(Path("/boot").glob("config-*"))]
    for path in candidates:
        if path.is_file():
            return path, "this machine's"
    return generate_config(), "GENERATED (no config on this machine)"


def generate_config(lines: int = 8000) -> Path:
    """A realistic ~8000-line gzip config: the 6.1 fixture, padded with driver options."""
    base = (FIXTURES / "configs" / "linux-6.1.config").read_text().splitlines()
    padding = []
    for number in range(lines - len(base)):
        if number % 3 == 0:
            padding.append(f"# CONFIG_DRIVER_{number:05d} is not set")
        else:
            padding.append(f"CONFIG_DRIVER_{number:05d}={'m' if number % 3 == 1 else 'y'}")
    text = "\n".join(base[:40] + padding + base[40:]) + "\n"
    target = Path(tempfile.mkdtemp(prefix="bench-kernel-")) / "config.gz"
    target.write_bytes(gzip.compress(text.encode()))
    return target


def ours(config: Path) -> float:
    """Seconds for one run: fresh context, every option as its own requirement."""
    start = time.perf_counter()
    ctx = CheckContext(Host(), Settings(kernel_config=config))
    statuses = [check({"options": [option]}, ctx).status for option in HANDBOOK_OPTIONS]
    elapsed = time.perf_counter() - start
    assert "error" not in statuses, statuses
    return elapsed


def shell(config: Path) -> float:
    """Seconds for the shell loop over the same options."""
    start = time.perf_counter()
    subprocess.run(
        ["sh", "-c", SHELL_LOOP, "bench", str(config), *HANDBOOK_OPTIONS],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Run both ways ``--runs`` times and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--generate", action="store_true", help="use a generated ~8000-line config")
    args = parser.parse_args(argv)
    if args.generate:
        config, origin = generate_config(), "GENERATED on request"
    elif args.config:
        config, origin = args.config, "given"
    else:
        config, origin = find_config()
    raw = config.read_bytes()
    text = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    print(f"config: {config} ({origin}; {len(text.splitlines())} lines, {len(raw)} bytes)")
    print(f"options: {len(HANDBOOK_OPTIONS)} (each its own requirement)")
    ours(config)  # warm the imports and the page cache; not counted
    shell(config)
    our_times = [ours(config) for _ in range(args.runs)]
    shell_times = [shell(config) for _ in range(args.runs)]
    our_median = statistics.median(our_times)
    shell_median = statistics.median(shell_times)
    print(
        f"ours  (parse once + classify all): median {our_median * 1000:8.2f} ms "
        f"over {args.runs} runs (min {min(our_times) * 1000:.2f}, "
        f"max {max(our_times) * 1000:.2f})"
    )
    print(
        f"shell (zgrep per option and value): median {shell_median * 1000:8.2f} ms "
        f"over {args.runs} runs (min {min(shell_times) * 1000:.2f}, "
        f"max {max(shell_times) * 1000:.2f})"
    )
    if origin.startswith("GENERATED"):
        shutil.rmtree(config.parent)  # our own temporary directory
    ratio = shell_median / our_median
    print(f"speed-up: {ratio:.1f}x (target >= 10x: {'met' if ratio >= 10 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
