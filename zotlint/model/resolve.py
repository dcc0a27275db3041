"""Resolve paths written in Applications and kustomizations to the files zotlint loaded.

zotlint does not know where the scanned repository's root is (the scan may start in a
sub-folder, or cover several repositories), so a path such as `$values/infra/zot/dev.yaml` is
matched by suffix: every loaded file is indexed under each of its trailing path segments, which
makes a lookup one dictionary access. When several files share the suffix, the one closest to
the referring file wins; a tie is ambiguous and resolves to nothing.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zotlint.project import Project


def _suffixes(rel: str) -> list[str]:
    """``a/b/c`` → ``a/b/c``, ``b/c``, ``c`` (what follows each slash)."""
    out = [rel]
    i = rel.find("/")
    while i >= 0:
        out.append(rel[i + 1 :])
        i = rel.find("/", i + 1)
    return out


def _common(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.split("/"), b.split("/"), strict=False):
        if x != y:
            break
        n += 1
    return n


def scanned_paths(project: Project, also: Iterable[str] = ()) -> PathIndex:
    """The PathIndex of every path the scan discovered (and ``also``), built once per run: the
    model's sources, the substitution reader and the GitOps rules all resolve against it.
    ``also`` outside the discovered paths (a project built without discovery, as in tests)
    gets an index of its own."""
    extra = {rel for rel in also if rel not in project.all_paths}
    if extra:
        return PathIndex(sorted(project.all_paths | extra))
    return project.cached(
        ("zotlint.model.resolve", "scanned_paths"), lambda: PathIndex(sorted(project.all_paths))
    )


class PathIndex:
    def __init__(self, files: Iterable[str], *, like: PathIndex | None = None) -> None:
        """Index ``files``; ``like``: an index built from the same files, whose tables (never
        changed once built) are shared instead of built again."""
        if like is not None:
            self._files, self._dirs = like._files, like._dirs
            return
        self._files: dict[str, list[str]] = defaultdict(list)
        self._dirs: dict[str, list[str]] = defaultdict(list)
        seen_dirs: set[str] = set()
        for rel in files:
            for s in _suffixes(rel):
                self._files[s].append(rel)
            d = posixpath.dirname(rel)
            while d and d not in seen_dirs:
                seen_dirs.add(d)
                for s in _suffixes(d):
                    self._dirs[s].append(d)
                d = posixpath.dirname(d)

    @staticmethod
    def clean(path: str) -> str | None:
        """A relative POSIX path without `./`, `..` that climbs out, or a trailing slash."""
        p = path.strip().lstrip("/")
        if not p or "{{" in p or "$" in p or "*" in p:
            return None
        p = posixpath.normpath(p)
        if p.startswith("..") or p == ".":
            return None
        return p

    def _pick(self, candidates: list[str], near: str) -> str | None:
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        scored = sorted(((_common(c, near), c) for c in candidates), reverse=True)
        if scored[0][0] == scored[1][0]:
            return None
        return scored[0][1]

    def file(self, path: str, near: str = "") -> str | None:
        p = self.clean(path)
        return self._pick(self._files.get(p, []), near) if p else None

    def directory(self, path: str, near: str = "") -> str | None:
        p = self.clean(path)
        if p is None:
            return None
        return self._pick(self._dirs.get(p, []), near)


def join(base: str | None, rel: str) -> str:
    if rel.startswith("/"):
        return rel
    return posixpath.join(base, rel) if base else rel
