"""Source: kustomize `helmCharts` (a zot deployment each) and `secretGenerator` /
`configMapGenerator` (Secrets and ConfigMaps the model knows by name)."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from zotlint.document import Document, Kind
from zotlint.model.chart import ChartInfo, is_upstream_repo, resolve
from zotlint.model.env import env_from_path
from zotlint.model.provisioning import SecretSource
from zotlint.model.sources import eso_pins
from zotlint.model.values import (
    Layer,
)

if TYPE_CHECKING:
    from zotlint.model.sources.base import BuildContext


def read_helm_charts(ctx: BuildContext) -> None:
    for kdir, kdoc in ctx.kustomizations.items():
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
                    eso_pins.eso_pin(ctx, name, hc.get("version"), kdoc, base + ("version",))
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
                doc, _ = ctx.doc_at(rel, Kind.ZOT_VALUES)
                if doc is None:
                    complete = False
                    continue
                ctx.consumed.add(id(doc))
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
            app_ctx = ctx.dir_apps.get(kdir)
            env = env_from_path(kdoc.source.rel) or (app_ctx[0].env if app_ctx else None)
            if ns is None and app_ctx is not None:
                ns, ns_ref = app_ctx[0].namespace, app_ctx[0].namespace_ref
            ctx.add_deployment(
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


def read_generators(ctx: BuildContext, kdoc: Document) -> None:
    data = kdoc.data if isinstance(kdoc.data, dict) else {}
    for key, is_cm in (("secretGenerator", False), ("configMapGenerator", True)):
        gens = data.get(key)
        if not isinstance(gens, list):
            continue
        for i, g in enumerate(gens):
            if not isinstance(g, dict) or not isinstance(g.get("name"), str):
                continue
            ns = g.get("namespace") if isinstance(g.get("namespace"), str) else None
            sc = ctx.scope(kdoc, (ns, kdoc.ref((key, i, "namespace")) if ns else None))
            ctx.model.secrets.add_secret(
                SecretSource(
                    "secret-generator",
                    g["name"],
                    sc,
                    kdoc.ref((key, i, "name")),
                    is_config_map=is_cm,
                )
            )
