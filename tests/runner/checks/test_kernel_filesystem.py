"""The kernel-filesystem check on fake roots' /proc/filesystems."""

from __future__ import annotations

import gzip
from pathlib import Path

from sphinx_reqcheck.runner.checks.kernel_filesystem import check, parse_filesystems
from sphinx_reqcheck.runner.context import CheckContext, Outcome, Settings
from sphinx_reqcheck.runner.host import Host

FIXTURES = Path(__file__).parent / "fixtures"
ROOTS = FIXTURES / "roots"


def judge(root: Path, names: list[str], kernel_config: Path | None = None) -> Outcome:
    """Run the check against a root."""
    ctx = CheckContext(Host(root=root), Settings(kernel_config=kernel_config))
    return check({"names": names}, ctx)


def test_a_listed_nodev_file_system_passes() -> None:
    outcome = judge(ROOTS / "cgroup-v1", ["overlay"])
    assert (outcome.status, outcome.observed) == (
        "pass",
        "overlay listed in /proc/filesystems (nodev)",
    )


def test_a_listed_block_file_system_passes_and_any_name_will_do() -> None:
    outcome = judge(ROOTS / "cgroup-v1", ["aufs", "btrfs"])
    assert (outcome.status, outcome.observed) == (
        "pass",
        "btrfs listed in /proc/filesystems (block device)",
    )


def test_the_pre_3_18_name_of_overlay_counts() -> None:
    outcome = judge(ROOTS / "cgroup-v1-single", ["overlay"])
    assert outcome.status == "pass"
    assert outcome.observed == (
        "overlayfs listed in /proc/filesystems (nodev); it is the older name of overlay"
    )


def test_absent_fails_suggesting_modprobe_without_loading_anything(tmp_path: Path) -> None:
    (tmp_path / "proc").mkdir()
    (tmp_path / "proc" / "filesystems").write_text("nodev\tproc\n\text4\n")
    outcome = judge(tmp_path, ["btrfs"])  # no kernel configuration under this root
    assert outcome.status == "fail"
    assert outcome.observed == "btrfs not listed in /proc/filesystems"
    assert "this check does not load modules" in outcome.detail
    assert outcome.hint == "`modprobe btrfs` (as root), then run the check again"


def test_a_module_not_loaded_yet_is_explained(tmp_path: Path) -> None:
    (tmp_path / "proc").mkdir()
    (tmp_path / "proc" / "filesystems").write_text("nodev\tproc\n\text4\n")
    config = (FIXTURES / "configs" / "linux-6.1.config").read_bytes()
    (tmp_path / "proc" / "config.gz").write_bytes(gzip.compress(config))
    outcome = judge(tmp_path, ["btrfs"])
    assert outcome.status == "fail"
    assert (
        outcome.detail
        == "/proc/config.gz says CONFIG_BTRFS_FS=m (module): a module, not loaded now."
    )
    assert outcome.hint == "`modprobe btrfs` (as root) loads it"


def test_a_kernel_without_the_option_is_told_modprobe_will_not_help() -> None:
    outcome = judge(ROOTS / "cgroup-v1", ["aufs"], FIXTURES / "configs" / "linux-6.1.config")
    assert outcome.status == "fail"
    assert "says CONFIG_AUFS_FS absent: this kernel cannot provide aufs" in outcome.detail
    assert "`modprobe` will not help" in outcome.detail
    assert outcome.hint == (
        "use a kernel built with CONFIG_AUFS_FS (=y or =m), or use another storage driver"
    )


def test_built_in_but_not_listed_points_at_a_mismatched_proc(tmp_path: Path) -> None:
    (tmp_path / "proc").mkdir()
    (tmp_path / "proc" / "filesystems").write_text("nodev\tproc\n\text4\n")
    config = tmp_path / "config"
    config.write_text("# Linux/x86 6.1.0 Kernel Configuration\nCONFIG_BTRFS_FS=y\n")
    outcome = judge(tmp_path, ["btrfs"], config)
    assert outcome.status == "fail"
    assert outcome.detail == (
        f"{config} says CONFIG_BTRFS_FS=y (built in), yet btrfs is not listed: is /proc "
        "from another kernel than that configuration (a chroot, --root, or --kernel-config "
        "of another machine)?"
    )


def test_unreadable_proc_filesystems_is_an_error(tmp_path: Path) -> None:
    outcome = judge(tmp_path, ["overlay"])
    assert (outcome.status, outcome.observed) == (
        "error",
        "cannot read /proc/filesystems: No such file or directory",
    )
    (tmp_path / "proc" / "filesystems").mkdir(parents=True)
    assert judge(tmp_path, ["overlay"]).observed == "cannot read /proc/filesystems: Is a directory"


def test_parsing_keeps_the_nodev_column() -> None:
    parsed = parse_filesystems("nodev\tsysfs\n\text4\n\n   \nnodev\toverlay\n")
    assert parsed == {"sysfs": True, "ext4": False, "overlay": True}


def test_this_machine_gives_a_verdict() -> None:
    outcome = check({"names": ["ext4", "xfs", "btrfs"]}, CheckContext(Host(), Settings()))
    assert outcome.status in ("pass", "fail")
