"""The kernel-config check agrees with the shell way (docker's contrib/check-config.sh)
on y / m / missing, and is right where the shell way is wrong."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from kernel_helpers import CONFIGS, HANDBOOK_OPTIONS, context, oracle, run

from sphinx_reqcheck.runner.checks.kernel_config import check
from sphinx_reqcheck.runner.host import Host
from sphinx_reqcheck.runner.kernel import config as kconfig

# -- agreement with the shell way (docker's contrib/check-config.sh) -----------------------


def test_the_handbook_option_list_is_read_whole() -> None:
    # The agreement tests below lean on this list; an empty or half-read file would
    # weaken them without failing them.
    assert len(HANDBOOK_OPTIONS) == len(set(HANDBOOK_OPTIONS)) == 33
    assert HANDBOOK_OPTIONS[0] == "NAMESPACES" and HANDBOOK_OPTIONS[-1] == "OVERLAY_FS"


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
