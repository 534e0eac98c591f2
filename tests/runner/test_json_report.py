"""The JSON report writes each result with json's C encoder (``flat_object``), and must
give exactly the bytes ``json.dumps`` with ``indent`` gives, whatever the values."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_reqcheck.runner.reports.json_report import flat_object

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and the infinities too, which json writes as NaN and Infinity
    | st.text()
)
VALUES = SCALARS | st.lists(SCALARS, max_size=4) | st.dictionaries(st.text(), SCALARS, max_size=2)


def _indented(values: Any, level: int) -> str:
    text = json.dumps(values, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + "  " * level)


@settings(max_examples=500, deadline=None)
@given(values=st.dictionaries(st.text(), VALUES, max_size=12), level=st.integers(0, 3))
def test_a_result_is_written_as_json_dumps_with_indent_writes_it(
    values: dict[str, Any], level: int
) -> None:
    assert flat_object(values, level) == _indented(values, level)


def test_a_handbook_result_is_written_as_json_dumps_with_indent_writes_it() -> None:
    result = {
        "id": "go-version",
        "title": "Go 1.3 or later \u2265 \x1b",
        "scope": ["build", "daemon"],
        "level": "required",
        "status": "pass",
        "expected": "go 1.3 or later",
        "observed": "go1.19.8\n(exit status 0)",
        "detail": "",
        "hint": "",
        "digest": "0123abcd",
        "duration": 0.012345,
    }
    assert flat_object(result, 2) == _indented(result, 2)
    assert flat_object({**result, "scope": []}, 2) == _indented({**result, "scope": []}, 2)
