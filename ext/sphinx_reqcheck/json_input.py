"""Decoding JSON that may be hostile into a clear problem, never a traceback.

``json.loads`` alone lets three bad inputs through as the wrong error or none at all: a
key given twice in one object (the last silently wins, so ``requirements`` twice drops
one list), nesting deeper than Python's recursion limit (``RecursionError``), and an
integer longer than Python converts (``ValueError: Exceeds the limit``). Manifests and
results files both come through :func:`decode_json`. Pure Python: both wings use it.
"""

from __future__ import annotations

import json
import re
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any


class JsonProblem(ValueError):
    """Text that is not usable JSON; the message names the file and the place."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise JsonProblem(f"the key {key!r} appears twice in one object")
            seen.add(key)
    return value


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def decode_json(text: str, name: str) -> Any:
    """The value ``text`` holds; raise :class:`JsonProblem` naming ``name`` and the line."""
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise JsonProblem(f"{name} is not JSON: {error.msg} at line {error.lineno}") from None
    except JsonProblem as error:
        raise JsonProblem(f"{name}: {error}") from None
    except RecursionError:
        raise JsonProblem(f"{name}: arrays or objects nested too deeply to read") from None
    except ValueError:
        # Python 3.11+ refuses to convert integers longer than this (CVE-2020-10735).
        limit = getattr(sys, "get_int_max_str_digits", lambda: 4300)()
        long_number = re.search(rf"\d{{{limit + 1},}}", text)
        where = f" at line {_line_of(text, long_number.start())}" if long_number else ""
        raise JsonProblem(f"{name}: a number{where} has more than {limit} digits") from None
