"""zotlint.linehash computes GitHub's `primaryLocationLineHash` from whole lines; it must give
exactly what codeql-action's character-by-character loop gives (`_reference` below, the loop the
module used before), for every text: CR/CRLF, blanks, characters beyond U+FFFF (two UTF-16
units), lone surrogates, U+FFFF itself (the EOF sentinel's value), lines longer than the hash
window and than the module's power table, repeated windows (`:n`), and `until` / `lines`."""

from __future__ import annotations

import random
import sys
from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from zotlint.linehash import line_hashes

_BLOCK = 100
_MOD = 37
_MASK = (1 << 64) - 1
_FIRST_MOD = pow(_MOD, _BLOCK, 1 << 64)


def _reference(text: str) -> dict[int, str]:
    """github/codeql-action `src/fingerprints.ts` `hash()`, one character at a time."""
    units = array("H")
    units.frombytes(text.encode("utf-16-le", errors="surrogatepass"))
    if sys.byteorder == "big":
        units.byteswap()
    stream = [*units.tolist(), 65535]
    window = [0] * _BLOCK
    line_numbers = [-1] * _BLOCK
    out: dict[int, str] = {}
    counts: dict[str, int] = {}
    h = index = line = 0
    line_start = True
    prev_cr = False

    def emit() -> None:
        value = format(h, "x")
        counts[value] = counts.get(value, 0) + 1
        out[line_numbers[index]] = f"{value}:{counts[value]}"
        line_numbers[index] = -1

    for current in stream:
        if current in (32, 9) or (prev_cr and current == 10):
            prev_cr = False
            continue
        if current == 13:
            current = 10
            prev_cr = True
        else:
            prev_cr = False
        if line_numbers[index] != -1:
            emit()
        if line_start:
            line_start = False
            line += 1
            line_numbers[index] = line
        if current == 10:
            line_start = True
        h = (_MOD * h + current - _FIRST_MOD * window[index]) & _MASK
        window[index] = current
        index = (index + 1) % _BLOCK
    for _ in range(_BLOCK):
        if line_numbers[index] != -1:
            emit()
        h = (_MOD * h - _FIRST_MOD * window[index]) & _MASK
        window[index] = 0
        index = (index + 1) % _BLOCK
    return out


PIECES = [
    "a",
    "b",
    "key: value",
    "é",
    "\U0001f600",  # two UTF-16 units
    "\ud800",  # a lone surrogate (a file name or text decoded with surrogateescape)
    "\uffff",  # the sentinel's own value, as a character
    " ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "x" * 99,
    "y" * 101,
    "z" * 300,  # longer than the module's table of powers
]
texts = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_same_as_the_character_loop(text: str) -> None:
    assert line_hashes(text) == _reference(text)


@settings(max_examples=200, deadline=None)
@given(texts, st.integers(min_value=1, max_value=70), st.sets(st.integers(-2, 70), max_size=8))
def test_until_and_lines_keep_the_same_values(text: str, until: int, lines: set[int]) -> None:
    full = _reference(text)
    assert line_hashes(text, until=until) == {n: v for n, v in full.items() if n <= until}
    assert line_hashes(text, lines=lines) == {n: full[n] for n in lines if n in full}


def test_repeated_windows_are_numbered_in_file_order() -> None:
    text = "same line\n" * 40 + "other\n" + "same line\n" * 40
    got = line_hashes(text)
    assert got == _reference(text)
    first = got[1].split(":")[0]
    # "sameline\n" is 9 units: line 1's window (100 units) recurs up to line 29, the last
    # whose window ends before "other", and again from line 42 on.
    assert [got[n] for n in (1, 2, 29)] == [f"{first}:1", f"{first}:2", f"{first}:29"]
    assert not got[30].startswith(first) and not got[41].startswith(first)
    assert got[42] == f"{first}:30"
    assert line_hashes(text, lines=[42]) == {42: f"{first}:30"}


def test_a_large_file_matches_the_loop() -> None:
    rnd = random.Random(14)
    lines = []
    for i in range(3000):
        pad = " " * rnd.randrange(0, 6)
        word = "".join(rnd.choice("abcXYZ019é\U0001f600\t") for _ in range(rnd.randrange(0, 40)))
        lines.append(f"{pad}k{i % 50}: {word}")
    lines.append("w" * 5000)  # one long line: hashed in pieces
    text = "\r\n".join(lines) + "\n"
    assert line_hashes(text) == _reference(text)
