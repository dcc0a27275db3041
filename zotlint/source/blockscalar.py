"""Offset maps of block scalars (`|` and `>`): indentation, chomping and folding undone."""

from __future__ import annotations

import re

from zotlint.source.scalarscan import BLANKS, BREAKS, LINE_END, Builder, Mismatch, break_at

_ODD_BREAK = re.compile("[\x85\u2028\u2029]")

# An explicit indentation indicator only fixes indentation relative to the
# unknown parent; trying more candidates than this means the input is odd.
_MAX_INDENT_CANDIDATES = 512


def block(host: str, p: int, end: int, folded: bool, value: str) -> list[int] | None:
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
    while q < n and host[q] in BLANKS:
        q += 1
    if q < n and host[q] == "#":
        eol = LINE_END.search(host, q)
        q = eol.start() if eol else n
    header_break = q
    if q < n and host[q] not in BREAKS:
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
            except Mismatch:
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
        elif c in BREAKS:
            ruamel_col = 0 if c in "\r\n" else ruamel_col + 1
            best = max(best, ruamel_col)
            col = 0
            p = break_at(host, p)[1]
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
        p = break_at(host, p)[1]
    out = Builder(host, value, p)
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
            elif c in BREAKS:
                ch, after = break_at(host, p)
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
                    raise Mismatch
                append(src)
                v += 1
            tail = breaks[-1][2]
            breaks = []
        leading_blank = host[p] in BLANKS
        eol = LINE_END.search(host, p)
        q = eol.start() if eol else n
        if not value.startswith(host[p:q], v):
            raise Mismatch
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
            ch, after = break_at(host, q)
            line_break = (ch, q, after)
            if ruamel_cols and host[q] != "\r":
                col += q - p - host.count("\ufeff", p, q)
            col = _break_col(host, q, col, ruamel_cols)
            p = after
        k = p + indent
        if col == 0 and k < n and host[k] not in BREAKS and host.startswith(pad, p):
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
        if folded and ch == "\n" and not leading_blank and host[p] not in BLANKS:
            # Folding joins the lines with a space, or drops the break when
            # empty lines follow (they supply the line breaks).
            if breaks:
                continue
            ch = " "
        if v >= lv or value[v] != ch:
            raise Mismatch
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
    while p < n and host[p] in BREAKS:
        ch, after = break_at(host, p)
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
