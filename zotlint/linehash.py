"""GitHub code scanning's `primaryLocationLineHash`, computed the way `upload-sarif` does.

GitHub matches alerts between analyses by this one partial fingerprint. `upload-sarif` fills it
in from the checkout when it is missing, but SARIF uploaded through the REST API (other CI
systems, `gh api`) gets no fingerprint at all and every run then opens duplicate alerts. So the
SARIF reporter writes it itself, with exactly the value `upload-sarif` would compute; when both
agree the action keeps ours silently.

The value is `hash()`'s in github/codeql-action `src/fingerprints.ts`: a rolling polynomial hash
(base 37, 64-bit wrap-around) over the first 100 characters from the start of each line,
skipping spaces and tabs and normalising CR/CRLF to LF; characters are UTF-16 code units, as in
JavaScript; the stream ends with the unit 65535 and zeros; identical hashes in one file are
numbered `:1`, `:2`, … in file order.

That loop touches every character in Python (1.3 s on a 1.7 MB file). The same numbers come
from polynomial algebra on whole lines instead: with H[j] the hash of the first j units
(sum of u[i] * 37**(j-1-i), mod 2**64), the window at a line start p is
H[p+100] - H[p] * 37**100. H at every line start chains line by line (H * 37**len + the line's
own polynomial); H[p+100] is the H of the line the window ends in, shifted, plus the
polynomial of that line's first characters. A line's polynomial depends only on its text, so
each distinct line and line head is computed once (YAML repeats most of its lines), and every
step over all lines runs inside C-level map/accumulate.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Iterable
from itertools import accumulate, repeat
from operator import mul

_BLOCK = 100
_MOD = 37
_MASK = (1 << 64) - 1
_LF = 10
_EOF = 65535  # the sentinel fingerprints.ts feeds after the last character
# Powers of 37 from a table up to here; a longer run is hashed in pieces of this length.
_CHUNK = 256
_POW = [pow(_MOD, k, 1 << 64) for k in range(_CHUNK + 1)]
_FIRST_MOD = _POW[_BLOCK]
_BLANKS = {ord(" "): None, ord("\t"): None}


def _power(n: int) -> int:
    return _POW[n] if n <= _CHUNK else pow(_MOD, n, 1 << 64)


def _poly(units: str) -> int:
    """sum(ord(c) * 37**(len-1-i)) mod 2**64 over a string of UTF-16 code units."""
    n = len(units)
    if n <= _CHUNK:
        # Last unit first against 37**0, 37**1, ... (map stops with the units).
        backwards = units[::-1]
        digits = backwards.encode("ascii") if backwards.isascii() else map(ord, backwards)
        return sum(map(mul, digits, _POW)) & _MASK
    h = 0
    for at in range(0, n, _CHUNK):
        part = units[at : at + _CHUNK]
        h = (h * _power(len(part)) + _poly(part)) & _MASK
    return h


def _polys(strings: list[str]) -> list[int]:
    """`_poly` of each string, each distinct one computed once."""
    known: dict[str, int] = dict.fromkeys(strings, 0)
    for k in known:
        known[k] = _poly(k)
    return list(map(known.__getitem__, strings))


def _code_units(text: str) -> str:
    """`text` with one character per UTF-16 code unit (a character beyond U+FFFF becomes its
    two surrogates), so that lengths and offsets count what JavaScript counts."""
    data = text.encode("utf-16-le", errors="surrogatepass")
    if len(data) == 2 * len(text):
        return text
    units = array("H")
    units.frombytes(data)
    if sys.byteorder == "big":
        units.byteswap()
    return "".join(map(chr, units))


def _chain(h: int, step: tuple[int, int]) -> int:
    shift, poly = step
    return (h * shift + poly * _MOD + _LF) & _MASK


def line_hashes(
    text: str, until: int | None = None, lines: Collection[int] | None = None
) -> dict[int, str]:
    """`{line: "hex:n"}` for every line of `text` (1-based, as GitHub numbers them).

    With `until`, lines after it are left out (and not hashed); with `lines`, only those lines
    are in the answer (their `:n` still counts every line before them)."""
    if lines is not None:
        until = min(until, max(lines, default=0)) if until is not None else max(lines, default=0)
    normal = text.replace("\r\n", "\n").replace("\r", "\n").translate(_BLANKS)
    rows = _code_units(normal).split("\n")
    size = len(rows) if until is None else max(0, min(until, len(rows)))
    if size == 0:
        return {}
    lengths = list(map(len, rows))
    steps = list(map((1).__add__, lengths))  # each line with its LF (the last: the EOF unit)
    starts = list(accumulate(steps, initial=0))
    eof = starts.pop() - 1  # the EOF unit's index
    # Only the lines up to where the last wanted window ends are hashed.
    keep = len(rows)
    if size < keep:
        keep = bisect_right(starts, starts[size - 1] + _BLOCK)
    steps = steps[:keep]
    power = _POW.__getitem__ if max(steps) <= _CHUNK else _power
    # H at each line start: the line before it shifted in, with its LF.
    heads = list(
        accumulate(zip(map(power, steps), _polys(rows[:keep]), strict=True), _chain, initial=0)
    )
    past_eof = 0
    if keep == len(rows):
        # The last line ends with the EOF unit, not an LF: H just past that unit.
        past_eof = (heads.pop() + _EOF - _LF) & _MASK
    # Windows that end at or before the EOF unit end in a line: H of that line's start,
    # shifted by the characters of it in the window, plus their polynomial.
    inside = bisect_right(starts, eof - _BLOCK, 0, size)
    ends = list(map((_BLOCK).__add__, starts[:inside]))
    rows_at = list(map((-1).__add__, map(bisect_right, repeat(starts), ends)))
    offsets = list(map(int.__sub__, ends, map(starts.__getitem__, rows_at)))
    heads_of = map(rows.__getitem__, rows_at)
    parts = [row[:n] for row, n in zip(heads_of, offsets, strict=True)]
    at_ends = list(
        map(
            int.__add__,
            map(mul, map(heads.__getitem__, rows_at), map(_POW.__getitem__, offsets)),
            _polys(parts),
        )
    )
    # The last windows run past the EOF unit into zeros: H past the EOF, shifted.
    if inside < size:
        at_ends.extend(past_eof * _power(p + _BLOCK - eof - 1) for p in starts[inside:size])
    # `heads` may hold more line starts than there are wanted windows.
    values = [(e - h * _FIRST_MOD) & _MASK for e, h in zip(at_ends, heads, strict=False)]
    return _numbered(values, range(1, size + 1) if lines is None else lines)


def _numbered(values: list[int], lines: Iterable[int]) -> dict[int, str]:
    """`hex:n` for `lines` (1-based), n counting equal values from the first line on."""
    counts = Counter(values)
    rank: dict[int, int] = {}
    repeated = {v for v, c in counts.items() if c > 1}
    if repeated:
        seen: dict[int, int] = {}
        for i, v in enumerate(values, 1):
            if v in repeated:
                rank[i] = seen[v] = seen.get(v, 0) + 1
    size = len(values)
    return {line: f"{values[line - 1]:x}:{rank.get(line, 1)}" for line in lines if 0 < line <= size}


def upload_text(raw: bytes) -> str:
    """A file's text as upload-sarif reads it: UTF-8, undecodable bytes replaced, byte order
    mark kept (the bytes come from zotlint.pipeline.reported_texts)."""
    return raw.decode("utf-8", errors="replace")
