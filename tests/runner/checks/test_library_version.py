"""library-version asks pkg-config for a module's version."""

from __future__ import annotations

from fakehost import FakeTools

from sphinx_reqcheck.runner.checks import check_function

check = check_function("library-version")


def pkg_config(fake_tools: FakeTools) -> None:
    fake_tools.add_by_argument(
        "pkg-config", {"devmapper": ("1.02.185\n", 0), "sqlite3": ("3.40.1\n", 0)}
    )


def test_new_enough_module_passes(fake_tools: FakeTools) -> None:
    pkg_config(fake_tools)
    outcome = check({"module": "devmapper", "minimum": "1.02.68"}, fake_tools.context())
    assert (outcome.status, outcome.observed) == ("pass", "1.02.185")
    outcome = check({"module": "sqlite3", "minimum": "3.3"}, fake_tools.context())
    assert (outcome.status, outcome.observed) == ("pass", "3.40.1")


def test_old_module_fails_with_evidence(fake_tools: FakeTools) -> None:
    pkg_config(fake_tools)
    outcome = check(
        {"module": "devmapper", "minimum": "1.02.190", "package": "libdevmapper-dev"},
        fake_tools.context(),
    )
    assert outcome.status == "fail"
    assert "1.02.185 is older than 1.02.190" in outcome.detail
    assert "$ pkg-config --modversion devmapper" in outcome.detail
    assert outcome.hint == "install libdevmapper-dev, version 1.02.190 or later"


def test_unknown_module_fails_naming_it(fake_tools: FakeTools) -> None:
    pkg_config(fake_tools)
    outcome = check({"module": "libbtrfs", "minimum": "1.0"}, fake_tools.context())
    assert (outcome.status, outcome.observed) == ("fail", "pkg-config knows no libbtrfs")
    assert "(exit status 1)" in outcome.detail
    assert "Package libbtrfs was not found" in outcome.detail


def test_missing_pkg_config_fails_naming_it(fake_tools: FakeTools) -> None:
    outcome = check({"module": "devmapper", "minimum": "1.0"}, fake_tools.context())
    assert (outcome.status, outcome.observed) == ("fail", "pkg-config not found on PATH")
    assert "needed to find devmapper" in outcome.detail


def test_garbage_from_pkg_config_is_an_error(fake_tools: FakeTools) -> None:
    fake_tools.add("pkg-config", "unknown\n")
    outcome = check({"module": "devmapper", "minimum": "1.0"}, fake_tools.context())
    assert outcome.status == "error"
    assert "unknown" in outcome.detail
