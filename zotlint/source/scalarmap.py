"""Map each character of a YAML scalar's value back to its offset in the file.

Helm values and ConfigMaps embed zot's JSON config as a YAML string.  When the
JSON parser reports an offset inside that string, the finding has to point at
the right line and column of the YAML file, which means undoing YAML's
indentation stripping, line folding, chomping and escapes.

The approach is to re-scan the scalar's source with the same rules ruamel.yaml
and libyaml use, producing the value together with an offset per character,
and to accept the result only if it reproduces the parser's value exactly.
Anything we cannot reproduce yields ``None`` so callers fall back to the whole
scalar's span rather than report an invented position.
"""

from __future__ import annotations

import re

__all__ = ["map_scalar"]

# ruamel.yaml and libyaml both treat NEL, LS and PS as line breaks, in YAML 1.2
# documents too, so the map must as well or offsets drift after them.
_BREAKS = "\r\n\x85\u2028\u2029"
_BLANKS = " \t"

_LINE_END = re.compile("[\r\n\x85\u2028\u2029]")
# Runs of characters that are copied verbatim into the value.
# Blanks belong to a run unless only blanks separate them from a line break
# (those are trailing blanks, which folding drops).
_PLAIN_RUN = re.compile("(?:[^ \t\r\n\x85\u2028\u2029]+|[ \t]+(?=[^ \t\r\n\x85\u2028\u2029]))+")
_SINGLE_RUN = re.compile("(?:[^ \t'\r\n\x85\u2028\u2029]+|[ \t]+(?=[^ \t\r\n\x85\u2028\u2029]))+")
_DOUBLE_RUN = re.compile(
    '(?:[^ \t"\\\\\r\n\x85\u2028\u2029]+|[ \t]+(?=[^ \t\r\n\x85\u2028\u2029]))+'
)
_HEX = re.compile("[0-9A-Fa-f]+")
_ODD_BREAK = re.compile("[\x85\u2028\u2029]")

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

# An explicit indentation indicator only fixes indentation relative to the
# unknown parent; trying more candidates than this means the input is odd.
_MAX_INDENT_CANDIDATES = 512


class _Mismatch(Exception):
    """The re-scan disagrees with the parser's value; no exact map exists."""


class _Builder:
    """Accumulates the offset map while checking it against the expected value."""

    __slots__ = ("host", "m", "tail", "v", "value")

    def __init__(self, host: str, value: str, tail: int) -> None:
        self.host = host
        self.value = value
        self.m: list[int] = []
        self.v = 0  # next value index to produce
        # End of the source of the last produced character; where an empty
        # value "is".
        self.tail = tail

    def copy(self, p: int, q: int) -> None:
        """Value continues with host[p:q] verbatim."""
        if q <= p:
            return
        if not self.value.startswith(self.host[p:q], self.v):
            raise _Mismatch
        self.m.extend(range(p, q))
        self.v += q - p
        self.tail = q

    def put(self, ch: str, src: int, src_end: int) -> None:
        """Value continues with ``ch``, produced from host[src:src_end]."""
        v = self.v
        if v >= len(self.value) or self.value[v] != ch:
            raise _Mismatch
        self.m.append(src)
        self.v = v + 1
        self.tail = src_end

    def finish(self) -> list[int]:
        if self.v != len(self.value):
            raise _Mismatch
        self.m.append(self.tail)
        return self.m


def map_scalar(host: str, start: int, end: int, style: str | None, value: str) -> list[int] | None:
    """Return host offsets for every character of a scalar's value, or None.

    ``start``/``end`` are the node's mark indexes (ruamel's
    ``node.start_mark.index``/``node.end_mark.index``, with the C or the pure
    loader), ``style`` the node's style and ``value`` its decoded value.  The
    result ``m`` has ``len(value) + 1`` items: ``m[i]`` is where value
    character ``i`` comes from and ``m[len(value)]`` is the end of the last
    character's source.  Characters copied from the source satisfy
    ``host[m[i]] == value[i]``; produced ones (folded line breaks, escapes,
    normalised CRLF) point at the line break or backslash they came from.

    ``None`` means the value could not be reproduced exactly from the source,
    e.g. an unknown style, marks that do not fit the text, or a folded value
    from ruamel's round-trip loader, which keeps ``\\a`` fold markers in it.
    """
    if not (0 <= start <= end <= len(host)):
        return None
    p = _skip_properties(host, start, end)
    if p < 0:
        return None
    try:
        if style == "|" or style == ">":
            m = _block(host, p, end, style == ">", value)
        elif style == '"' or style == "'":
            m = _quoted(host, p, end, style == '"', value)
        elif not style:
            m = _plain(host, p, end, value)
        else:
            return None
    except (_Mismatch, IndexError, ValueError):
        return None
    if m is None:
        return None
    # Offsets only grow, so checking the ends bounds every entry.
    if m[0] < start or m[-1] > end or (len(m) > 1 and m[-2] >= end):
        return None
    return m


def _skip_properties(host: str, p: int, end: int) -> int:
    """Skip a tag and/or anchor the node's start mark may include.

    Returns the offset of the scalar itself, or -1 if the text does not look
    like node properties followed by a scalar.
    """
    while p < end and host[p] in "!&":
        if host.startswith("!<", p):
            close = host.find(">", p, end)
            if close < 0:
                return -1
            p = close + 1
        while p < end and host[p] not in _BLANKS and host[p] not in _BREAKS:
            p += 1
        # Separation may span lines and comments.
        while p < end:
            c = host[p]
            if c in _BLANKS or c in _BREAKS:
                p += 1
            elif c == "#":
                eol = _LINE_END.search(host, p, end)
                p = eol.start() if eol else end
            else:
                break
    return p


def _line_break(host: str, p: int) -> tuple[str, int]:
    """The value character a line break at ``p`` becomes, and its end offset."""
    c = host[p]
    if c == "\r" and host.startswith("\n", p + 1):
        return "\n", p + 2
    if c in "\r\n\x85":
        return "\n", p + 1
    return c, p + 1  # LS and PS are kept as they are


# -- block scalars -----------------------------------------------------------


def _block(host: str, p: int, end: int, folded: bool, value: str) -> list[int] | None:
    n = len(host)
    if host[p] != (">" if folded else "|"):
        return None
    q = p + 1
    chomp: bool | None = None  # None = clip, True = keep, False = strip
    increment = 0
    for _ in range(2):
        c = host[q] if q < n else ""
        if c and c in "+-" and chomp is None:
            chomp = c == "+"
            q += 1
        elif c and c in "123456789" and not increment:
            increment = int(c)
            q += 1
    # Rest of the header line: optional comment, then the line break.
    while q < n and host[q] in _BLANKS:
        q += 1
    if q < n and host[q] == "#":
        eol = _LINE_END.search(host, q)
        q = eol.start() if eol else n
    header_break = q
    if q < n and host[q] not in _BREAKS:
        return None

    if increment:
        # indent = parent indent + increment, and the parent is unknown; the
        # value pins it down because every other choice strips a different
        # number of spaces from the first lines.
        hi = max(_leading_spaces(host, q, n), increment) + 1
        if hi - increment > _MAX_INDENT_CANDIDATES:
            return None
        tries: list[tuple[int | None, int]] = [(k, 0) for k in range(increment, hi + 1)]
    else:
        # Auto-detected indentation is max(first line's, parent's + 1).  The
        # parent is unknown: either it allows the detected indentation (0
        # stands for "no constraint") or it is deeper and the scalar has no
        # content lines at all (any huge minimum gives that reading).
        tries = [(None, 0), (None, n + 1)]
    # ruamel's reader (YAML 1.2 mode) counts columns differently from libyaml
    # after NEL/LS/PS, which both scanners treat as line breaks; only text
    # holding one of those needs the second reading.
    modes = (False, True) if _ODD_BREAK.search(host, p, end) else (False,)
    found: list[int] | None = None
    for ruamel_cols in modes:
        for indent, min_indent in tries:
            try:
                m = _block_body(
                    host, header_break, n, indent, min_indent, folded, chomp, value, ruamel_cols
                )
            except _Mismatch:
                continue
            if found is not None and m != found:
                return None  # two readings fit the value; refuse to guess
            found = m
    return found


def _leading_spaces(host: str, p: int, n: int) -> int:
    """Highest column reached by indentation before the first non-empty line.

    Both column conventions are tracked (see :func:`_break_col`).
    """
    best = col = ruamel_col = 0
    while p < n:
        c = host[p]
        if c == " ":
            p += 1
            col += 1
            ruamel_col += 1
            best = max(best, col, ruamel_col)
        elif c in _BREAKS:
            ruamel_col = 0 if c in "\r\n" else ruamel_col + 1
            best = max(best, ruamel_col)
            col = 0
            p = _line_break(host, p)[1]
        else:
            break
    return best


def _break_col(host: str, q: int, col: int, ruamel_cols: bool) -> int:
    """Column after the line break at ``q``, given the column at ``q``."""
    if not ruamel_cols or host[q] in "\r\n":
        return 0
    # ruamel's reader only starts a new line at CR/LF; NEL/LS/PS advance the
    # column like any other character.
    return col + 1


def _ruamel_col(host: str, q: int) -> int:
    """ruamel's column at ``q``: characters since the last CR/LF, BOMs excluded."""
    start = max(host.rfind("\n", 0, q), host.rfind("\r", 0, q)) + 1
    return q - start - host.count("\ufeff", start, q)


def _block_body(
    host: str,
    p: int,
    n: int,
    indent: int | None,
    min_indent: int,
    folded: bool,
    chomp: bool | None,
    value: str,
    ruamel_cols: bool,
) -> list[int]:
    """Re-scan a block scalar's lines the way ruamel.yaml's scanner does.

    ``p`` is the header's line break (or the end of the text).  ``indent``
    None means auto-detect from the leading lines, but at least
    ``min_indent``.  ``ruamel_cols`` selects ruamel's column counting over
    libyaml's (see :func:`_break_col`).
    """
    col = 0
    if p < n:
        if ruamel_cols and host[p] not in "\r\n":
            col = _break_col(host, p, _ruamel_col(host, p), True)
        p = _line_break(host, p)[1]
    out = _Builder(host, value, p)
    # Pending empty lines: (value char, break offset, break end).
    breaks: list[tuple[str, int, int]] = []
    if indent is None:
        max_indent = 0
        while p < n:
            c = host[p]
            if c == " ":
                p += 1
                col += 1
                if col > max_indent:
                    max_indent = col
            elif c in _BREAKS:
                ch, after = _line_break(host, p)
                breaks.append((ch, p, after))
                col = _break_col(host, p, col, ruamel_cols)
                p = after
            else:
                break
        indent = max(min_indent, max_indent)
    else:
        p, col = _skip_breaks(host, p, col, n, indent, breaks, ruamel_cols)

    # The loop below runs once per line of what is often a large embedded
    # document, so the builder's work is inlined and the usual indentation
    # is skipped in one step.
    m = out.m
    extend = m.extend
    append = m.append
    v = 0
    lv = len(value)
    tail = out.tail
    pad = " " * indent if indent <= n else ""
    line_break: tuple[str, int, int] | None = None
    while col == indent and p < n:
        if breaks:
            for ch, src, _after in breaks:
                if v >= lv or value[v] != ch:
                    raise _Mismatch
                append(src)
                v += 1
            tail = breaks[-1][2]
            breaks = []
        leading_blank = host[p] in _BLANKS
        eol = _LINE_END.search(host, p)
        q = eol.start() if eol else n
        if not value.startswith(host[p:q], v):
            raise _Mismatch
        extend(range(p, q))
        v += q - p
        tail = q
        if q == n:
            line_break = None
            break
        if host[q] == "\n":
            line_break = ("\n", q, q + 1)
            col = 0
            p = q + 1
        else:
            ch, after = _line_break(host, q)
            line_break = (ch, q, after)
            if ruamel_cols and host[q] != "\r":
                col += q - p - host.count("\ufeff", p, q)
            col = _break_col(host, q, col, ruamel_cols)
            p = after
        k = p + indent
        if col == 0 and k < n and host[k] not in _BREAKS and host.startswith(pad, p):
            p = k
            col = indent
        else:
            p, col = _skip_breaks(host, p, col, n, indent, breaks, ruamel_cols)
        # Only a document's root can have content at column 0, and there a
        # marker line ends the scalar.
        if indent == 0 and _document_marker(host, p, n):
            break
        if col != indent or p >= n:
            break
        ch, src, after = line_break
        if folded and ch == "\n" and not leading_blank and host[p] not in _BLANKS:
            # Folding joins the lines with a space, or drops the break when
            # empty lines follow (they supply the line breaks).
            if breaks:
                continue
            ch = " "
        if v >= lv or value[v] != ch:
            raise _Mismatch
        append(src)
        v += 1
        tail = after

    out.v = v
    out.tail = tail
    if chomp is not False and line_break is not None:
        out.put(*line_break)
    if chomp is True:
        for ch, src, after in breaks:
            out.put(ch, src, after)
    return out.finish()


def _skip_breaks(
    host: str,
    p: int,
    col: int,
    n: int,
    indent: int,
    breaks: list[tuple[str, int, int]],
    ruamel_cols: bool,
) -> tuple[int, int]:
    """Skip indentation and empty lines, collecting their line breaks."""
    while p < n and col < indent and host[p] == " ":
        p += 1
        col += 1
    while p < n and host[p] in _BREAKS:
        ch, after = _line_break(host, p)
        breaks.append((ch, p, after))
        col = _break_col(host, p, col, ruamel_cols)
        p = after
        while p < n and col < indent and host[p] == " ":
            p += 1
            col += 1
    return p, col


def _document_marker(host: str, p: int, n: int) -> bool:
    if not (host.startswith("---", p) or host.startswith("...", p)):
        return False
    return p + 3 >= n or host[p + 3] in " \t\r\n\x85\u2028\u2029"


# -- flow scalars ------------------------------------------------------------


def _fold(host: str, i: int, stop: int, out: _Builder) -> int:
    """Fold the line break at ``i`` and any empty lines after it.

    Returns the offset of the next content character.  A lone break becomes
    a space; with empty lines following, each of those becomes a line break.
    """
    ch, first_end = _line_break(host, i)
    k = first_end
    empties: list[tuple[str, int, int]] = []
    while True:
        while k < stop and host[k] in _BLANKS:
            k += 1
        if k < stop and host[k] in _BREAKS:
            ch2, after = _line_break(host, k)
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


def _quoted(host: str, p: int, end: int, double: bool, value: str) -> list[int] | None:
    quote = '"' if double else "'"
    close = end - 1
    if host[p] != quote or close <= p or host[close] != quote:
        return None
    run = _DOUBLE_RUN if double else _SINGLE_RUN
    out = _Builder(host, value, p + 1)
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
                    raise _Mismatch
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
                raise _Mismatch
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
                raise _Mismatch
            extend(range(i, j))
            v += j - i
            out.tail = i = j
            continue
        # Blanks the run pattern refused end the line: they are dropped and
        # the line break is folded.
        j = i
        while host[j] in _BLANKS:
            j += 1
        if j >= close or host[j] not in _BREAKS:
            return None
        out.v = v
        i = _fold(host, j, close, out)
        v = out.v
    out.v = v
    return out.finish()


def _escape(host: str, i: int, close: int, out: _Builder) -> int:
    """Decode the escape at ``i`` (a backslash); return the offset after it."""
    if i + 1 >= close:
        raise _Mismatch
    e = host[i + 1]
    if e in _ESCAPES:
        out.put(_ESCAPES[e], i, i + 2)
        return i + 2
    if e in _HEX_ESCAPES:
        width = _HEX_ESCAPES[e]
        digits = host[i + 2 : i + 2 + width]
        if len(digits) != width or not _HEX.fullmatch(digits) or i + 2 + width > close:
            raise _Mismatch
        out.put(chr(int(digits, 16)), i, i + 2 + width)
        return i + 2 + width
    if e in _BREAKS:
        # An escaped line break joins the lines with nothing in between;
        # empty lines after it still each give a line break.
        _, k = _line_break(host, i + 1)
        while True:
            while k < close and host[k] in _BLANKS:
                k += 1
            if k < close and host[k] in _BREAKS:
                ch, after = _line_break(host, k)
                out.put(ch, k, after)
                k = after
            else:
                return k
    raise _Mismatch


def _plain(host: str, p: int, end: int, value: str) -> list[int] | None:
    # The end mark of a plain scalar is right after its last character, so
    # the scalar is exactly host[p:end]; only folding needs undoing.
    out = _Builder(host, value, p)
    i = p
    while i < end:
        c = host[i]
        if c in _BLANKS or c in _BREAKS:
            j = i
            while j < end and host[j] in _BLANKS:
                j += 1
            if j < end and host[j] in _BREAKS:
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
