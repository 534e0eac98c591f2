"""Check kinds, one module each, found by name.

The module for kind ``command-version`` is ``command_version`` and defines
``check(params, ctx) -> Outcome``. Parameters are declared in :mod:`sphinx_reqcheck.model`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from ..context import CheckContext, Outcome
from ..import_lock import IMPORT_LOCK

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any, Callable

    CheckFunction = Callable[[Mapping[str, Any], CheckContext], Outcome]

# The check functions of the kinds imported so far. Only the first use of a kind takes the
# import lock: an ELF check holds it while pyelftools is imported (tens of milliseconds),
# and every other check would wait for that.
_IMPORTED: dict[str, CheckFunction] = {}


def check_function(kind: str) -> CheckFunction:
    """The ``check`` function of a check kind's module."""
    check = _IMPORTED.get(kind)
    if check is None:
        with IMPORT_LOCK:
            module = importlib.import_module(f"{__name__}.{kind.replace('-', '_')}")
        check = _IMPORTED[kind] = module.check
    return check
