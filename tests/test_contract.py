"""The two wings meet only in the contract: the model, the manifest and the results file."""

from __future__ import annotations

import configparser
import json
import subprocess
import sys
from pathlib import Path

from sphinx_reqcheck.model import ENV_KNOBS

ROOT = Path(__file__).resolve().parent.parent

IMPORT_THE_DOCS_WING = """
import json, pkgutil, importlib, sys
import sphinx_reqcheck.sphinx_ext as wing
names = [wing.__name__] + [
    f"{wing.__name__}.{info.name}" for info in pkgutil.iter_modules(wing.__path__)
]
for name in names:
    importlib.import_module(name)
print(json.dumps({"imported": names, "loaded": sorted(sys.modules)}))
"""


def test_the_docs_wing_imports_nothing_of_the_runner() -> None:
    # A fresh interpreter: in this one, other tests have long imported the runner.
    completed = subprocess.run(
        [sys.executable, "-c", IMPORT_THE_DOCS_WING],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(completed.stdout)
    assert "sphinx_reqcheck.sphinx_ext.verdicts" in report["imported"]
    assert len(report["imported"]) >= 15
    runner = [name for name in report["loaded"] if name.startswith("sphinx_reqcheck.runner")]
    assert runner == []


def test_tox_passes_every_environment_knob_to_the_runs() -> None:
    tox = configparser.ConfigParser()
    tox.read(ROOT / "tox.ini", encoding="utf-8")
    passed = {name.strip() for name in tox["testenv"]["pass_env"].split(",")}
    assert set(ENV_KNOBS) <= passed


def test_severity_orders_every_status_once() -> None:
    from sphinx_reqcheck.model import SEVERITY, STATUSES

    assert sorted(SEVERITY) == sorted(STATUSES)


def test_the_reference_page_names_every_environment_knob() -> None:
    reference = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    section = reference[reference.index("`if-env`") : reference.index("### Option values")]
    for name in ENV_KNOBS:
        assert f"`{name}`" in section, name
