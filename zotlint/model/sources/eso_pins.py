"""The External Secrets Operator version a repository pins (ZOT505 and the `v1beta1` rules)."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from zotlint.data.zot_versions import parse_version
from zotlint.document import Document, Path
from zotlint.model.values import (
    get_path,
    truthy,
)

if TYPE_CHECKING:
    from zotlint.model.sources.base import BuildContext


def eso_pin(
    ctx: BuildContext,
    chart: str,
    version: Any,
    doc: Document,
    path: Path,
) -> None:
    """Record an `external-secrets` chart version (the oldest of several wins)."""
    if chart.rsplit("/", 1)[-1] != "external-secrets" or version is None:
        return
    text = str(version).strip().lstrip("v")
    ver = parse_version(text)
    if ver is not None and all(c.isdigit() or c == "." for c in text):
        # Several pins (one per cluster): the oldest decides, so that a cluster where
        # `v1beta1` is still right never gets a finding.
        cur = parse_version(ctx.model.eso_version) if ctx.model.eso_version else None
        if cur is None or ver < cur:
            ctx.model.eso_version = text
            ctx.model.eso_version_ref = doc.ref(path)


def read_chart_pins(ctx: BuildContext) -> None:
    for d, cdoc in ctx.charts.items():
        deps = cdoc.data.get("dependencies") if isinstance(cdoc.data, dict) else None
        if not isinstance(deps, list):
            continue
        for i, dep in enumerate(deps):
            if isinstance(dep, dict) and dep.get("name") == "external-secrets":
                eso_pin(
                    ctx,
                    "external-secrets",
                    dep.get("version"),
                    cdoc,
                    ("dependencies", i, "version"),
                )
                vdoc, _ = ctx.doc_at(posixpath.join(d, "values.yaml"))
                if vdoc is not None and isinstance(vdoc.data, dict):
                    sub = vdoc.data.get(dep.get("alias") or "external-secrets")
                    if truthy(get_path(sub, ("crds", "unsafeServeV1Beta1"))):
                        ctx.model.eso_unsafe_v1beta1 = True
