"""The requirement directives, one per check kind, generated from the model.

``.. req:command-version:: go-version`` (reST) and ```` ```{req:command-version} go-version
```` (MyST) go through the same class. Options are accepted whatever their name and
validated here, so an unknown option is a typed ``reqcheck.option`` warning with file and
line rather than docutils' untyped error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, ClassVar, Optional

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..model import CHECK_KINDS, CheckKind
from .diagnostics import warn
from .nodes import requirement_block
from .parsing import parse_requirement

if TYPE_CHECKING:
    from .domain import RequirementDomain


class AnyOptionSpec(dict[str, Callable[[Optional[str]], Any]]):
    """An option spec that accepts every option name, keeping the raw text.

    Both docutils and MyST look converters up with ``spec[name]``; answering every name
    lets the directive report unknown options itself, typed and located.
    """

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> Callable[[str | None], Any]:
        converter: Callable[[str | None], Any] = directives.unchanged
        return converter

    def __bool__(self) -> bool:
        # MyST only looks for an option block when the spec is truthy.
        return True


class RequirementDirective(SphinxDirective):
    """Base class: one requirement of the kind named by :attr:`kind`."""

    kind: ClassVar[CheckKind]
    has_content = True
    required_arguments = 0
    optional_arguments = 1
    # Keep everything after the directive name, so "two ids" is our warning, not docutils'.
    final_argument_whitespace = True
    option_spec = AnyOptionSpec()

    def run(self) -> list[nodes.Node]:
        """Validate, record in the domain, and render the requirement."""
        argument = self.arguments[0] if self.arguments else ""
        parsed = parse_requirement(self.kind, argument, self.options)
        location = self.get_location()
        for problem in parsed.problems:
            warn(problem.message, problem.subtype, location)

        body = self.parse_content_to_nodes(allow_section_headings=False)
        entry = parsed.entry
        entry["source"] = {"doc": self.env.docname, "line": self.lineno}
        entry["text"] = " ".join(" ".join(node.astext() for node in body).split())
        domain: RequirementDomain = self.env.domains["req"]  # type: ignore[assignment]
        domain.note_requirement(self.env.docname, entry, parsed.valid)
        return [requirement_block(entry, body, parsed.valid)]


def requirement_directives() -> dict[str, type[RequirementDirective]]:
    """A directive class for every check kind in the model, keyed by kind name."""
    return {
        name: type(
            f"Requirement_{name.replace('-', '_')}",
            (RequirementDirective,),
            {"kind": kind, "__doc__": f"A requirement checked by kind {name!r}: {kind.doc}"},
        )
        for name, kind in CHECK_KINDS.items()
    }
