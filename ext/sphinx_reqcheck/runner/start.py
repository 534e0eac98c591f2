"""How the ``reqcheck`` program starts and ends: ``python -m sphinx_reqcheck.runner``, the
``reqcheck`` console script and ``reqcheck.pyz`` all come through :func:`start`, and
leave through :func:`end_process`.

The command line is imported with the cyclic garbage collector paused, and what the
imports made (tens of thousands of functions, classes and tables, all kept until the
process ends) is then frozen out of its reach: collections during the imports would walk
those objects again and again for nothing, about 2% of a handbook run.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import NoReturn


def start(carried: bool = False) -> NoReturn:
    """Run ``reqcheck`` with the process's arguments and exit with its status;
    ``carried``: as ``reqcheck.pyz``, where arguments without a sub-command mean ``run``."""
    gc.disable()
    try:
        from .arguments import run_by_default
        from .cli import main
    finally:
        gc.freeze()
        gc.enable()
    end_process(main(run_by_default(sys.argv[1:]) if carried else None))


def end_process(status: int) -> NoReturn:
    """Exit with ``status``.

    Python's own exit would now free every module and object one by one: about 8 ms of a
    handbook run, for memory the system takes back at once when the process ends. So the
    program does what that exit must still do, and ends the process: exit handlers run
    (``atexit``: logging's, under -v), and the standard streams are flushed, a flush that
    fails giving status 120 as Python's own exit does. While another thread still runs,
    Python's exit is left to wait for it. (The collector is frozen first, as that exit's
    collections need not walk every object for nothing.)
    """
    gc.freeze()
    if threading.active_count() > 1:
        sys.exit(status)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # ValueError: a stream closed meanwhile
            status = 120
    os._exit(status)
