"""``@dataclass`` for the runner's records, without its cost at start-up.

``dataclasses.dataclass`` writes and compiles five or six methods per class and imports
``inspect`` (with ``ast``, ``dis`` and ``tokenize``): about 1.3 ms per frozen class, and a
run of the handbook defines 30 of them, 40 ms of a 390 ms process. The runner's records
use a small part of it (fields with defaults or factories, ``init=False`` fields set in
``__post_init__``, ``repr=False``/``compare=False``, ``frozen``, inheritance), so this
module gives that part: ``__init__`` is compiled per class (it runs once per instance, so
it must be fast), and ``__repr__``, ``__eq__``, ``__hash__`` and the frozen
``__setattr__``/``__delattr__`` are shared functions that read the class's field list.
They behave as the dataclass ones do for these classes (tests/test_records.py compares
them with real dataclasses). A method the class defines itself is kept, as dataclass does.

Type checkers see :mod:`dataclasses` itself, so mypy checks every record as a dataclass.
"""

from __future__ import annotations

import sys
from types import MappingProxyType, MemberDescriptorType

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any, Callable

_MISSING: Any = object()


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a frozen record (as ``dataclasses.FrozenInstanceError``)."""


class Field:
    """One field of a record: its name, default or factory, and where it takes part.
    Made with the keywords of ``dataclasses.field`` (this is ``field`` at run time)."""

    __slots__ = ("compare", "default", "default_factory", "init", "metadata", "name", "repr")

    def __init__(
        self,
        *,
        default: Any = _MISSING,
        default_factory: Any = _MISSING,
        init: bool = True,
        repr: bool = True,
        compare: bool = True,
        metadata: Any = None,
    ) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare
        self.metadata = MappingProxyType(dict(metadata or {}))


def _fields(cls: type) -> tuple[Field, ...]:
    """The record's fields, base classes' first (as ``dataclasses.fields``)."""
    fields: tuple[Field, ...] = vars(cls)["__record_fields__"]
    return fields


def _annotations(cls: type) -> dict[str, Any]:
    # The class's own annotations: Python 3.14 computes them on first use (PEP 649) rather
    # than keeping them in the namespace; before 3.10 the attribute may be a base's.
    if sys.version_info >= (3, 10):
        return dict(cls.__annotations__)
    return dict(cls.__dict__.get("__annotations__", {}))  # noqa: RUF063 - Python 3.9


def _own_fields(cls: type) -> list[Field]:
    fields = []
    for name in _annotations(cls):
        value = cls.__dict__.get(name, _MISSING)
        if isinstance(value, MemberDescriptorType):  # a slot of the class's __slots__
            value = _MISSING
        if isinstance(value, Field):
            if value.default is _MISSING:
                delattr(cls, name)  # as dataclass: no class attribute without a default
            else:
                setattr(cls, name, value.default)
        else:
            value = Field(default=value)
        value.name = name
        fields.append(value)
    return fields


def _init_source(fields: list[Field], frozen: bool, post_init: bool) -> str:
    parameters = ["self"]
    body = []
    for field in fields:
        name = field.name
        value = name
        if field.init:
            if field.default is not _MISSING:
                parameters.append(f"{name}=_default_{name}")
            elif field.default_factory is not _MISSING:
                parameters.append(f"{name}=_MISSING")
                value = f"_factory_{name}() if {name} is _MISSING else {name}"
            else:
                parameters.append(name)
        elif field.default_factory is not _MISSING:
            value = f"_factory_{name}()"
        elif field.default is not _MISSING:
            value = f"_default_{name}"
        else:
            continue  # set by __post_init__, if at all
        body.append(f"_set(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
    if post_init:
        body.append("self.__post_init__()")
    return f"def __init__({', '.join(parameters)}):\n    " + "\n    ".join(body or ["pass"])


def _make_init(cls: type, fields: list[Field], frozen: bool) -> Callable[..., None]:
    scope: dict[str, Any] = {"_MISSING": _MISSING, "_set": object.__setattr__}
    for field in fields:
        scope[f"_default_{field.name}"] = field.default
        scope[f"_factory_{field.name}"] = field.default_factory
    exec(_init_source(fields, frozen, hasattr(cls, "__post_init__")), scope)
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # named in a TypeError, as dataclass's
    return init


def _repr(self: Any) -> str:
    shown = ", ".join(
        f"{field.name}={getattr(self, field.name)!r}"
        for field in type(self).__record_fields__
        if field.repr
    )
    return f"{type(self).__qualname__}({shown})"


def _compared(self: Any) -> tuple[Any, ...]:
    fields = type(self).__record_fields__
    return tuple(getattr(self, field.name) for field in fields if field.compare)


def _eq(self: Any, other: object) -> Any:  # a bool, or NotImplemented
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _compared(self) == _compared(other)


def _hash(self: Any) -> int:
    return hash(_compared(self))


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    if "__record_fields__" in type(self).__dict__ or name in type(self).__record_names__:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _frozen_delattr(self: Any, name: str) -> None:
    if "__record_fields__" in type(self).__dict__ or name in type(self).__record_names__:
        raise FrozenInstanceError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)


def _process(cls: type, frozen: bool) -> type:
    by_name: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for field in base.__dict__.get("__record_fields__", ()):
            by_name[field.name] = field
    for field in _own_fields(cls):
        by_name[field.name] = field
    fields = list(by_name.values())
    namespace = dict(cls.__dict__)
    methods: dict[str, Any] = {
        "__init__": _make_init(cls, fields, frozen),
        "__repr__": _repr,
        "__eq__": _eq,
    }
    if frozen:
        methods.update(__setattr__=_frozen_setattr, __delattr__=_frozen_delattr)
    for name, method in methods.items():
        if name not in namespace:  # a method the class defines itself is kept
            setattr(cls, name, method)
    # As dataclass: Python sets __hash__ = None in a class that defines __eq__ alone,
    # which is not a hash of the class's own. Frozen records hash their compared fields;
    # mutable ones, compared by value, are unhashable.
    if namespace.get("__hash__") is None:
        cls.__hash__ = _hash if frozen else None  # type: ignore[assignment]
    cls.__record_fields__ = tuple(fields)  # type: ignore[attr-defined]
    cls.__record_names__ = frozenset(by_name)  # type: ignore[attr-defined]
    return cls


def _dataclass(cls: type | None = None, /, *, frozen: bool = False, order: bool = False) -> Any:
    """``@dataclass`` or ``@dataclass(frozen=True)``, for the features named above."""
    if order:
        raise TypeError("records do not generate ordering methods; define them")

    def wrap(target: type) -> type:
        return _process(target, frozen)

    return wrap if cls is None else wrap(cls)


if TYPE_CHECKING:
    from dataclasses import dataclass as dataclass
    from dataclasses import field as field
    from dataclasses import fields as fields
else:
    dataclass, field, fields = _dataclass, Field, _fields
