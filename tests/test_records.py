"""Records (hankelaskuri.records) behave as ``@dataclass(frozen=True)`` classes: each test
makes the same class both ways and compares what the standard library's one does."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from dataclasses import FrozenInstanceError, dataclass, field
from decimal import Decimal

import pytest

from hankelaskuri import result as result_module
from hankelaskuri.records import Record


class Line(Record):
    """A record with every kind of field: plain, default, default factory, not compared."""

    key: str
    amount: Decimal
    note: str | None = None
    tags: list[str] = field(default_factory=list)
    seen: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class LineDC:
    """The same as a frozen dataclass."""

    key: str
    amount: Decimal
    note: str | None = None
    tags: list[str] = field(default_factory=list)
    seen: int = field(default=0, compare=False, repr=False)


class Node(Record):
    """A record that may hold itself (repr must not loop)."""

    items: list[object]


@dataclass(frozen=True)
class NodeDC:
    """The same as a frozen dataclass."""

    items: list[object]


def both(*args, **kwargs):
    return Line(*args, **kwargs), LineDC(*args, **kwargs)


def test_fields_signature_and_match_args_are_a_dataclass_s():
    assert dataclasses.is_dataclass(Line)
    describe = [(f.name, f.type, f.default, f.compare, f.repr) for f in dataclasses.fields(Line)]
    expected = [(f.name, f.type, f.default, f.compare, f.repr) for f in dataclasses.fields(LineDC)]
    assert describe == expected
    assert str(inspect.signature(Line)) == str(inspect.signature(LineDC))
    assert Line.__match_args__ == LineDC.__match_args__ == ("key", "amount", "note", "tags", "seen")
    assert Line.__init__.__qualname__ == "Line.__init__"


def test_construction_defaults_and_factories():
    line, expected = both("a", Decimal("1.50"))
    assert dataclasses.asdict(line) == dataclasses.asdict(expected)
    assert line.tags == [] and line.tags is not Line("b", Decimal(0)).tags  # a new list each
    keyword, expected_keyword = both(key="k", amount=Decimal(2), tags=["x"], seen=3)
    assert dataclasses.asdict(keyword) == dataclasses.asdict(expected_keyword)
    with pytest.raises(TypeError):
        Line("a")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        LineDC("a")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Line("a", Decimal(1), nonsense=1)  # type: ignore[call-arg]


def test_equality_and_hash_as_a_frozen_dataclass():
    a, a_dc = both("a", Decimal("1.0"), seen=1)
    b, b_dc = both("a", Decimal("1.00"), seen=2)  # equal Decimals; `seen` not compared
    c, c_dc = both("a", Decimal("1.0"), note="n")
    assert (a == b) is (a_dc == b_dc) is True
    assert (a == c) is (a_dc == c_dc) is False
    assert (a != c) is (a_dc != c_dc) is True
    assert hash(Line("a", Decimal(1), tags=())) == hash(LineDC("a", Decimal(1), tags=()))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hash(a)  # a list field: unhashable, as the dataclass is
    with pytest.raises(TypeError):
        hash(a_dc)
    # another class with the same fields is not equal, and says so to Python
    assert a != a_dc and a.__eq__(a_dc) is NotImplemented and a.__eq__(1) is NotImplemented


def test_repr_as_a_dataclass_s():
    line, expected = both("a", Decimal("1.50"), note="x", tags=["t"], seen=9)
    assert repr(line) == repr(expected).replace("LineDC(", "Line(")
    node, node_dc = Node([]), NodeDC([])
    node.items.append(node)
    node_dc.items.append(node_dc)
    assert repr(node) == repr(node_dc).replace("NodeDC(", "Node(") == "Node(items=[...])"


def test_frozen_as_a_dataclass():
    line, expected = both("a", Decimal(1))
    for record in (line, expected):
        with pytest.raises(FrozenInstanceError, match="cannot assign to field 'key'"):
            record.key = "b"  # type: ignore[misc]
        with pytest.raises(FrozenInstanceError, match="cannot assign to field 'other'"):
            record.other = 1  # type: ignore[attr-defined]
        with pytest.raises(FrozenInstanceError, match="cannot delete field 'key'"):
            del record.key  # type: ignore[misc]
    assert line.key == "a"


def test_replace_copy_and_pickle():
    line = Line("a", Decimal(1), tags=["t"])
    changed = dataclasses.replace(line, amount=Decimal(2))
    assert changed == Line("a", Decimal(2), tags=["t"]) and line.amount == Decimal(1)
    assert copy.copy(line) == line and copy.deepcopy(line) == line
    assert pickle.loads(pickle.dumps(line)) == line


def test_every_result_class_is_an_immutable_record():
    classes = [
        c
        for c in vars(result_module).values()
        if isinstance(c, type) and c.__module__ == result_module.__name__
    ]
    assert len(classes) >= 14
    for cls in classes:
        assert issubclass(cls, Record) and dataclasses.is_dataclass(cls), cls
    decision = result_module.Decision(body="Kaupunginvaltuusto")
    with pytest.raises(FrozenInstanceError):
        decision.body = "Kunnanhallitus"  # type: ignore[misc]
    assert decision == result_module.Decision(body="Kaupunginvaltuusto")
    assert hash(decision) == hash(result_module.Decision(body="Kaupunginvaltuusto"))


def test_an_undocumented_record_is_described_as_a_dataclass_is():
    class Plain(Record):
        a: int
        b: str = "x"

    @dataclass(frozen=True)
    class Plain_DC:  # noqa: N801 - its name is the other's plus a suffix
        a: int
        b: str = "x"

    assert (
        Plain.__doc__
        == Plain_DC.__doc__.replace("Plain_DC", "Plain")
        == "Plain(a: 'int', b: 'str' = 'x')"
    )
