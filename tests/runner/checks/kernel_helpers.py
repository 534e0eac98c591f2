"""Shared by the kernel-config tests: fixture configs, fake roots and a direct check call."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sphinx_reqcheck.runner.checks.kernel_config import check
from sphinx_reqcheck.runner.context import CheckContext, Outcome, Settings
from sphinx_reqcheck.runner.host import Host

CONFIGS = Path(__file__).parent / "fixtures" / "configs"
RELEASE = Host().uname()[1]


def context(root: Path | None = None, kernel_config: Path | None = None) -> CheckContext:
    """A check context on a fake root, with an optional --kernel-config file."""
    return CheckContext(Host(root=root), Settings(kernel_config=kernel_config))


def run(options: list[str], config_file: str) -> Outcome:
    """Check ``options`` against one fixture configuration named with --kernel-config."""
    return check({"options": options}, context(kernel_config=CONFIGS / config_file))


def place(root: Path, host_path: str, data: bytes) -> Path:
    """Write ``data`` at ``host_path`` under the fake root."""
    target = root / host_path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


# The handbook's options (issue 3), shared with benchmarks/bench_kernel.py.
HANDBOOK_OPTIONS = [
    line.strip()
    for line in (CONFIGS.parent / "handbook-kernel-options.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]


# Our own oracle, written the way check-config.sh decides: one grep per option and value,
# through zcat -f so plain and gzip files both work.
ORACLE = r"""
config=$1; shift
for option in "$@"; do
    if zcat -f -- "$config" | grep -q "^CONFIG_${option}=y"; then echo "$option y"
    elif zcat -f -- "$config" | grep -q "^CONFIG_${option}=m"; then echo "$option m"
    else echo "$option missing"; fi
done
"""


def oracle(config_file: Path, options: list[str]) -> dict[str, str]:
    """y / m / missing per option, as the shell way decides it."""
    done = subprocess.run(
        ["sh", "-c", ORACLE, "oracle", str(config_file), *options],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(line.split(" ", 1) for line in done.stdout.splitlines())
