"""Build docker/dockerinit pairs with the shape Docker v1.5.0's make.sh gives them.

What is followed (moby/moby at tag v1.5.0, where ``hack`` is a link to ``project``):

- ``hack/make.sh``: ``VERSION=$(cat ./VERSION)``; ``LDFLAGS`` sets
  ``dockerversion.GITCOMMIT`` and ``dockerversion.VERSION`` with ``-X`` and adds ``-w``
  unless ``DEBUG``; ``hash_files`` writes ``NAME.md5`` and ``NAME.sha256`` next to each
  built file, in the ``md5sum``/``sha256sum`` format, naming the file without a directory.
- ``hack/make/binary``: ``go build -o $DEST/docker-$VERSION`` with
  ``LDFLAGS_STATIC_DOCKER`` (``-X dockerversion.IAMSTATIC true`` and a static link), then
  ``ln -sf docker-$VERSION $DEST/docker`` and ``hash_files``.
- ``hack/make/dynbinary``: first ``.dockerinit`` (a static ``dockerinit-$VERSION``, a
  ``dockerinit`` link, ``DOCKER_INITSHA1`` = its ``sha1sum``, ``hash_files``), then
  ``binary`` again with ``LDFLAGS_STATIC_DOCKER`` replaced by ``-X dockerversion.INITSHA1``
  and ``-X dockerversion.INITPATH "$DOCKER_INITPATH"``: a dynamic daemon, no IAMSTATIC.
- ``dockerversion/dockerversion.go``: the five string variables. ``dockerinit/dockerinit.go``
  does not import the package, so the linker drops its ``-X`` values from dockerinit.

The Go program is a stand-in with those package paths (module ``github.com/docker/docker``,
built offline); static builds use ``CGO_ENABLED=0``, the dynamic daemon links with cgo.
Go 1.19 spells ``-X name value`` as ``-X name=value``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "github.com/docker/docker"
GO_MOD = f"module {PACKAGE}\n\ngo 1.19\n"
DOCKERVERSION = """package dockerversion

// The variables hack/make.sh sets with go build -ldflags -X.
var (
\tGITCOMMIT string
\tVERSION   string
\tIAMSTATIC string
\tINITSHA1  string
\tINITPATH  string
)
"""
DAEMON_MAIN = """package main

import (
\t"fmt"

\t"github.com/docker/docker/dockerversion"
)

func main() {
\tfmt.Println(dockerversion.VERSION, dockerversion.GITCOMMIT, dockerversion.IAMSTATIC,
\t\tdockerversion.INITSHA1, dockerversion.INITPATH)
}
"""
# Only built with cgo: it makes the dynbinary daemon a dynamic executable, as libc and
# libdevmapper make Docker's.
DAEMON_CGO = """package main

// int docker_cgo(void) { return 1; }
import "C"

var _ = C.docker_cgo
"""
DOCKERINIT_MAIN = """package main

import "os"

func main() {
\tos.Exit(0)
}
"""


def sha1_hex(path: Path) -> str:
    """The ``sha1sum`` of a file, as ``.dockerinit`` computes ``DOCKER_INITSHA1``."""
    return hashlib.sha1(path.read_bytes()).hexdigest()


def hash_files(built: Path) -> None:
    """make.sh's ``hash_files``: ``NAME.md5`` and ``NAME.sha256`` next to the file."""
    data = built.read_bytes()
    for algorithm in ("md5", "sha256"):
        digest = hashlib.new(algorithm, data).hexdigest()
        (built.parent / f"{built.name}.{algorithm}").write_text(f"{digest}  {built.name}\n")


@dataclass(frozen=True)
class Build:
    """One make.sh run's ``bundles/$VERSION`` and what it baked in."""

    bundle: Path
    version: str
    gitcommit: str
    initsha1: str

    @property
    def static_docker(self) -> Path:
        """``binary/docker-$VERSION``."""
        return self.bundle / "binary" / f"docker-{self.version}"

    @property
    def dynamic_docker(self) -> Path:
        """``dynbinary/docker-$VERSION``."""
        return self.bundle / "dynbinary" / f"docker-{self.version}"

    @property
    def dockerinit(self) -> Path:
        """``dynbinary/dockerinit-$VERSION``."""
        return self.bundle / "dynbinary" / f"dockerinit-{self.version}"


class GoTree:
    """The stand-in source tree, and ``go build`` the way make.sh calls it."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.tree = workdir / "src"
        for relative, text in (
            ("go.mod", GO_MOD),
            ("dockerversion/dockerversion.go", DOCKERVERSION),
            ("docker/docker.go", DAEMON_MAIN),
            ("docker/cgo.go", DAEMON_CGO),
            ("dockerinit/dockerinit.go", DOCKERINIT_MAIN),
        ):
            target = self.tree / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)

    def go_build(
        self,
        output: Path,
        package: str,
        xvars: dict[str, str],
        cgo: bool,
        debug: bool = False,
        strip: bool = False,
    ) -> Path:
        """``go build -o OUTPUT -ldflags '[-w] [-s] -X ...' ./PACKAGE``, offline; ``-s``
        drops the symbol table as a packager's ``-ldflags -s`` would."""
        flags = ([] if debug else ["-w"]) + (["-s"] if strip else [])
        flags += [f"-X '{PACKAGE}/dockerversion.{name}={value}'" for name, value in xvars.items()]
        env = {
            **os.environ,
            "CGO_ENABLED": "1" if cgo else "0",
            "GOFLAGS": "-mod=mod",
            "GOPROXY": "off",
            "GO111MODULE": "on",
            "GOPATH": str(self.workdir / "gopath"),
        }
        if not any(env.get(name) for name in ("GOCACHE", "XDG_CACHE_HOME", "HOME")):
            # go needs a build cache; the user's (kept between runs) when there is one.
            env["GOCACHE"] = str(self.workdir / "gocache")
        output.parent.mkdir(parents=True, exist_ok=True)
        argv = ["go", "build", "-o", str(output), "-ldflags", " ".join(flags), f"./{package}"]
        done = subprocess.run(argv, cwd=self.tree, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{' '.join(argv)} failed:\n{done.stdout}{done.stderr}"
        return output

    def make(
        self,
        bundles: Path,
        version: str = "1.5.0",
        gitcommit: str = "a8a31ef",
        initpath: str = "",
        debug: bool = False,
    ) -> Build:
        """``hack/make.sh binary dynbinary`` into ``bundles/$VERSION``."""
        bundle = bundles / version
        common = {"GITCOMMIT": gitcommit, "VERSION": version}
        binary = bundle / "binary"
        self.go_build(
            binary / f"docker-{version}", "docker", {**common, "IAMSTATIC": "true"}, False
        )
        _link_and_hash(binary / f"docker-{version}", "docker")
        dynbinary = bundle / "dynbinary"
        init = self.go_build(
            dynbinary / f"dockerinit-{version}", "dockerinit", common, False, debug
        )
        _link_and_hash(init, "dockerinit")
        initsha1 = sha1_hex(init)
        baked = {**common, "INITSHA1": initsha1, "INITPATH": initpath}
        self.go_build(dynbinary / f"docker-{version}", "docker", baked, True, debug)
        _link_and_hash(dynbinary / f"docker-{version}", "docker")
        return Build(bundle, version, gitcommit, initsha1)


def _link_and_hash(built: Path, link: str) -> None:
    (built.parent / link).symlink_to(built.name)
    hash_files(built)


def have_go_and_gcc() -> str | None:
    """Why the real-shape builds cannot run here, or None when they can."""
    missing = [tool for tool in ("go", "gcc") if shutil.which(tool) is None]
    return f"{' and '.join(missing)} not installed (CI installs both)" if missing else None


def copy_build(build: Build, bundles: Path) -> Build:
    """A copy of ``build`` under another ``bundles`` directory, links kept as links."""
    target = bundles / build.bundle.name
    shutil.copytree(build.bundle, target, symlinks=True)
    return Build(target, build.version, build.gitcommit, build.initsha1)


def strip(source: Path, target: Path) -> Path:
    """``strip -o TARGET SOURCE``: what a packager's dh_strip or install -s does."""
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["strip", "-o", str(target), str(source)], check=True, capture_output=True)
    return target
