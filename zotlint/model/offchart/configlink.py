"""The zot config an off-chart workload serves from, found through its pod.

The path zot serves (`serve <path>` or the image default) → the zot container's mount that
covers it (the deepest; a `subPath` mount covers only itself) → the key it names → the volume's
ConfigMap or Secret → the document that holds that key:

- a ConfigMap manifest's `data.<key>` (zot config embedded in it);
- a kustomize `configMapGenerator` / `secretGenerator` whose `files` give that key: the
  standalone file (a hash-suffixed name matches its generator);
- an ExternalSecret whose target is the Secret and whose `target.template.data.<key>` is the
  config (zotlint.model.offchart.esotemplate).

Exactly one candidate in the workload's namespace/environment links; none or several leave the
config unknown. A config path the pod does not mount is the image's own config when it is the
image default, otherwise unknown.
"""

from __future__ import annotations

import posixpath
from typing import Any

from zotlint.document import Document, Kind
from zotlint.model.env import Scope, env_from_path
from zotlint.model.offchart.deployment import WorkloadDeployment
from zotlint.model.offchart.esotemplate import template_configs
from zotlint.model.offchart.generators import Generated, project_generators, unsuffixed
from zotlint.model.offchart.workload import DEFAULT_CONFIG
from zotlint.model.pod import normalise

CONFIG_SOURCE = "workload"  # Deployment.config_source of a config linked through the pod


def attach(ctx: Any) -> None:
    """Link the config of every off-chart deployment (a model build step)."""
    deps = [d for d in ctx.deployments if isinstance(d, WorkloadDeployment)]
    if not deps:
        return
    project = ctx.project
    gens = project_generators(project)
    by_name: dict[tuple[bool, str], list[Generated]] = {}
    for g in gens:
        by_name.setdefault((g.is_config_map, g.name), []).append(g)
    cm_configs: dict[str, list[tuple[Document, str]]] = {}
    for d in project.documents(Kind.ZOT_CONFIG):
        p = d.parent
        if p is not None and p.kind == Kind.CONFIG_MAP and len(d.host_path) == 2:
            name = _meta_name(p)
            if name:
                cm_configs.setdefault(name, []).append((d, str(d.host_path[1])))
    es_configs = template_configs(project)
    for dep in deps:
        wl = dep.workload
        assert wl is not None
        _unsuffix_volumes(dep, by_name)
        path = normalise(wl.config_path)
        if path is None:
            dep.config_source = "unknown"
            continue
        mount = dep.pod.mount_for(path)
        if mount is None:
            dep.config_source = "image-default" if path == DEFAULT_CONFIG else "unknown"
            continue
        vol = mount.volume
        if vol is None or vol.source_name is None or vol.kind not in ("configMap", "secret"):
            dep.config_source = "unknown"
            continue
        key = mount.key_for(path)
        if vol.items is not None and not mount.sub_path:
            paths = {p: k for k, p in vol.items}
            if key not in paths:
                dep.config_source = "unknown"
                continue
            key = paths[key]
        found: list[Document] = []
        via: dict[int, tuple[str, Any]] = {}
        if vol.kind == "configMap":
            for d, k in cm_configs.get(vol.source_name, ()):
                if k == key and ctx.scope(d.parent).matches(dep.namespace, dep.env):
                    found.append(d)
                    via[id(d)] = (
                        f"ConfigMap {vol.source_name}",
                        d.parent.ref(("metadata", "name")),
                    )
        else:
            for tc in es_configs:
                es = _target(tc.host)
                if (
                    es == vol.source_name
                    and tc.key == key
                    and ctx.scope(tc.host).matches(dep.namespace, dep.env)
                ):
                    found.append(tc.doc)
                    via[id(tc.doc)] = (
                        f"ExternalSecret template of Secret {vol.source_name}",
                        tc.host.ref(tc.path, "key"),
                    )
        for g in by_name.get((vol.kind == "configMap", vol.source_name), ()):
            f = g.file_for(key)
            if f is None or not _gen_scope(ctx, g).matches(dep.namespace, dep.env):
                continue
            doc, _ = ctx.doc_at(f.rel, Kind.ZOT_CONFIG)
            if doc is not None and doc.is_a(Kind.ZOT_CONFIG):
                found.append(doc)
                gen = "configMapGenerator" if g.is_config_map else "secretGenerator"
                via[id(doc)] = (f"{gen} {g.name} (key {key})", f.ref)
        unique = list({id(d): d for d in found}.values())
        if len(unique) == 1:
            dep.config = unique[0]
            dep.config_source = CONFIG_SOURCE
            dep.config_via = via.get(id(dep.config))
            ctx.model._by_config.setdefault(id(dep.config), []).append(dep)
        else:
            dep.config_source = "unknown"


def _unsuffix_volumes(
    dep: WorkloadDeployment, by_name: dict[tuple[bool, str], list[Generated]]
) -> None:
    """A volume naming a generated object with kustomize's hash suffix (a rendered manifest)
    names the generator's object."""
    for vol in dep.pod.volumes:
        if vol.source_name is None or vol.kind not in ("configMap", "secret"):
            continue
        is_cm = vol.kind == "configMap"
        if (is_cm, vol.source_name) in by_name:
            continue
        base = unsuffixed(vol.source_name)
        if base is not None and (is_cm, base) in by_name:
            vol.source_name = base


def _gen_scope(ctx: Any, g: Generated) -> Scope:
    sc: Scope = ctx.scope(g.kustomization)
    if g.namespace is not None:
        return Scope(g.namespace, None, sc.env or env_from_path(g.kustomization.source.rel))
    return sc


def _target(doc: Document) -> str | None:
    data = doc.data if isinstance(doc.data, dict) else {}
    spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
    target = spec.get("target") if isinstance(spec.get("target"), dict) else {}
    name = target.get("name")
    if isinstance(name, str) and name:
        return name
    return _meta_name(doc)


def _meta_name(doc: Document) -> str | None:
    data = doc.data if isinstance(doc.data, dict) else {}
    meta = data.get("metadata")
    if isinstance(meta, dict) and isinstance(meta.get("name"), str):
        return str(meta["name"])
    return None


def rel_dir(doc: Document) -> str:
    return posixpath.dirname(doc.source.rel)
