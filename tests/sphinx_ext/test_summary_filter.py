"""Which requirements a summary lists, decided from the record store's filters column."""

from __future__ import annotations

from sphinx_reqcheck.sphinx_ext.nodes import reqcheck_summary
from sphinx_reqcheck.sphinx_ext.summary import SummaryFilter

# As record_store.summary_filters writes them: level, then scopes; "" for invalid ones.
COLUMN = ["required build", "", "optional daemon", "required daemon client", "required build"]


def _summary(scope: list[str], level: list[str], local: bool = False) -> SummaryFilter:
    node = reqcheck_summary(scope=scope, level=level, local=local, docname="tools")
    return SummaryFilter(node)


def test_no_filter_lists_every_valid_requirement() -> None:
    assert _summary([], []).places("tools", COLUMN) == [0, 2, 3, 4]


def test_level_and_scope_filters_are_both_met() -> None:
    assert _summary([], ["required"]).places("tools", COLUMN) == [0, 3, 4]
    assert _summary(["daemon"], []).places("tools", COLUMN) == [2, 3]
    assert _summary(["daemon", "client"], ["required"]).places("tools", COLUMN) == [3]
    assert _summary(["kernel"], []).places("tools", COLUMN) == []


def test_a_local_summary_lists_its_own_page_only() -> None:
    summary = _summary([], [], local=True)
    assert summary.places("other", COLUMN) == []
    assert summary.places("tools", COLUMN) == [0, 2, 3, 4]


def test_decisions_carry_over_to_the_next_page() -> None:
    summary = _summary(["build"], [])
    assert summary.places("a", COLUMN) == [0, 4]
    assert summary.places("b", ["required build", "optional daemon", "optional build"]) == [0, 2]
