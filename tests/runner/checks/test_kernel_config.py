"""The kernel-config check: finding, reading and judging a kernel configuration.

Every test builds a real fake root in a temporary directory (or names a fixture file with
``Settings.kernel_config``) and calls the check directly, as the engine does.
"""

from __future__ import annotations

import gzip
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from kernel_helpers import CONFIGS, HANDBOOK_OPTIONS, RELEASE, context, place, run

from sphinx_reqcheck.runner.checks.kernel_config import check
from sphinx_reqcheck.runner.context import CheckContext
from sphinx_reqcheck.runner.host import Host
from sphinx_reqcheck.runner.kernel import config as kconfig
from sphinx_reqcheck.runner.kernel.judge import judge_option
from sphinx_reqcheck.runner.kernel.renames import CHANGES, PREDECESSORS

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
    if search.config is None:
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
