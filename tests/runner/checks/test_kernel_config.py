"""The kernel-config check: finding, reading and judging a kernel configuration.

Every test builds a real fake root in a temporary directory (or names a fixture file with
``Settings.kernel_config``) and calls the check directly, as the engine does.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from sphinx_reqcheck.runner.checks.kernel_config import check
from sphinx_reqcheck.runner.cli import main
from sphinx_reqcheck.runner.context import CheckContext, Outcome, Settings
from sphinx_reqcheck.runner.host import Host
from sphinx_reqcheck.runner.kernel import config as kconfig
from sphinx_reqcheck.runner.kernel.judge import judge_option
from sphinx_reqcheck.runner.kernel.renames import CHANGES, PREDECESSORS

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


# -- classification -------------------------------------------------------------------


def test_built_in_and_module_both_pass_and_the_report_says_which() -> None:
    outcome = run(["CONFIG_NAMESPACES", "VETH"], "linux-3.10.config")
    assert outcome.status == "pass"
    assert outcome.observed == "CONFIG_NAMESPACES=y (built in); CONFIG_VETH=m (module)"
    assert "read " + str(CONFIGS / "linux-3.10.config") in outcome.detail


def test_explicitly_off_absent_and_n_are_told_apart() -> None:
    outcome = run(["BRIDGE", "VETH", "MACVLAN"], "linux-4.4-gaps.config")
    assert outcome.status == "fail"
    assert outcome.observed == (
        "CONFIG_BRIDGE is not set (explicitly off); CONFIG_VETH absent; CONFIG_MACVLAN=n (off)"
    )


def test_a_string_or_number_option_does_not_count_as_set() -> None:
    outcome = run(["NR_CPUS"], "linux-3.10.config")
    assert (outcome.status, outcome.observed) == ("fail", "CONFIG_NR_CPUS=64 (not y or m)")


def test_one_failing_option_fails_the_requirement() -> None:
    outcome = run(["NAMESPACES", "BRIDGE"], "linux-4.4-gaps.config")
    assert outcome.status == "fail"
    assert "CONFIG_NAMESPACES=y (built in)" in outcome.observed


# -- kernel version and the renames table ------------------------------------------


@pytest.mark.parametrize(
    ("file", "version"),
    [
        ("linux-3.10.config", (3, 10, 0)),
        ("linux-6.1.config", (6, 1, 192)),
        ("linux-4.4-gaps.config", (4, 4, 302)),
        ("linux-2.6.32.config", (2, 6, 32)),
        ("no-header.config", None),
    ],
)
def test_version_comes_from_the_config_header(file: str, version: tuple[int, ...] | None) -> None:
    data = (CONFIGS / file).read_bytes()
    parsed = kconfig.load_file(data, file, running_kernel=False, release="9.9.9")
    assert parsed.version == version


def test_removed_option_is_skipped_on_a_later_kernel() -> None:
    outcome = run(["RESOURCE_COUNTERS"], "linux-6.1.config")
    assert outcome.status == "skip"
    assert outcome.observed == (
        "CONFIG_RESOURCE_COUNTERS was removed in 3.19 (memory cgroups count pages with "
        "page_counter since 3.19); not needed on 6.1.192"
    )


def test_removed_option_is_still_required_on_an_older_kernel() -> None:
    outcome = run(["DEVPTS_MULTIPLE_INSTANCES"], "linux-4.4-gaps.config")
    assert (outcome.status, outcome.observed) == ("fail", "CONFIG_DEVPTS_MULTIPLE_INSTANCES absent")
    assert run(["DEVPTS_MULTIPLE_INSTANCES"], "linux-3.10.config").status == "pass"
    explicit_off = run(["DEVPTS_MULTIPLE_INSTANCES"], "linux-2.6.32.config")
    assert explicit_off.status == "fail"
    assert "is not set" in explicit_off.observed


def test_merged_option_checks_its_successor_and_says_so() -> None:
    outcome = run(["NF_NAT_IPV4", "NF_NAT_NEEDED"], "linux-6.1.config")
    assert outcome.status == "pass"
    assert outcome.observed == (
        "CONFIG_NF_NAT_IPV4 was merged into CONFIG_NF_NAT in 5.1, checked instead: "
        "CONFIG_NF_NAT=m (module); CONFIG_NF_NAT_NEEDED was merged into CONFIG_NF_NAT in "
        "5.2, checked instead: CONFIG_NF_NAT=m (module)"
    )


def test_renamed_option_checks_the_new_name_and_the_new_name_the_old_one() -> None:
    newer = run(["NETPRIO_CGROUP"], "linux-6.1.config")
    assert newer.status == "pass"
    assert "renamed to CONFIG_CGROUP_NET_PRIO in 3.14" in newer.observed
    older = run(["CGROUP_NET_PRIO"], "linux-3.10.config")
    assert older.status == "pass"
    assert "before 3.14 it was called CONFIG_NETPRIO_CGROUP: CONFIG_NETPRIO_CGROUP=m" in (
        older.observed
    )


def test_a_removed_option_alone_does_not_make_the_requirement_skip() -> None:
    outcome = run(["MEMCG_SWAP", "RESOURCE_COUNTERS", "CGROUP_PERF"], "linux-6.1.config")
    assert outcome.status == "pass"
    assert "merged into CONFIG_MEMCG in 6.1" in outcome.observed
    assert "RESOURCE_COUNTERS was removed in 3.19" in outcome.observed
    all_removed = run(["RESOURCE_COUNTERS", "DEVPTS_MULTIPLE_INSTANCES"], "linux-6.1.config")
    assert all_removed.status == "skip"
    worst = run(["RESOURCE_COUNTERS", "AUFS_FS"], "linux-6.1.config")
    assert (worst.status, worst.observed.endswith("CONFIG_AUFS_FS absent")) == ("fail", True)


def test_an_option_still_set_passes_whatever_the_table_says() -> None:
    # MEMCG_KMEM lingered as a hidden default-y symbol after 4.6: the file is trusted.
    outcome = run(["MEMCG_KMEM"], "linux-6.1.config")
    assert (outcome.status, outcome.observed) == ("pass", "CONFIG_MEMCG_KMEM=y (built in)")


def test_a_backported_merge_is_hinted_but_not_assumed() -> None:
    outcome = run(["NF_NAT_IPV4"], "linux-4.4-gaps.config")
    assert outcome.status == "fail"
    assert "CONFIG_NF_NAT=m (module) - if this kernel carries the 5.1 change" in outcome.observed


def test_unknown_version_is_judged_literally_and_said() -> None:
    outcome = run(["NF_NAT_NEEDED", "VETH"], "no-header.config")
    assert outcome.status == "fail"
    assert "kernel version unknown: judged without the table" in outcome.observed
    assert "kernel version unknown (its header has no version line)" in outcome.detail


def test_version_falls_back_to_uname_only_for_the_running_kernels_config(tmp_path: Path) -> None:
    text = (CONFIGS / "no-header.config").read_bytes()
    place(tmp_path, f"/boot/config-{RELEASE}", text)
    outcome = check({"options": ["VETH"]}, context(tmp_path))
    assert outcome.status == "pass"
    assert f"read /boot/config-{RELEASE}: kernel {RELEASE} (from the running kernel" in (
        outcome.detail
    )
    foreign = place(tmp_path, "/usr/src/linux/.config", text)
    (tmp_path / "boot" / f"config-{RELEASE}").unlink()
    outcome = check({"options": ["VETH"]}, context(tmp_path))
    assert "read /usr/src/linux/.config: kernel version unknown" in outcome.detail
    assert foreign.exists()


def test_every_table_entry_has_a_reason_and_a_consistent_successor() -> None:
    for name, change in CHANGES.items():
        assert change.option == name and change.why
        assert (change.successor is None) == (change.kind == "removed")
    assert PREDECESSORS["OVERLAY_FS"].option == "OVERLAYFS_FS"
    assert PREDECESSORS["CGROUP_NET_PRIO"].option == "NETPRIO_CGROUP"


# -- finding and reading the file ---------------------------------------------------


def test_search_order_prefers_proc_config_gz(tmp_path: Path) -> None:
    place(tmp_path, "/proc/config.gz", gzip.compress((CONFIGS / "linux-6.1.config").read_bytes()))
    place(tmp_path, f"/boot/config-{RELEASE}", (CONFIGS / "linux-3.10.config").read_bytes())
    outcome = check({"options": ["OVERLAY_FS"]}, context(tmp_path))
    assert outcome.status == "pass"
    assert outcome.detail.startswith(
        "read /proc/config.gz: kernel 6.1.192 (from the config header)"
    )


@pytest.mark.parametrize(
    "host_path",
    [
        "/proc/config.gz",
        "/boot/config-{release}",
        "/usr/src/linux-{release}/.config",
        "/usr/src/linux/.config",
        "/lib/modules/{release}/build/.config",
        "/usr/lib/modules/{release}/config",
    ],
)
def test_each_usual_place_is_found(tmp_path: Path, host_path: str) -> None:
    where = host_path.format(release=RELEASE)
    place(tmp_path, where, (CONFIGS / "linux-6.1.config").read_bytes())
    outcome = check({"options": ["VETH"]}, context(tmp_path))
    assert outcome.status == "pass"
    assert outcome.detail.startswith(f"read {where}:")


def test_gzip_is_told_by_its_magic_not_its_name(tmp_path: Path) -> None:
    packed = tmp_path / "config-plain-name"
    packed.write_bytes(gzip.compress((CONFIGS / "linux-3.10.config").read_bytes()))
    outcome = check({"options": ["VETH"]}, context(kernel_config=packed))
    assert (outcome.status, outcome.observed) == ("pass", "CONFIG_VETH=m (module)")


def test_no_config_anywhere_is_an_error_naming_the_places_and_the_remedies(
    tmp_path: Path,
) -> None:
    outcome = check({"options": ["VETH"]}, context(tmp_path))
    assert (outcome.status, outcome.observed) == ("error", "no kernel configuration found")
    assert f"(under {tmp_path})" in outcome.detail
    for where in ("/proc/config.gz", f"/boot/config-{RELEASE}", "/usr/src/linux/.config"):
        assert where in outcome.detail
    assert "modprobe configs" in outcome.detail
    assert "--kernel-config FILE" in outcome.detail


def test_corrupt_gzip_is_an_error_with_the_reason(tmp_path: Path) -> None:
    broken = tmp_path / "config.gz"
    broken.write_bytes(gzip.compress(b"CONFIG_VETH=m\n" * 50)[:40])
    outcome = check({"options": ["VETH"]}, context(kernel_config=broken))
    assert outcome.status == "error"
    assert f"{broken}: not a valid gzip file" in outcome.observed


def test_binary_junk_is_an_error(tmp_path: Path) -> None:
    junk = tmp_path / "vmlinuz"
    junk.write_bytes(bytes(range(256)) * 8)
    outcome = check({"options": ["VETH"]}, context(kernel_config=junk))
    assert outcome.status == "error"
    assert "binary data, not a kernel configuration" in outcome.observed


def test_a_text_file_without_options_is_an_error() -> None:
    outcome = run(["VETH"], "not-a-config.txt")
    assert outcome.status == "error"
    assert "no CONFIG_ options in it" in outcome.observed


def test_unreadable_file_is_an_error(tmp_path: Path) -> None:
    # The tests run as root, who reads any file whatever its mode; a directory where the
    # file should be gives the same OSError path (EISDIR) as a permission problem.
    directory = tmp_path / "config"
    directory.mkdir()
    outcome = check({"options": ["VETH"]}, context(kernel_config=directory))
    assert outcome.status == "error"
    assert outcome.observed == f"kernel configuration unreadable: {directory}: Is a directory"


def test_missing_explicit_file_is_an_error_and_no_other_file_is_used(tmp_path: Path) -> None:
    place(tmp_path, "/proc/config.gz", gzip.compress((CONFIGS / "linux-6.1.config").read_bytes()))
    outcome = check(
        {"options": ["VETH"]}, context(tmp_path, kernel_config=tmp_path / "nonexistent")
    )
    assert outcome.status == "error"
    assert "No such file or directory" in outcome.observed


def test_an_unusable_first_candidate_is_reported_and_the_next_one_used(tmp_path: Path) -> None:
    place(tmp_path, "/proc/config.gz", b"\x1f\x8b garbage")
    place(tmp_path, f"/boot/config-{RELEASE}", (CONFIGS / "linux-6.1.config").read_bytes())
    outcome = check({"options": ["VETH"]}, context(tmp_path))
    assert outcome.status == "pass"
    assert "skipped /proc/config.gz: not a valid gzip file" in outcome.detail


def test_only_corrupt_candidates_give_an_error_listing_them(tmp_path: Path) -> None:
    place(tmp_path, "/proc/config.gz", b"\x1f\x8b garbage")
    (tmp_path / "usr" / "src" / "linux" / ".config").mkdir(parents=True)
    outcome = check({"options": ["VETH"]}, context(tmp_path))
    assert outcome.status == "error"
    assert "/proc/config.gz: not a valid gzip file" in outcome.detail
    assert "/usr/src/linux/.config: Is a directory" in outcome.detail


def test_other_compressions_get_a_clear_answer(tmp_path: Path) -> None:
    packed = tmp_path / "config.xz"
    packed.write_bytes(b"\xfd7zXZ\x00" + b"\x00" * 32)
    outcome = check({"options": ["VETH"]}, context(kernel_config=packed))
    assert outcome.status == "error"
    assert "xz-compressed; unpack it" in outcome.observed


def counting_reads(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[CheckContext, list[str]]:
    """A context on ``root`` holding the 6.1 config at /proc/config.gz, and the list that
    records every host path the run reads from then on."""
    place(root, "/proc/config.gz", gzip.compress((CONFIGS / "linux-6.1.config").read_bytes()))
    reads: list[str] = []
    original = Host.read_bytes

    def counting(self: Host, host_path: str, limit: int = 1 << 26) -> bytes:
        reads.append(host_path)
        return original(self, host_path, limit)

    monkeypatch.setattr(Host, "read_bytes", counting)
    return context(root), reads


def test_the_config_is_read_once_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, reads = counting_reads(tmp_path, monkeypatch)
    for options in (["VETH"], ["BRIDGE"], ["NF_NAT_IPV4", "MEMCG_SWAP"]):
        assert check({"options": options}, ctx).status == "pass"
    assert reads == ["/proc/config.gz"]


def test_the_check_never_touches_the_root(tmp_path: Path) -> None:
    place(tmp_path, "/proc/config.gz", gzip.compress((CONFIGS / "linux-6.1.config").read_bytes()))
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    check({"options": ["VETH"]}, context(tmp_path))
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before


def test_this_machines_config_if_any_is_judged_without_error() -> None:
    search = kconfig.find_config(Host(), None)
    if not search.found:
        # Not a skip: a machine without a config must give the documented error.
        outcome = check({"options": ["NAMESPACES"]}, context())
        assert outcome.status == "error" and "modprobe configs" in outcome.detail
        return
    outcome = check({"options": ["NAMESPACES", "DEVPTS_MULTIPLE_INSTANCES"]}, context())
    assert outcome.status in ("pass", "fail", "skip")
    assert outcome.detail.startswith("read ")


def test_gzip_and_plain_copies_of_a_config_parse_the_same(tmp_path: Path) -> None:
    plain = CONFIGS / "linux-6.1.config"
    packed = tmp_path / "config.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    copied = tmp_path / "config"
    shutil.copy(plain, copied)
    a = kconfig.find_config(Host(), packed).config
    b = kconfig.find_config(Host(), copied).config
    assert a is not None and b is not None and a.values == b.values


# -- agreement with the shell way (docker's contrib/check-config.sh) -----------------------

# The handbook's options (issue 3), shared with benchmarks/bench_kernel.py.
HANDBOOK_OPTIONS = [
    line.strip()
    for line in (CONFIGS.parent / "handbook-kernel-options.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]


def test_the_handbook_option_list_is_read_whole() -> None:
    # The agreement tests below lean on this list; an empty or half-read file would
    # weaken them without failing them.
    assert len(HANDBOOK_OPTIONS) == len(set(HANDBOOK_OPTIONS)) == 33
    assert HANDBOOK_OPTIONS[0] == "NAMESPACES" and HANDBOOK_OPTIONS[-1] == "OVERLAY_FS"


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


def ours(config_file: Path, options: list[str]) -> dict[str, str]:
    """y / m / missing per option, from our parser (off, absent and values are missing)."""
    search = kconfig.find_config(Host(), config_file)
    assert search.config is not None, search.problems
    return {
        option: state if state in ("y", "m") else "missing"
        for option in options
        for state in [search.config.state(option)]
    }


def options_in(config_file: Path) -> list[str]:
    """Every option a file mentions, set or not, plus the handbook's."""
    search = kconfig.find_config(Host(), config_file)
    assert search.config is not None
    return sorted(set(search.config.values) | set(HANDBOOK_OPTIONS))


@pytest.mark.parametrize(
    "file", sorted(p.name for p in CONFIGS.glob("*.config")), ids=lambda name: name
)
def test_classification_agrees_with_the_shell_way_on_fixture_configs(
    file: str, tmp_path: Path
) -> None:
    options = options_in(CONFIGS / file)
    assert ours(CONFIGS / file, options) == oracle(CONFIGS / file, options)
    packed = tmp_path / "config.gz"
    packed.write_bytes(gzip.compress((CONFIGS / file).read_bytes()))
    assert ours(packed, options) == oracle(packed, options)


def real_configs() -> list[Path]:
    """This machine's own configuration files, where there are any."""
    found = [Path("/proc/config.gz"), *sorted(Path("/boot").glob("config-*"))]
    return [path for path in found if path.is_file()]


def test_classification_agrees_with_the_shell_way_on_this_machines_config() -> None:
    configs = real_configs()
    for config_file in configs:
        # Every 8th option the file mentions (a spread of y, m, off and values) and the
        # handbook's: one grep per option is slow on a 4000-line file.
        options = sorted(set(options_in(config_file)[::8]) | set(HANDBOOK_OPTIONS))
        assert ours(config_file, options) == oracle(config_file, options), config_file
    # No real config is not a reason to pass silently: the fixtures above still ran.
    assert configs or not Path("/proc/config.gz").exists()


# Where the shell way is wrong and we are right. It classifies the same (above); the
# difference is in the verdict.


def test_where_the_shell_way_is_wrong_removed_and_merged_options() -> None:
    options = ["DEVPTS_MULTIPLE_INSTANCES", "NF_NAT_IPV4", "NF_NAT_NEEDED", "MEMCG_SWAP"]
    naive = oracle(CONFIGS / "linux-6.1.config", options)
    assert set(naive.values()) == {"missing"}  # a literal checker fails all four
    for option in options:
        assert run([option], "linux-6.1.config").status in ("pass", "skip"), option


def test_where_the_shell_way_is_wrong_a_config_of_another_kernel(tmp_path: Path) -> None:
    # check-config.sh takes the version from `uname -r` even for a file passed to it, so
    # on this machine it would not ask a 3.10 configuration for RESOURCE_COUNTERS at all,
    # and would ask a 6.1 one for options that kernel no longer has if run on an old host.
    # We read the version from the file's own header.
    trimmed = [
        line
        for line in (CONFIGS / "linux-3.10.config").read_text().splitlines()
        if "RESOURCE_COUNTERS" not in line
    ]
    assert run(["RESOURCE_COUNTERS"], "linux-3.10.config").status == "pass"
    with_gap = tmp_path / "linux-3.10-without-resource-counters.config"
    with_gap.write_text("\n".join(trimmed) + "\n")
    outcome = check({"options": ["RESOURCE_COUNTERS"]}, context(kernel_config=with_gap))
    assert (outcome.status, outcome.observed) == ("fail", "CONFIG_RESOURCE_COUNTERS absent")
    assert "kernel 3.10.0 (from the config header)" in outcome.detail


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
    assert "modprobe configs" in results["kernel.required"]["detail"]


@pytest.mark.parametrize(
    ("header", "version", "text"),
    [
        ("# Linux/x86 6.1.192 Kernel Configuration", (6, 1, 192), "6.1.192"),
        ("# Linux/x86_64 3.10.0 Kernel Configuration", (3, 10, 0), "3.10.0"),
        ("# Linux kernel version: 2.6.32", (2, 6, 32), "2.6.32"),
        (
            "# Linux/x86_64 4.18.0-240.el8.x86_64 Kernel Configuration",
            (4, 18, 0),
            "4.18.0-240.el8.x86_64",
        ),
        ("# Linux/arm64 5.10.0-rc1 Kernel Configuration", (5, 10, 0), "5.10.0-rc1"),
        ("# Linux/x86 6.8 Kernel Configuration", (6, 8, 0), "6.8"),
        ("# Not Linux 1.2.3", None, ""),
    ],
)
def test_header_variants(header: str, version: tuple[int, int, int] | None, text: str) -> None:
    _, parsed, parsed_text = kconfig.parse(f"#\n{header}\n#\nCONFIG_VETH=m\n", "test")
    assert (parsed, parsed_text) == (version, text)


def test_a_release_candidate_already_has_the_merge_window_changes() -> None:
    values = {"NF_NAT": "m"}
    config = kconfig.KernelConfig("test", values, (5, 1, 0), "5.1.0-rc1", "config header")
    assert judge_option(config, "NF_NAT_IPV4").status == "pass"


def test_parallel_checks_share_one_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, reads = counting_reads(tmp_path, monkeypatch)
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(lambda o: check({"options": [o]}, ctx), HANDBOOK_OPTIONS))
    assert reads == ["/proc/config.gz"]
    assert len(outcomes) == len(HANDBOOK_OPTIONS)
