"""HTML for requirement blocks, written straight by the node visitors.

In HTML the header chips (id, level, scopes), the title and the facts list are written as
markup by the visitors instead of being built as docutils nodes first: a handbook of
thousands of requirements then costs little more to write than the same text without the
extension. The search index still finds their words: the head node carries them as text
that the visitor skips.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..model import describe_check
from .nodes import INVALID_NOTE, describe_when, reqcheck_head, reqcheck_requirement

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

    from .domain import RequirementDomain


def _code_html(text: str) -> str:
    """Escaped text where `backticked` parts become code, as Sphinx writes literals."""
    parts = []
    for index, part in enumerate(re.split(r"`([^`]*)`", text)):
        if index % 2:
            parts.append(f'<code class="docutils literal notranslate">{html.escape(part)}</code>')
        else:
            parts.append(html.escape(part))
    return "".join(parts)


def meta_html(entry: Mapping[str, Any], valid: bool) -> str:
    """The chips line: id, level and scopes, all as words (not colour alone)."""
    level = html.escape(entry["level"])
    chips = [
        f'<code class="docutils literal notranslate reqcheck-id">{html.escape(entry["id"])}</code>',
        f'<span class="reqcheck-level reqcheck-level-{level}">{level}</span>',
        *(f'<span class="reqcheck-scope">{html.escape(scope)}</span>' for scope in entry["scope"]),
    ]
    if not valid:
        chips.append('<span class="reqcheck-invalid-badge">invalid</span>')
    return f'<p class="reqcheck-meta">{" ".join(chips)}</p>\n'


def facts_html(entry: Mapping[str, Any], valid: bool) -> str:
    """Expected value, how it is checked and when it applies, as a definition list."""
    if not valid:
        return f'<p class="reqcheck-invalid-note">{html.escape(INVALID_NOTE)}</p>\n'
    expected, method = describe_check(entry["check"])
    rows = [
        ("expected", "Expected", _code_html(expected)),
        ("method", "Checked by", _code_html(method)),
    ]
    if entry["when"]:
        rows.append(("when", "Applies when", html.escape(describe_when(entry["when"]))))
    items = "".join(
        f'<dt class="reqcheck-{name}">{term}</dt><dd><p>{text}</p></dd>\n'
        for name, term, text in rows
    )
    return f'<dl class="reqcheck-facts">\n{items}</dl>\n'


def visit_requirement_html(self: HTML5Translator, node: reqcheck_requirement) -> None:
    """Open an anchored ``<section>``; write the chips line, the title and the facts."""
    self.body.append(self.starttag(node, "section"))
    domain: RequirementDomain = self.builder.env.domains["req"]  # type: ignore[assignment]
    record = domain.record_of(node)
    if record is not None:
        title = self.encode(record["title"] or record["id"])
        self.body.append(meta_html(record, record["valid"]))
        self.body.append(f'<p class="reqcheck-title"><strong>{title}</strong></p>\n')
        self.body.append(facts_html(record, record["valid"]))


def depart_requirement_html(self: HTML5Translator, node: reqcheck_requirement) -> None:
    """Close the requirement's ``<section>``."""
    self.body.append("</section>\n")


def visit_head_html(self: HTML5Translator, node: reqcheck_head) -> None:
    """Skip the head: its words are for the search index, its facts are written above."""
    raise nodes.SkipNode
