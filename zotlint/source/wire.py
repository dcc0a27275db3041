"""A parsed file's documents and problems as one ``marshal`` blob: how a worker process that
loaded the file hands the result to the main process (zotlint.source.unparsed,
zotlint.runtime.Triage).

Composing YAML and converting it to data and a path index is most of what loading a parsed file
costs; reading the same data back from a blob of plain containers costs about a fifteenth of
that (zot-heavy 2,000 files: compose 0.41 s + to_data 0.34 s against marshal.loads 0.05 s).
``marshal`` rather than ``pickle``: it is as fast and writes an interned string as interned, so
the keys arrive interned in the main process, as the main process's own loader interns them, and
objects shared in the worker (an alias's data, a path in both the index and the scalar table)
arrive shared.

What crosses is exactly what the loader built: ``dumps`` refuses (None) any document or problem
it could not carry whole (a Document field it does not know, a cache already filled, a problem
with related locations, an object marshal cannot write), and the main process then loads that
file itself, so the result is the same either way. Blobs stay between the two processes of one
run: a pipe, never a file or a socket.
"""

from __future__ import annotations

import dataclasses
import marshal
from typing import Any

from zotlint.document import Document, Kind
from zotlint.source.pathindex import PathIndex
from zotlint.source.problems import Problem, ProblemKind
from zotlint.source.text import SourceFile, Span

# Every field of Document, each carried below or required to be at its default. A field added
# to Document and not here turns shipping off (``COMPLETE``) until this module carries it too.
_CARRIED = frozenset(
    {
        "source",
        "kind",
        "data",
        "index",
        "syntax",
        "number",
        "parent",
        "host_path",
        "exact",
        "duplicates",
        "case_insensitive",
        "kinds",
        "scalars",
    }
)
_EMPTY = frozenset({"meta", "_lower", "_memo"})  # caches and annotations, filled after loading
COMPLETE = {f.name for f in dataclasses.fields(Document)} == _CARRIED | _EMPTY
# A file's documents and problems as plain containers: what a blob decodes to.
Packed = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]
_KINDS = {k.value: k for k in Kind}
_PROBLEM_KINDS = {k.value: k for k in ProblemKind}


def dumps(source: SourceFile, documents: list[Document], problems: list[Problem]) -> bytes | None:
    """The blob for the documents and problems loaded from ``source``, or None when they cannot
    cross whole."""
    if not COMPLETE:
        return None
    position = {id(doc): i for i, doc in enumerate(documents)}
    docs: list[tuple[Any, ...]] = []
    for doc in documents:
        if doc.source is not source or doc.meta or doc._lower is not None or doc._memo is not None:
            return None
        parent = -1
        if doc.parent is not None:
            parent = position.get(id(doc.parent), -2)
            if parent < 0:  # a parent outside this file: not something the loader makes
                return None
        docs.append(pack(doc, parent))
    probs: list[tuple[Any, ...]] = []
    for p in problems:
        if p.related or p.source is not source:
            return None
        probs.append((p.kind.value, p.span.start, p.span.end, p.message, p.identity))
    try:
        return marshal.dumps((docs, probs))
    except (ValueError, RecursionError):  # an object marshal cannot write, or too deep for it
        return None


def decode(blob: bytes | bytearray) -> Packed:
    """A blob back as plain containers (keys interned, shared objects shared)."""
    packed: Packed = marshal.loads(blob)
    return packed


def rebuild(
    source: SourceFile, packed: Packed, number: int = 0
) -> tuple[list[Document], list[Problem]]:
    """The documents and problems ``dumps`` wrote, for ``source`` (the same bytes, read and
    decoded by the main process); ``number`` is added to each document's number (the second
    part of a stream, loaded apart from the first)."""
    docs, probs = packed
    documents: list[Document] = []
    for record in docs:
        parent = record[PARENT]
        documents.append(unpack(source, record, documents[parent] if parent >= 0 else None, number))
    problems = [
        Problem(_PROBLEM_KINDS[kind], source, Span(start, end), message, identity)
        for kind, start, end, message, identity in probs
    ]
    return documents, problems


def pack(doc: Document, parent: Any) -> tuple[Any, ...]:
    """One document as plain containers, its parent as ``parent`` (the caller's reference);
    what the loader built, without the caches filled since (they are derived from it)."""
    index = doc.index
    return (
        doc.kind.value,
        tuple(k.value for k in doc.kinds),
        doc.data,
        index._entries,
        index._width,
        index._prefix,
        doc.syntax,
        doc.number,
        parent,
        doc.host_path,
        doc.exact,
        [(p, a.start, a.end, b.start, b.end) for p, a, b in doc.duplicates],
        doc.case_insensitive,
        doc.scalars,
    )


PARENT = 8  # the position of the parent in pack()'s record


def unpack(
    source: SourceFile, record: tuple[Any, ...], parent: Document | None, number: int = 0
) -> Document:
    """The document ``pack`` wrote, in ``source``, under ``parent``; ``number`` is added to
    its number."""
    (
        kind,
        kinds,
        data,
        entries,
        width,
        prefix,
        syntax,
        doc_number,
        _,
        host_path,
        exact,
        duplicates,
        case_insensitive,
        scalars,
    ) = record
    return Document(
        source=source,
        kind=_KINDS[kind],
        kinds=frozenset(_KINDS[k] for k in kinds),
        data=data,
        index=PathIndex(entries, width, prefix),
        syntax=syntax,
        number=doc_number + number,
        parent=parent,
        host_path=host_path,
        exact=exact,
        duplicates=[(p, Span(a, b), Span(c, d)) for p, a, b, c, d in duplicates],
        case_insensitive=case_insensitive,
        scalars=scalars,
    )
