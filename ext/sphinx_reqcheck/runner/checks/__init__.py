"""Check kinds, one module each, found by name.

The module for kind ``command-version`` is ``command_version`` and defines
``check(params, ctx) -> Outcome``. Parameters are declared in :mod:`sphinx_reqcheck.model`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any, Callable

from ..context import CheckContext, Outcome
from ..import_lock import IMPORT_LOCK

CheckFunction = Callable[[Mapping[str, Any], CheckContext], Outcome]


def check_function(kind: str) -> CheckFunction:
    """The ``check`` function of a check kind's module."""
    with IMPORT_LOCK:
        module = importlib.import_module(f"{__name__}.{kind.replace('-', '_')}")
    return module.check  # type: ignore[no-any-return]
