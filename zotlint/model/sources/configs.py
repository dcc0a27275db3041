"""Which zot config each deployment reads: the embedded `configFiles."config.json"` of the
layer that set it, or the `<release>-config` ConfigMap."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from zotlint.document import Document, Kind, Path
from zotlint.model.deployment import CONFIG_KEY
from zotlint.model.env import Scope
from zotlint.model.sources.base import meta
from zotlint.model.values import (
    get_path,
    truthy,
)
from zotlint.source.loader import LoadedFile, parse_embedded

if TYPE_CHECKING:
    from zotlint.model.sources.base import BuildContext


def attach(ctx: BuildContext) -> None:
    cm_configs: dict[str, list[tuple[Document, Scope]]] = defaultdict(list)
    for d in ctx.project.documents(Kind.ZOT_CONFIG):
        p = d.parent
        if p is not None and p.kind == Kind.CONFIG_MAP and d.host_path == ("data", "config.json"):
            name = meta(p, "name")
            if name:
                cm_configs[name].append((d, ctx.scope(p)))
    for dep in ctx.deployments:
        origin = dep.values.origin(CONFIG_KEY)
        user_cfg = None
        if origin is not None:
            host = origin.layer.doc
            user_cfg = ctx.embedded.get((id(host), origin.layer.root + CONFIG_KEY))
            if user_cfg is None and origin.layer.pinned is None:
                user_cfg = _nested_config(ctx, host, origin.layer.root + CONFIG_KEY)
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
            found = [c for c, sc in cm_configs.get(name, ()) if sc.matches(dep.namespace, dep.env)]
            if len(found) == 1:
                dep.config, dep.config_source = found[0], "configmap"
        if dep.config is not None:
            ctx.model._by_config.setdefault(id(dep.config), []).append(dep)


def _nested_config(ctx: BuildContext, host: Document, path: Path) -> Document | None:
    value = get_path(host.data, path)
    if not isinstance(value, str):
        return None
    out = LoadedFile(host.source)
    emb = parse_embedded(
        out, host, path, "config.json", value, report_errors=False, limits=ctx.limits
    )
    if emb is not None:
        emb.kind = Kind.ZOT_CONFIG
        emb.kinds = frozenset({Kind.ZOT_CONFIG})
        emb.case_insensitive = True
    return emb
