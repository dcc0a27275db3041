"""Source: Argo CD Applications (`spec.source` / `spec.sources`, Helm value files, inline values,
parameters)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zotlint.classify import zot_values_root
from zotlint.document import Document, Kind, Path
from zotlint.model.argo import App, Source, read_app, value_file_target
from zotlint.model.chart import ChartInfo, is_upstream_repo, resolve
from zotlint.model.sources import eso_pins, local_charts
from zotlint.model.values import (
    Layer,
    get_path,
    nest,
    parameter_path,
    parameter_value,
    truthy,
)

if TYPE_CHECKING:
    from zotlint.model.sources.base import BuildContext


def read(ctx: BuildContext) -> None:
    for doc in ctx.project.documents(Kind.ARGO_APP):
        app = read_app(doc)
        if app is None:
            continue
        ctx.apps.append(app)
        for src in app.sources:
            app_source(ctx, app, src)


def app_source(ctx: BuildContext, app: App, src: Source) -> None:
    if src.ref_name and not src.chart and not src.dir_path:
        return
    chart = ChartInfo(kind="assumed")
    root: Path = ()
    zot = False
    defaults_doc: Document | None = None
    pre_layers: list[Layer] = []
    chart_dir = ctx.paths.directory(src.dir_path, app.rel) if src.dir_path else None
    if src.chart:
        if src.chart.rsplit("/", 1)[-1] != "zot":
            eso_pins.eso_pin(
                ctx,
                src.chart,
                src.target_revision,
                app.doc,
                src.path + ("targetRevision",),
            )
            if src.chart.rsplit("/", 1)[-1] == "external-secrets" and src.target_revision:
                for layer in _inline_layers(ctx, app, src, ()):
                    if truthy(layer.get(("crds", "unsafeServeV1Beta1"))):
                        ctx.model.eso_unsafe_v1beta1 = True
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
    elif chart_dir is not None and chart_dir in ctx.charts:
        info = local_charts.chart_dir(ctx, chart_dir)
        if info is None:
            chart = local_charts.local_chart(ctx, chart_dir)
        else:
            zot = True
            chart, root, defaults_doc, pre_layers = info
    elif chart_dir is not None and local_charts.has_chart(ctx, chart_dir):
        chart = local_charts.local_chart(ctx, chart_dir)
    if src.dir_path and chart_dir is not None:
        ctx.chart_apps[chart_dir].append((app, src))
    if src.dir_path and chart_dir is not None and not zot:
        ctx.dir_apps[chart_dir] = (app, src)
    file_layers, complete, any_zot = _value_file_layers(
        ctx, app, src, root, defaults_doc, deferred=zot
    )
    if not zot and any_zot:
        # zot values among the files after all: now the skipped layers count too.
        file_layers, complete, any_zot = _value_file_layers(ctx, app, src, root, defaults_doc)
    if not zot and not any_zot:
        for layer in file_layers:
            ctx.contexts[id(layer.doc)] = (app, src)
        _context_source(ctx, app, src, chart_dir)
        return
    layers = pre_layers + file_layers + _inline_layers(ctx, app, src, root)
    release = app.release_name(src)
    rn_path = src.helm_path + ("releaseName",)
    release_ref = (
        app.ref(rn_path)
        if app.doc.has(rn_path)
        else (app.ref(("metadata", "name")) if app.name else None)
    )
    ns, ns_ref = app.helm_namespace(src)
    primary = next((la.doc for la in reversed(file_layers) if la.source == "file"), app.doc)
    dep = ctx.add_deployment(
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


def _context_source(ctx: BuildContext, app: App, src: Source, chart_dir: str | None) -> None:
    if chart_dir is not None:
        ctx.dir_apps.setdefault(chart_dir, (app, src))


def _value_file_layers(
    ctx: BuildContext,
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
                _orphan(ctx, app, entry)
            continue
        rel = ctx.resolve_file(target[0], app.rel)
        if rel is None:
            complete = False
            continue
        doc, _found = ctx.doc_at(rel, Kind.ZOT_VALUES, deferred=deferred)
        if doc is None:
            complete = False
            continue
        if doc is defaults_doc:
            # A vendored chart's own values.yaml listed again: still the chart's defaults.
            continue
        droot = root
        if not root and doc.is_a(Kind.ZOT_VALUES):
            droot = zot_values_root(doc.data) or ()
        data = get_path(doc.data, droot)
        if doc.is_a(Kind.ZOT_VALUES):
            any_zot = True
        ctx.consumed.add(id(doc))
        layers.append(Layer(doc, droot, "file", data if isinstance(data, dict) else {}))
    return layers, complete, any_zot


def _orphan(ctx: BuildContext, app: App, entry: str) -> None:
    """A `$ref/…` value file Argo CD cannot resolve (no source has that `ref`) still names a
    file of this repository: that values file is a layer of this incomplete deployment, so its
    merge is unknown — not a complete deployment of its own (ZOT207/ZOT215 judged on it alone
    were false)."""
    e = entry.strip()
    if not e.startswith("$"):
        return
    rest = e[1:].partition("/")[2]
    rel = ctx.resolve_file(rest, app.rel) if rest else None
    if rel is None:
        return
    doc, _found = ctx.doc_at(rel, Kind.ZOT_VALUES, deferred=True)
    if doc is not None:
        ctx.orphaned.add(id(doc))


def _inline_layers(ctx: BuildContext, app: App, src: Source, root: Path) -> list[Layer]:
    layers: list[Layer] = []
    helm = src.helm
    hp = src.helm_path
    vo = helm.get("valuesObject")
    if isinstance(vo, dict):
        data = get_path(vo, root)
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
        emb = ctx.parse_inline(app.doc, hp + ("values",), helm["values"])
        if emb is not None and isinstance(emb.data, dict):
            data = get_path(emb.data, root)
            layers.append(Layer(emb, root, "values", data if isinstance(data, dict) else {}))
    elif isinstance(helm.get("values"), dict):
        data = get_path(helm["values"], root)
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
