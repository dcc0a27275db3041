"""BuildContext: the state every source of the model reads and extends.

A source is one module of ``zotlint.model.sources`` with a ``read(ctx)`` function (see
``zotlint.model.build.SOURCES``): it reads its documents from ``ctx.project``, adds deployments
with ``ctx.add_deployment`` (values layers merged over the chart defaults, pod rendered), marks
the values documents it consumed in ``ctx.consumed`` and records Secrets, ConfigMaps and service
accounts in ``ctx.model.secrets``. Lookups shared by sources (a file's documents, a path relative
to another file, the namespace/environment of a manifest, inline YAML parsed with positions)
live here, once.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from typing import TYPE_CHECKING

from zotlint.document import Document, Kind, Path, Ref
from zotlint.model.argo import App, Source
from zotlint.model.chart import ChartInfo, chart_defaults
from zotlint.model.deployment import Deployment, Model
from zotlint.model.env import Scope, env_from_path
from zotlint.model.pod import render
from zotlint.model.provisioning import SecretIndex
from zotlint.model.resolve import scanned_paths
from zotlint.model.values import Layer, merge
from zotlint.source import yamlsrc
from zotlint.source.loader import LoadedFile, parse_embedded
from zotlint.source.problems import LimitExceeded, Limits
from zotlint.source.scalarmap import map_scalar

if TYPE_CHECKING:
    from zotlint.project import Project


class BuildContext:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.docs_by_rel: dict[str, list[Document]] = defaultdict(list)
        for f in project.files:
            for d in f.documents:
                if d.parent is None:
                    self.docs_by_rel[f.source.rel].append(d)
        self.paths = scanned_paths(project, self.docs_by_rel)
        self.embedded: dict[tuple[int, Path], Document] = {}
        for d in project.documents(Kind.ZOT_CONFIG):
            if d.parent is not None:
                self.embedded[(id(d.parent), d.host_path)] = d
        self.charts: dict[str, Document] = {}
        for d in project.documents(Kind.HELM_CHART):
            self.charts[posixpath.dirname(d.source.rel)] = d
        self.kustomizations: dict[str, Document] = {}
        for d in project.documents(Kind.KUSTOMIZATION):
            self.kustomizations[posixpath.dirname(d.source.rel)] = d
        self.consumed: set[int] = set()
        # Values documents an Application lists in a `$ref/…` value file it cannot resolve:
        # layers of an incomplete deployment, never complete deployments of their own.
        self.orphaned: set[int] = set()
        self.contexts: dict[int, tuple[App, Source]] = {}
        self.dir_apps: dict[str, tuple[App, Source]] = {}
        self._dir_memo: dict[str, tuple[App, Source] | None] = {}
        self._dir_memo_size = 0
        # Applications installing a chart of the repository, by its directory: the release
        # namespace of the plain manifests in its templates/ (zotlint.files.helm).
        self.chart_apps: dict[str, list[tuple[App, Source]]] = defaultdict(list)
        self.deployments: list[Deployment] = []
        self.apps: list[App] = []
        self.model = Model([], [], SecretIndex())
        self.limits = Limits()
        self._inline: dict[tuple[int, Path], Document | None] = {}
        # What one source computes for others (e.g. the Flux HelmReleases), by a key its
        # module owns.
        self.shared: dict[str, object] = {}

    def doc_at(
        self, rel: str, want: Kind | None = None, *, deferred: bool = True
    ) -> tuple[Document | None, bool]:
        """(document, found): the values document of a file; found is False when the file is
        not in the scan at all. ``deferred``: parse a file the pre-filter skipped (see
        Project.documents_at); without it such a file has no document."""
        docs = self.docs_by_rel.get(rel)
        if docs is None and deferred:
            docs = self.project.documents_at(rel)
        if not docs:
            return None, rel in self.project.all_paths
        if want is not None:
            for d in docs:
                if d.is_a(want):
                    return d, True
        return next((d for d in docs if isinstance(d.data, dict)), None), True

    def resolve_file(self, path: str, near: str) -> str | None:
        return self.paths.file(path, near)

    def parse_inline(self, host: Document, path: Path, text: str) -> Document | None:
        """Inline `helm.values`: a YAML document inside the Application, mapped to its host."""
        key = (id(host), path)
        if key in self._inline:
            return self._inline[key]
        out = LoadedFile(host.source)
        emb = parse_embedded(
            out, host, path, "values.yaml", text, report_errors=False, limits=self.limits
        )
        if emb is not None and emb.syntax == "yaml":
            emb.scalars = self._inline_scalars(host, path, text)
        self._inline[key] = emb
        return emb

    def _inline_scalars(
        self, host: Document, path: Path, text: str
    ) -> dict[Path, tuple[str, int, int]]:
        """Long scalars of inline values in host offsets, so that a config embedded in them
        (`configFiles."config.json"` inside `helm.values`) maps to exact positions too."""
        style, start, raw_end = host.scalars.get(path, ("", -1, -1))
        if start < 0:
            return {}
        offmap = map_scalar(host.source.text, start, raw_end, style, text)
        if offmap is None:
            return {}
        for item in yamlsrc.compose(text):
            if isinstance(item, yamlsrc.YamlError):
                return {}
            try:
                yamlsrc.to_data(item, text, self.limits, "&" in text)
            except LimitExceeded:
                return {}
            last = len(offmap) - 1
            return {
                p: (st, offmap[min(a, last)], offmap[min(b, last)])
                for p, (st, a, b) in item.scalars.items()
            }
        return {}

    def add_deployment(
        self,
        *,
        key: str,
        layers: list[Layer],
        chart: ChartInfo,
        release: str | None,
        release_ref: Ref | None,
        namespace: str | None,
        namespace_ref: Ref | None,
        env: str | None,
        primary: Document,
        complete: bool,
        defaults_doc: Document | None = None,
        kustomization: Document | None = None,
    ) -> Deployment:
        defaults = chart_defaults(chart.version)
        if defaults_doc is not None and isinstance(defaults_doc.data, dict):
            # A vendored chart: its own values.yaml is the defaults.
            vendored = merge(defaults, [Layer(defaults_doc, (), "file", defaults_doc.data)])
            defaults = vendored.data
        values = merge(defaults, layers)
        ns_value = values.get(("namespace",))
        if isinstance(ns_value, str) and ns_value and "{{" not in ns_value:
            namespace, namespace_ref = ns_value, values.ref(("namespace",)) or namespace_ref
        if env is None:
            env = next(
                (
                    e
                    for la in reversed(layers)
                    if la.source == "file" and (e := env_from_path(la.doc.source.rel))
                ),
                None,
            )
        dep = Deployment(
            key=key,
            values=values,
            chart=chart,
            release=release,
            release_ref=release_ref,
            namespace=namespace,
            namespace_ref=namespace_ref,
            env=env,
            primary=primary,
            complete=complete,
            kustomization=kustomization,
        )
        dep.pod = render(values, release, chart.version)
        self.deployments.append(dep)
        for la in layers:
            self.model._by_doc.setdefault(id(la.doc), []).append(dep)
            if la.doc.parent is not None:
                self.model._by_doc.setdefault(id(la.doc.host), []).append(dep)
        return dep

    def scope(self, doc: Document, obj_ns: tuple[str | None, Ref | None] | None = None) -> Scope:
        host = doc.host
        rel = host.source.rel
        ctx = self.contexts.get(id(host))
        if ctx is None:
            ctx = self._release_context(rel)
        if ctx is None:
            ctx = self._dir_context(rel)
        env = env_from_path(rel) or (ctx[0].env if ctx else None)
        if obj_ns is None:
            name = meta(host, "namespace")
            obj_ns = (name, host.ref(("metadata", "namespace"))) if name else (None, None)
        ns, ns_ref = obj_ns
        if ns is None:
            kdoc = self.kustomizations.get(posixpath.dirname(rel))
            if (
                kdoc is not None
                and isinstance(kdoc.data, dict)
                and isinstance(kdoc.data.get("namespace"), str)
            ):
                ns, ns_ref = kdoc.data["namespace"], kdoc.ref(("namespace",))
        if ns is None and ctx is not None:
            ns, ns_ref = ctx[0].helm_namespace(ctx[1])
        return Scope(ns, ns_ref, env)

    def _release_context(self, rel: str) -> tuple[App, Source] | None:
        """For a manifest of a chart's templates/: the Application installing the chart, when
        every Application that does installs it in one namespace (Helm puts an object without
        `metadata.namespace` in the release's); else None (unknown)."""
        cut = 0 if rel.startswith("templates/") else rel.find("/templates/")
        while cut >= 0:
            apps = self.chart_apps.get(rel[:cut])
            if apps and posixpath.join(rel[:cut], "Chart.yaml") in self.project.all_paths:
                namespaces = {app.helm_namespace(src)[0] for app, src in apps}
                return apps[0] if len(namespaces) == 1 else None
            cut = rel.find("/templates/", cut + 1)
        return None

    def _dir_context(self, rel: str) -> tuple[App, Source] | None:
        # By directory: every manifest of a folder asks. dir_apps is complete once the
        # Applications are read (the first source, before any scope() call); the memo is
        # dropped should it grow after all.
        d = posixpath.dirname(rel)
        memo = self._dir_memo
        if self._dir_memo_size != len(self.dir_apps):
            memo.clear()
            self._dir_memo_size = len(self.dir_apps)
        try:
            return memo[d]
        except KeyError:
            found = memo[d] = self._walk_dirs(d)
            return found

    def _walk_dirs(self, d: str) -> tuple[App, Source] | None:
        depth = 0
        while d:
            hit = self.dir_apps.get(d)
            if hit is not None and (depth == 0 or hit[1].recurse):
                return hit
            d = posixpath.dirname(d)
            depth += 1
        return None


def meta(doc: Document, key: str) -> str | None:
    """``metadata.<key>`` of a manifest, when a non-empty string."""
    data = doc.data if isinstance(doc.data, dict) else {}
    m = data.get("metadata")
    if isinstance(m, dict):
        v = m.get(key)
        if isinstance(v, str) and v:
            return v
    return None
