"""Regular expressions compiled on first use.

Compiling a pattern is pure Python in CPython's `re` and costs far more than importing the
module that defines it: about a third of zotlint's module-level patterns are never used by a
typical run (the secrets pass on a repository without candidates, the Helm template scanner on
a repository without templates, the fix module's quoting rules without `--fix`), and compiling
them was ~8 % of `zotlint check examples/guide` (issue 19). `lazy_compile` returns an object
that compiles the pattern when one of its attributes is first read and then keeps the compiled
pattern's bound methods as its own attributes; the module that first uses it gets the
compiled pattern in its place, so later calls cost what they cost with `re.compile`. It is used
as a module-level pattern is used: ``X.search(text)``, ``X.sub(repl, text)``, ``X.pattern``;
not as an argument of `re.search(X, ...)` (which wants a string or a compiled pattern: use the
method).

`lazy_compiles_from` does the same for a library's patterns while it is imported (PyYAML
compiles its pure-Python reader's character check at import; the C parser zotlint uses never
reads it).

`precompiled_patterns` serves the patterns a run does compile from their compiled form shipped
with the package (zotlint.data.pattern_codes): `re`'s compiler is pure Python, and compiling
the ~55 patterns of zotlint and its rules that `check examples/guide` uses was 6 % of it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, AnyStr, cast

__all__ = ["is_compiled", "lazy_compile", "lazy_compiles_from", "precompiled_patterns"]

# What a compiled pattern offers; copied onto the lazy object when it compiles.
_ATTRIBUTES = (
    "search",
    "match",
    "fullmatch",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "scanner",
    "flags",
    "groups",
    "groupindex",
)


class LazyPattern:
    """A pattern compiled when first used (see the module's docstring)."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self.pattern = pattern  # as re.Pattern.pattern; reading it does not compile
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        # Called only for an attribute the object does not have yet: the first use.
        if name.startswith("__") or name == "_flags":
            raise AttributeError(name)
        compiled = self.__dict__.get("compiled")
        if compiled is None:
            compiled = re.compile(self.pattern, self._flags)
            self.compiled = compiled
            for attr in _ATTRIBUTES:
                setattr(self, attr, getattr(compiled, attr))
            # The module that uses the pattern now holds the compiled one: its later calls
            # cost exactly what they cost with `re.compile` (through this object, a call
            # takes ~10 % more instructions).
            namespace = sys._getframe(1).f_globals
            for key in [k for k, v in namespace.items() if v is self]:
                namespace[key] = compiled
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self._flags})"


def lazy_compile(pattern: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """`re.compile(pattern, flags)`, compiled when first used."""
    return cast("re.Pattern[AnyStr]", LazyPattern(pattern, int(flags)))


def is_compiled(pattern: object) -> bool:
    """Whether a pattern from `lazy_compile` has been compiled (a compiled one: True)."""
    return not isinstance(pattern, LazyPattern) or "compiled" in pattern.__dict__


@contextmanager
def lazy_compiles_from(*packages: str) -> Iterator[None]:
    """While the block runs (an import), `re.compile` called by the code of `packages` or their
    modules returns a `lazy_compile` pattern; every other caller gets `re.compile` itself."""
    compile_now = re.compile
    prefixes = tuple(p + "." for p in packages)

    def compile_later(pattern: Any, flags: int | re.RegexFlag = 0) -> Any:
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if isinstance(pattern, str | bytes) and (caller in packages or caller.startswith(prefixes)):
            return LazyPattern(pattern, int(flags))
        return compile_now(pattern, flags)

    re.compile = compile_later  # type: ignore[assignment]
    try:
        yield
    finally:
        re.compile = compile_now


@contextmanager
def precompiled_patterns() -> Iterator[None]:
    """While the block runs, `re` makes the patterns listed in zotlint.data.pattern_codes from
    their shipped compiled form instead of parsing and compiling them.

    `re` compiles a pattern in `re._compiler.compile(pattern, flags)`, a pure function whose
    result is `_sre.compile(pattern, final flags, code, groups, groupindex, indexgroup)`; the
    table holds those arguments for each (type, pattern, flags) as this Python's compiler makes
    them (tests/test_pattern_codes.py compares every entry), and is used only by the Python and
    `_sre` version that wrote it. Every other pattern, and every other use of `re` (its cache
    included), is as before."""
    import _sre

    from zotlint.data import pattern_codes

    usable = (
        pattern_codes.SRE_MAGIC == _sre.MAGIC
        and sys.version_info[:2] == pattern_codes.PYTHON
        and hasattr(re, "_compiler")
    )
    if not usable:  # pragma: no cover - another Python
        yield
        return
    compiler = re._compiler  # type: ignore[attr-defined]
    compile_now = compiler.compile
    codes = pattern_codes.CODES

    def compile_known(pattern: Any, flags: int = 0) -> Any:
        kind = type(pattern)
        entry = codes.get((kind, pattern, flags)) if kind in (str, bytes) else None
        if entry is None or type(flags) is not int:
            return compile_now(pattern, flags)
        final_flags, code, groups, groupindex, indexgroup = entry
        return _sre.compile(pattern, final_flags, list(code), groups, dict(groupindex), indexgroup)

    compiler.compile = compile_known
    try:
        yield
    finally:
        compiler.compile = compile_now
