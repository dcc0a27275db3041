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

from zotlint.source.blockscalar import block
from zotlint.source.flowscalar import plain, quoted
from zotlint.source.scalarscan import BLANKS, BREAKS, LINE_END, Mismatch

__all__ = ["map_scalar"]


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
            m = block(host, p, end, style == ">", value)
        elif style == '"' or style == "'":
            m = quoted(host, p, end, style == '"', value)
        elif not style:
            m = plain(host, p, end, value)
        else:
            return None
    except (Mismatch, IndexError, ValueError):
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
        while p < end and host[p] not in BLANKS and host[p] not in BREAKS:
            p += 1
        # Separation may span lines and comments.
        while p < end:
            c = host[p]
            if c in BLANKS or c in BREAKS:
                p += 1
            elif c == "#":
                eol = LINE_END.search(host, p, end)
                p = eol.start() if eol else end
            else:
                break
    return p
