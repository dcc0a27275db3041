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

    @property
    def max_path_steps(self) -> int:
        """Nodes times their depth, summed over a document: every node's path is a tuple as
        long as its depth, so a document both wide and deep (190,000 nodes 190 levels down, in
        400 KB) would cost gigabytes while within max-nodes and max-depth. Ordinary documents
        stay well under 32 levels on average."""
        return self.max_nodes * PATH_STEPS_PER_NODE


PATH_STEPS_PER_NODE = 32


class LimitExceeded(Exception):
    def __init__(self, limit: str, value: int, bound: int, offset: int = 0) -> None:
        super().__init__(f"{limit}: {value} > {bound}")
        self.limit = limit
        self.value = value
        self.bound = bound
        self.offset = offset
