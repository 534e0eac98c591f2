"""``python -m sphinx_reqcheck.runner``: the ``reqcheck`` command."""

from __future__ import annotations

from .cli import run_and_exit

if __name__ == "__main__":
    run_and_exit()
