"""Immutable records, made cheaply as a module is imported.

A subclass of :class:`Record` is a frozen dataclass in every way that shows:
``dataclasses.fields``, ``replace`` and ``asdict`` work on it; equality, hash and repr are
those of ``@dataclass(frozen=True)``; assigning or deleting an attribute raises
``dataclasses.FrozenInstanceError`` with the same message. Only the making differs.
``@dataclass(frozen=True)`` writes six methods of each class as source text and compiles
each one separately; on Python 3.11 one such compilation costs about as much as a
thousand calls of the method, so the fourteen classes of :mod:`hankelaskuri.result` were
some 11 ms of every command's start. Here equality, hash, repr and the refusal to assign
are written once, below, for every record, and only ``__init__`` (whose parameters are the
class's own) is compiled for each class.
"""

import builtins
from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from reprlib import recursive_repr
from typing import Any, ClassVar, dataclass_transform


@dataclass_transform(frozen_default=True)
class Record:
    """Base of an immutable record; its annotated class attributes are its fields, as in a
    dataclass (defaults, ``field(default_factory=...)``)."""

    __slots__ = ()
    # per class: the fields equality compares, those the hash is made of, those repr shows
    __record_compared__: ClassVar[tuple[str, ...]] = ()
    __record_hashed__: ClassVar[tuple[str, ...]] = ()
    __record_shown__: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        documented = cls.__dict__.get("__doc__") is not None
        if not documented:  # written below, once there is an __init__ to describe
            cls.__doc__ = ""
        dataclass(init=False, repr=False, eq=False)(cls)
        found = fields(cls)  # type: ignore[arg-type]
        cls.__record_compared__ = tuple(f.name for f in found if f.compare)
        cls.__record_hashed__ = tuple(
            f.name for f in found if (f.compare if f.hash is None else f.hash)
        )
        cls.__record_shown__ = tuple(f.name for f in found if f.repr)
        cls.__init__ = _init(cls)  # type: ignore[method-assign]
        if not documented:  # as a dataclass is: its name and signature
            from inspect import signature

            cls.__doc__ = cls.__name__ + str(signature(cls)).replace(" -> None", "")

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            names = self.__record_compared__
            return tuple([getattr(self, n) for n in names]) == tuple(
                [getattr(other, n) for n in names]
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple([getattr(self, n) for n in self.__record_hashed__]))

    @recursive_repr()
    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__record_shown__)
        return f"{self.__class__.__qualname__}({shown})"


class _Factory:
    """The default of a parameter whose field has a ``default_factory``."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _init(cls: type) -> Any:
    """``cls.__init__`` as ``@dataclass(frozen=True)`` writes it: each field set with
    ``object.__setattr__``, a default factory called when its argument is not given."""
    env: dict[str, Any] = {
        "__builtins__": builtins,
        "__record_set__": object.__setattr__,
        "__record_factory__": _FACTORY,
    }
    params: list[str] = []
    keyword_only: list[str] = []
    body: list[str] = []
    annotations: dict[str, Any] = {}
    for f in fields(cls):
        name = f.name
        value = name
        if f.default is not MISSING:
            env[f"__record_default_{name}__"] = f.default
            param = f"{name}=__record_default_{name}__"
        elif f.default_factory is not MISSING:
            env[f"__record_make_{name}__"] = f.default_factory
            param = f"{name}=__record_factory__"
            value = f"__record_make_{name}__() if {name} is __record_factory__ else {name}"
        else:
            param = name
        (keyword_only if f.kw_only else params).append(param)
        body.append(f"    __record_set__(self, {name!r}, {value})")
        annotations[name] = f.type
    if keyword_only:
        params += ["*", *keyword_only]
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass")
    exec(source, env)  # noqa: S102 - source made above from the class's own field names
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = {**annotations, "return": None}
    return init
