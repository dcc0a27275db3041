"""Everything the run loaded, indexed once, and shared by every rule (read-only).

A store: documents by kind and by file, and a memo for derived indexes. It imports nothing
above zotlint.source; the facts built from it (the deployment model, the secret scan) are the
engine's (zotlint.facts), handed to rules as ``ctx.model`` and ``ctx.secrets``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import field
from typing import Any, TypeVar, cast

from zotlint.document import Document, Kind
from zotlint.records import dataclass
from zotlint.source.loader import LoadedFile, parse_deferred
from zotlint.source.problems import Limits
from zotlint.source.text import SourceFile

T = TypeVar("T")


@dataclass(eq=False)
class Project:
    files: list[LoadedFile]
    # Every path discovery saw (parsed or not), relative to the root: lets rules such as
    # "value file does not exist" answer without touching the disk.
    all_paths: frozenset[str] = frozenset()
    limits: Limits = field(default_factory=Limits)
    _by_kind: dict[Kind, list[Document]] = field(default_factory=lambda: defaultdict(list))
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)
    _by_rel: dict[str, LoadedFile] = field(default_factory=dict, repr=False)
    _deferred: dict[str, list[Document]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for f in self.files:
            self._by_rel[f.source.rel] = f
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

    def documents_at(self, rel: str) -> list[Document]:
        """Top-level documents of the file at ``rel`` (none when it was not loaded). A YAML or
        JSON file the keyword pre-filter skipped is parsed now, once: the model needs every
        values file an Application or chart names, whatever it contains. Such documents stay
        out of ``documents()``, so no rule sees a file because another rule asked for it."""
        lf = self._by_rel.get(rel)
        if lf is None:
            return []
        if lf.parsed:
            return [d for d in lf.documents if d.parent is None]
        docs = self._deferred.get(rel)
        if docs is None:
            docs = self._deferred[rel] = parse_deferred(lf, self.limits)
        return docs

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
