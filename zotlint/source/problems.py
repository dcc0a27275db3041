"""Problems found while reading input, before any rule runs, and the loader's limits.

A problem says what went wrong (its ``ProblemKind``), never which rule reports it: each rule in
`rules/input/` declares the kinds it reports (``@rule(problems=[...])``) and the engine maps a
problem to that rule through the registry.
"""

from __future__ import annotations

from enum import Enum

from zotlint.records import dataclass
from zotlint.source.text import SourceFile, Span


class ProblemKind(Enum):
    """What the engine found before (or, for suppressions, after) the rules ran."""

    YAML_SYNTAX = "yaml-syntax"  # a YAML file or document the parser rejects
    UNDECODABLE = "undecodable"  # binary content or invalid UTF-8: the file is skipped
    CONFIG_SYNTAX = "config-syntax"  # a JSON file, or a zot config as zot would parse it
    SKIPPED = "skipped"  # over a limit, or not readable safely (symlink, permissions)
    UNUSED_SUPPRESSION = "unused-suppression"  # a suppression comment that matched nothing


@dataclass(slots=True)
class Problem:
    kind: ProblemKind
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
