"""Fuzzing the requirement directives' option reader: any option block gives warnings,
never an exception, whatever the kind, the quoting, the colons or the values (MyST's
reader directly; reST's through real builds, as it needs a docutils state)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_reqcheck.manifest import parse_manifest
from sphinx_reqcheck.model import CHECK_KINDS, CONDITIONS
from sphinx_reqcheck.sphinx_ext.export import build_manifest
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


# Values for each parameter type: valid ones, near misses, and arbitrary text.
PARAM_VALUES = {
    "text": ["x", "  two  words ", "\u00e9t\u00e9"],
    "version": ["1.3", "1.02.68", " 1.3 ", "v1", "1."],
    "regex": [r"go(\d+\.\d+)", "(a+)+$", "x(y", "no group"],
    "argv": ["go version", "sh -c ''", "'' go", "git 'a b'", '"" x', "a\\ b"],
    "names": ["git hg", "a,b", "x!", "DOCKER_DEBUG"],
    "paths": ["/a /b", "/usr/bin/x"],
}
CONDITION_VALUES = ["DOCKER_CLIENTONLY", "AUTO_GOPATH GOPATH", "apparmor selinux", "x!", "HOME"]


@st.composite
def requirement_options(draw: Any, kind: str) -> dict[str, str]:
    """An option block for ``kind`` that has every option it needs, with values that
    are often valid and sometimes nearly so."""
    options = {
        "title": draw(st.sampled_from(["Go", " a  title "]) | st.text(min_size=1, max_size=12)),
        "scope": draw(st.sampled_from(["build", "daemon, client", "build build"])),
    }
    if draw(st.booleans()):
        options["level"] = draw(st.sampled_from(["required", "recommended", "manual"]))
    for param in CHECK_KINDS[kind].params:
        if param.required or draw(st.booleans()):
            samples = list(param.choices) or PARAM_VALUES[param.type]
            options[param.option] = draw(st.sampled_from(samples) | st.text(max_size=12))
    for option, _ in CONDITIONS.values():
        if draw(st.booleans()):
            options[option] = draw(st.sampled_from(CONDITION_VALUES))
    return options


@settings(max_examples=400, deadline=None)
@given(data=st.data(), kind=kinds)
def test_what_a_directive_accepts_the_manifest_accepts(data: Any, kind: str) -> None:
    # The export validates the manifest again (export.write_manifest) and refuses to
    # write one it rejects, as an extension error; a directive that accepts a value the
    # manifest rejects (an empty argument in :argv: did) must warn instead.
    options = data.draw(requirement_options(kind))
    parsed = parse_requirement(CHECK_KINDS[kind], "some-id", options)
    if parsed.valid:
        record = {**parsed.entry, "source": {"doc": "index", "line": 1}, "text": ""}
        parse_manifest(build_manifest("project", "1", [record]))
