"""One positional value tree for every IAM form: what a policy parser reads, whatever the file.

A policy can be a YAML mapping (eksctl `attachPolicy`), JSON in a string (Crossplane, ACK), a
JSON file, a Terraform heredoc or a Terraform `jsonencode({...})` object. Each is turned into
``Node``s carrying a ``Ref`` to the exact characters a person edits, so the policy parser and
the rules never care which form they read.

Strings may be partly unknown: Terraform interpolations zotlint cannot resolve (an OIDC
provider URL computed by `replace(...)`) become holes in a ``Text``, so `"${local.oidc}:sub"`
is still known to be a `:sub` condition key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zotlint.document import Document, Path, Ref
from zotlint.records import dataclass
from zotlint.source.text import Span

HOLE = None  # an unknown stretch of text inside a Text


@dataclass(frozen=True, slots=True)
class Text:
    """A string with unknown stretches: ``parts`` are literal strings and HOLE (None)."""

    parts: tuple[str | None, ...]

    @property
    def known(self) -> str | None:
        if all(p is not None for p in self.parts):
            return "".join(p for p in self.parts if p is not None)
        return None

    def endswith(self, suffix: str) -> bool:
        last = self.parts[-1] if self.parts else ""
        return last is not None and last.endswith(suffix)

    def prefix_before_last(self, sep: str) -> Text:
        """The text before the last ``sep`` of the last literal part."""
        last = self.parts[-1] if self.parts else None
        if last is None or sep not in last:
            return Text((HOLE,))
        head = last[: last.rfind(sep)]
        parts = self.parts[:-1] + ((head,) if head else ())
        return Text(parts or ("",))

    def show(self) -> str:
        return "".join(p if p is not None else "…" for p in self.parts)


def text(value: str) -> Text:
    return Text((value,))


UNKNOWN_TEXT = Text((HOLE,))


@dataclass(slots=True, eq=False)
class Node:
    """A value and where it is written.

    kind / value: ``obj``: list of (key Text, key Ref or None, Node); ``list``: list[Node];
    ``str``: Text; ``num`` / ``bool`` / ``null``: the Python value; ``unknown``: None.
    """

    kind: str
    value: Any
    ref: Ref

    def get(self, key: str) -> Node | None:
        if self.kind != "obj":
            return None
        for k, _, v in self.value:
            if k.known == key:
                return v
        return None

    def key_ref(self, key: str) -> Ref | None:
        if self.kind != "obj":
            return None
        for k, kref, _ in self.value:
            if k.known == key:
                return kref
        return None

    def items(self) -> list[Node]:
        """A list's items, or the node itself (IAM accepts a string where a list goes)."""
        if self.kind == "list":
            return list(self.value)
        return [self]

    @property
    def text(self) -> Text | None:
        if self.kind == "str":
            return self.value  # type: ignore[no-any-return]
        if self.kind == "unknown":
            return UNKNOWN_TEXT
        if self.kind in ("num", "bool"):
            # jsonencode and JSON parsers turn these into strings AWS compares as text.
            v = self.value
            return text("true" if v is True else "false" if v is False else str(v))
        return None


Interp = Callable[[str], Text]


def from_document(doc: Document, path: Path = (), interp: Interp | None = None) -> Node:
    """The value at ``path`` of a parsed YAML/JSON document (embedded ones included: their
    index already holds host-file offsets). ``interp`` turns strings with `${...}` into Texts
    (Terraform heredocs and template files)."""
    return _from_data(doc, tuple(path), doc.get(path), interp, 0)


_MAX_DEPTH = 64


def _from_data(doc: Document, path: Path, value: Any, interp: Interp | None, depth: int) -> Node:
    ref = doc.ref(path)
    if depth > _MAX_DEPTH:
        return Node("unknown", None, ref)
    if isinstance(value, dict):
        items = []
        for k, v in value.items():
            ktext = interp(str(k)) if interp is not None and "${" in str(k) else text(str(k))
            items.append(
                (
                    ktext,
                    doc.ref(path + (k,), "key"),
                    _from_data(doc, path + (k,), v, interp, depth + 1),
                )
            )
        return Node("obj", items, ref)
    if isinstance(value, list):
        return Node(
            "list",
            [_from_data(doc, path + (i,), v, interp, depth + 1) for i, v in enumerate(value)],
            ref,
        )
    if isinstance(value, str):
        if interp is not None and ("${" in value or "%{" in value):
            return Node("str", interp(value), ref)
        return Node("str", text(value), ref)
    if isinstance(value, bool):
        return Node("bool", value, ref)
    if value is None:
        return Node("null", None, ref)
    if isinstance(value, (int, float)):
        return Node("num", value, ref)
    return Node("unknown", None, ref)


def span_ref(doc: Document, start: int, end: int) -> Ref:
    """A reference to characters ``start``..``end`` of ``doc``'s file."""
    return doc.ref_span((), Span(start, end))
