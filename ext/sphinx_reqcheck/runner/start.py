"""How the ``reqcheck`` program starts: ``python -m sphinx_reqcheck.runner``, the
``reqcheck`` console script and ``reqcheck.pyz`` all come through :func:`start`.

The command line is imported with the cyclic garbage collector paused, and what the
imports made (tens of thousands of functions, classes and tables, all kept until the
process ends) is then frozen out of its reach: collections during the imports would walk
those objects again and again for nothing, about 2% of a handbook run.
"""

from __future__ import annotations

import gc
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import NoReturn


def start(carried: bool = False) -> NoReturn:
    """Run ``reqcheck`` with the process's arguments and exit with its status;
    ``carried``: as ``reqcheck.pyz``, where arguments without a sub-command mean ``run``."""
    gc.disable()
    try:
        from .arguments import run_by_default
        from .cli import run_and_exit
    finally:
        gc.freeze()
        gc.enable()
    run_and_exit(run_by_default(sys.argv[1:]) if carried else None)
