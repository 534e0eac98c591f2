"""Benchmark: reading a daemon-sized Go binary our way vs. with binutils.

Our way: :func:`sphinx_reqcheck.runner.elf.read_elf` (section headers, symbol count,
program headers, dynamic section, Go build id and the dockerversion strings), in this
process. The binutils way: ``readelf -S -l -d -s`` in a subprocess, which prints the
same tables (and the full symbol listing) but leaves the reading to the caller.

The binary is a static Go program (CGO_ENABLED=0) pulling in net/http, crypto/tls,
encoding/json and text/template, with make.sh's ``-X dockerversion.*`` values, built in
a temporary directory; ``--binary FILE`` measures an existing binary instead (a real
docker-1.x, for instance). Prints the median of several runs.

    .venv/bin/python benchmarks/bench_elf.py [--runs N] [--binary FILE]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sphinx_reqcheck.runner.elf import read_elf

PROGRAM = """package main

import (
\t"crypto/tls"
\t"encoding/json"
\t"fmt"
\t"net/http"
\t"os/exec"
\t"text/template"

\t"example.com/daemon/dockerversion"
)

func main() {
\tfmt.Println(http.StatusOK, tls.VersionTLS12, json.Valid(nil), exec.ErrNotFound,
\t\ttemplate.HTMLEscapeString("x"), dockerversion.VERSION, dockerversion.GITCOMMIT)
}
"""
VERSION_PACKAGE = "package dockerversion\n\nvar (\n\tVERSION   string\n\tGITCOMMIT string\n)\n"


def build(where: Path) -> Path:
    """A daemon-like static Go binary, built in ``where``."""
    (where / "dockerversion").mkdir()
    (where / "go.mod").write_text("module example.com/daemon\n\ngo 1.19\n")
    (where / "main.go").write_text(PROGRAM)
    (where / "dockerversion" / "dockerversion.go").write_text(VERSION_PACKAGE)
    flags = "-X example.com/daemon/dockerversion.VERSION=1.3.0 "
    flags += "-X example.com/daemon/dockerversion.GITCOMMIT=c78088f"
    env = {
        **os.environ,
        "CGO_ENABLED": "0",
        "GOCACHE": str(where / "cache"),
        "GOPATH": str(where / "gopath"),
        "GOPROXY": "off",
        "GOFLAGS": "-mod=mod",
    }
    output = where / "docker"
    subprocess.run(
        ["go", "build", "-o", str(output), "-ldflags", flags, "."], cwd=where, env=env, check=True
    )
    return output


def median_seconds(action: object, runs: int) -> float:
    """The median wall time of ``runs`` calls of ``action``."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--binary", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        binary = args.binary
        if binary is None:
            if shutil.which("go") is None:
                parser.error("go is not installed; pass --binary FILE")
            binary = build(Path(temporary))
        info = read_elf(binary)
        print(f"binary: {binary} ({binary.stat().st_size / 1e6:.1f} MB, {info.architecture})")
        print(f"        {info.symbol_count} symbols; {info.linkage()}; {info.dockerversion}")
        ours = median_seconds(lambda: read_elf(binary), args.runs)
        argv = ["readelf", "-W", "-S", "-l", "-d", "-s", str(binary)]
        theirs = median_seconds(
            lambda: subprocess.run(argv, stdout=subprocess.DEVNULL, check=True), args.runs
        )
    print(f"read_elf (in process):      median {ours * 1000:7.1f} ms over {args.runs} runs")
    print(f"readelf -S -l -d -s (exec): median {theirs * 1000:7.1f} ms over {args.runs} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
