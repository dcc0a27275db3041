"""zotlint.lazyregex.precompiled_patterns makes the patterns of zotlint.data.pattern_codes from
their shipped compiled form: each entry is what `re`'s compiler makes of its pattern, the
compiler is skipped for them and only for them, and the table covers what zotlint compiles."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pattern_codes import arguments

from zotlint.data.pattern_codes import CODES
from zotlint.lazyregex import precompiled_patterns

TESTS = Path(__file__).resolve().parent
COMPILE = re._compiler.compile  # type: ignore[attr-defined]
KEYS = sorted(CODES, key=lambda k: (k[0].__name__, k[1], k[2]))


def test_the_table_has_zotlint_patterns() -> None:
    assert len(CODES) > 100
    assert (str, r"\r\n|\n|\r", 0) in CODES  # zotlint.source.text


@pytest.mark.parametrize("key", KEYS, ids=lambda k: repr(k[1])[:40])
def test_each_entry_is_what_the_compiler_makes(key: tuple[type, Any, int]) -> None:
    kind, pattern, flags = key
    assert type(pattern) is kind
    assert CODES[key] == arguments(COMPILE, pattern, flags)
    with precompiled_patterns():
        shipped = re._compiler.compile(pattern, flags)  # type: ignore[attr-defined]
    compiled = COMPILE(pattern, flags)
    assert shipped == compiled  # pattern, flags and code
    assert (shipped.groups, shipped.groupindex) == (compiled.groups, compiled.groupindex)


def test_only_listed_patterns_skip_the_compiler(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[Any] = []
    parse = re._parser.parse  # type: ignore[attr-defined]

    def counting(pattern: Any, flags: int = 0, *args: Any) -> Any:
        parsed.append(pattern)
        return parse(pattern, flags, *args)

    monkeypatch.setattr(re._parser, "parse", counting)  # type: ignore[attr-defined]
    known = next(k for k in KEYS if k[0] is str and "(?P<" in k[1])
    other = r"zotlint-not-in-the-table-(\d+)"
    re.purge()
    with precompiled_patterns():
        made = re.compile(known[1], known[2])
        assert parsed == []
        assert made.groupindex == COMPILE(known[1], known[2]).groupindex
        assert re.compile(other).match("zotlint-not-in-the-table-42")[1] == "42"
        assert parsed[-1] == other  # compiled by `re` itself
        assert re.compile(made) is made
    assert re._compiler.compile is COMPILE  # type: ignore[attr-defined]
    re.purge()
    re.compile(known[1], known[2])
    assert parsed[-1] == known[1]  # outside the block, `re` compiles it


# How many patterns may have changed since the table was written before this fails (each costs
# its compile at run time, under a millisecond, and nothing else).
STALE_ALLOWED = 5


def test_the_table_covers_what_zotlint_compiles() -> None:
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(TESTS)!r})\n"
        "from pattern_codes import compiled_inputs\n"
        "from zotlint.data.pattern_codes import CODES\n"
        "print(sorted(repr(k[1])[:60] for k in compiled_inputs() - set(CODES)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        cwd=TESTS.parent,
    )
    missing = eval(out.stdout.strip().splitlines()[-1])
    assert len(missing) <= STALE_ALLOWED, (
        f"{len(missing)} patterns changed since zotlint/data/pattern_codes.py was written: "
        f"run `.venv/bin/python tests/pattern_codes.py` ({missing})"
    )
