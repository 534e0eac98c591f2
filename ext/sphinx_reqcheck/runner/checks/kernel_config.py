"""Check kind ``kernel-config``: kernel options built in (y) or modules (m).

The configuration is found and parsed once per run (see
:func:`sphinx_reqcheck.runner.kernel.config.shared_search`); each requirement then
judges its options against it, applying the table of renamed and removed options for the
kernel version the configuration itself declares.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..context import CheckContext, Outcome
from ..hints import enable_kernel_options
from ..kernel.config import NOT_FOUND_HINT, KernelConfig, not_found_detail, shared_search
from ..kernel.judge import FAIL, SKIP, judge_option, overall

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any


def check(params: Mapping[str, Any], ctx: CheckContext) -> Outcome:
    """Judge every option in ``params["options"]``; all must hold."""
    options = params.get("options") or []
    if isinstance(options, str):
        options = [options]
    search = shared_search(ctx)
    if search.config is None:
        if search.problems and len(search.problems) == len(search.tried) == 1:
            observed = f"kernel configuration unreadable: {search.problems[0]}"
        elif search.problems:
            observed = "no usable kernel configuration: " + "; ".join(search.problems)
        else:
            observed = "no kernel configuration found"
        return Outcome("error", observed, not_found_detail(search, ctx.host), hint=NOT_FOUND_HINT)
    config = search.config
    judgements = [judge_option(config, name) for name in options]
    status = overall(judgements)
    if status is None:
        return Outcome("error", "no options to check", "the requirement lists no options")
    observed = "; ".join(j.observed for j in judgements)
    to_enable = [j.to_enable for j in judgements if j.status == FAIL]
    return Outcome(
        status,
        observed,
        _detail(config, search.problems, status),
        hint=enable_kernel_options(to_enable) if to_enable else "",
    )


def _detail(config: KernelConfig, problems: Any, status: str) -> str:
    lines: list[str] = [f"read {config.source}: {config.version_label}"]
    if config.version is None:
        why = (
            "its header has no version line"
            if not config.running_kernel
            else "neither its header nor uname -r gave a version"
        )
        lines.append(
            f"kernel version unknown ({why}): options are judged as written, without the "
            "table of options renamed or removed by later kernels"
        )
    for problem in problems:
        lines.append(f"skipped {problem}")
    if status == SKIP:
        lines.append("every option of this requirement is gone from this kernel version")
    return "\n".join(lines)
