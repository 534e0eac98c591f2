"""buildtags: the form (separators) and, given `known`, the names."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from handbook_params import KNOWN_TAGS

from sphinx_reqcheck.model import CHECK_KINDS
from sphinx_reqcheck.params import check_params
from sphinx_reqcheck.runner.checks.buildtags import check
from sphinx_reqcheck.runner.context import CheckContext

KNOWN = {"known": KNOWN_TAGS}
FORM: dict[str, list[str]] = {}


@pytest.mark.parametrize("params", [FORM, KNOWN])
@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_no_tags_means_every_driver_is_built(
    elf_ctx: Callable[..., CheckContext], params: dict[str, list[str]], text: str
) -> None:
    outcome = check(params, elf_ctx(buildtags_text=text))
    assert outcome.status == "pass"
    assert outcome.observed == "no tags: all graph drivers built in"


@pytest.mark.parametrize("params", [FORM, KNOWN])
@pytest.mark.parametrize("text", ["apparmor,selinux", "apparmor;selinux", "apparmor, selinux"])
def test_commas_or_semicolons_fail_saying_how_to_write_it(
    elf_ctx: Callable[..., CheckContext], params: dict[str, list[str]], text: str
) -> None:
    outcome = check(params, elf_ctx(buildtags_text=text))
    assert outcome.status == "fail"
    assert "uses commas or semicolons" in outcome.observed
    assert outcome.detail.startswith(
        "separate tags with spaces: DOCKER_BUILDTAGS='apparmor selinux'"
    )


def test_quotes_inside_the_value_are_not_tags(elf_ctx: Callable[..., CheckContext]) -> None:
    outcome = check(FORM, elf_ctx(buildtags_text="'apparmor selinux'"))
    assert outcome.status == "fail"
    assert outcome.observed == 'not valid build tags: "\'apparmor", "selinux\'"'


def test_space_separated_known_tags_pass(elf_ctx: Callable[..., CheckContext]) -> None:
    text = "apparmor selinux\texclude_graphdriver_aufs"
    outcome = check(KNOWN, elf_ctx(buildtags_text=text))
    assert outcome.status == "pass"
    assert outcome.observed == "tags: apparmor selinux exclude_graphdriver_aufs (all known)"


def test_unknown_tag_fails_naming_it_and_the_known_ones(
    elf_ctx: Callable[..., CheckContext],
) -> None:
    outcome = check(KNOWN, elf_ctx(buildtags_text="apparmor selinx exclude_graphdriver_zfs"))
    assert outcome.status == "fail"
    assert outcome.observed == "unknown tags: selinx exclude_graphdriver_zfs"
    assert outcome.detail.startswith("known tags: apparmor selinux btrfs_noversion")


def test_form_check_alone_accepts_unknown_tags(elf_ctx: Callable[..., CheckContext]) -> None:
    outcome = check(FORM, elf_ctx(buildtags_text="apparmor selinx"))
    assert outcome.status == "pass"
    assert outcome.observed == "tags: apparmor selinx"


def test_both_forms_of_the_requirement_are_valid_manifest_checks() -> None:
    kind = CHECK_KINDS["buildtags"]
    assert check_params(kind, {}) == {}
    assert check_params(kind, KNOWN) == KNOWN
    assert kind.expected(KNOWN).startswith("space-separated tags from: apparmor selinux")
    assert kind.expected({}) == "tags separated by spaces"
