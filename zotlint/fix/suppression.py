"""The fix of an unused suppression (ZOT005): remove the code, or the whole comment."""

from __future__ import annotations

import re

from zotlint.document import text_document
from zotlint.fix.edits import SAFE, Fix, delete, delete_line
from zotlint.source.text import Span
from zotlint.suppress import Directive

_IDS = re.compile(r"=\s*(?P<ids>[A-Za-z0-9_\-]+(?:\s*,\s*[A-Za-z0-9_\-]+)*)")
_CODE = re.compile(r"[A-Za-z0-9_\-]+")


def unused_suppression_fix(d: Directive, code: str, whole: bool) -> Fix | None:
    """Safe: a suppression that matches nothing changes no result when it goes. ``whole``: no
    code of the comment is in use, so the comment goes (its line, when it is alone on it)."""
    src = d.source
    text = src.text
    doc = text_document(src)
    if whole:
        ls = max(text.rfind("\n", 0, d.span.start), text.rfind("\r", 0, d.span.start)) + 1
        before = text[ls : d.span.start]
        if not before.strip():
            return Fix("Remove the unused suppression comment", (delete_line(_ref(doc, d.span)),))
        start = ls + len(before.rstrip(" \t"))
        end = d.span.end
        while end < len(text) and text[end] in " \t":
            end += 1
        return Fix("Remove the unused suppression comment", (delete(_ref(doc, Span(start, end))),))
    comment = text[d.span.start : d.span.end]
    m = _IDS.search(comment)
    if m is None:
        return None
    base = d.span.start + m.start("ids")
    codes = [(base + c.start(), base + c.end(), c.group()) for c in _CODE.finditer(m.group("ids"))]
    k = next((i for i, c in enumerate(codes) if c[2] == code), None)
    if k is None or len(codes) < 2:
        return None
    if k + 1 < len(codes):
        span = Span(codes[k][0], codes[k + 1][0])
    else:
        span = Span(codes[k - 1][1], codes[k][1])
    return Fix(f"Remove {code} from the suppression", (delete(_ref(doc, span)),), SAFE)


def _ref(doc, span: Span):  # type: ignore[no-untyped-def]
    return doc.ref_span((), span)
