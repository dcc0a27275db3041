"""zotlint.records runs the shipped, already compiled `__init__` code (zotlint.data.dataclass_inits)
where the standard library would compile the same text: the code is what `exec` compiles, the
functions are what `exec` makes, the table covers zotlint's dataclasses, and a run uses it."""

from __future__ import annotations

import subprocess
import sys
import types
from typing import Any

import pytest

from zotlint import records
from zotlint.data.dataclass_inits import CODES, TEXTS

REPO_TESTS = str(__import__("pathlib").Path(__file__).resolve().parent)


def _compiled(text: str) -> types.CodeType:
    """``text`` compiled as `exec` in the dataclasses module compiles it (no `__future__`)."""
    return compile(text, "<string>", "exec", dont_inherit=True)


def _same_code(mine: types.CodeType, theirs: types.CodeType) -> None:
    """Equal as code objects (bytecode, constants, names, line table) and in what equality leaves
    out: file name, qualified name, first line, every instruction's position."""
    assert mine == theirs
    assert (mine.co_filename, mine.co_qualname, mine.co_firstlineno) == (
        theirs.co_filename,
        theirs.co_qualname,
        theirs.co_firstlineno,
    )
    assert list(mine.co_positions()) == list(theirs.co_positions())
    nested = [(a, b) for a, b in zip(mine.co_consts, theirs.co_consts, strict=True)]
    for a, b in nested:
        assert type(a) is type(b)
        if isinstance(a, types.CodeType):
            _same_code(a, b)


def test_the_table_has_the_package_dataclasses() -> None:
    assert len(TEXTS) == len(CODES) > 100
    assert len(set(TEXTS)) == len(TEXTS)


@pytest.mark.parametrize("index", range(len(TEXTS)))
def test_shipped_code_is_what_exec_compiles(index: int) -> None:
    text = TEXTS[index]
    module = _compiled(text)
    # The text defines `__create_fn__` and nothing else.
    assert module.co_names == ("__create_fn__",)
    assert [type(c) for c in module.co_consts] == [types.CodeType, type(None)]
    shipped = records._precompiled(text)
    assert shipped is not None
    _same_code(shipped, module.co_consts[0])
    assert records._precompiled(text) is shipped  # moved once


def _function_facts(fn: Any) -> tuple[Any, ...]:
    return (
        fn.__name__,
        fn.__qualname__,
        fn.__module__,
        fn.__defaults__,
        fn.__kwdefaults__,
        fn.__closure__,
        fn.__doc__,
        fn.__annotations__,
        fn.__dict__,
    )


@pytest.mark.parametrize("index", [0, len(TEXTS) // 2, len(TEXTS) - 1])
def test_running_the_shipped_code_makes_what_exec_makes(index: int) -> None:
    text = TEXTS[index]
    namespace = {"__name__": "zotlint.somewhere", "__builtins__": __builtins__}
    theirs: dict[str, Any] = {}
    mine: dict[str, Any] = {}
    exec(_compiled(text), namespace, theirs)
    records._exec_precompiled(text, namespace, mine)
    assert list(mine) == list(theirs) == ["__create_fn__"]
    a, b = mine["__create_fn__"], theirs["__create_fn__"]
    assert _function_facts(a) == _function_facts(b)
    assert a.__globals__ is b.__globals__ is namespace
    _same_code(a.__code__, b.__code__)
    # The __init__ each makes, from the same values.
    values = {name: object() for name in a.__code__.co_varnames[: a.__code__.co_argcount]}
    init_a, init_b = a(**values), b(**values)
    assert _function_facts(init_a) == _function_facts(init_b)
    _same_code(init_a.__code__, init_b.__code__)


def test_other_texts_and_namespaces_are_left_to_exec() -> None:
    text = TEXTS[0]
    bare: dict[str, Any] = {"__name__": "m"}  # exec adds __builtins__ to it
    made: dict[str, Any] = {}
    records._exec_precompiled(text, bare, made)
    assert "__builtins__" in bare
    assert made["__create_fn__"].__code__.co_filename == "<string>"
    other = "def __create_fn__(x):\n def f(self): return x\n return f"
    assert records._precompiled(other) is None
    records._exec_precompiled(other, {"__builtins__": __builtins__}, made)
    assert made["__create_fn__"](3)(None) == 3


# How many of zotlint's dataclasses may have changed since the table was written before this
# fails (each costs its compile at run time, about a millisecond, and nothing else).
STALE_ALLOWED = 5


def test_the_table_covers_zotlint_dataclasses() -> None:
    code = (
        "import sys\n"
        f"sys.path.insert(0, {REPO_TESTS!r})\n"
        "from dataclass_inits import init_texts\n"
        "from zotlint.data.dataclass_inits import TEXTS\n"
        "texts = init_texts()\n"
        "print(sorted(name for text, name in texts.items() if text not in set(TEXTS)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    missing = eval(out.stdout.strip().splitlines()[-1])
    assert len(missing) <= STALE_ALLOWED, (
        f"{len(missing)} dataclasses changed since zotlint/data/dataclass_inits.py was written: "
        f"run `.venv/bin/python tests/dataclass_inits.py` ({missing})"
    )
