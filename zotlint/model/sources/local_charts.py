"""Charts kept in the repository: the vendored zot chart, umbrella charts with a zot
dependency, other local charts, and zot values files nothing deploys."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from zotlint.classify import zot_values_root
from zotlint.data.chart_values_keys import check_key, suggest
from zotlint.document import Document, Kind, Path
from zotlint.model.chart import ChartInfo, is_upstream_repo, resolve
from zotlint.model.env import env_from_path
from zotlint.model.values import (
    Layer,
    get_path,
)

if TYPE_CHECKING:
    from zotlint.model.sources.base import BuildContext


def has_chart(ctx: BuildContext, chart_dir: str) -> bool:
    # A Chart.yaml that the keyword pre-filter skipped names neither zot nor a dependency.
    return posixpath.join(chart_dir, "Chart.yaml") in ctx.project.all_paths


def local_chart(ctx: BuildContext, chart_dir: str) -> ChartInfo:
    """Another chart of the repository (a repackaged zot chart is not judged by the
    upstream chart's tables)."""
    cdoc = ctx.charts.get(chart_dir)
    name = cdoc.data.get("name") if cdoc is not None and isinstance(cdoc.data, dict) else None
    return ChartInfo(kind="local", upstream=False, name=str(name or "?"))


def chart_dir(
    ctx: BuildContext,
    chart_dir: str,
) -> tuple[ChartInfo, Path, Document | None, list[Layer]] | None:
    """A local chart: the zot chart itself (vendored) or an umbrella with a zot dependency.
    Returns (chart, values root, vendored defaults document, umbrella layers)."""
    cdoc = ctx.charts[chart_dir]
    data = cdoc.data if isinstance(cdoc.data, dict) else {}
    values_doc, _ = ctx.doc_at(posixpath.join(chart_dir, "values.yaml"))
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
                        ctx.consumed.add(id(values_doc))
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
            ctx.consumed.add(id(values_doc))
        return chart, (), values_doc, []
    return None


def read_standalone(ctx: BuildContext) -> None:
    for doc in ctx.project.documents(Kind.ZOT_VALUES):
        if doc.parent is not None or id(doc) in ctx.consumed:
            continue
        rel = doc.source.rel
        d = posixpath.dirname(rel)
        chart = ChartInfo(kind="assumed")
        root = zot_values_root(doc.data) or ()
        cdoc = ctx.charts.get(d)
        if cdoc is not None:
            info = chart_dir(ctx, d)
            if info is not None and info[0].kind == "vendored":
                # The chart's own values files: defaults and examples, not a deployment.
                continue
            if info is not None:
                chart = info[0]
                root = info[1]
            else:
                chart = local_chart(ctx, d)
        elif has_chart(ctx, d):
            chart = local_chart(ctx, d)
        data = get_path(doc.data, root)
        layer = Layer(doc, root, "file", data if isinstance(data, dict) else {})
        if chart.kind == "assumed" and _repackaged(layer):
            chart.upstream = False
        app_ctx = ctx.dir_apps.get(d)
        ctx.add_deployment(
            key=rel,
            layers=[layer],
            chart=chart,
            release=None,
            release_ref=None,
            namespace=app_ctx[0].namespace if app_ctx else None,
            namespace_ref=app_ctx[0].namespace_ref if app_ctx else None,
            env=env_from_path(rel) or (app_ctx[0].env if app_ctx else None),
            primary=doc,
            complete=id(doc) not in ctx.orphaned,
        )


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
