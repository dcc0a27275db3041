"""Secret detections as plain values, to compare two scans of one project (the scan made here
and one made elsewhere: a forked child, the triage worker, file by file)."""

from __future__ import annotations

from typing import Any

from zotlint.document import Document
from zotlint.secrets.detection import Detection


def plain(d: Detection, docs: dict[int, int]) -> tuple[Any, ...]:
    """A detection with its document as a position (or, for a file's text, the file), its
    secrets revealed: what must survive the trip."""
    return (
        d.kind,
        where(d.ref.doc, docs),
        d.ref.path,
        d.ref.part,
        d.ref.fixed,
        d.span,
        d.label,
        None if d.secret is None else (d.secret.reveal(), d.secret.kind),
        [(s.reveal(), s.kind) for s in d.scrub],
        d.detail,
        d.claims,
        d.text_pass,
        d.extra,
        d.identity,
    )


def where(doc: Document, docs: dict[int, int]) -> Any:
    """A project document by position; another (a file's text, a document the scan parsed in a
    string) by what it is, its parent included."""
    if id(doc) in docs:
        return docs[id(doc)]
    parent = None if doc.parent is None else where(doc.parent, docs)
    return (doc.source.rel, doc.syntax, doc.kind, doc.data, doc.number, doc.host_path, parent)
