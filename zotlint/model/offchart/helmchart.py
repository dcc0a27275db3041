"""Flux `chartRef` to a standalone `HelmChart` (or `OCIRepository`) object.

A HelmRelease may name its chart through `spec.chartRef: {kind: HelmChart | OCIRepository,
name, namespace}` instead of `spec.chart.spec`. A `HelmChart` (source.toolkit.fluxcd.io) carries
`spec.chart`, `spec.version` and `spec.sourceRef`; an `OCIRepository` names the chart in the
last segment of `spec.url` and its version in `spec.ref.tag`/`semver`. Both are resolved here
within the repository (fluxcd/helm-controller `api/v2/helmrelease_types.go`
`CrossNamespaceSourceReference`, fluxcd/source-controller `api/v1/helmchart_types.go`,
`ocirepository_types.go`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zotlint.document import Document, Kind, Ref

SOURCE_GROUP = "source.toolkit.fluxcd.io/"


@dataclass(frozen=True)
class ChartSource:
    kind: str  # HelmChart | OCIRepository
    name: str
    namespace: str | None
    chart: str | None  # the chart's name
    version: str | None
    version_ref: Ref | None
    repository: str | None  # HelmRepository / GitRepository name, or the OCI URL
    doc: Document


def chart_sources(project: Any) -> dict[tuple[str, str], list[ChartSource]]:
    def compute() -> dict[tuple[str, str], list[ChartSource]]:
        out: dict[tuple[str, str], list[ChartSource]] = {}
        for doc in project.documents(Kind.K8S_OBJECT):
            data = doc.data
            if not isinstance(data, dict):
                continue
            kind = data.get("kind")
            if kind not in ("HelmChart", "OCIRepository"):
                continue
            if not str(data.get("apiVersion") or "").startswith(SOURCE_GROUP):
                continue
            meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
            spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
            name = meta.get("name")
            if not isinstance(name, str):
                continue
            ns = meta.get("namespace") if isinstance(meta.get("namespace"), str) else None
            if kind == "HelmChart":
                src = spec.get("sourceRef") if isinstance(spec.get("sourceRef"), dict) else {}
                version = spec.get("version")
                cs = ChartSource(
                    kind,
                    name,
                    ns,
                    spec.get("chart") if isinstance(spec.get("chart"), str) else None,
                    str(version) if version is not None else None,
                    doc.ref(("spec", "version")) if version is not None else None,
                    src.get("name") if isinstance(src.get("name"), str) else None,
                    doc,
                )
            else:
                url = spec.get("url") if isinstance(spec.get("url"), str) else None
                ref = spec.get("ref") if isinstance(spec.get("ref"), dict) else {}
                version = ref.get("tag") or ref.get("semver")
                path = ("spec", "ref", "tag" if ref.get("tag") else "semver")
                cs = ChartSource(
                    kind,
                    name,
                    ns,
                    url.rstrip("/").rsplit("/", 1)[-1] if url else None,
                    str(version) if version is not None else None,
                    doc.ref(path) if version is not None else None,
                    url,
                    doc,
                )
            out.setdefault((kind, name), []).append(cs)
        return out

    return project.cached(("zotlint.model.offchart.helmchart", "sources"), compute)


def resolve_chart_ref(project: Any, ref: dict[str, Any]) -> ChartSource | None:
    """The HelmChart/OCIRepository a `chartRef` names (one match, by kind, name and namespace
    when given), or None."""
    kind = ref.get("kind") if isinstance(ref.get("kind"), str) else "OCIRepository"
    name = ref.get("name")
    if not isinstance(name, str):
        return None
    found = chart_sources(project).get((kind, name), [])
    ns = ref.get("namespace")
    if isinstance(ns, str):
        found = [c for c in found if c.namespace in (None, ns)]
    return found[0] if len(found) == 1 else None


def chart_ref_name(project: Any, ref: dict[str, Any]) -> str | None:
    cs = resolve_chart_ref(project, ref)
    return cs.chart if cs is not None else None
