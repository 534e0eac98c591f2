#!/usr/bin/env python3
"""Check that the host wing and the carried runner work on Python 3.9, on any machine.

The runner (``reqcheck`` and ``reqcheck.pyz``) promises Python 3.9 and later. This script
builds ``reqcheck.pyz`` from the checkout, unpacks it, and checks every file in it (the
host wing, subprocess-tee and pyelftools) with two static minimum-version checkers:
vermin (target 3.9) and ruff's syntax check for a py39 target. Wherever a Python 3.9
interpreter can be found (``python3.9`` on the PATH, or a pyenv version 3.9.x, searched
for, never a fixed path), the unpacked runner is also run with it: ``list`` and
``validate`` on the bundled manifest, and a whole ``run``. ``tests/runner/test_fresh_env.py``
uses the same search to run its fresh-environment test on 3.9.

Usage::

    python tools/check_py39.py            # exit 0 when every check passed
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "ext"))
from sphinx_reqcheck.carry import build_runner_zipapp  # noqa: E402  (a bare checkout works)
from sphinx_reqcheck.manifest import bundled_manifest_path  # noqa: E402

TARGET = (3, 9)


def _is_python39(candidate: str) -> bool:
    try:
        probe = subprocess.run(
            [candidate, "-c", "import sys; print(tuple(sys.version_info[:2]))"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.stdout.strip() == str(TARGET)


def _pyenv_roots() -> list[str]:
    roots = [os.environ.get("PYENV_ROOT", ""), os.path.expanduser("~/.pyenv")]
    pyenv = shutil.which("pyenv")
    if pyenv:
        found = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False)
        roots.insert(0, found.stdout.strip())
    return [root for root in dict.fromkeys(roots) if root]


def find_python39() -> str | None:
    """A Python 3.9 interpreter on this machine, searched for; None when there is none."""
    candidates = [shutil.which("python3.9") or ""]
    for root in _pyenv_roots():
        candidates.extend(
            sorted(glob.glob(os.path.join(root, "versions", "3.9*", "bin", "python3.9")))
        )
    for candidate in dict.fromkeys(candidates):
        if candidate and _is_python39(candidate):
            return candidate
    return None


def _script(name: str) -> str:
    """A console script installed beside this interpreter (as tox installs them)."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name) or name


def _run(title: str, argv: list[str]) -> bool:
    print(f"== {title}", flush=True)
    done = subprocess.run(argv, check=False)
    print("ok" if done.returncode == 0 else f"FAILED (exit {done.returncode})", flush=True)
    return done.returncode == 0


def main() -> int:
    """Build and unpack reqcheck.pyz, check it statically, and run it on 3.9 if there is one."""
    with tempfile.TemporaryDirectory(prefix="reqcheck-py39-") as tmp:
        zipapp = Path(tmp) / "reqcheck.pyz"
        build_runner_zipapp(bundled_manifest_path().read_bytes(), zipapp)
        unpacked = Path(tmp) / "unpacked"
        with zipfile.ZipFile(zipapp) as archive:
            archive.extractall(unpacked)
        files = sorted(str(path) for path in unpacked.rglob("*.py"))
        results = [
            _run(
                "vermin, target 3.9, over reqcheck.pyz's contents",
                [
                    _script("vermin"),
                    "-q",
                    "--target=3.9-",
                    "--violations",
                    "--no-tips",
                    "--eval-annotations",
                    *files,
                ],
            ),
            _run(
                "ruff, py39 syntax, over reqcheck.pyz's contents",
                [
                    sys.executable,
                    "-m",
                    "ruff",
                    "check",
                    "--isolated",
                    "--no-cache",
                    "--target-version",
                    "py39",
                    "--select",
                    "E9",
                    *files,
                ],
            ),
        ]
        python39 = find_python39()
        if python39 is None:
            print("== no Python 3.9 interpreter on this machine: the static checks stand in")
        else:
            manifest = str(bundled_manifest_path())
            for argv in (["list"], ["validate", manifest], ["run", "--format", "json"]):
                done = subprocess.run(
                    [python39, str(zipapp), *argv],
                    capture_output=True,
                    text=True,
                    check=False,
                    timeout=600,
                )
                # run exits 1 when this host fails a required requirement; 2 is a crash.
                ok = done.returncode in ((0, 1) if argv[0] == "run" else (0,))
                ok = ok and "Traceback" not in done.stderr
                print(f"== {python39} reqcheck.pyz {argv[0]}: " + ("ok" if ok else "FAILED"))
                if not ok:
                    print(done.stderr)
                results.append(ok)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
