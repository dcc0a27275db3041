"""build_model: documents → deployments, secrets and their links (once per run)."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zotlint.classify import zot_values_root
from zotlint.data.chart_values_keys import check_key, suggest
from zotlint.data.zot_versions import parse_version
from zotlint.document import Document, Kind, Path, Ref
from zotlint.model.argo import App, Source, read_app, value_file_target
from zotlint.model.chart import ChartInfo, chart_defaults, is_upstream_repo, resolve
from zotlint.model.env import env_from_path
from zotlint.model.pod import Pod, render
from zotlint.model.resolve import PathIndex
from zotlint.model.secrets import (
    Scope,
    SecretIndex,
    SecretSource,
    ServiceAccount,
    read_external_secret,
    read_store,
    secret_keys,
)
from zotlint.model.values import (
    Layer,
    MergedValues,
    Origin,
    merge,
    nest,
    parameter_path,
    parameter_value,
    truthy,
)
from zotlint.source import yamlsrc
from zotlint.source.loader import LoadedFile, parse_embedded
from zotlint.source.problems import LimitExceeded, Limits
from zotlint.source.scalarmap import map_scalar
from zotlint.source.text import Span

if TYPE_CHECKING:
    from zotlint.project import Project

CONFIG_KEY: Path = ("configFiles", "config.json")


@dataclass(eq=False)
class Deployment:
    """One zot instance as the repository describes it (see the package docstring)."""

    key: str
    values: MergedValues
    chart: ChartInfo
    release: str | None
    release_ref: Ref | None
    namespace: str | None
    namespace_ref: Ref | None
    env: str | None
    primary: Document
    apps: list[App] = field(default_factory=list)
    source: Source | None = None
    kustomization: Document | None = None
    complete: bool = True
    pod: Pod = field(default_factory=lambda: Pod("Deployment"))
    config: Document | None = None
    config_source: str = "unknown"
    config_origin: Origin | None = None

    @property
    def layers(self) -> list[Layer]:
        return self.values.layers

    @property
    def upstream(self) -> bool:
        return self.chart.upstream

    @property
    def chart_version(self) -> str | None:
        return self.chart.version

    @property
    def image_repository(self) -> str | None:
        v = self.values.get(("image", "repository"))
        return v if isinstance(v, str) else None

    @property
    def image_tag(self) -> str | None:
        v = self.values.get(("image", "tag"))
        return str(v) if isinstance(v, (str, int, float)) and v != "" else None

    @property
    def config_mounted(self) -> bool:
        return self.config_source in ("values", "configmap", "chart-default")

    def scope(self) -> Scope:
        return Scope(self.namespace, self.namespace_ref, self.env)

    def top_ref(self) -> Ref:
        """Line 1 of the deployment's main values file (for findings about chart defaults)."""
        host = self.primary.host
        return host.ref_span((), Span(0, 0))

    def label(self) -> str:
        parts = [self.key]
        if self.env:
            parts.append(f"env {self.env}")
        if self.namespace:
            parts.append(f"namespace {self.namespace}")
        return ", ".join(parts)


@dataclass(eq=False)
class Model:
    deployments: list[Deployment]
    apps: list[App]
    secrets: SecretIndex
    eso_version: str | None = None  # pinned External Secrets Operator version, if any
    eso_version_ref: Ref | None = None
    eso_unsafe_v1beta1: bool = False
    _by_config: dict[int, list[Deployment]] = field(default_factory=dict, repr=False)
    _by_doc: dict[int, list[Deployment]] = field(default_factory=dict, repr=False)
    _scopes: dict[int, Scope] = field(default_factory=dict, repr=False)
    # Answers of zotlint.model.links.follow, which several rules ask for every start file of
    # every deployment (see there).
    _chains: dict[tuple[int, Any], Any] = field(default_factory=dict, repr=False)

    def for_config(self, doc: Document) -> list[Deployment]:
        """Deployments whose zot config is ``doc``."""
        return self._by_config.get(id(doc), [])

    def using(self, doc: Document) -> list[Deployment]:
        """Deployments that take values from ``doc``."""
        return self._by_doc.get(id(doc), [])

    def scope_of(self, doc: Document) -> Scope:
        """Namespace and environment of a manifest or list document, as the model read them."""
        return self._scopes.get(id(doc)) or Scope(None, None, env_from_path(doc.source.rel))


# -- the build ------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.docs_by_rel: dict[str, list[Document]] = defaultdict(list)
        for f in project.files:
            for d in f.documents:
                if d.parent is None:
                    self.docs_by_rel[f.source.rel].append(d)
        self.paths = PathIndex(sorted(set(project.all_paths) | set(self.docs_by_rel)))
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
        self.contexts: dict[int, tuple[App, Source]] = {}
        self.dir_apps: dict[str, tuple[App, Source]] = {}
        self.deployments: list[Deployment] = []
        self.apps: list[App] = []
        self.model = Model([], [], SecretIndex())
        self.limits = Limits()
        self._inline: dict[tuple[int, Path], Document | None] = {}

    # -- documents of a path ------------------------------------------------------------------
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

    # -- Applications ---------------------------------------------------------------------------
    def read_apps(self) -> None:
        for doc in self.project.documents(Kind.ARGO_APP):
            app = read_app(doc)
            if app is None:
                continue
            self.apps.append(app)
            for src in app.sources:
                self._app_source(app, src)

    def _app_source(self, app: App, src: Source) -> None:
        if src.ref_name and not src.chart and not src.dir_path:
            return
        chart = ChartInfo(kind="assumed")
        root: Path = ()
        zot = False
        defaults_doc: Document | None = None
        pre_layers: list[Layer] = []
        chart_dir = self.paths.directory(src.dir_path, app.rel) if src.dir_path else None
        if src.chart:
            if src.chart.rsplit("/", 1)[-1] != "zot":
                self._eso_pin(
                    src.chart,
                    src.target_revision,
                    app.doc,
                    src.path + ("targetRevision",),
                    app,
                    src,
                )
                return
            zot = True
            chart = ChartInfo(
                kind="helm-repo",
                spec=src.target_revision,
                version=resolve(src.target_revision),
                upstream=is_upstream_repo(src.repo_url),
                ref=app.ref(src.path + ("targetRevision",)) if src.target_revision else None,
                repo_url=src.repo_url,
            )
        elif chart_dir is not None and chart_dir in self.charts:
            info = self._chart_dir(chart_dir)
            if info is None:
                chart = self._local_chart(chart_dir)
            else:
                zot = True
                chart, root, defaults_doc, pre_layers = info
        elif chart_dir is not None and self._has_chart(chart_dir):
            chart = self._local_chart(chart_dir)
        if src.dir_path and chart_dir is not None and not zot:
            self.dir_apps[chart_dir] = (app, src)
        file_layers, complete, any_zot = self._value_file_layers(
            app, src, root, defaults_doc, deferred=zot
        )
        if not zot and any_zot:
            # zot values among the files after all: now the skipped layers count too.
            file_layers, complete, any_zot = self._value_file_layers(app, src, root, defaults_doc)
        if not zot and not any_zot:
            for layer in file_layers:
                self.contexts[id(layer.doc)] = (app, src)
            self._context_source(app, src, chart_dir)
            return
        layers = pre_layers + file_layers + self._inline_layers(app, src, root)
        release = app.release_name(src)
        rn_path = src.helm_path + ("releaseName",)
        release_ref = (
            app.ref(rn_path)
            if app.doc.has(rn_path)
            else (app.ref(("metadata", "name")) if app.name else None)
        )
        ns, ns_ref = app.helm_namespace(src)
        primary = next((la.doc for la in reversed(file_layers) if la.source == "file"), app.doc)
        dep = self._deployment(
            key=app.name or app.rel,
            layers=layers,
            chart=chart,
            release=release,
            release_ref=release_ref,
            namespace=ns,
            namespace_ref=ns_ref,
            env=app.env,
            primary=primary,
            complete=complete,
            defaults_doc=defaults_doc,
        )
        dep.apps.append(app)
        dep.source = src
        app.deployments.append(dep)

    def _context_source(self, app: App, src: Source, chart_dir: str | None) -> None:
        if chart_dir is not None:
            self.dir_apps.setdefault(chart_dir, (app, src))

    def _has_chart(self, chart_dir: str) -> bool:
        # A Chart.yaml that the keyword pre-filter skipped names neither zot nor a dependency.
        return posixpath.join(chart_dir, "Chart.yaml") in self.project.all_paths

    def _local_chart(self, chart_dir: str) -> ChartInfo:
        """Another chart of the repository (a repackaged zot chart is not judged by the
        upstream chart's tables)."""
        cdoc = self.charts.get(chart_dir)
        name = cdoc.data.get("name") if cdoc is not None and isinstance(cdoc.data, dict) else None
        return ChartInfo(kind="local", upstream=False, name=str(name or "?"))

    def _chart_dir(
        self,
        chart_dir: str,
    ) -> tuple[ChartInfo, Path, Document | None, list[Layer]] | None:
        """A local chart: the zot chart itself (vendored) or an umbrella with a zot dependency.
        Returns (chart, values root, vendored defaults document, umbrella layers)."""
        cdoc = self.charts[chart_dir]
        data = cdoc.data if isinstance(cdoc.data, dict) else {}
        values_doc, _ = self.doc_at(posixpath.join(chart_dir, "values.yaml"))
        deps = data.get("dependencies")
        if isinstance(deps, list):
            for i, dep in enumerate(deps):
                if isinstance(dep, dict) and dep.get("name") == "zot":
                    alias = dep.get("alias") if isinstance(dep.get("alias"), str) else "zot"
                    version = dep.get("version")
                    spec = str(version) if version is not None else None
                    chart = ChartInfo(
                        kind="umbrella",
                        spec=spec,
                        version=resolve(spec),
                        upstream=is_upstream_repo(dep.get("repository")),
                        ref=cdoc.ref(("dependencies", i, "version")) if spec else None,
                        repo_url=dep.get("repository")
                        if isinstance(dep.get("repository"), str)
                        else None,
                    )
                    layers = []
                    if values_doc is not None and isinstance(values_doc.data, dict):
                        sub = values_doc.data.get(alias)
                        if isinstance(sub, dict):
                            layers.append(Layer(values_doc, (alias,), "umbrella", sub))
                            self.consumed.add(id(values_doc))
                    return chart, (alias,), None, layers
        if data.get("name") == "zot":
            version = data.get("version")
            spec = str(version) if version is not None else None
            chart = ChartInfo(
                kind="vendored",
                spec=spec,
                version=resolve(spec),
                upstream=True,
                ref=cdoc.ref(("version",)) if spec else None,
            )
            if values_doc is not None:
                self.consumed.add(id(values_doc))
            return chart, (), values_doc, []
        return None

    def _value_file_layers(
        self,
        app: App,
        src: Source,
        root: Path,
        defaults_doc: Document | None = None,
        *,
        deferred: bool = True,
    ) -> tuple[list[Layer], bool, bool]:
        """The value files' layers, whether every file was read, and whether any is zot values.
        Without ``deferred``, files the pre-filter skipped are left out: they cannot be zot
        values themselves (it keeps every file that could), so they matter only once the
        source is known to deploy zot; another app's hundreds of value files are not parsed."""
        layers: list[Layer] = []
        complete = True
        any_zot = False
        files = src.helm.get("valueFiles")
        if not isinstance(files, list):
            return layers, complete, any_zot
        for entry in files:
            if not isinstance(entry, str):
                continue
            target = value_file_target(app, src, entry)
            if target is None:
                if "://" not in entry:
                    complete = False
                continue
            rel = self.resolve_file(target[0], app.rel)
            if rel is None:
                complete = False
                continue
            doc, _found = self.doc_at(rel, Kind.ZOT_VALUES, deferred=deferred)
            if doc is None:
                complete = False
                continue
            if doc is defaults_doc:
                # A vendored chart's own values.yaml listed again: still the chart's defaults.
                continue
            droot = root
            if not root and doc.is_a(Kind.ZOT_VALUES):
                droot = zot_values_root(doc.data) or ()
            data = _get(doc.data, droot)
            if doc.is_a(Kind.ZOT_VALUES):
                any_zot = True
            self.consumed.add(id(doc))
            layers.append(Layer(doc, droot, "file", data if isinstance(data, dict) else {}))
        return layers, complete, any_zot

    def _inline_layers(self, app: App, src: Source, root: Path) -> list[Layer]:
        layers: list[Layer] = []
        helm = src.helm
        hp = src.helm_path
        vo = helm.get("valuesObject")
        if isinstance(vo, dict):
            data = _get(vo, root)
            layers.append(
                Layer(
                    app.doc,
                    hp + ("valuesObject",) + root,
                    "valuesObject",
                    data if isinstance(data, dict) else {},
                    strips_null=True,
                )
            )
        elif isinstance(helm.get("values"), str):
            emb = self.parse_inline(app.doc, hp + ("values",), helm["values"])
            if emb is not None and isinstance(emb.data, dict):
                data = _get(emb.data, root)
                layers.append(Layer(emb, root, "values", data if isinstance(data, dict) else {}))
        elif isinstance(helm.get("values"), dict):
            data = _get(helm["values"], root)
            layers.append(
                Layer(
                    app.doc,
                    hp + ("values",) + root,
                    "values",
                    data if isinstance(data, dict) else {},
                )
            )
        params = helm.get("parameters")
        if isinstance(params, list):
            for i, prm in enumerate(params):
                if not isinstance(prm, dict) or not isinstance(prm.get("name"), str):
                    continue
                path = parameter_path(prm["name"])
                if path is None:
                    continue
                if root:
                    if path[: len(root)] != root:
                        continue
                    path = path[len(root) :]
                value = parameter_value(prm.get("value"), prm.get("forceString") is True)
                layers.append(
                    Layer(
                        app.doc,
                        (),
                        "parameter",
                        nest(path, value),
                        pinned=hp + ("parameters", i, "value"),
                    )
                )
        return layers

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

    # -- kustomize helmCharts ---------------------------------------------------------------
    def read_kustomizations(self) -> None:
        for kdir, kdoc in self.kustomizations.items():
            charts = kdoc.data.get("helmCharts") if isinstance(kdoc.data, dict) else None
            if not isinstance(charts, list):
                continue
            for i, hc in enumerate(charts):
                if not isinstance(hc, dict):
                    continue
                name = hc.get("name")
                base = ("helmCharts", i)
                if name != "zot":
                    if name == "external-secrets":
                        self._eso_pin(name, hc.get("version"), kdoc, base + ("version",))
                    continue
                version = hc.get("version")
                spec = str(version) if version is not None else None
                chart = ChartInfo(
                    kind="helm-repo",
                    spec=spec,
                    version=resolve(spec),
                    upstream=is_upstream_repo(hc.get("repo")),
                    ref=kdoc.ref(base + ("version",)) if spec else None,
                    repo_url=hc.get("repo") if isinstance(hc.get("repo"), str) else None,
                )
                layers: list[Layer] = []
                complete = True
                files: list[Any] = [hc.get("valuesFile")]
                extra = hc.get("additionalValuesFiles")
                files += extra if isinstance(extra, list) else []
                for f in files:
                    if not isinstance(f, str) or not f:
                        continue
                    rel = posixpath.normpath(posixpath.join(kdir, f))
                    doc, _ = self.doc_at(rel, Kind.ZOT_VALUES)
                    if doc is None:
                        complete = False
                        continue
                    self.consumed.add(id(doc))
                    data = doc.data if isinstance(doc.data, dict) else {}
                    layers.append(Layer(doc, (), "file", data))
                inline = hc.get("valuesInline")
                if isinstance(inline, dict):
                    layers.append(Layer(kdoc, base + ("valuesInline",), "kustomize", inline))
                release = hc.get("releaseName") if isinstance(hc.get("releaseName"), str) else None
                ns = hc.get("namespace") if isinstance(hc.get("namespace"), str) else None
                ns_ref = kdoc.ref(base + ("namespace",)) if ns else None
                if ns is None and isinstance(kdoc.data.get("namespace"), str):
                    ns, ns_ref = kdoc.data["namespace"], kdoc.ref(("namespace",))
                app_ctx = self.dir_apps.get(kdir)
                env = env_from_path(kdoc.source.rel) or (app_ctx[0].env if app_ctx else None)
                if ns is None and app_ctx is not None:
                    ns, ns_ref = app_ctx[0].namespace, app_ctx[0].namespace_ref
                self._deployment(
                    key=kdoc.source.rel,
                    layers=layers,
                    chart=chart,
                    release=release,
                    release_ref=kdoc.ref(base + ("releaseName",)) if release else None,
                    namespace=ns,
                    namespace_ref=ns_ref,
                    env=env,
                    primary=kdoc,
                    complete=complete,
                    kustomization=kdoc,
                )

    # -- values files nothing deploys ---------------------------------------------------------
    def read_standalone(self) -> None:
        for doc in self.project.documents(Kind.ZOT_VALUES):
            if doc.parent is not None or id(doc) in self.consumed:
                continue
            rel = doc.source.rel
            d = posixpath.dirname(rel)
            chart = ChartInfo(kind="assumed")
            root = zot_values_root(doc.data) or ()
            cdoc = self.charts.get(d)
            if cdoc is not None:
                info = self._chart_dir(d)
                if info is not None and info[0].kind == "vendored":
                    # The chart's own values files: defaults and examples, not a deployment.
                    continue
                if info is not None:
                    chart = info[0]
                    root = info[1]
                else:
                    chart = self._local_chart(d)
            elif self._has_chart(d):
                chart = self._local_chart(d)
            data = _get(doc.data, root)
            layer = Layer(doc, root, "file", data if isinstance(data, dict) else {})
            if chart.kind == "assumed" and _repackaged(layer):
                chart.upstream = False
            ctx = self.dir_apps.get(d)
            self._deployment(
                key=rel,
                layers=[layer],
                chart=chart,
                release=None,
                release_ref=None,
                namespace=ctx[0].namespace if ctx else None,
                namespace_ref=ctx[0].namespace_ref if ctx else None,
                env=env_from_path(rel) or (ctx[0].env if ctx else None),
                primary=doc,
                complete=True,
            )

    # -- one deployment ------------------------------------------------------------------------
    def _deployment(
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

    def attach_configs(self) -> None:
        cm_configs: dict[str, list[tuple[Document, Scope]]] = defaultdict(list)
        for d in self.project.documents(Kind.ZOT_CONFIG):
            p = d.parent
            if (
                p is not None
                and p.kind == Kind.CONFIG_MAP
                and d.host_path == ("data", "config.json")
            ):
                name = _meta(p, "name")
                if name:
                    cm_configs[name].append((d, self.scope(p)))
        for dep in self.deployments:
            origin = dep.values.origin(CONFIG_KEY)
            user_cfg = None
            if origin is not None:
                host = origin.layer.doc
                user_cfg = self.embedded.get((id(host), origin.layer.root + CONFIG_KEY))
                if user_cfg is None and origin.layer.pinned is None:
                    user_cfg = self._nested_config(host, origin.layer.root + CONFIG_KEY)
                dep.config_origin = origin
            mounted = truthy(dep.values.get(("mountConfig",))) or not dep.upstream
            files = dep.values.get(("configFiles",))
            has_cfg = isinstance(files, dict) and "config.json" in files
            if user_cfg is not None:
                dep.config = user_cfg
            if not dep.complete and not dep.values.user_set(("mountConfig",)):
                # A value file that could not be read may turn the mount on.
                dep.config_source = "unknown"
            elif not mounted:
                dep.config_source = "image-default"
            elif has_cfg and origin is not None:
                dep.config_source = "values" if user_cfg is not None else "unknown"
            elif has_cfg:
                dep.config_source = "chart-default"
            elif truthy(files) or dep.release is None:
                dep.config_source = "unknown"
            else:
                name = f"{dep.release}-config"
                found = [
                    c for c, sc in cm_configs.get(name, ()) if sc.matches(dep.namespace, dep.env)
                ]
                if len(found) == 1:
                    dep.config, dep.config_source = found[0], "configmap"
            if dep.config is not None:
                self.model._by_config.setdefault(id(dep.config), []).append(dep)

    def _nested_config(self, host: Document, path: Path) -> Document | None:
        value = _get(host.data, path)
        if not isinstance(value, str):
            return None
        out = LoadedFile(host.source)
        emb = parse_embedded(
            out, host, path, "config.json", value, report_errors=False, limits=self.limits
        )
        if emb is not None:
            emb.kind = Kind.ZOT_CONFIG
            emb.kinds = frozenset({Kind.ZOT_CONFIG})
            emb.case_insensitive = True
        return emb

    # -- scopes of manifests -------------------------------------------------------------------
    def scope(self, doc: Document, obj_ns: tuple[str | None, Ref | None] | None = None) -> Scope:
        host = doc.host
        rel = host.source.rel
        ctx = self.contexts.get(id(host))
        if ctx is None:
            ctx = self._dir_context(rel)
        env = env_from_path(rel) or (ctx[0].env if ctx else None)
        if obj_ns is None:
            name = _meta(host, "namespace")
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

    def _dir_context(self, rel: str) -> tuple[App, Source] | None:
        d = posixpath.dirname(rel)
        depth = 0
        while d:
            hit = self.dir_apps.get(d)
            if hit is not None and (depth == 0 or hit[1].recurse):
                return hit
            d = posixpath.dirname(d)
            depth += 1
        return None

    # -- secrets ---------------------------------------------------------------------------------
    def read_secrets(self) -> None:
        idx = self.model.secrets
        for doc in self.project.documents(Kind.EXTERNAL_SECRET):
            if isinstance(doc.data, dict) and doc.data.get("kind") == "ExternalSecret":
                sc = self.scope(doc)
                self.model._scopes[id(doc)] = sc
                idx.add_external_secret(read_external_secret(doc, (), doc.data, sc, False))
        for doc in self.project.documents(Kind.SECRET_STORE):
            if isinstance(doc.data, dict):
                sc = self.scope(doc)
                self.model._scopes[id(doc)] = sc
                if doc.data.get("kind") == "ClusterSecretStore":
                    sc = Scope(None, None, sc.env)
                idx.add_store(read_store(doc, (), doc.data, sc, False))
        for doc in self.project.documents(Kind.ESO_LIST):
            if not isinstance(doc.data, dict):
                continue
            base = self.scope(doc, (None, None))
            self.model._scopes[id(doc)] = base
            for key, reader in (
                ("secretStores", read_store),
                ("externalSecrets", read_external_secret),
            ):
                items = doc.data.get(key)
                if not isinstance(items, list):
                    continue
                for i, item in enumerate(items):
                    if not isinstance(item, dict):
                        continue
                    if key == "externalSecrets" and not any(
                        k in item for k in ("secretStoreRef", "data", "dataFrom", "target")
                    ):
                        continue  # the zot chart's own {secretName, mountPath} list
                    sc = self._entry_scope(doc, (key, i), item, base, key == "secretStores")
                    obj = reader(doc, (key, i), item, sc, True)
                    if key == "secretStores":
                        if obj.kind == "ClusterSecretStore":
                            obj.scope = Scope(None, None, sc.env)
                        idx.add_store(obj)  # type: ignore[arg-type]
                    else:
                        idx.add_external_secret(obj)  # type: ignore[arg-type]
        for doc in self.project.documents(Kind.SECRET):
            name = _meta(doc, "name")
            if name and isinstance(doc.data, dict):
                sc = self.scope(doc)
                self.model._scopes[id(doc)] = sc
                idx.add_secret(
                    SecretSource(
                        "secret",
                        name,
                        sc,
                        doc.ref(("metadata", "name")),
                        keys=secret_keys(doc.data),
                        keys_ref=doc.ref(()),
                    )
                )
        for doc in self.project.documents(Kind.SEALED_SECRET):
            self._sealed(doc)
        for doc in self.project.documents(Kind.CONFIG_MAP):
            name = _meta(doc, "name")
            if name and isinstance(doc.data, dict):
                keys: set[str] = set()
                for f in ("data", "binaryData"):
                    if isinstance(doc.data.get(f), dict):
                        keys.update(str(k) for k in doc.data[f])
                sc = self.scope(doc)
                self.model._scopes[id(doc)] = sc
                idx.add_secret(
                    SecretSource(
                        "config-map",
                        name,
                        sc,
                        doc.ref(("metadata", "name")),
                        keys=frozenset(keys),
                        keys_ref=doc.ref(("data",)),
                        is_config_map=True,
                    )
                )
        for doc in self.project.documents(Kind.SERVICE_ACCOUNT):
            name = _meta(doc, "name")
            if name and isinstance(doc.data, dict):
                meta = doc.data.get("metadata") or {}
                ann = meta.get("annotations") if isinstance(meta.get("annotations"), dict) else {}
                idx.add_account(
                    ServiceAccount(
                        name, self.scope(doc), ann, doc.ref(("metadata", "name")), "manifest"
                    )
                )
        for doc in self.project.documents(Kind.K8S_OBJECT):
            self._other_object(doc)
        for kdoc in self.kustomizations.values():
            self._generators(kdoc)
        for dep in self.deployments:
            self._chart_objects(dep)

    def _entry_scope(
        self, doc: Document, path: Path, item: dict[str, Any], base: Scope, store: bool
    ) -> Scope:
        for k in ("namespace",) if not store else ("namespace", "credentialsSecretNamespace"):
            v = item.get(k)
            if isinstance(v, str) and v:
                return Scope(v, doc.ref(path + (k,)), base.env)
        meta = item.get("metadata")
        if isinstance(meta, dict) and isinstance(meta.get("namespace"), str):
            return Scope(meta["namespace"], doc.ref(path + ("metadata", "namespace")), base.env)
        return Scope(base.namespace, base.namespace_ref, base.env)

    def _sealed(self, doc: Document) -> None:
        name = _meta(doc, "name")
        data = doc.data if isinstance(doc.data, dict) else {}
        spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
        tmpl = spec.get("template") if isinstance(spec.get("template"), dict) else {}
        tmeta = tmpl.get("metadata") if isinstance(tmpl.get("metadata"), dict) else {}
        target = tmeta.get("name") if isinstance(tmeta.get("name"), str) else name
        if not target:
            return
        keys: set[str] = set()
        if isinstance(spec.get("encryptedData"), dict):
            keys.update(str(k) for k in spec["encryptedData"])
        if isinstance(tmpl.get("data"), dict):
            keys.update(str(k) for k in tmpl["data"])
        sc = self.scope(doc)
        self.model._scopes[id(doc)] = sc
        self.model.secrets.add_secret(
            SecretSource(
                "sealed-secret",
                target,
                sc,
                doc.ref(("metadata", "name")),
                keys=frozenset(keys),
                keys_ref=doc.ref(("spec", "encryptedData")),
            )
        )

    def _other_object(self, doc: Document) -> None:
        data = doc.data if isinstance(doc.data, dict) else {}
        kind = data.get("kind")
        api = str(data.get("apiVersion") or "")
        spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
        name: str | None = None
        path: Path = ()
        src_kind = ""
        if kind == "Certificate" and api.startswith("cert-manager.io/"):
            name, path, src_kind = spec.get("secretName"), ("spec", "secretName"), "certificate"
        elif api.startswith("secrets.hashicorp.com/"):
            dest = spec.get("destination") if isinstance(spec.get("destination"), dict) else {}
            name, path, src_kind = (
                dest.get("name"),
                ("spec", "destination", "name"),
                ("vault-secret"),
            )
        if isinstance(name, str) and name:
            sc = self.scope(doc)
            self.model._scopes[id(doc)] = sc
            self.model.secrets.add_secret(SecretSource(src_kind, name, sc, doc.ref(path)))

    def _generators(self, kdoc: Document) -> None:
        data = kdoc.data if isinstance(kdoc.data, dict) else {}
        for key, is_cm in (("secretGenerator", False), ("configMapGenerator", True)):
            gens = data.get(key)
            if not isinstance(gens, list):
                continue
            for i, g in enumerate(gens):
                if not isinstance(g, dict) or not isinstance(g.get("name"), str):
                    continue
                ns = g.get("namespace") if isinstance(g.get("namespace"), str) else None
                sc = self.scope(kdoc, (ns, kdoc.ref((key, i, "namespace")) if ns else None))
                self.model.secrets.add_secret(
                    SecretSource(
                        "secret-generator",
                        g["name"],
                        sc,
                        kdoc.ref((key, i, "name")),
                        is_config_map=is_cm,
                    )
                )

    def _chart_objects(self, dep: Deployment) -> None:
        """The chart's own `<release>-secret` / `<release>-config` and its service account."""
        idx = self.model.secrets
        sc = dep.scope()
        v = dep.values
        if dep.release and dep.upstream:
            for flag, files_key, suffix, is_cm in (
                ("mountSecret", "secretFiles", "secret", False),
                ("mountConfig", "configFiles", "config", True),
            ):
                files = v.get((files_key,))
                if truthy(v.get((flag,))) and truthy(files) and isinstance(files, dict):
                    ref = v.ref((files_key,)) or v.ref((flag,)) or dep.top_ref()
                    idx.add_secret(
                        SecretSource(
                            "chart",
                            f"{dep.release}-{suffix}",
                            sc,
                            ref,
                            keys=frozenset(str(k) for k in files),
                            keys_ref=ref,
                            is_config_map=is_cm,
                        )
                    )
        if truthy(v.get(("serviceAccount", "create"))) and dep.pod.service_account:
            ann = v.get(("serviceAccount", "annotations"))
            ref = v.ref(("serviceAccount", "name")) or v.ref(("serviceAccount",)) or dep.top_ref()
            idx.add_account(
                ServiceAccount(
                    dep.pod.service_account, sc, ann if isinstance(ann, dict) else {}, ref, "chart"
                )
            )

    # -- External Secrets Operator version -------------------------------------------------------
    def _eso_pin(
        self,
        chart: str,
        version: Any,
        doc: Document,
        path: Path,
        app: App | None = None,
        src: Source | None = None,
    ) -> None:
        if chart.rsplit("/", 1)[-1] != "external-secrets" or version is None:
            return
        text = str(version).strip().lstrip("v")
        ver = parse_version(text)
        if ver is not None and all(c.isdigit() or c == "." for c in text):
            # Several pins (one per cluster): the oldest decides, so that a cluster where
            # `v1beta1` is still right never gets a finding.
            cur = parse_version(self.model.eso_version) if self.model.eso_version else None
            if cur is None or ver < cur:
                self.model.eso_version = text
                self.model.eso_version_ref = doc.ref(path)
        if app is not None and src is not None:
            for layer in self._inline_layers(app, src, ()):
                if truthy(layer.get(("crds", "unsafeServeV1Beta1"))):
                    self.model.eso_unsafe_v1beta1 = True

    def read_chart_pins(self) -> None:
        for d, cdoc in self.charts.items():
            deps = cdoc.data.get("dependencies") if isinstance(cdoc.data, dict) else None
            if not isinstance(deps, list):
                continue
            for i, dep in enumerate(deps):
                if isinstance(dep, dict) and dep.get("name") == "external-secrets":
                    self._eso_pin(
                        "external-secrets", dep.get("version"), cdoc, ("dependencies", i, "version")
                    )
                    vdoc, _ = self.doc_at(posixpath.join(d, "values.yaml"))
                    if vdoc is not None and isinstance(vdoc.data, dict):
                        sub = vdoc.data.get(dep.get("alias") or "external-secrets")
                        if truthy(_get(sub, ("crds", "unsafeServeV1Beta1"))):
                            self.model.eso_unsafe_v1beta1 = True


def _get(data: Any, path: Path) -> Any:
    for p in path:
        if isinstance(data, dict):
            data = data.get(p)
        elif isinstance(data, list) and isinstance(p, int) and 0 <= p < len(data):
            data = data[p]
        else:
            return None
    return data


def _meta(doc: Document, key: str) -> str | None:
    data = doc.data if isinstance(doc.data, dict) else {}
    meta = data.get("metadata")
    if isinstance(meta, dict):
        v = meta.get(key)
        if isinstance(v, str) and v:
            return v
    return None


def _repackaged(layer: Layer) -> bool:
    """A values file alone that configures whole sections the upstream chart has never read
    (`giantswarm: {…}`): another chart's values, not to be judged by the upstream table."""
    for key, value in layer.data.items():
        if (
            isinstance(value, dict)
            and value
            and check_key((key,)) == "unknown"
            and suggest((key,)) is None
        ):
            return True
    return False


def build_model(project: Project) -> Model:
    """Build the deployment model of a project (one pass over its documents)."""
    b = _Builder(project)
    b.read_apps()
    b.read_kustomizations()
    b.read_standalone()
    b.attach_configs()
    b.read_secrets()
    b.read_chart_pins()
    b.model.deployments = b.deployments
    b.model.apps = b.apps
    return b.model
