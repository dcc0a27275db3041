"""Everything the run loaded, indexed once, and shared by every rule (read-only)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar, cast

from zotlint.document import Document, Kind
from zotlint.source.loader import LoadedFile
from zotlint.source.text import SourceFile

T = TypeVar("T")


@dataclass(eq=False)
class Project:
    files: list[LoadedFile]
    # Every path discovery saw (parsed or not), relative to the root: lets rules such as
    # "value file does not exist" answer without touching the disk.
    all_paths: frozenset[str] = frozenset()
    _by_kind: dict[Kind, list[Document]] = field(default_factory=lambda: defaultdict(list))
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for f in self.files:
            for doc in f.documents:
                for kind in {doc.kind, *doc.kinds}:
                    self._by_kind[kind].append(doc)

    def documents(self, *kinds: Kind) -> list[Document]:
        if not kinds:
            return [d for f in self.files for d in f.documents]
        if len(kinds) == 1:
            return list(self._by_kind.get(kinds[0], ()))
        seen: dict[int, Document] = {}
        for k in kinds:
            for d in self._by_kind.get(k, ()):
                seen.setdefault(id(d), d)
        return list(seen.values())

    def cached(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()`` once per project under ``key`` (a tuple starting with the caller's
        module name). For derived indexes that several rules, or one rule per document, would
        otherwise rebuild: the project never changes once loaded, so neither do they. Callers
        must not mutate what they get back."""
        try:
            return cast(T, self._memo[key])
        except KeyError:
            value = self._memo[key] = compute()
            return value

    def sources(self) -> list[SourceFile]:
        return [f.source for f in self.files]

    @cached_property
    def model(self) -> Any:
        """The cross-file deployment model, built on first use (see zotlint.model)."""
        from zotlint.model import build_model

        return build_model(self)

    @cached_property
    def secrets(self) -> Any:
        """Every committed secret in the loaded files, found once for all ZOT3xx rules (see
        zotlint.secrets.scan)."""
        from zotlint.secrets.scan import scan_project

        return scan_project(self)
