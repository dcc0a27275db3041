"""Pick the fixes that can be applied together and splice their edits into the files' bytes.

Fixes are taken in the order given (the findings' sort order: file, line, column, rule), so the
result never depends on dict or set order. A fix whose edits overlap an edit already taken is
skipped whole; it stays reported, and the next pass (or the next run) can apply it. Two
findings proposing the very same edits share one application.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field

from zotlint.fix.edits import ByteEdit, ResolvedFix
from zotlint.records import dataclass


@dataclass
class Selection:
    taken: list[int] = field(default_factory=list)  # indexes into the fixes given
    skipped: list[int] = field(default_factory=list)  # conflicting with a taken one
    edits: dict[str, list[ByteEdit]] = field(default_factory=dict)  # per file, sorted


def _conflicts(e: ByteEdit, taken: list[ByteEdit]) -> bool:
    for t in taken:
        if e.start < t.end and t.start < e.end:
            return True  # the spans overlap
        if e.start == t.start or (e.is_insert and t.start < e.start < t.end):
            return True  # an insertion at the same place: order would be a guess
        if t.is_insert and e.start < t.start < e.end:
            return True
        if (e.is_insert or t.is_insert) and (e.start == t.end or t.start == e.end):
            return True  # an insertion touching a replaced span: inside or outside it?
    return False


def select(fixes: Iterable[ResolvedFix]) -> Selection:
    sel = Selection()
    seen: set[tuple[ByteEdit, ...]] = set()
    for i, fx in enumerate(fixes):
        if fx.edits in seen:
            sel.taken.append(i)  # the same edits, proposed by another finding: applied once
            continue
        if any(_conflicts(e, sel.edits.get(e.file, [])) for e in fx.edits):
            sel.skipped.append(i)
            continue
        seen.add(fx.edits)
        sel.taken.append(i)
        for e in fx.edits:
            sel.edits.setdefault(e.file, []).append(e)
    for edits in sel.edits.values():
        edits.sort()
    return sel


def splice(data: bytes, edits: list[ByteEdit]) -> bytes:
    """``data`` with ``edits`` (non-overlapping, any order) applied; every other byte kept."""
    out: list[bytes] = []
    pos = 0
    for e in sorted(edits, key=lambda x: (x.start, x.end)):
        if e.start < pos or e.end > len(data):
            raise ValueError("overlapping or out-of-range edit")
        out.append(data[pos : e.start])
        out.append(e.text.encode("utf-8"))
        pos = e.end
    out.append(data[pos:])
    return b"".join(out)
