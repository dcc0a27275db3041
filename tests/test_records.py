"""zotlint.records.dataclass behaves as dataclasses.dataclass.

Every dataclass of the zotlint package is compared with a standard-library twin (same fields,
same parameters) on the same field values: repr, ==, !=, ordering, hashability and hash values
(the same hash gives the same set order, so output stays byte-identical). The corner cases are
checked on one class body decorated both ways.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import itertools
import pkgutil
from dataclasses import KW_ONLY, InitVar, field
from typing import Any, ClassVar

import pytest

import zotlint
from zotlint import records
from zotlint.records import dataclass


def _zotlint_dataclasses() -> list[type]:
    classes: dict[str, type] = {}
    for info in pkgutil.walk_packages(zotlint.__path__, "zotlint."):
        if info.name.endswith(".__main__"):  # runs a program when imported
            continue
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and dataclasses.is_dataclass(obj)
                and obj.__module__ == info.name
            ):
                classes[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [classes[k] for k in sorted(classes)]


ZOTLINT_DATACLASSES = _zotlint_dataclasses()


def _instance(cls: type, values: dict[str, Any]) -> Any:
    # Past __init__ (its checks and types do not matter here): the fields as given.
    obj = object.__new__(cls)
    for name, value in values.items():
        object.__setattr__(obj, name, value)
    return obj


def _twin(cls: type) -> type:
    """The standard library's dataclass with the same fields and parameters."""
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    spec = [
        (f.name, f.type, field(repr=f.repr, compare=f.compare, hash=f.hash))
        for f in dataclasses.fields(cls)
    ]
    twin = dataclasses.make_dataclass(
        cls.__name__,
        spec,
        repr=params.repr,
        eq=params.eq,
        order=params.order,
        unsafe_hash=params.unsafe_hash,
        frozen=params.frozen,
    )
    twin.__qualname__ = cls.__qualname__
    return twin


def _samples(names: list[str]) -> list[dict[str, Any]]:
    base = dict.fromkeys(names, 1)
    out = [base, dict(base)]
    for name in names:  # one field differs, either way
        out += [{**base, name: 0}, {**base, name: 2}]
    return out


def _origin(fn: Any) -> str:
    """Who wrote a method: this module ("records"), the standard decorator ("standard", its
    source is compiled as "<string>") or the class itself ("own")."""
    fn = getattr(fn, "__wrapped__", fn)
    code = getattr(fn, "__code__", None)
    if code is None:
        return "builtin"
    if code.co_filename in (records.__file__, "<zotlint.records>"):
        return "records"
    return "standard" if code.co_filename == "<string>" else "own"


def _own(cls: type, method: str) -> bool:
    """The class (or a zotlint base) wrote `method` itself: nothing to compare with a twin."""
    return _origin(getattr(cls, method, None)) == "own"


def test_zotlint_has_dataclasses_to_compare() -> None:
    assert len(ZOTLINT_DATACLASSES) > 80  # the walk found the package's classes


@pytest.mark.parametrize("cls", ZOTLINT_DATACLASSES, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_zotlint_dataclass_behaves_as_the_standard_one(cls: type) -> None:
    twin = _twin(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    pairs = [(_instance(cls, v), _instance(twin, v)) for v in _samples(names)]
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    if params.repr and not _own(cls, "__repr__"):
        for ours, theirs in pairs:
            assert repr(ours) == repr(theirs)
    if params.eq and not _own(cls, "__eq__"):
        for (a, ta), (b, tb) in itertools.product(pairs, repeat=2):
            assert (a == b) == (ta == tb)
            assert (a != b) == (ta != tb)
            if params.order:
                assert (a < b, a <= b, a > b, a >= b) == (ta < tb, ta <= tb, ta > tb, ta >= tb)
        assert pairs[0][0].__eq__(object()) is NotImplemented
    if not _own(cls, "__hash__"):
        assert (cls.__hash__ is None) == (twin.__hash__ is None)
        if twin.__hash__ not in (None, object.__hash__):
            for ours, theirs in pairs:
                assert hash(ours) == hash(theirs)


# -- corner cases: one class body, both decorators ------------------------------------------


def _body(kind: str) -> type:
    class Body:
        a: int
        b: str = "x"
        c: list[int] = field(default_factory=list, compare=False, repr=False)
        d: int = field(default=0, hash=False)

    if kind == "explicit-eq":
        Body.__eq__ = lambda self, other: True  # type: ignore[method-assign,assignment]
    elif kind == "explicit-hash":
        Body.__hash__ = lambda self: 7  # type: ignore[method-assign,assignment]
    elif kind == "explicit-repr":
        Body.__repr__ = lambda self: "mine"  # type: ignore[method-assign,assignment]
    return Body


def _params() -> list[dict[str, bool]]:
    out = []
    for eq, order, frozen, slots, unsafe_hash in itertools.product((True, False), repeat=5):
        if order and not eq:
            continue
        out.append(
            {"eq": eq, "order": order, "frozen": frozen, "slots": slots, "unsafe_hash": unsafe_hash}
        )
    return out


def _build(decorator: Any, kind: str, params: dict[str, bool]) -> type | str:
    try:
        return decorator(**params)(_body(kind))
    except (TypeError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("kind", ["plain", "explicit-eq", "explicit-hash", "explicit-repr"])
@pytest.mark.parametrize("params", _params(), ids=lambda p: ",".join(k for k, v in p.items() if v))
def test_corner_cases_match_the_standard_decorator(kind: str, params: dict[str, bool]) -> None:
    ours = _build(dataclass, kind, params)
    theirs = _build(dataclasses.dataclass, kind, params)
    if isinstance(theirs, str) or isinstance(ours, str):
        assert ours == theirs  # the same error, worded the same
        return
    values = [(1, "x", [1], 0), (1, "x", [2], 5), (1, "y", [1], 0), (2, "x", [], 0)]
    objs = [(ours(*v), theirs(*v)) for v in values]
    for (a, ta), (b, tb) in itertools.product(objs, repeat=2):
        assert repr(a) == repr(ta).replace(theirs.__qualname__, ours.__qualname__)
        assert (a == b) == (ta == tb)
        assert (a != b) == (ta != tb)
        if params["order"]:
            assert (a < b, a <= b, a > b, a >= b) == (ta < tb, ta <= tb, ta > tb, ta >= tb)
    assert (ours.__hash__ is None) == (theirs.__hash__ is None)
    if theirs.__hash__ is not None and theirs.__hash__ is not object.__hash__:
        for a, ta in objs:
            assert hash(a) == hash(ta)
    assert str(inspect.signature(ours)) == str(inspect.signature(theirs))
    assert ours.__doc__ == theirs.__doc__
    assert ours.__init__.__qualname__ == f"{ours.__qualname__}.__init__"
    assert ours.__init__.__code__.co_code == theirs.__init__.__code__.co_code
    ours_params = ours.__dataclass_params__  # type: ignore[attr-defined]
    theirs_params = theirs.__dataclass_params__  # type: ignore[attr-defined]
    assert repr(ours_params) == repr(theirs_params)
    if params["frozen"]:
        for obj in objs[0]:
            with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'a'"):
                obj.a = 3
            with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'b'"):
                del obj.b
        assert ours.__setattr__.__qualname__ == f"{ours.__qualname__}.__setattr__"
        assert _origin(ours.__delattr__) == _origin(theirs.__delattr__) == "standard"
    assert dataclasses.replace(objs[0][0], a=9).a == 9
    assert dataclasses.asdict(objs[0][0]) == dataclasses.asdict(objs[0][1])


def test_a_recursive_repr_prints_dots_as_the_standard_one() -> None:
    @dataclass
    class Node:
        children: list[Any]

    @dataclasses.dataclass
    class StdNode:
        children: list[Any]

    ours, theirs = Node([]), StdNode([])
    ours.children.append(ours)
    theirs.children.append(theirs)
    assert (
        repr(ours)
        == "test_a_recursive_repr_prints_dots_as_the_standard_one.<locals>.Node(children=[...])"
    )
    assert repr(ours).replace("Node", "StdNode") == repr(theirs)


def test_methods_are_compiled_once_on_first_use() -> None:
    @dataclass(frozen=True)
    class Point:
        x: int
        y: int

    stub = Point.__dict__["__eq__"]
    assert Point(1, 2) == Point(1, 2)
    compiled = Point.__dict__["__eq__"]
    assert compiled is not stub  # replaced by the compiled method
    assert Point(1, 2) != Point(2, 1)
    assert Point.__dict__["__eq__"] is compiled
    assert compiled.__qualname__.endswith("Point.__eq__")
    assert hash(Point(1, 2)) == hash((1, 2))


def test_every_zotlint_dataclass_has_the_standard_init_and_docstring() -> None:
    for cls in ZOTLINT_DATACLASSES:
        signature = str(inspect.signature(cls))  # builds a deferred __init__
        if cls.__init__ is not object.__init__ and not _own(cls, "__init__"):
            assert _origin(cls.__init__) == "standard", cls
        doc = cls.__doc__
        assert isinstance(doc, str) and doc  # the class's own, or the standard one
        assert cls.__dict__["__doc__"] == doc  # written once read
        if doc.startswith(cls.__name__ + "("):
            assert doc == cls.__name__ + signature.replace(" -> None", "")


def _init_body(kind: str) -> type:
    class Body:
        a: int
        scale: InitVar[int]
        b: list[int] = field(default_factory=list)
        c: int = field(default=3, init=False)
        counter: ClassVar[int] = 0
        _: KW_ONLY
        d: str = "k"

        def __post_init__(self, scale: int) -> None:
            object.__setattr__(self, "c", self.a * scale)

    if kind == "subclass":

        class Sub(Body):
            e: float = 1.5

        return Sub
    return Body


@pytest.mark.parametrize("kind", ["base", "subclass"])
@pytest.mark.parametrize("frozen", [False, True])
@pytest.mark.parametrize("slots", [False, True])
def test_init_variants_match_the_standard_decorator(kind: str, frozen: bool, slots: bool) -> None:
    decorated = []
    for decorator in (dataclass, dataclasses.dataclass):
        body = _init_body(kind)
        if kind == "subclass":
            base = decorator(frozen=frozen)(body.__mro__[1])
            body = type(body.__name__, (base,), {"__annotations__": {"e": float}, "e": 1.5})
        decorated.append(decorator(frozen=frozen, slots=slots)(body))
    ours, theirs = decorated
    assert str(inspect.signature(ours)) == str(inspect.signature(theirs))
    assert ours.__doc__.split("(")[1:] == theirs.__doc__.split("(")[1:]
    a, b = ours(1, 2, [4], d="x"), theirs(1, 2, [4], d="x")
    assert dataclasses.astuple(a) == dataclasses.astuple(b)
    assert dataclasses.astuple(a)[:4] == (1, [4], 2, "x")
    for args in ((), (1,), (1, 2, [], 4, 5)):
        with pytest.raises(TypeError) as mine:
            ours(*args)
        with pytest.raises(TypeError) as standard:
            theirs(*args)
        assert str(mine.value) == str(standard.value)


def test_init_and_guards_are_made_on_first_use() -> None:
    @dataclass(frozen=True)
    class Point:
        x: int
        y: int = 0

    for name in ("__init__", "__setattr__", "__delattr__"):
        assert type(Point.__dict__[name]) is records._Deferred, name
    point = Point(1)
    assert type(Point.__dict__["__init__"]).__name__ == "function"
    assert type(Point.__dict__["__setattr__"]) is records._Deferred  # never called yet
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2
    assert type(Point.__dict__["__setattr__"]).__name__ == "function"
    assert Point.__dict__["__setattr__"].__qualname__.endswith("Point.__setattr__")

    class Child(Point):
        def __init__(self) -> None:
            super().__init__(5, 6)  # a subclass reaches the base's deferred __init__

    @dataclass
    class Plain:
        n: int

    assert type(Plain.__dict__["__init__"]) is records._Deferred
    assert Child().x == 5 and Plain.__init__.__qualname__.endswith("Plain.__init__")
    assert Plain.__doc__ == "Plain(n: 'int')"  # as the standard one writes it here
