"""``python -m sphinx_reqcheck.runner``: the ``reqcheck`` command."""

from __future__ import annotations

from .start import start

if __name__ == "__main__":
    start()
