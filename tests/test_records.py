"""The runner's records behave as dataclasses do, for every feature the records use."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Callable

import pytest

from sphinx_reqcheck import records


def _shapes(dataclass: Callable[..., Any], field: Callable[..., Any]) -> dict[str, type]:
    """The same classes, made by ``dataclass`` and ``field`` (real or records')."""

    @dataclass(frozen=True)
    class Point:
        x: int
        y: int = 0
        tags: tuple[str, ...] = field(default_factory=tuple)
        note: str = field(default="", repr=False, compare=False, metadata={"doc": "a note"})

    @dataclass(frozen=True)
    class Counted:
        counts: Mapping[str, int]

        def total(self) -> int:
            return sum(self.counts.values())

    @dataclass(frozen=True)
    class Labelled(Counted):
        label: str

    @dataclass(frozen=True)
    class Derived:
        values: tuple[int, ...]
        total: int = field(init=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "total", sum(self.values))

    @dataclass(frozen=True)
    class OwnEquality:
        text: str

        def __eq__(self, other: object) -> bool:
            return isinstance(other, OwnEquality) and self.text.lower() == other.text.lower()

        def __hash__(self) -> int:
            return hash(self.text.lower())

    @dataclass(frozen=True)
    class Slotted:
        __slots__ = ("a", "b")
        a: int
        b: str

    @dataclass
    class Mutable:
        name: str
        seen: list[str] = field(default_factory=list)

    return {cls.__name__: cls for cls in (Point, Labelled, Derived, OwnEquality, Slotted, Mutable)}


REAL = _shapes(dataclasses.dataclass, dataclasses.field)
OURS = _shapes(records.dataclass, records.field)

CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("Point", (1,), {}),
    ("Point", (1, 2, ("a",)), {"note": "n"}),
    ("Labelled", ({"pass": 2, "fail": 1},), {"label": "x"}),
    ("Derived", ((1, 2, 3),), {}),
    ("OwnEquality", ("Abc",), {}),
    ("Slotted", (1, "b"), {}),
    ("Mutable", ("m",), {}),
]


def _outcome(action: Callable[[], Any]) -> Any:
    try:
        return ("value", repr(action()))
    except Exception as error:  # the same exception type and message, or the same value
        return ("raises", isinstance(error, AttributeError), type(error) is TypeError, str(error))


def _behaviour(cls: type, args: Any, kwargs: Any) -> list[Any]:
    one, two = cls(*args, **kwargs), cls(*args, **kwargs)
    first = _names(cls)[0]
    return [
        repr(one),
        one == two,
        one != two,
        one == "other",
        _outcome(lambda: hash(one) == hash(two)),
        _outcome(lambda: setattr(one, first, 5)),
        _outcome(lambda: delattr(two, first)),
        _outcome(lambda: cls()),
        _outcome(lambda: cls(*args, *args, **kwargs)),
        [getattr(one, field) for field in _names(cls)],
    ]


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES)
def test_records_behave_as_dataclasses(name: str, args: Any, kwargs: Any) -> None:
    assert _behaviour(OURS[name], args, kwargs) == _behaviour(REAL[name], args, kwargs)


def _names(cls: type) -> list[str]:
    try:
        return [field.name for field in dataclasses.fields(cls)]
    except TypeError:
        return [field.name for field in records.fields(cls)]


def test_fields_and_fresh_defaults() -> None:
    assert _names(OURS["Labelled"]) == _names(REAL["Labelled"]) == ["counts", "label"]
    assert _names(OURS["Derived"]) == ["values", "total"]
    first, second = OURS["Mutable"]("a"), OURS["Mutable"]("b")
    first.seen.append("x")
    first.name = "renamed"  # a mutable record takes assignments
    assert second.seen == [] and first.name == "renamed"
    assert OURS["Labelled"]({"a": 1}, "l").total() == 1


def test_metadata_is_kept_read_only_as_dataclass_keeps_it() -> None:
    ours = {field.name: field.metadata for field in records.fields(OURS["Point"])}
    real = {field.name: field.metadata for field in dataclasses.fields(REAL["Point"])}
    assert ours == {name: dict(metadata) for name, metadata in real.items()}
    assert ours["note"]["doc"] == "a note" and ours["x"] == {}
    with pytest.raises(TypeError):
        ours["note"]["doc"] = "changed"  # type: ignore[index]


def test_ordering_is_not_generated() -> None:
    with pytest.raises(TypeError, match="ordering"):
        records.dataclass(order=True)
