"""The pass over a file's raw text, after its parsed documents: shaped tokens and htpasswd
entries anywhere; `key: value` pairs in files nobody parsed, in Markdown code blocks, and in
the `#` comments of parsed YAML (a commented-out block is committed too). SOPS-encrypted files
are skipped: their values are `ENC[…]`, their metadata holds no secret."""

from __future__ import annotations

import re
from collections.abc import Iterator

from zotlint.secrets.context import FileScan
from zotlint.secrets.detectors.htpasswd import entry
from zotlint.secrets.detectors.pairs import pairs
from zotlint.secrets.detectors.tokens import shaped_tokens
from zotlint.secrets.htpasswd import entries
from zotlint.secrets.placeholder import sops_encrypted

_FENCE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n(.*?)^[ \t]*\1", re.MULTILINE | re.DOTALL)


def text_pass(scan: FileScan) -> None:
    lf = scan.lf
    text = lf.source.text
    if any(sops_encrypted(d.data) for d in lf.documents):
        return
    shaped_tokens(scan)
    if ":$" in text or ":{SHA}" in text:
        for m in entries(text):
            entry(
                scan,
                m.group("user"),
                m.group("hash"),
                m.start("user"),
                m.end("hash"),
                text_pass=True,
            )
    if lf.documents:
        # Parsed: pairs were judged structurally, embedded strings by the walker; comments
        # are text nobody parsed.
        if lf.source.rel.lower().endswith((".yaml", ".yml")):
            for start, end in comment_spans(text):
                pairs(scan, start, end, comment=True)
        return
    if lf.source.rel.lower().endswith((".md", ".markdown")):
        for m in _FENCE.finditer(text):
            pairs(scan, m.start(2), m.end(2))
    else:
        pairs(scan, 0, len(text))


def comment_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the text of every YAML `#` comment: a whole-line comment, or one after a
    value (a `#` after a blank, outside quotes). Only lines holding a `#` are looked at, each
    once, left to right (linear even on a hostile line full of quoted ` #`)."""
    pos = text.find("#")
    while pos >= 0:
        ls = text.rfind("\n", 0, pos) + 1
        le = text.find("\n", pos)
        le = len(text) if le < 0 else le
        at = _comment_at(text, ls, le)
        if at is not None:
            yield at + 1, le
        pos = text.find("#", le)


def _comment_at(text: str, start: int, end: int) -> int | None:
    quote = ""
    blank = True  # a `#` starts a comment at the start of a line or after a blank
    for i in range(start, end):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch == "#" and blank:
            return i
        elif ch in "\"'" and blank:
            quote = ch  # a quoted scalar starts after a blank (`key: "…"`, `- '…'`)
        blank = ch in " \t"
    return None
