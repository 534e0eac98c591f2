"""One lock for the imports made while checks run in threads.

The first use of a check kind imports its module (and what that imports), and the ELF
checks import pyelftools on first use. Concurrent first imports of modules that import
each other can hand one thread a half-initialised module (seen as "cannot import name"
from inside reqcheck.pyz on Python 3.9), so such imports happen one at a time.
"""

from __future__ import annotations

import threading

IMPORT_LOCK = threading.RLock()
