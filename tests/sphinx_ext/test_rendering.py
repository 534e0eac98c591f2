"""HTML output a packager can read; other builders do not crash."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docutils import nodes

from sphinx_reqcheck.sphinx_ext.nodes import reqcheck_head, reqcheck_requirement

from .helpers import build_once, warnings_of


@pytest.fixture
def html(make_app, rootdir, tmp_path):
    return build_once(
        make_app, "html", rootdir / "test-multi", tmp_path / "html", warningiserror=True
    )


def _page(app, name: str) -> str:
    return (Path(app.outdir) / name).read_text(encoding="utf-8")


def test_clean_root_builds_with_warnings_as_errors(make_app, rootdir, tmp_path) -> None:
    for root in ("kinds-rst", "kinds-md", "multi"):
        app = build_once(
            make_app, "html", rootdir / f"test-{root}", tmp_path / root, warningiserror=True
        )
        assert warnings_of(app) == ""


def test_requirement_block_is_anchored_and_labelled(html) -> None:
    page = _page(html, "alpha.html")
    block = re.search(
        r'<section class="[^"]*reqcheck-req[^"]*" id="req-alpha-one">.*?</section>', page, re.S
    )
    assert block, page
    text = block.group(0)
    assert '<span class="reqcheck-level reqcheck-level-required">required</span>' in text
    assert '<span class="reqcheck-scope">build</span>' in text
    assert "Go 1.3 or later" in text
    assert '<dt class="reqcheck-expected">Expected</dt><dd><p>\u2265 1.3</p></dd>' in text
    assert (
        '<dt class="reqcheck-method">Checked by</dt><dd><p>runs '
        '<code class="docutils literal notranslate">go version</code>' in text
    )
    # Order inside the block: chips, title, facts, body.
    positions = [
        text.index(marker)
        for marker in ("reqcheck-meta", "reqcheck-title", "reqcheck-facts", "Needs ")
    ]
    assert positions == sorted(positions)


def test_an_html_head_is_one_leaf_of_search_words(html) -> None:
    # HTML writes the title and facts from the record; the doctree keeps only their words
    # for the search index, as one text leaf made when the page is read (a big handbook
    # makes fewer objects, and writing it makes none per requirement).
    for doctree in (
        html.env.get_doctree("alpha"),
        html.env.get_and_resolve_doctree("alpha", html.builder, tags=html.builder.tags),
    ):
        head = next(iter(doctree.findall(reqcheck_requirement)))[0]
        assert isinstance(head, reqcheck_head)
        assert isinstance(head, nodes.Text)
        assert head.astext() == "Go 1.3 or later \u2265 1.3"
    terms = _page(html, "searchindex.js").partition('"terms":')[2]
    assert '"later":' in terms


def test_html_after_another_builder_read_the_pages_writes_the_same(
    make_app, rootdir, tmp_path
) -> None:
    # Only an HTML build stores heads with the doctrees it reads; HTML that reuses
    # doctrees another builder read (one doctree directory, as `make` mode shares) adds
    # them when it writes, and writes what a fresh HTML build writes.
    shared = tmp_path / "shared"
    manifest = build_once(make_app, "reqcheck", rootdir / "test-multi", shared)
    after = build_once(make_app, "html", rootdir / "test-multi", shared)
    for app in (manifest, after):  # HTML did not read the pages again
        block = next(iter(app.env.get_doctree("alpha").findall(reqcheck_requirement)))
        assert not any(isinstance(child, reqcheck_head) for child in block.children)
    fresh = build_once(make_app, "html", rootdir / "test-multi", tmp_path / "fresh")
    for name in ("alpha.html", "zeta.html", "summary.html", "searchindex.js"):
        assert _page(after, name) == _page(fresh, name), name


def test_conditions_are_described_in_words(make_app, rootdir, tmp_path) -> None:
    app = build_once(make_app, "html", rootdir / "test-kinds-rst", tmp_path / "html")
    page = _page(app, "index.html")
    assert "Applies when" in page
    assert "each of these variables is unset or empty: DOCKER_CLIENTONLY" in page
    assert "none of these build tags is set: exclude_graphdriver_btrfs" in page


def test_css_is_shipped_and_linked(html) -> None:
    assert (Path(html.outdir) / "_static" / "reqcheck.css").is_file()
    assert "_static/reqcheck.css" in _page(html, "index.html")


def test_role_links_with_title_or_explicit_text(html) -> None:
    page = _page(html, "alpha.html")
    assert re.search(
        r'<a class="reference internal" href="zeta.html#req-zeta-one"[^>]*>'
        r'<span class="reqcheck-ref">Kernel options for networking</span></a>',
        page,
    )
    assert re.search(r'href="zeta.html#req-zeta-two"[^>]*>.*?the other one', page, re.S)


def _summary_section(page: str, heading: str) -> str:
    start = page.index(f">{heading}<")
    end = page.find("<h2>", start)
    return page[start : end if end > 0 else None]


def test_summary_tables_filter_and_link(html) -> None:
    page = _page(html, "summary.html")
    everything = _summary_section(page, "All")
    assert everything.count("<tr") == 1 + 8
    assert 'href="zeta.html#req-zeta-one"' in everything
    assert 'href="#req-local-req"' in everything
    daemon = _summary_section(page, "Daemon only")
    assert re.findall(r'href="[^"]*#req-([a-z-]+)"', daemon) == ["zeta-one", "orphan-req"]
    optional = _summary_section(page, "Optional only")
    assert re.findall(r'href="[^"]*#req-([a-z-]+)"', optional) == ["zeta-two"]
    local = _summary_section(page, "Local only")
    assert re.findall(r'href="[^"]*#req-([a-z-]+)"', local) == ["local-req"]
    assert "No requirements match this summary." in _summary_section(page, "Nothing")
    for column in ("Requirement", "Scope, level", "Expected"):
        assert f"<p>{column}</p>" in everything


@pytest.mark.parametrize(
    "builder", ["text", "latex", "man", "singlehtml", "texinfo", "dirhtml", "epub", "xml"]
)
def test_other_builders_do_not_crash(make_app, rootdir, tmp_path, builder) -> None:
    for root in ("multi", "kinds-md"):
        app = build_once(make_app, builder, rootdir / f"test-{root}", tmp_path / root)
        assert "Traceback" not in warnings_of(app)
        assert any(Path(app.outdir).iterdir())


def test_text_output_is_readable(make_app, rootdir, tmp_path) -> None:
    app = build_once(make_app, "text", rootdir / "test-multi", tmp_path / "text")
    text = _page(app, "alpha.txt")
    assert '"alpha-one" required build' in text
    assert "Go 1.3 or later" in text
    assert "Expected" in text and "\u2265 1.3" in text
    assert 'runs "go version" and reads the version it prints' in text
