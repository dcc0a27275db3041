"""Edits on references -> replacements of host-file bytes.

Every structural edit is worked out in the text of the document it names: the host file for a
YAML or JSON file, the scalar's *value* for a config embedded in a YAML string. There the JSON
or YAML is plain (no block indentation, no escapes), so finding a list's separator or an entry's
line is simple. The value range is then mapped back to host characters through the scalar's
offset map (zotlint.source.scalarmap), and inserted text is written the way the host scalar
needs it: the block scalar's indentation after a line break, `\\"` in a double-quoted scalar,
`''` in a single-quoted one, and the file's own line endings. What cannot be written exactly
(a folded scalar, a nested embedding, a scalar whose map is unknown) is not fixed at all.
"""

from __future__ import annotations

import bisect
import itertools
import json
from typing import Any

from zotlint.digest import sha256
from zotlint.document import Document, Ref
from zotlint.fix.edits import ByteEdit, Edit, Fix, ResolvedFix
from zotlint.lazyregex import lazy_compile
from zotlint.source.scalarmap import map_scalar
from zotlint.source.text import SourceFile


class Unfixable(Exception):
    """The edit cannot be written exactly; the finding keeps no fix."""


def resolve(fx: Fix) -> ResolvedFix | None:
    """The fix on byte offsets, or None when any of its edits cannot be written exactly."""
    out: list[ByteEdit] = []
    sources: dict[str, SourceFile] = {}
    try:
        for e in fx.edits:
            view = _view(e.ref.doc)
            src = e.ref.doc.source
            sources[src.rel] = src
            for a, b, text in _apply_op(view, e):
                out.append(ByteEdit(src.rel, _byte(src, a), _byte(src, b), text))
    except (Unfixable, IndexError, ValueError, KeyError, TypeError):
        return None
    edits = tuple(sorted(set(out)))
    if not edits or _overlapping(edits):
        return None
    digests = tuple((rel, digest(src)) for rel, src in sorted(sources.items()))
    return ResolvedFix(fx.title, fx.safety, edits, digests)


def digest(src: SourceFile) -> str:
    """sha256 of the file's bytes as read (UTF-8 decoding is lossless; the BOM was split off)."""
    return _facts(src)[0]


def _byte(src: SourceFile, offset: int) -> int:
    """Byte offset of a character offset: a table of byte counts every _STEP characters, so a
    file with thousands of fixable findings is not re-encoded once per finding."""
    table = _facts(src)[1]
    bom = 3 if src.had_bom else 0
    if table is None:  # ASCII
        return offset + bom
    k = offset // _STEP
    return table[k] + len(src.text[k * _STEP : offset].encode("utf-8")) + bom


_STEP = 4096
# id(source) -> (source, digest, byte table or None for ASCII); the source is held so its id
# stays its own. Bounded: a run resolves fixes file by file.
_FACTS: dict[int, tuple[SourceFile, str, list[int] | None]] = {}


def _facts(src: SourceFile) -> tuple[str, list[int] | None]:
    hit = _FACTS.get(id(src))
    if hit is not None and hit[0] is src:
        return hit[1], hit[2]
    text = src.text
    raw = (("\ufeff" if src.had_bom else "") + text).encode("utf-8")
    table: list[int] | None = None
    if not text.isascii():
        table = [0]
        for k in range(0, len(text), _STEP):
            table.append(table[-1] + len(text[k : k + _STEP].encode("utf-8")))
    if len(_FACTS) >= 64:
        _FACTS.clear()
    _FACTS[id(src)] = (src, sha256(raw).hexdigest(), table)
    return _FACTS[id(src)][1], table


def _overlapping(edits: tuple[ByteEdit, ...]) -> bool:
    for x, y in itertools.pairwise(edits):
        if x.file == y.file and (y.start < x.end or (y.start == x.start)):
            return True
    return False


# -- a document's own text and the way back to the host -------------------------------------------


class _View:
    """The text of one document and its map to host characters (identity for a host file)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        host = doc.source.text
        self.host = host
        self.newline = _newline(host)  # for an insertion on the last line
        self.style: str | None = None
        self.m: list[int] | None = None
        self.text = host
        if doc.parent is None:
            return
        parent = doc.parent
        if parent.parent is not None or not doc.exact:
            raise Unfixable
        style, start, raw_end = parent.scalars.get(doc.host_path, ("", -1, -1))
        value = _get(parent.data, doc.host_path)
        if start < 0 or not isinstance(value, str):
            raise Unfixable
        m = map_scalar(host, start, raw_end, style, value)
        if m is None:
            raise Unfixable
        self.style, self.m, self.text = style or "", m, value
        self.indent = _block_indent(host, m, value) if style == "|" else 0

    # value range <-> host range
    def span(self, ref: Ref) -> tuple[int, int]:
        s = ref.span()
        m = self.m
        if m is None:
            return s.start, s.end
        n = len(self.text)
        a = bisect.bisect_left(m, s.start, 0, n + 1)
        if a > n or m[a] != s.start:
            raise Unfixable
        if s.end == s.start:
            return a, a
        j = bisect.bisect_left(m, s.end - 1, 0, n)
        if j >= n or m[j] + 1 != s.end:
            # The span ends inside a multi-character source (an escape): its start is right.
            j = bisect.bisect_right(m, s.end - 1, 0, n) - 1
            if j < a:
                raise Unfixable
        return a, j + 1

    def to_host(self, a: int, b: int, after: bool) -> tuple[int, int]:
        m = self.m
        if m is None:
            return a, b
        if a < b:
            return m[a], m[b]
        if after and a > 0:
            e = self._src_end(a - 1)
            return e, e
        return m[a], m[a]

    def _src_end(self, i: int) -> int:
        m, host = self.m, self.host
        assert m is not None
        h = m[i]
        c = host[h]
        if self.style == '"' and c == "\\":
            e = host[h + 1]
            width = {"x": 2, "u": 4, "U": 8}.get(e)
            if width is not None:
                return h + 2 + width
            if e in "\r\n\x85\u2028\u2029":
                return m[i + 1]
            return h + 2
        if self.style == "'" and c == "'":
            return h + 2
        if c == "\r" and host.startswith("\n", h + 1):
            return h + 2
        return h + 1

    def encode(self, text: str, at: int) -> str:
        """``text`` (document syntax, "\\n" line breaks) as the host must spell it at host
        offset ``at`` (line breaks as the line there ends, in a mixed file too)."""
        style = self.style
        if style is None or style == "|":
            pad = " " * self.indent if style == "|" else ""
            return text.replace("\n", _newline(self.host, at, self.newline) + pad)
        if style == '"':
            return "".join(
                _DQ_ESCAPES.get(c) or (f"\\x{ord(c):02x}" if c < " " else c) for c in text
            )
        if "\n" in text:
            raise Unfixable  # a folded or single-quoted scalar folds the break: no exact spelling
        if style == "'":
            return text.replace("'", "''")
        if style == ">":
            return text
        if _PLAIN_SAFE.fullmatch(text):
            return text
        raise Unfixable


_DQ_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_PLAIN_SAFE = lazy_compile(r"[A-Za-z0-9_./@+=-]*")


def _view(doc: Document) -> _View:
    return doc.cached(("zotlint.fix.resolve", "view"), lambda: _View(doc))


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        try:
            data = data[p]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _newline(text: str, at: int = 0, default: str = "\n") -> str:
    """The line break ending the line at ``at`` (else the next one, else ``default``)."""
    i = text.find("\n", at)
    if i < 0:
        return default
    return "\r\n" if i > 0 and text[i - 1] == "\r" else "\n"


def _block_indent(host: str, m: list[int], value: str) -> int:
    """Columns of indentation of the block scalar's content lines."""
    j = 0
    while j < len(value) and value[j] == "\n":
        j += 1
    if j >= len(value):
        raise Unfixable
    h = m[j]
    return h - (max(host.rfind("\n", 0, h), host.rfind("\r", 0, h)) + 1)


# -- operations, in the document's own text -----------------------------------------------------

# (start, end, text) in host characters
_Out = list[tuple[int, int, str]]


def _apply_op(v: _View, e: Edit) -> _Out:
    a, b = v.span(e.ref)
    op = e.op
    if op == "replace":
        return _emit(v, a, b, e.text)
    if op == "replace_value":
        if a == b:
            raise Unfixable
        return _emit(v, a, b, _render(e.value, v, v.text[a:b]))
    if op == "insert_before":
        return _emit(v, a, a, e.text, after=False)
    if op == "insert_after":
        return _emit(v, b, b, e.text, after=True)
    if op == "delete":
        return _emit(v, a, b, "")
    if op == "delete_line":
        return _emit(v, _line_start(v.text, a), _line_end(v.text, max(a, b - 1)), "")
    if op == "remove_entry":
        return _remove_entry(v, e.ref)
    if op == "append_item":
        return _append_item(v, e.ref, e.value)
    raise Unfixable


def _emit(v: _View, a: int, b: int, text: str, after: bool = True) -> _Out:
    hs, he = v.to_host(a, b, after)
    return [(hs, he, v.encode(text, hs) if text else "")]


def _line_start(text: str, i: int) -> int:
    return max(text.rfind("\n", 0, i), text.rfind("\r", 0, i)) + 1


def _line_end(text: str, i: int) -> int:
    """Offset after the line break ending the line of ``i`` (or the end of the text)."""
    j = text.find("\n", i)
    return len(text) if j < 0 else j + 1


def _content_end(text: str, i: int) -> int:
    """Offset of the line break ending the line of ``i`` (before a CR of CRLF)."""
    j = text.find("\n", i)
    if j < 0:
        return len(text)
    return j - 1 if j > 0 and text[j - 1] == "\r" else j


# -- scalars ---------------------------------------------------------------------------------------

_YAML_SPECIAL_PLAIN = lazy_compile(
    r"(?i:y|n|yes|no|on|off|true|false|null|~|[-+]?(\.inf|\.nan)|[-+]?[0-9][0-9_.:eExXoO+-]*)"
)
_PLAIN_YAML = lazy_compile(r"[A-Za-z0-9_/.][A-Za-z0-9_./@%+=~-]*(?::[A-Za-z0-9_./@%+=~-]+)*")


def _render(value: Any, v: _View, token: str) -> str:
    """``value`` as a scalar token in the document's syntax, quoted the way ``token`` is."""
    if v.doc.syntax == "json" or not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if token.startswith("'"):
        return "'" + value.replace("'", "''") + "'"
    if token.startswith('"'):
        return json.dumps(value, ensure_ascii=False)
    if token.startswith(("|", ">")):
        raise Unfixable
    if _PLAIN_YAML.fullmatch(value) and not _YAML_SPECIAL_PLAIN.fullmatch(value):
        return value
    return json.dumps(value, ensure_ascii=False)


# -- collections -----------------------------------------------------------------------------------


def _children(
    v: _View, path: tuple[Any, ...]
) -> tuple[list[tuple[int, int]], tuple[int, int], Any]:
    """Spans (doc text) of the entries of the collection at ``path``, its own span and data."""
    doc = v.doc
    data = doc.get(path)
    own = v.span(doc.ref(path))
    if isinstance(data, dict):
        spans = [v.span(doc.ref((*path, k), "entry")) for k in data]
    elif isinstance(data, list):
        spans = [v.span(doc.ref((*path, i))) for i in range(len(data))]
    else:
        raise Unfixable
    for (a1, _), (a2, _) in itertools.pairwise(spans):
        if a2 <= a1:
            raise Unfixable  # the index does not tell the entries apart
    return spans, own, data


def _remove_entry(v: _View, ref: Ref) -> _Out:
    path = ref.path
    if not path:
        raise Unfixable
    target = v.span(ref.doc.ref(path, "entry" if isinstance(path[-1], str) else "value"))
    spans, own, _ = _children(v, path[:-1])
    idx = next((i for i, s in enumerate(spans) if s[0] == target[0]), None)
    if idx is None:
        raise Unfixable
    text = v.text
    a, b = spans[idx]
    if text[own[0] : own[0] + 1] in ("{", "["):  # JSON or YAML flow
        if idx + 1 < len(spans):
            return _emit(v, a, spans[idx + 1][0], "")
        if idx > 0:
            return _emit(v, spans[idx - 1][1], b, "")
        return _emit(v, own[0] + 1, own[1] - 1, "")
    # Block collection: the entry's lines.
    ls = _line_start(text, a)
    lead = text[ls:a]
    if lead.strip(" \t") and (not isinstance(path[-1], int) or lead.strip(" \t") != "-"):
        raise Unfixable  # another key shares the line ("- key: v" with siblings)
    if len(spans) == 1:
        raise Unfixable  # the collection would become empty: its key would read as null
    return _emit(v, ls, _line_end(text, b - 1 if b > a else a), "")


def _append_item(v: _View, ref: Ref, value: Any) -> _Out:
    spans, own, data = _children(v, ref.path)
    if not isinstance(data, list):
        raise Unfixable
    text = v.text
    if text[own[0] : own[0] + 1] == "[":
        if not spans:
            return _emit(v, own[0] + 1, own[0] + 1, _render(value, v, '"'), after=True)
        last_a, last_b = spans[-1]
        item = _render(value, v, text[last_a:last_b])
        first_a = spans[0][0]
        if "\n" in text[own[0] : first_a]:  # one item a line
            ls = _line_start(text, last_a)
            pad = text[ls:last_a]
            if pad.strip(" \t"):
                raise Unfixable
            sep = ",\n" + pad
        elif len(spans) > 1:
            sep = text[spans[0][1] : spans[1][0]]
            if sep.strip(" \t") != ",":
                raise Unfixable
        else:
            sep = ", "
        return _emit(v, last_b, last_b, sep + item, after=True)
    # Block sequence: a new `- item` line after the last item's line, indented as it is.
    if not spans or any(isinstance(x, (dict, list)) for x in data):
        raise Unfixable
    last_a, last_b = spans[-1]
    ls = _line_start(text, last_a)
    lead = text[ls:last_a]
    dash = lead.rstrip(" \t")
    if not dash.endswith("-") or dash[:-1].strip(" \t"):
        raise Unfixable
    item = _render(value, v, text[last_a:last_b])
    end = _content_end(text, last_b - 1 if last_b > last_a else last_a)
    return _emit(v, end, end, "\n" + lead + item, after=True)
