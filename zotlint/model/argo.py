"""Argo CD Applications, Helm umbrella charts and kustomize `helmCharts`: what each deploys."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from zotlint.document import Document, Path, Ref
from zotlint.model.env import env_from_name, env_from_path


@dataclass(eq=False)
class Source:
    """One entry of `spec.source` / `spec.sources`."""

    index: int | None  # None for `spec.source`
    path: Path  # path of the source object in the Application document
    repo_url: str | None
    chart: str | None
    dir_path: str | None  # `path:` (git sources)
    target_revision: str | None
    ref_name: str | None  # `ref:` (multi-source)
    helm: dict[str, Any]
    recurse: bool = False

    @property
    def helm_path(self) -> Path:
        return self.path + ("helm",)


@dataclass(eq=False)
class App:
    """An Argo CD Application (ApplicationSet templates are not expanded)."""

    doc: Document
    name: str | None
    sources: list[Source]
    namespace: str | None  # destination.namespace
    namespace_ref: Ref | None
    env: str | None
    multi: bool
    deployments: list[Any] = field(default_factory=list)  # filled by build_model

    @property
    def rel(self) -> str:
        return self.doc.source.rel

    def ref(self, path: Path = (), part: str = "value") -> Ref:
        return self.doc.ref(path, part)

    def release_name(self, source: Source) -> str | None:
        rn = source.helm.get("releaseName")
        if isinstance(rn, str) and rn:
            return rn
        return self.name

    def helm_namespace(self, source: Source) -> tuple[str | None, Ref | None]:
        ns = source.helm.get("namespace")
        if isinstance(ns, str) and ns:
            return ns, self.doc.ref(source.helm_path + ("namespace",))
        return self.namespace, self.namespace_ref

    def ref_source(self, name: str) -> Source | None:
        return next((s for s in self.sources if s.ref_name == name), None)


def _s(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def read_app(doc: Document) -> App | None:
    data = doc.data
    if not isinstance(data, dict):
        return None
    spec = data.get("spec")
    meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    if not isinstance(spec, dict):
        return None
    sources: list[Source] = []
    multi = isinstance(spec.get("sources"), list) and bool(spec.get("sources"))
    if multi:
        for i, src in enumerate(spec["sources"]):
            if isinstance(src, dict):
                sources.append(_source(src, i, ("spec", "sources", i)))
    elif isinstance(spec.get("source"), dict):
        sources.append(_source(spec["source"], None, ("spec", "source")))
    dest = spec.get("destination") if isinstance(spec.get("destination"), dict) else {}
    ns = _s(dest.get("namespace"))
    name = _s(meta.get("name"))
    if name and ("{{" in name or "$" in name):
        name = None
    env = env_from_path(doc.source.rel) or env_from_name(name)
    return App(
        doc=doc,
        name=name,
        sources=sources,
        namespace=ns,
        namespace_ref=doc.ref(("spec", "destination", "namespace")) if ns else None,
        env=env,
        multi=multi,
    )


def _source(src: dict[str, Any], index: int | None, path: Path) -> Source:
    helm = src.get("helm") if isinstance(src.get("helm"), dict) else {}
    directory = src.get("directory") if isinstance(src.get("directory"), dict) else {}
    rev = src.get("targetRevision")
    return Source(
        index=index,
        path=path,
        repo_url=_s(src.get("repoURL")),
        chart=_s(src.get("chart")),
        dir_path=_s(src.get("path")),
        target_revision=str(rev) if isinstance(rev, (str, int, float)) and rev != "" else None,
        ref_name=_s(src.get("ref")),
        helm=helm,
        recurse=directory.get("recurse") is True,
    )


def value_file_target(app: App, source: Source, entry: str) -> tuple[str, str] | None:
    """(path to look up, kind) for a `helm.valueFiles` entry: kind "ref" (a `$ref/…` path,
    resolved from the root of the ref'd repository), "root" (absolute) or "source" (relative to
    the source's `path`). None for URLs and entries this model cannot follow."""
    e = entry.strip()
    if not e or "://" in e:
        return None
    if e.startswith("$"):
        head, _, rest = e[1:].partition("/")
        if not rest or app.ref_source(head) is None:
            return None
        return rest, "ref"
    if e.startswith("/"):
        return e.lstrip("/"), "root"
    if source.chart and not source.dir_path:
        # Relative to a chart from a Helm repository: not in this repository.
        return None
    base = source.dir_path or ""
    return posixpath.normpath(posixpath.join(base, e)), "source"
