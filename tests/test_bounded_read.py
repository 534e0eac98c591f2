"""Input files are read with a cap and a file-type check: nothing hangs or fills memory.

Manifests and results files are capped at 256 MiB, kernel configurations at 64 MiB
after unpacking; FIFOs and devices are refused without waiting on them, in both wings.
"""

from __future__ import annotations

import gzip
import os
import stat
from pathlib import Path

import pytest

from sphinx_reqcheck.bounded_read import (
    KERNEL_CONFIG_LIMIT,
    MANIFEST_LIMIT,
    read_regular_file,
)
from sphinx_reqcheck.results import ResultsError, load_results
from sphinx_reqcheck.runner.checks import check_function
from sphinx_reqcheck.runner.cli import main
from sphinx_reqcheck.runner.context import CheckContext, Settings
from sphinx_reqcheck.runner.host import Host


def _fifo(tmp_path: Path, name: str = "pipe") -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


def _zero_device(tmp_path: Path) -> Path:
    # Our own node of /dev/zero (1, 5): endless bytes.
    path = tmp_path / "zero"
    os.mknod(path, stat.S_IFCHR | 0o444, os.makedev(1, 5))
    return path


def test_caps_are_the_documented_ones() -> None:
    assert (MANIFEST_LIMIT, KERNEL_CONFIG_LIMIT) == (256 << 20, 64 << 20)


def test_reader_refuses_a_file_one_byte_over_its_cap(tmp_path: Path) -> None:
    path = tmp_path / "data"
    path.write_bytes(b"x" * 1025)
    assert read_regular_file(path, 1025) == b"x" * 1025
    with pytest.raises(OSError, match="is larger than 1024 bytes"):
        read_regular_file(path, 1024)


@pytest.mark.parametrize("command", ["validate", "run", "list"])
def test_fifo_manifest_is_refused_not_waited_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert main([command, str(_fifo(tmp_path))]) == 2
    assert "is a FIFO (named pipe), not a regular file" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["validate", "run"])
def test_endless_device_as_manifest_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert main([command, str(_zero_device(tmp_path))]) == 2
    assert "is a character device, not a regular file" in capsys.readouterr().err


def test_manifest_over_256_mib_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:  # sparse: takes no disk
        handle.truncate(MANIFEST_LIMIT + 1)
    assert main(["validate", str(big)]) == 2
    assert "is larger than 256 MiB" in capsys.readouterr().err


def test_results_reader_refuses_fifo_and_device(tmp_path: Path) -> None:
    with pytest.raises(ResultsError, match="FIFO"):
        load_results(_fifo(tmp_path))
    with pytest.raises(ResultsError, match="character device"):
        load_results(_zero_device(tmp_path))


def test_handbook_with_a_fifo_as_results_warns(make_app, rootdir: Path, tmp_path: Path) -> None:
    from sphinx_ext.helpers import build_once, warnings_of

    app = build_once(
        make_app,
        "html",
        rootdir / "test-verdicts",
        tmp_path / "html",
        confoverrides={"reqcheck_results": str(_fifo(tmp_path))},
    )
    assert "is a FIFO (named pipe), not a regular file; building without verdicts" in (
        warnings_of(app)
    )


def _kernel_check(kernel_config: Path) -> tuple[str, str]:
    ctx = CheckContext(Host(), Settings(kernel_config=kernel_config))
    outcome = check_function("kernel-config")({"options": ["VETH"]}, ctx)
    return outcome.status, outcome.observed


def test_fifo_as_kernel_config_is_an_error_verdict(tmp_path: Path) -> None:
    status, observed = _kernel_check(_fifo(tmp_path, "config"))
    assert status == "error"
    assert "is a FIFO (named pipe), not a regular file" in observed


def test_gzip_bomb_as_kernel_config_stops_at_the_cap(tmp_path: Path) -> None:
    bomb = tmp_path / "config.gz"
    packer = gzip.compress(b"CONFIG_VETH=y\n" + b"\n" * KERNEL_CONFIG_LIMIT, compresslevel=9)
    bomb.write_bytes(packer)
    assert bomb.stat().st_size < KERNEL_CONFIG_LIMIT // 100
    status, observed = _kernel_check(bomb)
    assert status == "error"
    assert "unpacks to more than 64 MiB" in observed


def test_kernel_config_under_root_that_is_a_fifo_is_not_waited_on(tmp_path: Path) -> None:
    (tmp_path / "proc").mkdir()
    os.mkfifo(tmp_path / "proc/config.gz")
    ctx = CheckContext(Host(root=tmp_path), Settings())
    outcome = check_function("kernel-config")({"options": ["VETH"]}, ctx)
    assert outcome.status == "error"
    assert "/proc/config.gz: is a FIFO (named pipe), not a regular file" in outcome.detail


def test_fleet_results_that_are_a_fifo_are_refused(tmp_path: Path) -> None:
    from sphinx_reqcheck.fleet.matrix import FleetError, load_fleet

    with pytest.raises(FleetError, match="is a FIFO"):
        load_fleet(_fifo(tmp_path))
