"""The ``reqcheck`` builder: writes ``manifest.json`` and nothing per page.

Reading fills the ``req`` domain; :meth:`ManifestBuilder.finish` exports it. No doctree is
resolved or written, so the builder costs little more than reading the sources.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from sphinx.builders import Builder
from sphinx.errors import ExtensionError
from sphinx.locale import __

from .config import read_config
from .diagnostics import logger

if TYPE_CHECKING:
    from docutils import nodes

    from .domain import RequirementDomain


class ManifestBuilder(Builder):
    """Export every valid requirement to ``<outdir>/manifest.json``."""

    name = "reqcheck"
    format = "reqcheck"
    epilog = __("The requirements manifest is in %(outdir)s.")
    allow_parallel = True

    def init(self) -> None:
        """Nothing to prepare: the manifest is built from the environment."""

    def get_outdated_docs(self) -> str:
        """The manifest depends on every document, so it is always re-exported."""
        return "the requirements manifest"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        """Links point into the HTML build, where the manifest's ``url``s lead."""
        return f"{docname}.html"

    def prepare_writing(self, docnames: AbstractSet[str]) -> None:
        """No per-document output."""

    def write_documents(self, docnames: AbstractSet[str]) -> None:
        """No per-document output: doctrees are neither resolved nor written.

        Sphinx keeps every doctree it has just read for this phase and lets go of each
        as a builder writes it; nothing is written here, so let go of them all. Kept,
        they stayed alive to the end of the process (every full collection walked them,
        and freeing them at exit took about 1 s of a 5,000-requirement build).
        """
        kept = getattr(self.env, "_write_doc_doctree_cache", None)
        if isinstance(kept, dict):
            kept.clear()

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        """No per-document output."""

    def finish(self) -> None:
        """Export the manifest: valid requirements, first of each id, in document order.

        Exit status 1 when any requirement was left out (invalid or a repeated id)."""
        # Imported here, as the runner below: other builders never export, and every
        # build's start-up counts (the export and the manifest model: about 2 ms).
        from .export import ManifestExportError, build_manifest, write_manifest

        domain: RequirementDomain = self.env.domains["req"]  # type: ignore[assignment]
        records: list[dict[str, Any]] = [
            record for record in domain.unique_records() if record["valid"]
        ]
        data = build_manifest(self.config.project, str(self.config.version), records)
        path = self.outdir / read_config(self.config).manifest_name
        try:
            write_manifest(path, data)
        except ManifestExportError as error:
            raise ExtensionError(str(error)) from None
        except OSError as error:
            raise ExtensionError(f"cannot write the manifest {path}: {error}") from None
        left_out = domain.count() - len(records)
        if left_out:
            # A manifest that silently lacks a requirement makes packagers believe a
            # check exists: fail the build, as the doctest builder does for failures.
            logger.info(
                __("%d requirement(s) left out of the manifest; see the warnings above."),
                left_out,
            )
            self._app.statuscode = 1
        # Imported here: only this builder carries or runs the runner.
        from .host_run import after_manifest

        after_manifest(self, path)
