"""A runner to carry: one executable zip file with the runner, the ELF reader and a manifest.

``python3 reqcheck.pyz`` on a build chroot or target host behaves like ``reqcheck run``
with the manifest sealed inside; ``python3 reqcheck.pyz list`` and the other sub-commands
work too. Only the host wing goes in: no Sphinx, no docutils.
"""

from __future__ import annotations

import compileall
import importlib.util
import py_compile
import shutil
import tempfile
import zipapp
from pathlib import Path
from typing import BinaryIO, cast

from .atomic import write_atomic

PACKAGE_DIR = Path(__file__).parent
# Parts of this package that the runner needs; the Sphinx side stays behind.
HOST_WING = (
    "__init__.py",
    "atomic.py",
    "bounded_read.py",
    "model.py",
    "params.py",
    "regex_safety.py",
    "records.py",
    "versions.py",
    "manifest.py",
    "json_input.py",
    "results.py",
    "schema.py",
    "runner",
)
# Third-party packages copied in when installed: the ELF reader (pure Python), so artifact
# checks work on hosts where nothing was pip-installed. The runner needs nothing else:
# subprocess-tee serves only ``reqcheck fleet`` and the builder, which stay behind.
VENDORED = ("elftools",)

MAIN = """\
from sphinx_reqcheck.runner.start import start

start(carried=True)
"""


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def _compile(staging: Path) -> None:
    """Put ``x.pyc`` beside each ``x.py``, where zipimport looks first.

    Python cannot cache bytecode inside a zip, so without these every start compiles every
    module it imports. They are this Python's bytecode; another version's zipimport finds
    the magic number wrong and compiles the ``.py`` as before. Unchecked hashes: zipimport
    would otherwise compare each file's time in the zip with the one recorded when compiled.
    """
    compileall.compile_dir(
        staging,
        quiet=2,
        legacy=True,
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )


def build_runner_zipapp(manifest: bytes, target: str | Path) -> Path:
    """Write ``target`` (atomically): the runner, its dependencies and ``manifest``."""
    target = Path(target)
    with tempfile.TemporaryDirectory(prefix="reqcheck-pyz-") as staging_name:
        staging = Path(staging_name)
        package = staging / "sphinx_reqcheck"
        package.mkdir()
        for part in HOST_WING:
            source = PACKAGE_DIR / part
            if source.is_dir():
                _copy_tree(source, package / part)
            else:
                shutil.copy2(source, package / part)
        (package / "data").mkdir()
        (package / "data" / "manifest.json").write_bytes(manifest)
        for name in VENDORED:
            found = _package_dir(name)
            if found is not None:
                _copy_tree(found, staging / name)
        (staging / "__main__.py").write_text(MAIN, encoding="utf-8")
        _compile(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(
            target,
            lambda stream: zipapp.create_archive(
                staging, cast(BinaryIO, stream), interpreter="/usr/bin/env python3", compressed=True
            ),
            binary=True,
            mode=0o755,
        )
    return target
