"""Problems found while reading input, before any rule runs (ZOT001-ZOT004)."""

from __future__ import annotations

from dataclasses import dataclass

from zotlint.source.text import SourceFile, Span


@dataclass(slots=True)
class Problem:
    rule_id: str  # ZOT001 yaml syntax, ZOT002 config syntax, ZOT003 duplicate key, ZOT004 limit
    source: SourceFile
    span: Span
    message: str
    identity: str = ""  # line-free identity for the fingerprint
    related: tuple[tuple[SourceFile, Span, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_size: int = 5 * 1024 * 1024
    max_nodes: int = 200_000  # after alias expansion
    max_depth: int = 200
    max_embedded_size: int = 1024 * 1024


class LimitExceeded(Exception):
    def __init__(self, limit: str, value: int, bound: int, offset: int = 0) -> None:
        super().__init__(f"{limit}: {value} > {bound}")
        self.limit = limit
        self.value = value
        self.bound = bound
        self.offset = offset
