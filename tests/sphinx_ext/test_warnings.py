"""Bad directives give typed warnings with file and line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import build_once, ids_of, manifest_of, warnings_of

# (file, line, subtype, words the message must contain); a problem with an option is
# reported at that option's own line.
EXPECTED = [
    ("index.rst", 12, "option", "unknown option :colour: for req:command"),
    ("index.rst", 14, "param", "missing :minimum: option, required by req:command-version"),
    ("index.rst", 23, "param", ":minimum: 'one.three' is not a version"),
    ("index.rst", 30, "param", ":pattern: 'go(\\\\d+' is not a valid regular expression"),
    ("index.rst", 35, "param", ":argv: 'go \"version' is not a command line"),
    ("index.rst", 40, "scope", "unknown scope 'everywhere'"),
    ("index.rst", 46, "level", "unknown level 'mandatory'"),
    ("index.rst", 49, "id", "req:command needs an id argument"),
    ("index.rst", 54, "option", "missing :title: option for req:command"),
    ("index.rst", 58, "id", "invalid requirement id 'Bad_ID'"),
    ("index.rst", 71, "ref", "req:ref to unknown requirement id 'no-such-requirement'"),
    ("index.rst", 73, "scope", "req:summary: unknown scope 'nowhere'"),
    ("bad-md.md", 7, "option", "unknown option :flavour: for req:command"),
    ("index.rst", 79, "option", "cannot read 'names git': write options as :name: value"),
    ("index.rst", 83, "option", "option :title: given twice"),
    # MyST reads option lines only while they start with ':'; the indented line is body.
    ("bad-md.md", 21, "scope", "missing :scope: option"),
]


@pytest.fixture
def warned(make_app, rootdir: Path, tmp_path: Path):
    return build_once(make_app, "reqcheck", rootdir / "test-warnings", tmp_path / "build")


def _line_for(text: str, path: str, line: int) -> str:
    prefix = f"{path}:{line}: "
    matches = [entry for entry in text.splitlines() if entry.startswith(prefix)]
    assert matches, f"no warning at {prefix!r} in:\n{text}"
    return "\n".join(matches)


@pytest.mark.parametrize(("filename", "line", "subtype", "words"), EXPECTED)
def test_warning_has_file_line_and_type(warned, rootdir, filename, line, subtype, words) -> None:
    text = warnings_of(warned)
    found = _line_for(text, str(rootdir / "test-warnings" / filename), line)
    assert "WARNING:" in found
    assert words in found
    assert f"[reqcheck.{subtype}]" in found


def test_unknown_kind_is_docutils_error_with_location(warned, rootdir) -> None:
    text = warnings_of(warned)
    found = _line_for(text, str(rootdir / "test-warnings" / "index.rst"), 63)
    assert 'Unknown directive type "req:nonsense"' in found
    assert "Traceback" not in text


def test_only_valid_requirements_are_exported(warned) -> None:
    assert ids_of(warned) == ["good-one", "continued", "md-yaml-options"]


def test_continuation_lines_and_yaml_option_blocks(warned) -> None:
    entries = {entry["id"]: entry for entry in manifest_of(warned)["requirements"]}
    assert entries["continued"]["title"] == "A title that goes on over two lines"
    yaml = entries["md-yaml-options"]
    assert (yaml["title"], yaml["scope"]) == ("Options as a YAML block", ["client", "daemon"])
    assert yaml["text"] == "Body after a YAML option block."


def test_invalid_requirements_are_still_rendered(make_app, rootdir, tmp_path) -> None:
    app = build_once(make_app, "html", rootdir / "test-warnings", tmp_path / "html")
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert 'id="req-bad-version"' in html
    assert "reqcheck-invalid" in html
    assert "left out of the manifest" in html
    assert "Lacks its minimum" in html


def test_suppress_warnings_silences_one_subtype(make_app, rootdir, tmp_path) -> None:
    app = build_once(
        make_app,
        "reqcheck",
        rootdir / "test-warnings",
        tmp_path / "build",
        confoverrides={"suppress_warnings": ["reqcheck.option"]},
    )
    text = warnings_of(app)
    assert "[reqcheck.option]" not in text
    assert "unknown option" not in text
    assert "[reqcheck.param]" in text
    assert "[reqcheck.scope]" in text
