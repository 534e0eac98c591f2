"""The kernel-config check end to end, through the reqcheck command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kernel_helpers import CONFIGS, oracle

from sphinx_reqcheck.runner.cli import main

# -- end to end, through the reqcheck command line ---------------------------------------


def kernel_requirement(
    rid: str, options: list[str], level: str = "required", tags_none: list[str] | None = None
) -> dict[str, Any]:
    """A daemon kernel-config requirement as the manifest stores it."""
    return {
        "id": rid,
        "title": f"kernel options {' '.join(options)}",
        "scope": ["daemon"],
        "level": level,
        "check": {"kind": "kernel-config", "options": options},
        "when": {"tags_none": tags_none} if tags_none else {},
        "source": {"doc": "kernel", "line": 1},
        "url": f"kernel.html#{rid}",
        "text": "The daemon needs these kernel options.",
    }


HANDBOOK_LIKE = [
    kernel_requirement("kernel.required", ["NAMESPACES", "VETH", "NF_NAT_IPV4", "NF_NAT_NEEDED"]),
    kernel_requirement(
        "kernel.devpts", ["DEVPTS_MULTIPLE_INSTANCES"]
    ),  # removed in 4.7: skip on 6.1
    kernel_requirement("kernel.recommended", ["MEMCG_SWAP", "RESOURCE_COUNTERS"], "recommended"),
    kernel_requirement("kernel.perf", ["CGROUP_PERF"], "recommended"),
    kernel_requirement("kernel.btrfs", ["BTRFS_FS"], tags_none=["exclude_graphdriver_btrfs"]),
    kernel_requirement("kernel.aufs", ["AUFS_FS"], tags_none=["exclude_graphdriver_aufs"]),
]


def run_cli(tmp_path: Path, *arguments: str) -> tuple[int, dict[str, dict[str, Any]]]:
    """``reqcheck run`` on a manifest of HANDBOOK_LIKE; (exit status, results by id)."""
    manifest = tmp_path / "manifest.json"
    manifest.write_text(
        json.dumps({"format": 1, "project": "t", "version": "1", "requirements": HANDBOOK_LIKE})
    )
    report = tmp_path / "results.json"
    status = main(["run", str(manifest), "--format", "json", "--output", str(report), *arguments])
    results = json.loads(report.read_text())["results"]
    return status, {result["id"]: result for result in results}


def test_cli_a_6_1_config_with_aufs_left_out_by_tags(tmp_path: Path) -> None:
    status, results = run_cli(
        tmp_path,
        "--kernel-config",
        str(CONFIGS / "linux-6.1.config"),
        "--buildtags",
        "exclude_graphdriver_aufs",
    )
    assert status == 0
    assert {rid: r["status"] for rid, r in results.items()} == {
        "kernel.required": "pass",
        "kernel.devpts": "skip",
        "kernel.recommended": "pass",
        "kernel.perf": "pass",
        "kernel.btrfs": "pass",
        "kernel.aufs": "skip",
    }
    assert results["kernel.aufs"]["observed"] == "build tag exclude_graphdriver_aufs is set"
    assert "removed in 4.7" in results["kernel.devpts"]["observed"]
    # The shell way reports all of these as missing on this file, tags or not.
    naive = oracle(CONFIGS / "linux-6.1.config", ["AUFS_FS", "DEVPTS_MULTIPLE_INSTANCES"])
    assert set(naive.values()) == {"missing"}


def test_cli_without_the_tag_the_missing_aufs_option_fails_the_run(tmp_path: Path) -> None:
    status, results = run_cli(tmp_path, "--kernel-config", str(CONFIGS / "linux-6.1.config"))
    assert status == 1
    assert results["kernel.aufs"]["status"] == "fail"
    assert results["kernel.aufs"]["observed"] == "CONFIG_AUFS_FS absent"


def test_cli_an_old_kernel_with_gaps_fails_and_warns(tmp_path: Path) -> None:
    status, results = run_cli(tmp_path, "--kernel-config", str(CONFIGS / "linux-4.4-gaps.config"))
    assert status == 1
    assert results["kernel.required"]["status"] == "fail"
    assert results["kernel.devpts"]["status"] == "fail"  # still needed before 4.7
    # RESOURCE_COUNTERS is gone since 3.19 and MEMCG_SWAP=y: right on 4.4.
    assert results["kernel.recommended"]["status"] == "pass"
    assert results["kernel.perf"]["status"] == "warn"  # recommended and absent


def test_cli_root_without_any_config_gives_errors_not_a_crash(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    status, results = run_cli(tmp_path, "--root", str(root))
    assert status == 1
    assert {r["status"] for r in results.values()} == {"error"}
    assert "modprobe configs" in results["kernel.required"]["hint"]
