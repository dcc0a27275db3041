"""GitHub code scanning's `primaryLocationLineHash`, computed the way `upload-sarif` does.

GitHub matches alerts between analyses by this one partial fingerprint. `upload-sarif` fills it
in from the checkout when it is missing, but SARIF uploaded through the REST API (other CI
systems, `gh api`) gets no fingerprint at all and every run then opens duplicate alerts. So the
SARIF reporter writes it itself, with exactly the value `upload-sarif` would compute; when both
agree the action keeps ours silently.

Port of `hash()` in github/codeql-action `src/fingerprints.ts`: a rolling polynomial hash (base
37, 64-bit wrap-around) over the first 100 characters from the start of each line, skipping
spaces and tabs and normalising CR/CRLF to LF; characters are UTF-16 code units, as in
JavaScript; identical hashes in one file are numbered `:1`, `:2`, … in file order.
"""

from __future__ import annotations

import sys
from array import array

_BLOCK = 100
_MOD = 37
_MASK = (1 << 64) - 1
_FIRST_MOD = pow(_MOD, _BLOCK, 1 << 64)
_TAB, _SPACE, _LF, _CR = 9, 32, 10, 13
_EOF = 65535  # the sentinel fingerprints.ts feeds after the last character


def _units(text: str) -> list[int]:
    units = array("H")
    units.frombytes(text.encode("utf-16-le", errors="surrogatepass"))
    if sys.byteorder == "big":
        units.byteswap()
    return units.tolist()


def line_hashes(text: str, until: int | None = None) -> dict[int, str]:
    """`{line: "hex:n"}` for every line of `text` (1-based, as GitHub numbers them).

    With `until`, stop once that line's hash is known: a line's value depends only on the text
    from its start and on the lines before it, so the rest of a large file can be skipped."""
    # One flat loop with locals: this runs over every character of each reported file.
    window = [0] * _BLOCK
    line_numbers = [-1] * _BLOCK
    out: dict[int, str] = {}
    counts: dict[str, int] = {}
    h = index = line = 0
    line_start = True
    prev_cr = False
    units = _units(text)
    units.append(_EOF)
    for current in units:
        if current in (_SPACE, _TAB) or (prev_cr and current == _LF):
            prev_cr = False
            continue
        if current == _CR:
            current = _LF
            prev_cr = True
        else:
            prev_cr = False
        if line_numbers[index] != -1:
            value = format(h, "x")
            counts[value] = counts.get(value, 0) + 1
            out[line_numbers[index]] = f"{value}:{counts[value]}"
            if line_numbers[index] == until:
                return out
            line_numbers[index] = -1
        if line_start:
            line_start = False
            line += 1
            line_numbers[index] = line
        if current == _LF:
            line_start = True
        h = (_MOD * h + current - _FIRST_MOD * window[index]) & _MASK
        window[index] = current
        index = (index + 1) % _BLOCK
    for _ in range(_BLOCK):
        if line_numbers[index] != -1:
            value = format(h, "x")
            counts[value] = counts.get(value, 0) + 1
            out[line_numbers[index]] = f"{value}:{counts[value]}"
            line_numbers[index] = -1
        h = (_MOD * h - _FIRST_MOD * window[index]) & _MASK
        window[index] = 0
        index = (index + 1) % _BLOCK
    return out


def upload_text(raw: bytes) -> str:
    """A file's text as upload-sarif reads it: UTF-8, undecodable bytes replaced, byte order
    mark kept (the bytes come from zotlint.pipeline.reported_texts)."""
    return raw.decode("utf-8", errors="replace")
