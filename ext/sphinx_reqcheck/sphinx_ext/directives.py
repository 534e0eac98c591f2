"""The requirement directives, one per check kind, generated from the model.

``.. req:command-version:: go-version`` (reST) and ```` ```{req:command-version} go-version
```` (MyST) go through the same class. Options are read by :mod:`.option_block` and validated
against the model, so an unknown option is a typed ``reqcheck.option`` warning with file
and line rather than docutils' untyped error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.parsing import nested_parse_to_nodes

from ..model import CHECK_KINDS, CheckKind
from .diagnostics import warn
from .nodes import requirement_block
from .option_block import read_options, split_leading_options
from .parsing import parse_requirement

if TYPE_CHECKING:
    from .domain import RequirementDomain


class RequirementDirective(SphinxDirective):
    """Base class: one requirement of the kind named by :attr:`kind`."""

    kind: ClassVar[CheckKind]
    has_content = True
    required_arguments = 0
    optional_arguments = 1
    # Keep everything after the directive name: with no option_spec, docutils passes the
    # option lines along with the id, and "two ids" is our warning, not docutils' error.
    final_argument_whitespace = True
    # Options are read by option_block (see there why), for reST and MyST alike.
    option_spec = None

    def _split(self) -> tuple[str, list[str], int]:
        """The id, the option lines and the index of the first body line of the content."""
        lines = self.arguments[0].splitlines() if self.arguments else []
        if lines and not lines[0].startswith(":"):
            argument, option_lines = lines[0], lines[1:]
        else:
            argument, option_lines = "", lines
        if option_lines:  # reST: options came with the argument, the content is the body
            return argument, option_lines, 0
        option_lines, body_start = split_leading_options(list(self.content))
        return argument, option_lines, body_start

    def run(self) -> list[nodes.Node]:
        """Validate, record in the domain, and render the requirement."""
        argument, option_lines, body_start = self._split()
        options, problems = read_options(option_lines)
        parsed = parse_requirement(self.kind, argument, options)
        location = self.get_location()
        left_out = f"; {parsed.entry['id'] or 'this requirement'} is left out of the manifest"
        for problem in [*problems, *parsed.problems]:
            warn(problem.message + left_out, problem.subtype, location)
        if problems:
            parsed.problems.extend(problems)

        body = nested_parse_to_nodes(
            self.state,
            self.content[body_start:],
            offset=self.content_offset + body_start,
            allow_section_headings=False,
        )
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
