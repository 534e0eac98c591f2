"""The Sphinx side of sphinx-reqcheck (the docs wing).

Each feature lives in its own module; :func:`setup_extension` registers them all, top to
bottom in the order of ``sphinx/ext/todo.py``: config values, nodes, the domain with its
directives and role, the builder, then the event handlers in the order a build fires
them. Nothing here is imported by the runner, and nothing here imports the runner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils.nodes import inline

from .. import __version__
from .builder import ManifestBuilder
from .config import check_config, config_values
from .directives import requirement_directives
from .domain import RequirementDomain, RequirementRefRole, remember_shown, rewrite_dependents
from .fleet_report import (
    FLEET_CSS_FILE,
    FleetReportDirective,
    add_failing_hosts,
    fill_fleet_reports,
    load_fleet_results,
    outdated_by_fleet,
    reqcheck_fleet_report,
)
from .host_report import HostReportDirective, fill_host_reports, reqcheck_host_report
from .html import depart_requirement_html, visit_head_html, visit_requirement_html
from .nodes import (
    CSS_FILE,
    add_static_path,
    choose_heads,
    expand_requirements,
    reqcheck_head,
    reqcheck_requirement,
    reqcheck_summary,
)
from .streamed_rows import (
    depart_streamed_rows_html,
    reqcheck_streamed_rows,
    visit_streamed_rows_html,
)
from .summary import SummaryDirective, fill_summaries, save_tables
from .verdicts import add_verdicts, load_host_results, outdated_by_results, warn_stale

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Bump when the shape of the domain data stored in the pickled environment changes:
# Sphinx then rereads every document instead of trusting stale data.
ENV_VERSION = 6


def setup_extension(app: Sphinx) -> dict[str, Any]:
    """Register config values, nodes, the ``req`` domain, the builder and event handlers."""
    for name, default, description in config_values():
        app.add_config_value(name, default, "", types=[type(default)], description=description)

    # HTML writes requirement blocks itself; every other writer renders these containers
    # through its own visit_container.
    app.add_node(reqcheck_requirement, html=(visit_requirement_html, depart_requirement_html))
    app.add_node(reqcheck_head, html=(visit_head_html, None))
    app.add_node(reqcheck_summary)
    app.add_node(reqcheck_streamed_rows, html=(visit_streamed_rows_html, depart_streamed_rows_html))
    app.add_node(reqcheck_host_report)
    app.add_node(reqcheck_fleet_report)
    app.add_css_file(CSS_FILE)
    app.add_css_file(FLEET_CSS_FILE)

    app.add_domain(RequirementDomain)
    for kind, directive in requirement_directives().items():
        app.add_directive_to_domain("req", kind, directive)
    app.add_directive_to_domain("req", "summary", SummaryDirective)
    app.add_directive_to_domain("req", "host-report", HostReportDirective)
    app.add_directive_to_domain("req", "fleet-report", FleetReportDirective)
    ref = RequirementRefRole(innernodeclass=inline, warn_dangling=False)
    app.add_role_to_domain("req", "ref", ref)

    app.add_builder(ManifestBuilder)

    app.connect("config-inited", check_config)
    app.connect("config-inited", add_static_path)
    app.connect("builder-inited", choose_heads)
    app.connect("builder-inited", load_host_results)
    app.connect("builder-inited", load_fleet_results)
    app.connect("env-get-outdated", remember_shown)
    app.connect("env-get-outdated", outdated_by_results)
    app.connect("env-get-outdated", outdated_by_fleet)
    app.connect("env-updated", rewrite_dependents)
    app.connect("env-check-consistency", warn_stale)
    # When a doctree is resolved: each requirement's header and facts first, then its
    # verdict after them, then the tables and reports that need every document.
    app.connect("doctree-resolved", expand_requirements)
    app.connect("doctree-resolved", add_verdicts, priority=600)
    # The hosts of a fleet that fail a requirement close its block, after the verdict.
    app.connect("doctree-resolved", add_failing_hosts, priority=650)
    app.connect("doctree-resolved", fill_summaries)
    app.connect("doctree-resolved", fill_host_reports)
    app.connect("doctree-resolved", fill_fleet_reports)
    app.connect("build-finished", save_tables)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
