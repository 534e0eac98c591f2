"""The artifact-check tests' toolkit: session binaries by short name, check contexts,
make.sh bundle trees and installed roots, all built in the test's own ``tmp_path``.

The ``elf`` fixture in conftest.py hands one to each test.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

import pytest

from sphinx_reqcheck.runner.context import CheckContext, Outcome, Settings
from sphinx_reqcheck.runner.host import Host


def assert_hinted(outcome: Outcome) -> None:
    """A warn or fail says what to do on its detail's last line (``hint: ...``)."""
    assert outcome.detail.splitlines()[-1].startswith("hint: "), outcome.detail


def _install(target: Path, source: Path, mode: int = 0o755) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(mode)
    return target


# A binary named by the short name of a session fixture above ("static", "dynamic",
# "dynamic_stripped", "static_stripped"), or given as a path.
Binary = Union[str, Path]


@dataclass
class ElfKit:
    """What an artifact-check test builds with, in its own ``tmp_path``: the session's
    binaries by short name, check contexts, make.sh bundle trees and installed roots."""

    request: pytest.FixtureRequest
    tmp_path: Path

    def binary(self, name: Binary) -> Path:
        """A path as it is; a short name as the ``elf_<name>`` session binary."""
        if isinstance(name, Path):
            return name
        found: Path = self.request.getfixturevalue(f"elf_{name}")
        return found

    def ctx(
        self, root: Path | None = None, path: str | None = None, **settings: Any
    ) -> CheckContext:
        """A fresh CheckContext over a Host (``root``, PATH ``path``) and Settings."""
        host = Host(root=root, path=path if path is not None else "/usr/bin:/bin")
        return CheckContext(host, Settings(**settings), timeout=10)

    def install(self, target: Path, source: Binary, mode: int = 0o755) -> Path:
        """Copy a binary to ``target``, making directories."""
        return _install(target, self.binary(source), mode)

    def bundles(
        self,
        files: Mapping[str, Binary],
        version: str | None = "1.3.0",
        bundle_dir: str | None = None,
    ) -> Path:
        """A source tree with VERSION (unless None) and ``bundles/<dir>/<build>/<name>``
        copies; ``files`` maps "build/name" to a binary. Returns ``bundles``."""
        source = self.tmp_path / "docker"
        bundles = source / "bundles"
        bundles.mkdir(parents=True, exist_ok=True)
        if version is not None:
            (source / "VERSION").write_text(version + "\n")
        where = bundles / (bundle_dir or version or "1.3.0")
        for relative, binary in files.items():
            self.install(where / relative, binary)
        return bundles

    def bundle_ctx(self, files: Mapping[str, Binary], **options: Any) -> CheckContext:
        """A context whose --bundles is ``bundles(files, **options)``."""
        return self.ctx(bundles=self.bundles(files, **options))

    def root(self, files: Mapping[str, Binary], root: Path | None = None) -> Path:
        """An installed root (``tmp_path`` unless given) with ``files`` mapping host paths
        ("/usr/bin/docker") to binaries."""
        root = root or self.tmp_path
        for host_path, binary in files.items():
            self.install(root / host_path.lstrip("/"), binary)
        return root

    def installed_ctx(self, files: Mapping[str, Binary], **settings: Any) -> CheckContext:
        """A context on ``root(files)`` with PATH /usr/bin."""
        return self.ctx(root=self.root(files), path="/usr/bin", **settings)
