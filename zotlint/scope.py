"""Sub-path runs: `zotlint check PATH…` loads the whole work tree that holds PATH (the
Applications, charts and Secrets elsewhere in the repository are part of the model) and
reports only on files under PATH. A cross-file finding counts when either end — its location
or one of its related locations — is under PATH.

A `.zotlint.yaml` between the work tree's root and PATH marks a project of its own (one
repository of a monorepo, each of this repository's examples): that directory is loaded
instead. Paths stay relative to the work tree's root either way (annotations, baselines).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from zotlint.config import CONFIG_NAMES
from zotlint.findings import Finding


def project_root(paths: Sequence[str | os.PathLike[str]], root: Path) -> Path:
    """The directory to load for ``paths``: ``root``, or the nearest directory between it and
    the first path that holds a `.zotlint.yaml`."""
    first = Path(os.path.realpath(paths[0] if paths else "."))
    current = first if first.is_dir() else first.parent
    while current != root and root in current.parents:
        if any((current / name).is_file() for name in CONFIG_NAMES):
            return current
        current = current.parent
    return root


def load_paths(
    paths: Sequence[str | os.PathLike[str]], root: Path
) -> tuple[list[str | os.PathLike[str]], tuple[str, ...] | None]:
    """(what to load, the prefixes to report on) for a run on ``paths``: the project holding
    them and any file named (a sub-path run), or the paths themselves when they are the whole
    root; see report_scope."""
    scope = report_scope(paths, root)
    if scope is None:
        return list(paths), None
    return [project_root(paths, root), *(p for p in paths if Path(p).is_file())], scope


def report_scope(paths: Sequence[str | os.PathLike[str]], root: Path) -> tuple[str, ...] | None:
    """The root-relative prefixes the run reports on; None when that is the whole root (or a
    path lies outside it, when the paths given are all there is to load)."""
    rels: list[str] = []
    for p in paths or (".",):
        absolute = Path(os.path.realpath(p))
        try:
            rel = absolute.relative_to(root)
        except ValueError:
            return None
        if rel == Path("."):
            return None
        rels.append(rel.as_posix())
    return tuple(sorted(set(rels)))


def in_scope(rel: str, scope: tuple[str, ...]) -> bool:
    return any(rel == s or rel.startswith(s + "/") for s in scope)


def keeps(finding: Finding, scope: tuple[str, ...]) -> bool:
    if in_scope(finding.location.file, scope):
        return True
    return any(in_scope(r.location.file, scope) for r in finding.related)
