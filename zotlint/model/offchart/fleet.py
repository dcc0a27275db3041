"""Rancher Fleet bundles: a directory with a `fleet.yaml`.

Read from `fleet.yaml` (rancher/fleet `internal/bundlereader` FleetYAML → BundleSpec;
reference: https://fleet.rancher.io/ref-fleet-yaml):

- `helm.chart` (a name, a path, an OCI or tarball URL), `helm.repo`, `helm.version`,
  `helm.releaseName` (default: the bundle's name), `helm.values`, `helm.valuesFiles` (paths
  relative to the bundle directory; merged under `values`), `helm.valuesFrom` (ConfigMap/Secret
  key references, default key `values.yaml`: rancher/fleet `internal/helmdeployer/install.go`
  `getValues` merges each over the values, a Secret's last);
- `defaultNamespace` (default `default`) and `namespace` (forces every resource);
- `targetCustomizations[]`: per-target `helm` and namespace overrides, each a deployment of
  its own whose values are a layer over the bundle's (`name` is its environment).

A chart named `zot` is the zot chart (a Deployment with the chart's rendering); app-template
values running a zot image are an app-template workload; anything else adds nothing. Plain
manifests of the bundle directory are read by zotlint.model.offchart.manifest and take the
bundle's namespace. valuesFrom objects not in the repository (or Secrets with base64 `data`)
make the values incomplete, never guessed.
"""

from __future__ import annotations

import posixpath
from typing import Any

from zotlint.document import Document, Kind, Path
from zotlint.model.chart import ChartInfo, is_upstream_repo, resolve
from zotlint.model.offchart import apptemplate
from zotlint.model.values import Layer, merge

DEFAULT_KEY = "values.yaml"


def fleet_docs(ctx: Any) -> list[Document]:
    out: list[Document] = []
    for rel in sorted(ctx.project.all_paths):
        if posixpath.basename(rel) not in ("fleet.yaml", "fleet.yml"):
            continue
        doc, _ = ctx.doc_at(rel)
        if doc is not None and isinstance(doc.data, dict) and "kind" not in doc.data:
            out.append(doc)
    return out


def bundle_namespace(ctx: Any, rel: str) -> tuple[str | None, Any]:
    """The namespace a Fleet bundle gives a manifest at ``rel`` (None when no bundle)."""
    cache = ctx.shared.setdefault("offchart.fleet", {})
    if "dirs" not in cache:
        cache["dirs"] = {posixpath.dirname(d.source.rel): d for d in fleet_docs(ctx)}
    d = posixpath.dirname(rel)
    while True:
        doc = cache["dirs"].get(d)
        if doc is not None:
            return _namespace(doc, doc.data, ())
        if not d:
            return None, None
        d = posixpath.dirname(d)


def _namespace(doc: Document, data: dict[str, Any], base: Path) -> tuple[str | None, Any]:
    for key in ("namespace", "defaultNamespace"):
        v = data.get(key)
        if isinstance(v, str) and v and "${" not in v:
            return v, doc.ref(base + (key,))
    return None, None


def read(ctx: Any) -> None:
    """Model build step: a deployment per Fleet bundle target running zot."""
    for doc in fleet_docs(ctx):
        data = doc.data
        helm = data.get("helm")
        if not isinstance(helm, dict):
            continue
        bdir = posixpath.dirname(doc.source.rel)
        base_layers, complete = _layers(ctx, doc, bdir, helm, ("helm",))
        ns, ns_ref = _namespace(doc, data, ())
        if ns is None:
            ns, ns_ref = "default", None
        name = data.get("name") if isinstance(data.get("name"), str) else bdir.rsplit("/", 1)[-1]
        targets: list[tuple[str | None, list[Layer], bool, str | None, Any, dict[str, Any]]] = [
            (None, base_layers, complete, ns, ns_ref, helm)
        ]
        tcs = data.get("targetCustomizations")
        for i, tc in enumerate(tcs if isinstance(tcs, list) else []):
            if not isinstance(tc, dict):
                continue
            tbase: Path = ("targetCustomizations", i)
            layers, ok = list(base_layers), complete
            thelm = tc.get("helm") if isinstance(tc.get("helm"), dict) else {}
            more, ok2 = _layers(ctx, doc, bdir, thelm, tbase + ("helm",))
            tns, tns_ref = _namespace(doc, tc, tbase)
            targets.append(
                (
                    str(tc.get("name") or i),
                    layers + more,
                    ok and ok2,
                    tns or ns,
                    tns_ref if tns else ns_ref,
                    {**helm, **thelm},
                )
            )
        for env, layers, ok, tns, tns_ref, thelm in targets:
            chart = thelm.get("chart")
            release = (
                thelm.get("releaseName") if isinstance(thelm.get("releaseName"), str) else name
            )
            key = f"{doc.source.rel}" + (f" ({env})" if env else "")
            if apptemplate.is_app_template(chart) or (
                isinstance(thelm.get("repo"), str) and "bjw-s" in thelm["repo"]
            ):
                values = merge({}, layers)
                apptemplate.add(
                    ctx,
                    values,
                    key=key,
                    primary=doc,
                    namespace=tns,
                    namespace_ref=tns_ref,
                    env=env,
                    release=release,
                    release_ref=doc.ref(("helm", "releaseName")) if "releaseName" in helm else None,
                    complete=ok,
                )
            elif isinstance(chart, str) and chart.rstrip("/").rsplit("/", 1)[-1] == "zot":
                version = thelm.get("version")
                spec = str(version) if version is not None else None
                repo = thelm.get("repo") if isinstance(thelm.get("repo"), str) else None
                ctx.add_deployment(
                    key=key,
                    layers=layers,
                    chart=ChartInfo(
                        kind="fleet",
                        spec=spec,
                        version=resolve(spec),
                        upstream=repo is None or is_upstream_repo(repo),
                        ref=doc.ref(("helm", "version")) if spec else None,
                        repo_url=repo,
                    ),
                    release=release,
                    release_ref=doc.ref(("helm", "releaseName")) if "releaseName" in helm else None,
                    namespace=tns,
                    namespace_ref=tns_ref,
                    env=env,
                    primary=doc,
                    complete=ok,
                )
                for la in layers:
                    ctx.consumed.add(id(la.doc))


def _layers(
    ctx: Any, doc: Document, bdir: str, helm: dict[str, Any], base: Path
) -> tuple[list[Layer], bool]:
    """valuesFiles, then values, then valuesFrom (as Fleet merges them)."""
    layers: list[Layer] = []
    complete = True
    files = helm.get("valuesFiles")
    for f in files if isinstance(files, list) else []:
        if not isinstance(f, str):
            continue
        rel = posixpath.normpath(posixpath.join(bdir, f))
        vdoc, _ = ctx.doc_at(rel)
        if vdoc is None or not isinstance(vdoc.data, dict):
            complete = False
            continue
        layers.append(Layer(vdoc, (), "file", vdoc.data))
    values = helm.get("values")
    if isinstance(values, dict):
        layers.append(Layer(doc, base + ("values",), "values", values))
    refs = helm.get("valuesFrom")
    for ref in refs if isinstance(refs, list) else []:
        if not isinstance(ref, dict):
            continue
        layer = _values_from(ctx, ref)
        if layer is None:
            complete = False
        else:
            layers.append(layer)
    return layers, complete


def _values_from(ctx: Any, ref: dict[str, Any]) -> Layer | None:
    for field, kind, want in (
        ("configMapKeyRef", "ConfigMap", Kind.CONFIG_MAP),
        ("secretKeyRef", "Secret", Kind.SECRET),
    ):
        r = ref.get(field)
        if not isinstance(r, dict) or not isinstance(r.get("name"), str):
            continue
        key = r.get("key") if isinstance(r.get("key"), str) and r.get("key") else DEFAULT_KEY
        found = [
            d
            for d in ctx.project.documents(want)
            if isinstance(d.data, dict)
            and isinstance(d.data.get("metadata"), dict)
            and d.data["metadata"].get("name") == r["name"]
        ]
        if len(found) != 1:
            return None
        obj = found[0]
        section = "data" if kind == "ConfigMap" else "stringData"
        text = (
            obj.data.get(section, {}).get(key) if isinstance(obj.data.get(section), dict) else None
        )
        if not isinstance(text, str):
            return None
        emb = ctx.parse_inline(obj, (section, key), text)
        if emb is None or not isinstance(emb.data, dict):
            return None
        return Layer(emb, (), "values", emb.data)
    return None
