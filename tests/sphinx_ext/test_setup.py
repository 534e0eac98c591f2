"""setup(): the public registration API, and every kind reaching each place it must."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx_reqcheck.model import CHECK_KINDS
from sphinx_reqcheck.runner.checks import check_function
from sphinx_reqcheck.sphinx_ext.domain import RequirementDomain

from .helpers import build_once

ROOT = Path(__file__).resolve().parents[2]


def test_domain_parts_are_registered_through_sphinx(
    make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    app = build_once(make_app, "reqcheck", rootdir / "test-kinds-rst", tmp_path / "out")
    registered = app.registry.domain_directives["req"]
    assert set(registered) == {*CHECK_KINDS, "summary", "host-report"}
    assert set(app.registry.domain_roles["req"]) == {"ref"}
    # The class itself is left as declared: nothing edits it from other modules.
    assert RequirementDomain.directives == {}
    assert RequirementDomain.roles == {}


def test_every_kind_has_a_runner_module_a_reference_entry_and_a_readme_row() -> None:
    reference = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    readme_rows = re.findall(r"^\| `req:([a-z-]+)` \|", readme, flags=re.MULTILINE)
    for kind in CHECK_KINDS:
        # manual: no program checks it; the engine hands it to a person without a module.
        if kind != "manual":
            assert callable(check_function(kind)), kind
        assert f"{{req:{kind}}}" in reference, f"docs/reference.md shows no req:{kind}"
        assert f".. req:{kind}::" in reference, f"docs/reference.md has no reST req:{kind}"
    assert readme_rows == list(CHECK_KINDS)
