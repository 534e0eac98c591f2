"""The author reference page documents every directive and option, and its examples build.

The examples on ``docs/reference.md`` are shown as source, not rendered, so that their
``example-*`` ids stay out of the handbook's manifest. These tests lift every example out
of the page, build the MyST ones and the reST ones as two small Sphinx projects with
``-W``, and check that both languages give the same requirements.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from sphinx_reqcheck.model import CHECK_KINDS, CONDITIONS, LEVELS, SCOPES

from .handbook import DOCS, Build, sphinx_build

REFERENCE = DOCS / "reference.md"

CONF = """\
extensions = ["myst_parser", "sphinx_reqcheck"]
myst_enable_extensions = ["colon_fence", "deflist"]
project = "reference examples"
"""


def _examples(language: str) -> list[str]:
    """The code blocks of the reference page written in ``language`` (``md`` or ``rst``)."""
    tokens = MarkdownIt("commonmark").parse(REFERENCE.read_text(encoding="utf-8"))
    marker = "{req:" if language == "md" else "req:"
    return [
        token.content
        for token in tokens
        if token.type == "fence" and token.info.strip() == language and marker in token.content
    ]


def _sections() -> dict[str, str]:
    """The reference page's text per ``### `req:<kind>` `` heading."""
    text = REFERENCE.read_text(encoding="utf-8")
    parts = re.split(r"^### `req:([a-z-]+)`\n", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _project(root: Path, language: str) -> Path:
    root.mkdir(parents=True)
    (root / "conf.py").write_text(CONF, encoding="utf-8")
    blocks = _examples(language)
    if language == "md":
        body = "# Reference examples\n\n" + "\n\n".join(blocks)
        (root / "index.md").write_text(body, encoding="utf-8")
    else:
        body = "Reference examples\n==================\n\n" + "\n\n".join(blocks)
        (root / "index.rst").write_text(body, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Build]]:
    """Each language's examples built as HTML and as a manifest."""
    base = tmp_path_factory.mktemp("reference")
    result: dict[str, dict[str, Build]] = {}
    for language in ("md", "rst"):
        source = _project(base / f"src-{language}", language)
        result[language] = {
            builder: sphinx_build(builder, source, base / f"{builder}-{language}")
            for builder in ("html", "reqcheck")
        }
    return result


def _requirements(build: Build) -> list[dict[str, Any]]:
    data = json.loads((build.out / "manifest.json").read_text(encoding="utf-8"))
    # The source line differs between the two languages; everything else must agree.
    return [{k: v for k, v in entry.items() if k != "source"} for entry in data["requirements"]]


@pytest.mark.parametrize("language", ["md", "rst"])
@pytest.mark.parametrize("builder", ["html", "reqcheck"])
def test_examples_build_without_warnings(
    builds: dict[str, dict[str, Build]], language: str, builder: str
) -> None:
    build = builds[language][builder]
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr, build.stderr


def test_myst_and_rest_examples_give_the_same_requirements(
    builds: dict[str, dict[str, Build]],
) -> None:
    md = _requirements(builds["md"]["reqcheck"])
    rst = _requirements(builds["rst"]["reqcheck"])
    assert md == rst
    assert sorted(entry["check"]["kind"] for entry in md) == sorted(CHECK_KINDS)


@pytest.mark.parametrize("language", ["md", "rst"])
def test_every_kind_has_an_example_in_each_language(language: str) -> None:
    text = "\n".join(_examples(language))
    for kind in CHECK_KINDS:
        if language == "md":
            assert f"{{req:{kind}}} example-{kind}\n" in text, kind
        else:
            assert f".. req:{kind}:: example-{kind}\n" in text, kind


@pytest.mark.parametrize("language", ["md", "rst"])
def test_role_summary_and_host_report_have_examples_in_each_language(language: str) -> None:
    text = "\n".join(_examples(language))
    if language == "md":
        assert "{req:ref}`example-command-version`" in text
        assert "{req:ref}`the Go requirement <example-command-version>`" in text
        assert "{req:summary}" in text
        assert "{req:host-report}" in text
    else:
        assert ":req:ref:`example-command-version`" in text
        assert ".. req:summary::" in text
        assert ".. req:host-report::" in text


def test_every_kind_section_documents_each_of_its_options() -> None:
    sections = _sections()
    assert list(sections) == list(CHECK_KINDS)
    for name, kind in CHECK_KINDS.items():
        for param in kind.params:
            assert f"| `{param.option}` |" in sections[name], (name, param.option)


def test_common_options_scopes_levels_and_conditions_are_documented() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    for option in ("title", "scope", "level", "local"):
        assert f"`{option}`" in text, option
    for key, (option, _doc) in CONDITIONS.items():
        assert f"`{option}`" in text, option
        assert f"`when.{key}`" in text, key
    for name in [*SCOPES, *LEVELS]:
        assert f"`{name}`" in text, name


def test_reference_page_shows_no_live_requirement() -> None:
    # Live directives here would put example ids into the bundled manifest.
    tokens = MarkdownIt("commonmark").parse(REFERENCE.read_text(encoding="utf-8"))
    live = [t.info for t in tokens if t.type == "fence" and t.info.startswith("{req:")]
    assert live == []
