"""zotlint.lazyregex: a lazily compiled pattern answers as `re.compile`'s does, compiles on its
first use (not before), and the module using it then holds the compiled pattern."""

from __future__ import annotations

import re
import sys
import types

import pytest

from zotlint.lazyregex import LazyPattern, is_compiled, lazy_compile, lazy_compiles_from

_CASES = [
    (r"(?P<key>[a-z]+)=(?P<value>\d+)", 0, "x a=1 B=2 c=33"),
    (r"(?P<key>[a-z]+)=(?P<value>\d+)", re.I, "x a=1 B=2 c=33"),
    (r"^\s*#.*$", re.M, "a\n  # one\nb\n# two"),
    (r"[\u2028\u2029\x85]", 0, "a\u2028b\x85c"),
]


@pytest.mark.parametrize(("pattern", "flags", "text"), _CASES)
def test_answers_as_the_compiled_pattern(pattern: str, flags: int, text: str) -> None:
    plain = re.compile(pattern, flags)
    lazy = lazy_compile(pattern, flags)
    assert lazy.pattern == plain.pattern and not is_compiled(lazy)
    assert lazy.flags == plain.flags and lazy.groups == plain.groups
    assert lazy.groupindex == plain.groupindex
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert lazy.findall(text) == plain.findall(text)
    assert lazy.sub("-", text) == plain.sub("-", text)
    assert lazy.subn("-", text, 1) == plain.subn("-", text, 1)
    assert lazy.split(text) == plain.split(text)
    for method in ("search", "match", "fullmatch"):
        got, want = getattr(lazy, method)(text, 1), getattr(plain, method)(text, 1)
        assert (got and got.span()) == (want and want.span())
    assert is_compiled(lazy)


def test_bytes_patterns() -> None:
    lazy = lazy_compile(rb"k(\d)")
    assert lazy.findall(b"k1 k2 x3") == [b"1", b"2"]


def test_compiles_on_first_use_only() -> None:
    lazy = lazy_compile(r"[unbalanced")
    assert lazy.pattern == "[unbalanced"  # reading the source does not compile
    with pytest.raises(re.error):
        lazy.search("x")  # the error `re.compile` raises, at the first use


def test_the_module_using_it_gets_the_compiled_pattern() -> None:
    module = types.ModuleType("lazyregex_user")
    exec(
        "from zotlint.lazyregex import lazy_compile\n"
        "WORD = lazy_compile(r'[a-z]+')\n"
        "def words(text):\n"
        "    return WORD.findall(text)\n",
        module.__dict__,
    )
    lazy = module.WORD
    assert isinstance(lazy, LazyPattern)
    assert module.words("ab cd") == ["ab", "cd"]
    assert type(module.WORD) is re.Pattern and module.WORD is lazy.compiled
    # Other holders keep working through the lazy object.
    assert lazy.findall("ef") == ["ef"]


def test_lazy_compiles_from_defers_only_that_package() -> None:
    for name in ("lazyregex_pkg", "lazyregex_pkg.sub", "lazyregex_pkgx"):
        sys.modules.pop(name, None)
    pkg = types.ModuleType("lazyregex_pkg")
    sub = types.ModuleType("lazyregex_pkg.sub")
    other = types.ModuleType("lazyregex_pkgx")
    code = "import re\nP = re.compile(r'a+')\n"
    with lazy_compiles_from("lazyregex_pkg"):
        for module in (pkg, sub, other):
            exec(code, module.__dict__)
        passed = re.compile(re.compile("b"))  # a compiled pattern is returned as it is
    assert isinstance(pkg.P, LazyPattern) and isinstance(sub.P, LazyPattern)
    assert type(other.P) is re.Pattern and type(passed) is re.Pattern
    assert re.compile is not None and pkg.P.match("aa").group() == "aa"
    assert type(re.compile("c")) is re.Pattern  # re.compile is itself again


def test_terminal_escaping_answers_as_its_pattern_for_every_character() -> None:
    # escape.terminal skips its (lazily compiled) pattern for printable ASCII text: every code
    # point, alone and inside printable text, is escaped as the pattern alone escapes it.
    from zotlint.escape import _UNSAFE, _visible, terminal

    plain = re.compile(_UNSAFE.pattern)
    for code in range(0x110000):
        char = chr(code)
        for text in (char, f"a {char}~"):
            assert terminal(text) == plain.sub(_visible, text), hex(code)
    assert terminal("") == "" and terminal("plain text: ok") == "plain text: ok"
