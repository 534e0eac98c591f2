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

from ..model import CHECK_KINDS
from ..params import CheckKind
from .diagnostics import warn
from .nodes import requirement_block
from .option_block import (
    OptionBlock,
    read_myst_options,
    read_rst_options,
    rst_argument_and_options,
)
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

    def _options(self) -> tuple[str, OptionBlock, int]:
        """The id, the options, and the source line of the first option line."""
        if type(self.state).__module__.startswith("myst_parser."):
            argument = self.arguments[0] if self.arguments else ""
            return argument, read_myst_options(self.content, self.content_offset), self.lineno + 1
        lines = self.arguments[0].splitlines() if self.arguments else []
        argument, option_lines = rst_argument_and_options(lines)
        # The argument block starts on the directive's line, or below it when that is empty.
        after_name = self.block_text.partition("\n")[0].partition("::")[2]
        first = self.lineno + (0 if after_name.strip() else 1) + len(lines) - len(option_lines)
        return argument, read_rst_options(option_lines, self.state), first

    def run(self) -> list[nodes.Node]:
        """Validate, record in the domain, and render the requirement."""
        argument, block, first_line = self._options()
        parsed = parse_requirement(self.kind, argument, block.options)
        left_out = f"; {parsed.entry['id'] or 'this requirement'} is left out of the manifest"
        for problem in [*block.problems, *parsed.problems]:
            index = (
                problem.line if problem.line is not None else block.lines.get(problem.option or "")
            )
            line = self.lineno if index is None else first_line + index
            warn(problem.message + left_out, problem.subtype, (self.env.docname, line))
        valid = parsed.valid and not block.problems

        body = nested_parse_to_nodes(
            self.state,
            self.content[block.body_start :],
            offset=self.content_offset + block.body_start,
            allow_section_headings=False,
        )
        entry = parsed.entry
        entry["source"] = {"doc": self.env.docname, "line": self.lineno}
        entry["text"] = " ".join(" ".join(node.astext() for node in body).split())
        domain: RequirementDomain = self.env.domains["req"]  # type: ignore[assignment]
        index = domain.note_requirement(self.env.docname, entry, valid)
        return [requirement_block(entry, body, valid, index, domain.heads_at_read)]


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
