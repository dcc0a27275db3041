"""jsonpath-ng queries over documents, with a compile cache and tuple paths."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonpath_ng import Child, Fields, Index, Root, This
from jsonpath_ng.ext import parse as _parse

from zotlint.document import Document
from zotlint.rule import Match


@lru_cache(maxsize=512)
def compile_path(expr: str) -> Any:
    return _parse(expr)


def _flatten(path: Any) -> tuple[str | int, ...]:
    out: list[str | int] = []
    stack = [path]
    while stack:
        p = stack.pop()
        if isinstance(p, Child):
            stack.append(p.right)
            stack.append(p.left)
        elif isinstance(p, Fields):
            out.extend(p.fields)
        elif isinstance(p, Index):
            out.append(p.index)
        elif isinstance(p, (Root, This)):
            continue
        else:  # pragma: no cover - other nodes do not appear in full_path
            out.append(str(p))
    return tuple(out)


def find(doc: Document, expr: str) -> list[Match]:
    """Matches of ``expr``; on case-insensitive documents (zot configs) write keys lower-case."""
    data = doc.lower_view()[0] if doc.case_insensitive else doc.data
    matches = []
    for m in compile_path(expr).find(data):
        matches.append(Match(m.value, _flatten(m.full_path), doc))
    return matches
