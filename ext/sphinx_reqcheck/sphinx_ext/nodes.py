"""Node classes for rendered requirements, and how they look.

Both nodes derive from :class:`docutils.nodes.container` and hold only standard docutils
children, so every writer renders them through its own ``visit_container`` (Sphinx's
translators dispatch along the class hierarchy). Only HTML gets its own wrapper, an
anchored ``<section>``; core visitors are never overridden.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.nodes import make_refnode

from ..model import CONDITIONS, describe_check, is_valid_id

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

    from .domain import RequirementDomain

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
CSS_FILE = "reqcheck.css"


class reqcheck_requirement(nodes.container):  # type: ignore[misc]
    """One rendered requirement: header, facts and body."""


class reqcheck_summary(nodes.container):  # type: ignore[misc]
    """Placeholder for a summary table, replaced once every document has been read."""


class reqcheck_head(nodes.Text):  # type: ignore[misc]
    """Where a requirement's title and facts go: its title and expected value in plain
    words, for the search index. HTML skips it and writes the head from the record; other
    formats get standard nodes in its place (:func:`expand_requirements`). An HTML build
    makes it as the document is read, so it is stored with the doctree and writing a page
    makes no node per requirement, nothing for the cyclic collector to age."""


INVALID_NOTE = (
    "This requirement has errors (see the build warnings) and is left out of the manifest."
)


def anchor(requirement_id: str) -> str:
    """The HTML id of a requirement's block (``req-<id>``)."""
    return f"req-{requirement_id}"


def requirement_refnode(
    builder: Builder, fromdocname: str, record: Mapping[str, Any], content: nodes.Node
) -> nodes.reference:
    """A link from ``fromdocname`` to the requirement's block, titled with its title."""
    return make_refnode(
        builder,
        fromdocname,
        record["source"]["doc"],
        anchor(record["id"]),
        content,
        record["title"],
    )


def inline_code(text: str) -> list[nodes.Node]:
    """Text where `backticked` parts become literals (the model writes commands that way)."""
    result: list[nodes.Node] = []
    for index, part in enumerate(re.split(r"`([^`]*)`", text)):
        if index % 2:
            result.append(nodes.literal(part, part))
        elif part:
            result.append(nodes.Text(part))
    return result


def describe_when(when: Mapping[str, list[str]]) -> str:
    """Conditions in words, e.g. "none of these build tags is set: exclude_graphdriver_btrfs"."""
    phrases = []
    for key, (_, doc) in CONDITIONS.items():
        if when.get(key):
            phrases.append(f"{doc.removeprefix('applies only when ')}: {', '.join(when[key])}")
    return "; and ".join(phrases)


def _fact(term: str, body: list[nodes.Node], name: str) -> nodes.definition_list_item:
    item = nodes.definition_list_item(classes=[f"reqcheck-{name}"])
    item += nodes.term(term, term)
    # Generated text quotes options such as "--root" literally: keep smartquotes off it.
    item += nodes.definition("", nodes.paragraph("", "", *body, support_smartquotes=False))
    return item


def _header(entry: Mapping[str, Any], valid: bool) -> list[nodes.Node]:
    meta = nodes.paragraph(classes=["reqcheck-meta"])
    meta += nodes.literal(entry["id"], entry["id"], classes=["reqcheck-id"])
    meta += nodes.Text(" ")
    level = entry["level"]
    meta += nodes.inline(level, level, classes=["reqcheck-level", f"reqcheck-level-{level}"])
    for scope in entry["scope"]:
        meta += nodes.Text(" ")
        meta += nodes.inline(scope, scope, classes=["reqcheck-scope"])
    if not valid:
        meta += nodes.Text(" ")
        meta += nodes.inline("invalid", "invalid", classes=["reqcheck-invalid-badge"])
    return [meta, _title(entry)]


def _facts(entry: Mapping[str, Any], valid: bool) -> nodes.Element:
    if not valid:
        return nodes.paragraph(INVALID_NOTE, INVALID_NOTE, classes=["reqcheck-invalid-note"])
    expected, method = describe_check(entry["check"])
    facts = nodes.definition_list(classes=["reqcheck-facts"])
    facts += _fact("Expected", inline_code(expected), "expected")
    facts += _fact("Checked by", inline_code(method), "method")
    if entry["when"]:
        words = describe_when(entry["when"])
        facts += _fact("Applies when", [nodes.Text(words)], "when")
    return facts


def facts_words(entry: Mapping[str, Any], valid: bool) -> str:
    """What the search index finds a requirement by besides its title: the expected
    value (a kernel option, a path, a command), on the page that defines it. (How it
    is checked is the same few words for every requirement of a kind.)"""
    if not valid:
        return ""
    expected, _ = describe_check(entry["check"])
    return expected.replace("`", "")


def requirement_block(
    entry: Mapping[str, Any], body: list[nodes.Node], valid: bool, index: int, with_head: bool
) -> reqcheck_requirement:
    """The requirement as read: an anchored block holding the body and where its record
    is in the ``req`` domain (document, place), not a copy: doctrees stay small; for an
    HTML build, its head too (:func:`search_head`).

    Header and facts are added by :func:`expand_requirements` when a builder resolves
    the doctree for output, so reading (all the ``reqcheck`` builder does) stays cheap.
    """
    classes = ["reqcheck-req", f"reqcheck-level-{entry['level']}"]
    if not valid:
        classes.append("reqcheck-invalid")
    block = reqcheck_requirement(classes=classes)
    if is_valid_id(entry["id"]):
        block["ids"].append(anchor(entry["id"]))
    block["reqcheck"] = {"doc": entry["source"]["doc"], "index": index}
    if with_head:
        block.append(search_head(entry, valid))
    block.extend(body)
    return block


def search_head(entry: Mapping[str, Any], valid: bool) -> reqcheck_head:
    """A requirement's head: the words the search index finds it by."""
    return reqcheck_head(f"{entry['title']} {facts_words(entry, valid)}")


def _title(entry: Mapping[str, Any]) -> nodes.paragraph:
    title = nodes.paragraph(classes=["reqcheck-title"])
    title += nodes.strong(entry["title"], entry["title"] or entry["id"])
    return title


def expand_requirements(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give each requirement block what the builder's format needs before its body.

    HTML writes chips, title and facts itself (see :mod:`.html`) and needs only the head,
    which an HTML build made when it read the document; one read by a builder of another
    format (sharing the doctree directory) gets it now. Other formats get the header
    (id, level, scopes, title) and facts as standard nodes, in place of any head.
    """
    as_html = app.builder.format == "html"
    domain: RequirementDomain = app.env.domains["req"]  # type: ignore[assignment]
    for block in doctree.findall(reqcheck_requirement):
        has_head = bool(block.children) and isinstance(block[0], reqcheck_head)
        place = block.get("reqcheck") or {}
        if (as_html and has_head) or place.get("expanded"):  # done, or resolved twice
            continue
        entry = domain.record_of(block)
        if entry is None:
            continue
        valid = entry["valid"]
        if as_html:
            block.insert(0, search_head(entry, valid))
        else:
            place["expanded"] = True
            block[0 : int(has_head)] = [*_header(entry, valid), _facts(entry, valid)]


def choose_heads(app: Sphinx) -> None:
    """HTML builds put each requirement's head into its doctree as it is read."""
    domain: RequirementDomain = app.env.domains["req"]  # type: ignore[assignment]
    domain.heads_at_read = app.builder.format == "html"


def add_static_path(app: Sphinx, config: Config) -> None:
    """Serve the extension's CSS (only HTML-like builders read ``html_static_path``);
    appending here keeps conf.py untouched. On ``config-inited``: Sphinx compares the
    configuration with the last build's after that, so a rebuild finds it unchanged."""
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path.append(str(STATIC_DIR))
