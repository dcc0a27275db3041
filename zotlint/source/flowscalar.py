"""Offset maps of flow scalars (plain, single- and double-quoted): folding and escapes undone."""

from __future__ import annotations

from zotlint.lazyregex import lazy_compile
from zotlint.source.scalarscan import BLANKS, BREAKS, Builder, Mismatch, break_at

# Runs of characters that are copied verbatim into the value.
# Blanks belong to a run unless only blanks separate them from a line break
# (those are trailing blanks, which folding drops).
_PLAIN_RUN = lazy_compile("(?:[^ \t\r\n\x85\u2028\u2029]+|[ \t]+(?=[^ \t\r\n\x85\u2028\u2029]))+")
_SINGLE_RUN = lazy_compile("(?:[^ \t'\r\n\x85\u2028\u2029]+|[ \t]+(?=[^ \t\r\n\x85\u2028\u2029]))+")
_DOUBLE_RUN = lazy_compile(
    '(?:[^ \t"\\\\\r\n\x85\u2028\u2029]+|[ \t]+(?=[^ \t\r\n\x85\u2028\u2029]))+'
)
_HEX = lazy_compile("[0-9A-Fa-f]+")
_ESCAPES = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def _fold(host: str, i: int, stop: int, out: Builder) -> int:
    """Fold the line break at ``i`` and any empty lines after it.

    Returns the offset of the next content character.  A lone break becomes
    a space; with empty lines following, each of those becomes a line break.
    """
    ch, first_end = break_at(host, i)
    k = first_end
    empties: list[tuple[str, int, int]] = []
    while True:
        while k < stop and host[k] in BLANKS:
            k += 1
        if k < stop and host[k] in BREAKS:
            ch2, after = break_at(host, k)
            empties.append((ch2, k, after))
            k = after
        else:
            break
    if ch != "\n":
        out.put(ch, i, first_end)
    elif not empties:
        out.put(" ", i, first_end)
    for ch2, src, after in empties:
        out.put(ch2, src, after)
    return k


def quoted(host: str, p: int, end: int, double: bool, value: str) -> list[int] | None:
    quote = '"' if double else "'"
    close = end - 1
    if host[p] != quote or close <= p or host[close] != quote:
        return None
    run = _DOUBLE_RUN if double else _SINGLE_RUN
    out = Builder(host, value, p + 1)
    # Embedded JSON in a double-quoted scalar is mostly short runs between
    # \" escapes, so both are handled inline rather than through the builder.
    m = out.m
    extend = m.extend
    v = 0
    lv = len(value)
    i = p + 1
    while i < close:
        c = host[i]
        if c == "\\" and double:
            r = _ESCAPES.get(host[i + 1]) if i + 1 < close else None
            if r is not None:
                if v >= lv or value[v] != r:
                    raise Mismatch
                m.append(i)
                v += 1
                i += 2
                out.tail = i
                continue
            out.v = v
            i = _escape(host, i, close, out)
            v = out.v
            continue
        if c == "'" and not double:
            if i + 1 >= close or host[i + 1] != "'":
                return None
            if v >= lv or value[v] != "'":
                raise Mismatch
            m.append(i)
            v += 1
            i += 2
            out.tail = i
            continue
        # The run pattern looks one past the closing quote to see that the
        # blanks before it are content, hence ``end`` and not ``close``.
        mt = run.match(host, i, end)
        if mt is not None:
            j = mt.end()
            if not value.startswith(host[i:j], v):
                raise Mismatch
            extend(range(i, j))
            v += j - i
            out.tail = i = j
            continue
        # Blanks the run pattern refused end the line: they are dropped and
        # the line break is folded.
        j = i
        while host[j] in BLANKS:
            j += 1
        if j >= close or host[j] not in BREAKS:
            return None
        out.v = v
        i = _fold(host, j, close, out)
        v = out.v
    out.v = v
    return out.finish()


def _escape(host: str, i: int, close: int, out: Builder) -> int:
    """Decode the escape at ``i`` (a backslash); return the offset after it."""
    if i + 1 >= close:
        raise Mismatch
    e = host[i + 1]
    if e in _ESCAPES:
        out.put(_ESCAPES[e], i, i + 2)
        return i + 2
    if e in _HEX_ESCAPES:
        width = _HEX_ESCAPES[e]
        digits = host[i + 2 : i + 2 + width]
        if len(digits) != width or not _HEX.fullmatch(digits) or i + 2 + width > close:
            raise Mismatch
        out.put(chr(int(digits, 16)), i, i + 2 + width)
        return i + 2 + width
    if e in BREAKS:
        # An escaped line break joins the lines with nothing in between;
        # empty lines after it still each give a line break.
        _, k = break_at(host, i + 1)
        while True:
            while k < close and host[k] in BLANKS:
                k += 1
            if k < close and host[k] in BREAKS:
                ch, after = break_at(host, k)
                out.put(ch, k, after)
                k = after
            else:
                return k
    raise Mismatch


def plain(host: str, p: int, end: int, value: str) -> list[int] | None:
    # The end mark of a plain scalar is right after its last character, so
    # the scalar is exactly host[p:end]; only folding needs undoing.
    out = Builder(host, value, p)
    i = p
    while i < end:
        c = host[i]
        if c in BLANKS or c in BREAKS:
            j = i
            while j < end and host[j] in BLANKS:
                j += 1
            if j < end and host[j] in BREAKS:
                i = _fold(host, j, end, out)
            else:
                out.copy(i, j)
                i = j
        else:
            mt = _PLAIN_RUN.match(host, i, end)
            assert mt is not None
            out.copy(i, mt.end())
            i = mt.end()
    return out.finish()
