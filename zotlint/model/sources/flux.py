"""Source: Flux `HelmRelease` (helm.toolkit.fluxcd.io v2, v2beta1, v2beta2).

What helm-controller does, read from its source (fluxcd/helm-controller):

* release name: as ``zotlint.knowledge.flux`` says. Release namespace: `targetNamespace`, else
  the HelmRelease's own (`GetReleaseNamespace`); Helm's storage: `storageNamespace`, else the
  HelmRelease's namespace.
* values: every `spec.valuesFrom` entry in order (a ConfigMap or Secret in the HelmRelease's
  namespace, key `valuesKey`, default `values.yaml`; with `targetPath` the text is one value set
  at that dot path as `--set` would; `optional` skips a missing object or key), merged map by
  map, then `spec.values` merged last (internal/chartutil/values.go
  `ChartValuesFromReferences`, commit 00785fbfa3cbcb33d3f0ca3c5a0827a79816a26e). Helm then
  coalesces the result with the chart's defaults, so a `null` deletes a default key as with
  `-f`.
* chart: `spec.chart.spec` (`chart`, `version` — a semver range, default `*` — and `sourceRef`
  to a HelmRepository, GitRepository or Bucket), or `spec.chartRef` to an OCIRepository (the
  chart is the last segment of `spec.url`, the version `spec.ref.tag` or `spec.ref.semver`).

``helm_releases(ctx)`` lists every HelmRelease with its chart identity, release, namespace and
ordered values layers (positions exact, in the HelmRelease and in the ConfigMap/Secret text).
``read(ctx)`` turns those of the zot chart into deployments; a HelmRelease of another chart
(bjw-s app-template, …) adds nothing and is never judged by the zot chart's tables. What the
repository cannot tell (a values object not in the repository, a SOPS-encrypted or base64 values
Secret, a chart from a GitRepository elsewhere) leaves the deployment incomplete: unknown, never
wrong.
"""

from __future__ import annotations

import posixpath
from dataclasses import field
from typing import TYPE_CHECKING, Any

from zotlint.document import Document, Kind, Path, Ref
from zotlint.knowledge.flux import SOURCE_GROUP, default_release_name, shorten_release_name
from zotlint.model.chart import ChartInfo, is_upstream_repo, resolve
from zotlint.model.env import env_from_name, env_from_path
from zotlint.model.sources import eso_pins
from zotlint.model.sources.base import meta
from zotlint.model.values import Layer, nest, parameter_path, parameter_value
from zotlint.records import dataclass

if TYPE_CHECKING:
    from zotlint.model.sources.base import BuildContext


@dataclass(eq=False)
class FluxChart:
    """The chart a HelmRelease installs, as far as the repository tells."""

    name: str | None  # chart name (last path segment for GitRepository / OCI URLs)
    version_spec: str | None  # as written; None for an OCIRepository pinned by digest
    version_ref: Ref | None
    source_kind: str | None  # HelmRepository | GitRepository | Bucket | OCIRepository | HelmChart
    source_name: str | None
    source_doc: Document | None  # the source object when it is in the repository
    repo_url: str | None
    via_chart_ref: bool = False

    @property
    def is_zot(self) -> bool:
        return self.name == "zot"


@dataclass(eq=False)
class HelmRelease:
    """One Flux HelmRelease, read without guessing (see the module docstring)."""

    doc: Document
    name: str | None
    namespace: str | None  # metadata.namespace (or the kustomization's `namespace`)
    release: str | None
    release_ref: Ref | None
    release_namespace: str | None
    release_namespace_ref: Ref | None
    storage_namespace: str | None
    chart: FluxChart
    layers: list[Layer] = field(default_factory=list)
    complete: bool = True  # False when a values layer could not be read from the repository
    env: str | None = None

    @property
    def rel(self) -> str:
        return self.doc.source.rel

    def ref(self, path: Path = (), part: str = "value") -> Ref:
        return self.doc.ref(path, part)


def _s(v: Any) -> str | None:
    return v if isinstance(v, str) and v else None


def _d(v: Any) -> dict[str, Any]:
    return v if isinstance(v, dict) else {}


def helm_releases(ctx: BuildContext) -> list[HelmRelease]:
    """Every Flux HelmRelease of the project (read once per build)."""
    cached = ctx.shared.get("flux.helm_releases")
    if cached is None:
        sources = _source_objects(ctx)
        cached = []
        for doc in ctx.project.documents(Kind.FLUX_HELM_RELEASE):
            hr = _read(ctx, doc, sources)
            if hr is not None:
                cached.append(hr)
        ctx.shared["flux.helm_releases"] = cached
    return cached  # type: ignore[no-any-return]


def read(ctx: BuildContext) -> None:
    """A deployment per HelmRelease of the zot chart; ESO chart pins."""
    for hr in helm_releases(ctx):
        chart = hr.chart
        if chart.name == "external-secrets" and chart.version_ref is not None:
            eso_pins.eso_pin(
                ctx, "external-secrets", chart.version_spec, hr.doc, chart.version_ref.path
            )
        if not chart.is_zot:
            continue
        info = ChartInfo(
            kind="flux",
            spec=chart.version_spec,
            version=resolve(chart.version_spec) if chart.version_spec is not None else None,
            upstream=_upstream(chart),
            ref=chart.version_ref,
            repo_url=chart.repo_url,
        )
        dep = ctx.add_deployment(
            key=hr.name or hr.rel,
            layers=hr.layers,
            chart=info,
            release=hr.release,
            release_ref=hr.release_ref,
            namespace=hr.release_namespace,
            namespace_ref=hr.release_namespace_ref,
            env=hr.env,
            primary=hr.doc,
            complete=hr.complete,
        )
        dep.flux = hr
        for layer in hr.layers:
            ctx.consumed.add(id(layer.doc))


def _upstream(chart: FluxChart) -> bool:
    # A chart from a Helm or OCI repository is the upstream one when the repository is
    # project-zot's; one whose repository the scan does not hold is assumed upstream (its name
    # is zot), as for an Argo CD source with no known repoURL. A chart built from a Git path
    # is someone's copy: not judged by the upstream tables.
    if chart.source_kind in ("GitRepository", "Bucket"):
        return False
    if chart.repo_url is None:
        return True
    return is_upstream_repo(chart.repo_url)


# -- reading one HelmRelease --------------------------------------------------------------------


_SourceKey = tuple[str, str]  # (kind, name)


def _source_objects(ctx: BuildContext) -> dict[_SourceKey, list[Document]]:
    out: dict[_SourceKey, list[Document]] = {}
    for doc in ctx.project.documents(Kind.K8S_OBJECT):
        data = doc.data
        if not isinstance(data, dict):
            continue
        api = data.get("apiVersion")
        kind = data.get("kind")
        name = meta(doc, "name")
        if isinstance(api, str) and api.split("/", 1)[0] == SOURCE_GROUP and kind and name:
            out.setdefault((str(kind), name), []).append(doc)
    return out


def _pick(
    ctx: BuildContext, docs: list[Document], namespace: str | None, env: str | None, near: str
) -> Document | None:
    """The one object of a name that fits the namespace and environment (None when none or
    several do: the model never guesses)."""
    fit = [d for d in docs if ctx.scope(d).matches(namespace, env)]
    if len(fit) > 1:
        here = [d for d in fit if posixpath.dirname(d.source.rel) == posixpath.dirname(near)]
        fit = here or fit
    return fit[0] if len(fit) == 1 else None


def _read(
    ctx: BuildContext, doc: Document, sources: dict[_SourceKey, list[Document]]
) -> HelmRelease | None:
    data = doc.data
    if not isinstance(data, dict):
        return None
    spec = _d(data.get("spec"))
    name = meta(doc, "name")
    if name and ("${" in name or "{{" in name):
        name = None
    scope = ctx.scope(doc)
    env = scope.env or env_from_path(doc.source.rel) or env_from_name(name)
    hr_ns = scope.namespace
    target_ns = _s(spec.get("targetNamespace"))
    release = _s(spec.get("releaseName"))
    if release is not None:
        release_ref = doc.ref(("spec", "releaseName"))
    elif name is not None:
        release = default_release_name(name, target_ns)
        release_ref = doc.ref(("metadata", "name"))
    else:
        release_ref = None
    if release is not None:
        if "${" in release:
            release, release_ref = None, None
        else:
            release = shorten_release_name(release)
    if target_ns is not None:
        rel_ns, rel_ns_ref = target_ns, doc.ref(("spec", "targetNamespace"))
    else:
        rel_ns, rel_ns_ref = hr_ns, scope.namespace_ref
    if rel_ns is not None and "${" in rel_ns:
        rel_ns, rel_ns_ref = None, None
    hr = HelmRelease(
        doc=doc,
        name=name,
        namespace=hr_ns,
        release=release,
        release_ref=release_ref,
        release_namespace=rel_ns,
        release_namespace_ref=rel_ns_ref,
        storage_namespace=_s(spec.get("storageNamespace")) or hr_ns,
        chart=_chart(ctx, doc, spec, sources, hr_ns, env),
        env=env,
    )
    _values_layers(ctx, hr, spec)
    return hr


def _chart(
    ctx: BuildContext,
    doc: Document,
    spec: dict[str, Any],
    sources: dict[_SourceKey, list[Document]],
    namespace: str | None,
    env: str | None,
) -> FluxChart:
    chart_ref = _d(spec.get("chartRef"))
    if chart_ref:
        kind = _s(chart_ref.get("kind"))
        sname = _s(chart_ref.get("name"))
        ns = _s(chart_ref.get("namespace")) or namespace
        src = _pick(ctx, sources.get((kind or "", sname or ""), []), ns, env, doc.source.rel)
        name: str | None = None
        url: str | None = None
        version: str | None = None
        vref: Ref | None = None
        if src is not None and kind == "OCIRepository":
            sspec = _d(_d(src.data).get("spec"))
            url = _s(sspec.get("url"))
            if url:
                name = url.rstrip("/").rsplit("/", 1)[-1]
            ref = _d(sspec.get("ref"))
            for key in ("semver", "tag"):  # semver takes precedence over tag in source-controller
                if ref.get(key) is not None and not ref.get("digest"):
                    version, vref = str(ref[key]), src.ref(("spec", "ref", key))
                    break
        elif src is not None and kind == "HelmChart":
            # A standalone HelmChart (source-controller `api/v1/helmchart_types.go`): `chart`,
            # `version` (default `*`), and its own `sourceRef` to the repository.
            sspec = _d(_d(src.data).get("spec"))
            chart = _s(sspec.get("chart"))
            name = posixpath.basename(chart.rstrip("/")) if chart else None
            v = sspec.get("version")
            version = str(v) if isinstance(v, (str, int, float)) else "*"
            vref = src.ref(("spec", "version")) if isinstance(v, (str, int, float)) else None
            repo = _d(sspec.get("sourceRef"))
            rkind, rname = _s(repo.get("kind")), _s(repo.get("name"))
            rns = _s(repo.get("namespace")) or ctx.scope(src).namespace
            rsrc = _pick(ctx, sources.get((rkind or "", rname or ""), []), rns, env, src.source.rel)
            url = _s(_d(_d(rsrc.data).get("spec")).get("url")) if rsrc is not None else None
            if rkind in ("GitRepository", "Bucket"):
                version, vref = None, None
            return FluxChart(name, version, vref, rkind, rname, rsrc, url, via_chart_ref=True)
        return FluxChart(name, version, vref, kind, sname, src, url, via_chart_ref=True)
    cspec = _d(_d(spec.get("chart")).get("spec"))
    chart = _s(cspec.get("chart"))
    name = posixpath.basename(chart.rstrip("/")) if chart else None
    version_v = cspec.get("version")
    version = str(version_v) if isinstance(version_v, (str, int, float)) else None
    vref = doc.ref(("spec", "chart", "spec", "version")) if version is not None else None
    if version is None and chart is not None:
        version = "*"  # the API default: the newest chart version
    source_ref = _d(cspec.get("sourceRef"))
    kind = _s(source_ref.get("kind"))
    sname = _s(source_ref.get("name"))
    ns = _s(source_ref.get("namespace")) or namespace
    src = _pick(ctx, sources.get((kind or "", sname or ""), []), ns, env, doc.source.rel)
    url = _s(_d(_d(src.data).get("spec")).get("url")) if src is not None else None
    if kind in ("GitRepository", "Bucket"):
        version, vref = None, None  # a chart from a path: its Chart.yaml decides, not `version`
    return FluxChart(name, version, vref, kind, sname, src, url)


def _values_layers(ctx: BuildContext, hr: HelmRelease, spec: dict[str, Any]) -> None:
    doc = hr.doc
    refs = spec.get("valuesFrom")
    if isinstance(refs, list):
        for i, ref in enumerate(refs):
            if isinstance(ref, dict):
                _values_from(ctx, hr, i, ref)
    values = spec.get("values")
    if isinstance(values, dict):
        hr.layers.append(Layer(doc, ("spec", "values"), "flux-values", values))


def _values_from(ctx: BuildContext, hr: HelmRelease, i: int, ref: dict[str, Any]) -> None:
    kind = ref.get("kind")
    name = _s(ref.get("name"))
    key = _s(ref.get("valuesKey")) or "values.yaml"
    optional = ref.get("optional") is True
    if kind not in ("ConfigMap", "Secret") or name is None or "${" in name:
        hr.complete = False
        return
    want = Kind.CONFIG_MAP if kind == "ConfigMap" else Kind.SECRET
    cands = [d for d in ctx.project.documents(want) if meta(d, "name") == name]
    if not cands:
        cands = [d for d in _nearby(ctx, hr.rel) if d.is_a(want) and meta(d, "name") == name]
    obj = _pick(ctx, cands, hr.namespace, hr.env, hr.rel)
    if obj is None:
        # Not in the repository (created by hand, by another tool, or a file the scan
        # skipped): its values are unknown. `optional` does not make it known-absent.
        hr.complete = False
        return
    text, path = _values_text(obj, key)
    if text is None or path is None:
        if not (optional and _has_no_key(obj, key)):
            hr.complete = False
        return
    target = _s(ref.get("targetPath"))
    if target is not None:
        vpath = parameter_path(target)
        if vpath is None:
            hr.complete = False
            return
        value = parameter_value(text.strip("'\""), text[:1] in "'\"" and text[-1:] in "'\"")
        hr.layers.append(Layer(obj, (), "flux-valuesFrom", nest(vpath, value), pinned=path))
        return
    emb = ctx.parse_inline(obj, path, text)
    if emb is None or not isinstance(emb.data, (dict, type(None))):
        hr.complete = False
        return
    hr.layers.append(
        Layer(emb, (), "flux-valuesFrom", emb.data if isinstance(emb.data, dict) else {})
    )


def _nearby(ctx: BuildContext, rel: str) -> list[Document]:
    """Documents of the YAML files next to the HelmRelease, parsed now if the keyword
    pre-filter skipped them: a values ConfigMap need not name zot (`service: {type: …}`). One
    directory only, so the cost stays bounded by what the HelmRelease sits with."""
    by_dir = ctx.shared.get("flux.dirs")
    if by_dir is None:
        by_dir = {}
        for p in ctx.project.all_paths:
            if p.endswith((".yaml", ".yml")):
                by_dir.setdefault(posixpath.dirname(p), []).append(p)
        ctx.shared["flux.dirs"] = by_dir
    out: list[Document] = []
    for p in sorted(by_dir.get(posixpath.dirname(rel), ())):  # type: ignore[attr-defined]
        out.extend(ctx.project.documents_at(p))
    return out


def _values_text(obj: Document, key: str) -> tuple[str | None, Path | None]:
    """The values text under ``key`` and its path; (None, None) when it cannot be read from the
    repository (a Secret's base64 `data`, SOPS ciphertext)."""
    data = _d(obj.data)
    if "sops" in data:
        return None, None
    for field_name in ("data", "stringData") if obj.is_a(Kind.SECRET) else ("data",):
        if field_name == "data" and obj.is_a(Kind.SECRET):
            continue  # base64: no positions to report at
        v = _d(data.get(field_name)).get(key)
        if isinstance(v, str):
            if v.startswith("ENC["):
                return None, None
            return v, (field_name, key)
    return None, None


def _has_no_key(obj: Document, key: str) -> bool:
    data = _d(obj.data)
    return not any(key in _d(data.get(f)) for f in ("data", "stringData", "binaryData"))
