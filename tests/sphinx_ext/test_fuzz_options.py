"""Fuzzing the requirement directives' option reader: any option block gives warnings,
never an exception, whatever the kind, the quoting, the colons or the values (MyST's
reader directly; reST's through real builds, as it needs a docutils state)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_reqcheck.model import CHECK_KINDS
from sphinx_reqcheck.sphinx_ext.option_block import read_myst_options
from sphinx_reqcheck.sphinx_ext.parsing import known_options, parse_requirement

from .helpers import build_once, warnings_of

NAMES = sorted({name for kind in CHECK_KINDS.values() for name in known_options(kind)})
VALUES = st.text(max_size=40) | st.sampled_from(
    [
        "",
        '"Go: 1.3"',
        "[build, daemon]",
        "1." + "9" * 5000,
        "(a+)+$",
        "go(\\d+",
        "go version",
        'go "version',
        "build daemon",
        "required",
        "\u00e9\u00e8 \u2265 1.3",
        "a:b:c",
    ]
)
option_lines = st.one_of(
    st.tuples(st.sampled_from(NAMES) | st.text(max_size=10), VALUES).map(
        lambda pair: f":{pair[0]}: {pair[1]}"
    ),
    VALUES.map(lambda value: "   " + value),  # a continuation line
    st.text(max_size=30),  # anything at all
)
blocks = st.lists(option_lines, max_size=8)
kinds = st.sampled_from(sorted(CHECK_KINDS))


@settings(max_examples=300, deadline=None)
@given(kind=kinds, argument=st.text(max_size=20), lines=blocks)
def test_any_option_block_gives_problems_not_exceptions(
    kind: str, argument: str, lines: list[str]
) -> None:
    block = read_myst_options(lines, 0)
    parsed = parse_requirement(CHECK_KINDS[kind], argument, block.options)
    assert all(problem.message for problem in [*block.problems, *parsed.problems])


def _directive(kind: str, requirement_id: str, lines: list[str]) -> str:
    body = "".join(f"   {line}\n" for line in lines if "\n" not in line and "\r" not in line)
    return f".. req:{kind}:: {requirement_id}\n{body}\n   Some text.\n\n"


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(directives=st.lists(st.tuples(kinds, blocks), min_size=1, max_size=12))
def test_a_real_build_of_random_directives_only_warns(
    make_app: Any, directives: list[tuple[str, list[str]]]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "src"
        source.mkdir()
        (source / "conf.py").write_text('extensions = ["sphinx_reqcheck"]\n')
        text = "Fuzz\n====\n\n" + "".join(
            _directive(kind, f"r{index}", lines) for index, (kind, lines) in enumerate(directives)
        )
        (source / "index.rst").write_text(text, encoding="utf-8")
        app = build_once(make_app, "reqcheck", source, Path(scratch) / "out")
        warnings = warnings_of(app)
        assert "Exception occurred" not in warnings
        assert app.statuscode in (0, 1)
