"""Argo CD's reading of an Application against the scanned repository (ZOT6xx): which sources
are this repository, and where each `helm.valueFiles` entry points.

zotlint cannot run git and reads nothing but the loaded documents, so "this repository" is
inferred: an Application source is this repository when its `path` is a directory of the scan,
or when a `$<ref>/…` value file through it is a file of the scan, or when its `repoURL` (after
normalising `.git`, case and the SSH form) equals that of a source already known to be this
repository. Paths are matched by suffix, as zotlint.model.resolve does, because the scan may
start in a sub-folder: `infra/zot/values/dev.yaml` exists when some scanned path ends with it.
"""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import field
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from zotlint.document import Document
from zotlint.model.argo import App, Source
from zotlint.model.resolve import PathIndex, scanned_paths
from zotlint.records import dataclass

if TYPE_CHECKING:
    from zotlint.model.deployment import Model
    from zotlint.project import Project
    from zotlint.source.loader import LoadedFile

# Argo CD build environment variables usable in `helm.valueFiles`
# (argo-cd docs/user-guide/build-environment.md).
_BUILD_VAR = re.compile(r"\$\{?(ARGOCD_APP_[A-Z_]+|KUBE_VERSION|KUBE_API_VERSIONS)\}?")
_GLOB = re.compile(r"[*?\[]")


class RepoPaths(PathIndex):
    """Every scanned path, indexed under each of its trailing segments (sorted)."""

    def __init__(self, rels: Iterable[str], *, like: PathIndex | None = None) -> None:
        self.rels = sorted(set(rels))
        super().__init__(self.rels, like=like)

    @staticmethod
    def clean(path: str) -> str | None:
        """A relative POSIX path, or None for the root, an empty path or one climbing out."""
        p = posixpath.normpath(path.strip().lstrip("/")) if path.strip() else ""
        if not p or p == "." or p.startswith(".."):
            return None
        return p

    def has_file(self, path: str) -> bool:
        p = self.clean(path)
        if p is None:
            return False
        if _GLOB.search(p):
            return any(self._glob(p, rel) for rel in self.rels)
        return p in self._files

    def has_dir(self, path: str) -> bool:
        p = self.clean(path)
        return p is not None and p in self._dirs

    def files(self, path: str) -> list[str]:
        p = self.clean(path)
        return list(self._files.get(p, ())) if p is not None else []

    def dirs(self, path: str) -> list[str]:
        p = self.clean(path)
        return list(self._dirs.get(p, ())) if p is not None else []

    @staticmethod
    def _glob(pattern: str, rel: str) -> bool:
        n = pattern.count("/") + 1
        parts = rel.split("/")
        return len(parts) >= n and fnmatchcase("/".join(parts[-n:]), pattern)


def repo_key(url: str | None) -> str | None:
    """A comparable form of a git URL: host and path, lower-case, without `.git` or `/`."""
    if not url:
        return None
    u = url.strip().lower()
    m = re.match(r"^[\w.-]+@([\w.-]+):(.+)$", u)  # git@github.com:org/repo.git
    if m:
        u = f"{m.group(1)}/{m.group(2)}"
    u = re.sub(r"^[a-z+]+://", "", u)
    u = re.sub(r"^[^@/]+@", "", u)
    u = u.rstrip("/")
    if u.endswith(".git"):
        u = u[:-4]
    return u or None


@dataclass
class GitOps:
    """The repository's Applications with what each source points at in the scan."""

    project: Project
    paths: RepoPaths
    apps: list[App]
    local_urls: set[str] = field(default_factory=set)
    _local: dict[tuple[int, int], bool] = field(default_factory=dict)
    _files_index: tuple[dict[str, LoadedFile], dict[str, list[str]], list[str]] | None = field(
        default=None, repr=False
    )

    @classmethod
    def of(cls, project: Project, model: Model) -> GitOps:
        # One per project, shared by the ZOT6xx rules: indexing every path costs as much as a
        # rule. Nothing here changes once built but the caches that fill on demand.
        return project.cached(("gitops", cls), lambda: cls._build(project, model))

    @classmethod
    def _build(cls, project: Project, model: Model) -> GitOps:
        loaded = {f.source.rel for f in project.files}
        index = scanned_paths(project, loaded)  # the model's, when nothing is outside the scan
        g = cls(project, RepoPaths(project.all_paths | loaded, like=index), list(model.apps))
        for app in g.apps:
            for src in app.sources:
                if g._evidence(app, src):
                    g._local[(id(app), id(src))] = True
                    key = repo_key(src.repo_url)
                    if key:
                        g.local_urls.add(key)
        return g

    def _evidence(self, app: App, src: Source) -> bool:
        if src.chart:
            return False
        if src.dir_path and self.paths.has_dir(src.dir_path):
            return True
        if src.ref_name:
            for other in app.sources:
                for entry in _value_files(other):
                    head, _, rest = entry.partition("/")
                    if (
                        head == f"${src.ref_name}"
                        and rest
                        and not _GLOB.search(rest)
                        and (self.paths.has_file(rest) or _deep_dir(self.paths, rest))
                    ):
                        return True
        return False

    def is_local(self, app: App, src: Source) -> bool:
        """Whether the source is this repository (see the module docstring)."""
        if src.chart:
            return False
        if self._local.get((id(app), id(src))):
            return True
        key = repo_key(src.repo_url)
        return key is not None and key in self.local_urls

    def value_files(self, app: App, src: Source) -> list[ValueFile]:
        """The source's `helm.valueFiles` entries resolved as Argo CD resolves them, as far as
        the scan can tell (entries it cannot check are left out)."""
        out: list[ValueFile] = []
        files = src.helm.get("valueFiles")
        if not isinstance(files, list):
            return out
        for i, raw in enumerate(files):
            if not isinstance(raw, str):
                continue
            vf = self._value_file(app, src, i, raw.strip())
            if vf is not None:
                out.append(vf)
        return out

    def _value_file(self, app: App, src: Source, i: int, entry: str) -> ValueFile | None:
        if not entry or "://" in entry or "{{" in entry:
            return None
        if entry.startswith("$") and not _BUILD_VAR.match(entry):
            head, _, rest = entry[1:].partition("/")
            ref = app.ref_source(head)
            if ref is None:
                return ValueFile(i, entry, None, "no-ref", head)
            if ref.chart or not rest or not self.is_local(app, ref):
                return None
            # Argo CD substitutes build variables after resolving the referenced source.
            target = substitute(rest, app, src)
            return ValueFile(i, entry, target, "ref", head) if target else None
        text = substitute(entry, app, src)
        if text is None or (src.chart and not src.dir_path) or not self.is_local(app, src):
            return None
        if text.startswith("/"):
            return ValueFile(i, entry, text.lstrip("/"), "root")
        target = posixpath.normpath(posixpath.join(src.dir_path or "", text))
        if target.startswith("..") or target == ".":
            return None
        return ValueFile(i, entry, target, "source")

    def exists(self, vf: ValueFile) -> bool:
        return vf.target is not None and self.paths.has_file(vf.target)

    def _loaded_files(self) -> tuple[dict[str, LoadedFile], dict[str, list[str]], list[str]]:
        """Loaded files by path and by folder, and their sorted paths: built once, not once per
        Application (that scan made app_docs quadratic in the repository's size)."""
        if self._files_index is None:
            by_rel = {f.source.rel: f for f in self.project.files}
            by_dir: dict[str, list[str]] = defaultdict(list)
            for rel in by_rel:
                by_dir[posixpath.dirname(rel)].append(rel)
            self._files_index = (by_rel, by_dir, sorted(by_rel))
        return self._files_index

    def app_docs(self, app: App) -> list[Document]:
        """Top-level documents Argo CD reads for the Application from this repository: files
        directly in a local source's `path` (every level with `directory.recurse`) and the
        value files of every source."""
        by_rel, by_dir, ordered = self._loaded_files()
        rels: set[str] = set()
        for src in app.sources:
            if self.is_local(app, src) and src.dir_path:
                for d in self.paths.dirs(src.dir_path):
                    rels.update(by_dir.get(d, ()))
                    if src.recurse:
                        # Everything under d/ is one contiguous run of the sorted paths.
                        prefix = d + "/"
                        i = bisect_left(ordered, prefix)
                        while i < len(ordered) and ordered[i].startswith(prefix):
                            rels.add(ordered[i])
                            i += 1
            for vf in self.value_files(app, src):
                if vf.target is not None and not _GLOB.search(vf.target):
                    rels.update(self.paths.files(vf.target))
        return [
            doc
            for rel in sorted(rels)
            if rel in by_rel
            for doc in by_rel[rel].documents
            if doc.parent is None
        ]


@dataclass(frozen=True, slots=True)
class ValueFile:
    """One `helm.valueFiles` entry: where it points in the repository and how it was read."""

    index: int
    entry: str
    target: str | None  # repository path to look for; None when it cannot be resolved
    kind: str  # "ref" ($ref/…), "root" (/…), "source" (relative to `path`), "no-ref"
    ref_name: str | None = None


def _value_files(src: Source) -> list[str]:
    files = src.helm.get("valueFiles")
    return [f.strip() for f in files if isinstance(f, str)] if isinstance(files, list) else []


def _deep_dir(paths: RepoPaths, rel: str) -> bool:
    """The file's folder exists and is at least two levels deep: the file is then most likely
    meant in this repository (a one-level folder such as `values/` matches too easily)."""
    d = posixpath.dirname(rel.strip("/"))
    return d.count("/") >= 1 and paths.has_dir(d)


def substitute(entry: str, app: App, src: Source) -> str | None:
    """Argo CD build variables replaced where the Application tells their value; None when one
    it cannot know (revision, Kubernetes version) remains."""

    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        known = {
            "ARGOCD_APP_NAME": app.name,
            "ARGOCD_APP_NAMESPACE": app.namespace,
            "ARGOCD_APP_SOURCE_PATH": src.dir_path,
            "ARGOCD_APP_SOURCE_REPO_URL": src.repo_url,
            "ARGOCD_APP_SOURCE_TARGET_REVISION": src.target_revision,
        }.get(name)
        return known if known is not None else "\0"

    out = _BUILD_VAR.sub(value, entry)
    return None if "\0" in out or "$" in out else out
