"""jsonpath-ng queries over documents and plain data: a compile cache, tuple paths, and the
static prefix of an expression (where a missing value would have been).

No rule module imports this one: custom policies (zotlint.policies) and declarative catalogue
rules use it. It depends on documents only, never on the rule API.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonpath_ng import Child, Fields, Index, Root, This
from jsonpath_ng.ext import parse as _parse
from jsonpath_ng.jsonpath import Descendants, Where, WhereNot

from zotlint.document import Document, Path, Ref
from zotlint.records import dataclass

MAX_EXPR = 512  # characters of one query
MAX_MATCHES = 10_000  # matches kept from one query on one document


class QueryError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Match:
    """A jsonpath match: the value, its path and a reference the engine can locate."""

    value: Any
    path: tuple[str | int, ...]
    doc: Document

    def ref(self, part: str = "value") -> Ref:
        return self.doc.ref(self.path, part)


@lru_cache(maxsize=512)
def compile_path(expr: str, lower: bool = False) -> Any:
    """The parsed expression; with ``lower`` every field name is lower-cased, for documents
    read case-insensitively (zot configs)."""
    if len(expr) > MAX_EXPR:
        raise QueryError(f"query longer than {MAX_EXPR} characters")
    try:
        parsed = _parse(expr)
    except Exception as exc:  # jsonpath-ng raises several exception types, some bare Exception
        raise QueryError(f"invalid jsonpath {expr!r}: {exc}") from None
    return _lowered(parsed) if lower else parsed


def _lowered(node: Any) -> Any:
    if isinstance(node, Fields):
        return Fields(*(f.lower() for f in node.fields))
    if isinstance(node, Child):
        return Child(_lowered(node.left), _lowered(node.right))
    if isinstance(node, Descendants):
        return Descendants(_lowered(node.left), _lowered(node.right))
    if isinstance(node, (Where, WhereNot)):
        return type(node)(_lowered(node.left), _lowered(node.right))
    return node  # Root, This, Index, Slice, filters: no field names to fold


def _indices(node: Any) -> tuple[int, ...]:
    # jsonpath-ng 1.7 holds `indices` (several allowed: [0,2]); 1.6 held one `index`.
    return tuple(getattr(node, "indices", None) or (node.index,))


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
            out.extend(_indices(p))
        elif isinstance(p, (Root, This)):
            continue
        else:  # pragma: no cover - other nodes do not appear in full_path
            out.append(str(p))
    return tuple(out)


def static_prefix(expr: str, lower: bool = False) -> Path:
    """The leading plain keys of ``expr`` (``$.storage.retention[*].x`` -> storage, retention):
    where a finding about a missing value points, at the deepest part that exists."""
    out: list[str | int] = []
    node = compile_path(expr, lower)
    chain: list[Any] = []
    while isinstance(node, Child):
        chain.append(node.right)
        node = node.left
    chain.append(node)
    for part in reversed(chain):
        if isinstance(part, (Root, This)):
            continue
        if isinstance(part, Fields) and len(part.fields) == 1 and part.fields[0] != "*":
            out.append(part.fields[0])
        elif isinstance(part, Index) and len(_indices(part)) == 1:
            out.append(_indices(part)[0])
        else:
            break
    return tuple(out)


def find_in(data: Any, expr: str, lower: bool = False) -> list[tuple[Any, tuple[str | int, ...]]]:
    """(value, path) of every match of ``expr`` in plain data, at most MAX_MATCHES."""
    out = []
    for m in compile_path(expr, lower).find(data):
        out.append((m.value, _flatten(m.full_path)))
        if len(out) >= MAX_MATCHES:
            break
    return out


def find(doc: Document, expr: str) -> list[Match]:
    """Matches of ``expr`` in a document; keys of case-insensitive documents (zot configs) match
    in any letter case."""
    if doc.case_insensitive:
        data, lower = doc.lower_view()[0], True
    else:
        data, lower = doc.data, False
    return [Match(v, p, doc) for v, p in find_in(data, expr, lower)]


__all__ = ["Match", "QueryError", "compile_path", "find", "find_in", "static_prefix"]
