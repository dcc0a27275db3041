"""`dataclass` with the same behaviour as the standard library's, cheaper to create.

Creating dataclasses was about a quarter of `zotlint check examples/guide` (issue 19): on
Python 3.11 the standard decorator compiles every generated method from source with its own
``exec`` (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, four ordering methods, a frozen
class's ``__setattr__`` / ``__delattr__``), and a run creates about a hundred classes, most of
whose ``__repr__``, ``__eq__`` and ``__hash__`` are never called. This decorator lets the standard
library build the class, its ``__init__`` and a frozen class's guards, and gives ``__repr__``,
``__eq__``, the ordering methods and ``__hash__`` the same source the standard library writes,
compiled on the method's first call. After that first call a class is exactly what the
standard decorator makes; tests/test_records.py compares the two on every zotlint dataclass
and on the corner cases (explicit methods, ``unsafe_hash``, ``field(compare=...)``, recursion).
``dataclasses.fields``, ``replace``, ``asdict`` and ``is_dataclass`` work as before.

Use it as the standard one: ``from zotlint.records import dataclass`` (``field`` still comes from
``dataclasses``).
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import types
from collections.abc import Callable
from reprlib import recursive_repr
from typing import Any, TypeVar

__all__ = ["dataclass"]

T = TypeVar("T", bound=type)

_STANDARD = dataclasses.dataclass
_ORDER = {"__lt__": "<", "__le__": "<=", "__gt__": ">", "__ge__": ">="}


def dataclass(
    cls: T | None = None,
    /,
    *,
    init: bool = True,
    repr: bool = True,  # the standard library's parameter name
    eq: bool = True,
    order: bool = False,
    unsafe_hash: bool = False,
    frozen: bool = False,
    match_args: bool = True,
    kw_only: bool = False,
    slots: bool = False,
    weakref_slot: bool = False,
) -> Any:
    """``dataclasses.dataclass`` with the same parameters and the same resulting behaviour."""

    def wrap(cls: T) -> T:
        return _process(
            cls,
            init,
            repr,
            eq,
            order,
            unsafe_hash,
            frozen,
            match_args,
            kw_only,
            slots,
            weakref_slot,
        )

    return wrap if cls is None else wrap(cls)


def _process(
    cls: T,
    init: bool,
    repr_: bool,
    eq: bool,
    order: bool,
    unsafe_hash: bool,
    frozen: bool,
    match_args: bool,
    kw_only: bool,
    slots: bool,
    weakref_slot: bool,
) -> T:
    if order and not eq:
        raise ValueError("eq must be true if order is true")
    own = cls.__dict__
    # What the standard decorator would decide from the class body, before it is changed.
    class_hash = own.get("__hash__", dataclasses.MISSING)
    explicit_hash = not (
        class_hash is dataclasses.MISSING or (class_hash is None and "__eq__" in own)
    )
    if order:
        for name in _ORDER:
            if name in own:
                raise TypeError(
                    f"Cannot overwrite attribute {name} in class {cls.__name__}. "
                    "Consider using functools.total_ordering"
                )
    if unsafe_hash and explicit_hash:
        raise TypeError(f"Cannot overwrite attribute __hash__ in class {cls.__name__}")
    wants = {
        "__repr__": repr_ and "__repr__" not in own,
        "__eq__": eq and "__eq__" not in own,
    }
    # The standard library builds the class, __init__ and a frozen class's __setattr__ /
    # __delattr__ (those three on first use, see _deferred_standard); repr, eq, order and hash
    # are left to this module (eq=False also leaves __hash__ alone, the table below decides it).
    built: T = _deferred_standard(
        cls,
        init=init,
        repr=False,
        eq=False,
        order=False,
        unsafe_hash=False,
        frozen=frozen,
        match_args=match_args,
        kw_only=kw_only,
        slots=slots,
        weakref_slot=weakref_slot,
    )
    fields = dataclasses.fields(built)
    if wants["__repr__"]:
        built.__repr__ = _repr([f.name for f in fields if f.repr], built)  # type: ignore[assignment]
    compared = [f.name for f in fields if f.compare]
    if wants["__eq__"]:
        built.__eq__ = _compare(compared, "__eq__", built)  # type: ignore[assignment]
    if order:
        for name in _ORDER:
            setattr(built, name, _compare(compared, name, built))
    # The standard library's table (dataclasses._hash_action) for a class whose body has no
    # explicit __hash__, or has one: add a field hash, make it unhashable, or leave it.
    if unsafe_hash or (eq and frozen and not explicit_hash):
        hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
        built.__hash__ = _hash(hashed, built)  # type: ignore[assignment]
    elif eq and not frozen and not explicit_hash:
        built.__hash__ = None  # type: ignore[assignment]
    _fix_params(built, repr_, eq, order, unsafe_hash)
    return built


def _deferred_standard(cls: T, **params: Any) -> T:
    """The standard decorator, with `__init__` and a frozen class's guards made by the standard
    library's own functions (same arguments, same code) when first looked up.

    Compiling them was a third of `zotlint check examples/guide` (issue 19): 108 classes, of
    which 43 are never instantiated there, and no guard of the 41 frozen ones is ever called. A
    class without a docstring gets the standard one (`Name(signature)`) when it is first read,
    since it needs `__init__`. Where the standard library's helpers do not have the expected
    signatures (another Python version), the standard decorator does everything."""
    if not _CAN_DEFER:
        return _STANDARD(cls, **params)  # type: ignore[no-any-return]
    docless = not cls.__dict__.get("__doc__")
    if docless:
        # The standard decorator would read the signature (and so build __init__) to write it.
        cls.__doc__ = "-"
    dataclasses._init_fn = _deferred_init  # type: ignore[attr-defined]
    dataclasses._frozen_get_del_attr = _deferred_guards  # type: ignore[attr-defined]
    try:
        built: T = _STANDARD(cls, **params)  # type: ignore[assignment]
    finally:
        dataclasses._init_fn = _INIT_FN  # type: ignore[attr-defined]
        dataclasses._frozen_get_del_attr = _GUARDS_FN  # type: ignore[attr-defined]
    if docless:
        built.__doc__ = _SignatureDoc()  # type: ignore[assignment]
    return built


_INIT_FN = dataclasses._init_fn  # type: ignore[attr-defined]
_CREATE_FN = dataclasses._create_fn  # type: ignore[attr-defined]
# `_init_fn` has `_create_fn` make the method, which runs its text with `exec`.
_CAN_PRECOMPILE = "_create_fn" in _INIT_FN.__code__.co_names and "exec" in (
    _CREATE_FN.__code__.co_names
)
_GUARDS_FN = dataclasses._frozen_get_del_attr  # type: ignore[attr-defined]
_CAN_DEFER = _INIT_FN.__code__.co_varnames[: _INIT_FN.__code__.co_argcount] == (
    "fields",
    "std_fields",
    "kw_only_fields",
    "frozen",
    "has_post_init",
    "self_name",
    "globals",
    "slots",
) and _GUARDS_FN.__code__.co_varnames[: _GUARDS_FN.__code__.co_argcount] == (
    "cls",
    "fields",
    "globals",
)


class _Deferred:
    """A method the standard library makes on its first lookup (a call, `Cls.__init__`,
    `super().__init__`, `inspect.signature`): then set on the class in place of this
    descriptor, so the class is what the standard decorator makes."""

    def __init__(self, name: str, build: Callable[[], Callable[..., Any]]) -> None:
        self.__name__ = name
        self._build = build

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        owner = owner if owner is not None else type(obj)
        # The class whose body holds this descriptor (owner may be a subclass).
        holder = next(k for k in owner.__mro__ if k.__dict__.get(self.__name__) is self)
        method = self._build()
        method.__qualname__ = f"{holder.__qualname__}.{self.__name__}"
        setattr(holder, self.__name__, method)
        return method.__get__(obj, owner)


def _deferred_init(*args: Any) -> _Deferred:
    return _Deferred("__init__", lambda: _init_fn(_exec_precompiled)(*args))


@functools.cache
def _init_fn(exec_: Callable[..., None]) -> Callable[..., Any]:
    """The standard library's `_init_fn`, whose `_create_fn` calls ``exec_`` where it calls
    `exec` (copies of the two functions over a copy of the dataclasses module's namespace:
    nothing of the module itself changes)."""
    if not _CAN_PRECOMPILE:
        return _INIT_FN  # type: ignore[no-any-return]
    namespace = dict(vars(dataclasses))
    namespace["exec"] = exec_
    for name, fn in (("_create_fn", _CREATE_FN), ("_init_fn", _INIT_FN)):
        copy = types.FunctionType(fn.__code__, namespace, fn.__name__, fn.__defaults__)
        copy.__kwdefaults__ = fn.__kwdefaults__
        copy.__qualname__ = fn.__qualname__
        namespace[name] = copy
    return namespace["_init_fn"]  # type: ignore[no-any-return]


def _exec_precompiled(source: str, globals: Any, locals: Any) -> None:
    """`exec(source, globals, locals)` for `_create_fn`'s text, without compiling it when the
    package ships it compiled (zotlint.data.dataclass_inits: parsing and compiling the 65
    `__init__` a run of `check examples/guide` makes was a tenth of it, issue 19).

    The text defines one function, `__create_fn__`: running it stores
    `FunctionType(its code, globals)` under that name, which is what this does with the shipped
    code (the same code: the text compiled by this interpreter when it compiled the package,
    moved to the line numbers and file name `exec` gives it; tests/test_dataclass_inits.py
    compares them). Any other text, or a namespace `exec` would have to complete with
    `__builtins__`, is run by `exec` itself."""
    code = _precompiled(source)
    if (
        code is None
        or type(globals) is not dict
        or "__builtins__" not in globals
        or type(locals) is not dict
    ):
        # The standard library's own text (over field names), compiled as its `exec` does:
        # without this module's `from __future__ import annotations`.
        exec(compile(source, "<string>", "exec", dont_inherit=True), globals, locals)
        return
    locals[code.co_name] = types.FunctionType(code, globals)


_PRECOMPILED: dict[str, types.CodeType] | None = None


def _precompiled(source: str) -> types.CodeType | None:
    global _PRECOMPILED
    if _PRECOMPILED is None:
        from zotlint.data.dataclass_inits import CODES, TEXTS

        _PRECOMPILED = dict(zip(TEXTS, CODES, strict=True))
    code = _PRECOMPILED.get(source)
    if code is None:
        return None
    if code.co_filename != "<string>":
        code = _PRECOMPILED[source] = _as_exec_compiles(code, code.co_firstlineno - 1)
    return code


def _as_exec_compiles(code: types.CodeType, shift: int) -> types.CodeType:
    """``code`` (and the functions it defines) as `exec` compiles its text alone: file name
    `<string>`, lines counted from its own first line."""
    consts = tuple(
        _as_exec_compiles(c, shift) if isinstance(c, types.CodeType) else c for c in code.co_consts
    )
    return code.replace(
        co_filename="<string>", co_firstlineno=code.co_firstlineno - shift, co_consts=consts
    )


def _deferred_guards(cls: type, fields: Any, globals: Any) -> tuple[_Deferred, _Deferred]:
    made: list[Callable[..., Any]] = []

    def build(index: int) -> Callable[..., Any]:
        if not made:
            made.extend(_GUARDS_FN(cls, fields, globals))
        return made[index]

    return _Deferred("__setattr__", lambda: build(0)), _Deferred("__delattr__", lambda: build(1))


class _SignatureDoc:
    """The standard decorator's docstring for a class without one, written on first read."""

    def __get__(self, obj: Any, owner: type | None = None) -> str:
        owner = owner if owner is not None else type(obj)
        try:
            text_sig = str(inspect.signature(owner)).replace(" -> None", "")
        except (TypeError, ValueError):
            text_sig = ""
        doc = owner.__name__ + text_sig
        owner.__doc__ = doc
        return doc


def _fix_params(cls: type, repr_: bool, eq: bool, order: bool, unsafe_hash: bool) -> None:
    # __dataclass_params__ states what the class does (the standard decorator was told
    # repr=False, eq=False): readers such as pydantic see the same as with the standard one.
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    params.repr, params.eq, params.order, params.unsafe_hash = repr_, eq, order, unsafe_hash


def _named(fn: Callable[..., Any], name: str, cls: type) -> Callable[..., Any]:
    fn.__name__ = name
    fn.__qualname__ = f"{cls.__qualname__}.{name}"
    return fn


def _lazy(cls: type, name: str, source: str, *, wrap_repr: bool = False) -> Callable[..., Any]:
    """A method compiled from `source` on its first call (then set on `cls` in place of this
    stub): a class whose method is never called never pays for compiling it."""

    def stub(self: Any, *args: Any) -> Any:
        namespace: dict[str, Any] = {}
        # source: the method's text over field names (identifiers), nothing from input.
        exec(compile(source, "<zotlint.records>", "exec"), {}, namespace)
        method = namespace[name]
        if wrap_repr:
            plain, method = method, recursive_repr()(method)
            method.__wrapped__ = plain
        setattr(cls, name, _named(method, name, cls))
        return method(self, *args)

    return _named(stub, name, cls)


def _fields_tuple(obj: str, names: list[str]) -> str:
    """``(self.a,self.b,)``: the tuple the generated methods compare and hash."""
    return "(" + "".join(f"{obj}.{n}," for n in names) + ")"


def _repr(names: list[str], cls: type) -> Callable[[Any], str]:
    body = ", ".join(f"{n}={{self.{n}!r}}" for n in names)
    source = f'def __repr__(self):\n return self.__class__.__qualname__ + f"({body})"\n'
    return _lazy(cls, "__repr__", source, wrap_repr=True)


def _compare(names: list[str], name: str, cls: type) -> Callable[[Any, Any], Any]:
    op = _ORDER.get(name, "==")
    source = (
        f"def {name}(self, other):\n"
        " if other.__class__ is self.__class__:\n"
        f"  return {_fields_tuple('self', names)}{op}{_fields_tuple('other', names)}\n"
        " return NotImplemented\n"
    )
    return _lazy(cls, name, source)


def _hash(names: list[str], cls: type) -> Callable[[Any], int]:
    source = f"def __hash__(self):\n return hash({_fields_tuple('self', names)})\n"
    return _lazy(cls, "__hash__", source)
