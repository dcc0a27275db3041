"""Hand-written zot workloads: a Deployment, StatefulSet or DaemonSet whose container runs a
zot image (`ghcr.io/project-zot/zot*`, `zot-linux-*`, `zot-minimal-*`).

The pod is read as written (`spec.template.spec`): volumes, the zot container's volumeMounts
(other containers' mounts are kept under `extra:<name>` / `init:<name>`), `command`/`args` for
the config path, `serviceAccountName`, and `metadata.namespace`. Kubernetes API: apps/v1
`PodTemplateSpec`, core/v1 `Volume`, `VolumeMount`, `Container`.
"""

from __future__ import annotations

from typing import Any

from zotlint.document import Document, Path
from zotlint.model.env import Scope
from zotlint.model.offchart.workload import (
    Workload,
    add_volume,
    config_path,
    is_zot_image,
    link_mounts,
)
from zotlint.model.pod import Pod, spec_mount, spec_volume
from zotlint.model.values import get_path

WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet")


def read_manifest(doc: Document) -> Workload | None:
    """The zot workload a manifest describes, or None when it is not one."""
    data = doc.data
    if not isinstance(data, dict) or data.get("kind") not in WORKLOAD_KINDS:
        return None
    if not str(data.get("apiVersion") or "").startswith("apps/"):
        return None
    spec_path: Path = ("spec", "template", "spec")
    pod_spec = get_path(data, spec_path)
    if not isinstance(pod_spec, dict):
        return None
    containers = pod_spec.get("containers")
    if not isinstance(containers, list):
        return None
    zot_index = next(
        (
            i
            for i, c in enumerate(containers)
            if isinstance(c, dict) and is_zot_image(c.get("image"))
        ),
        None,
    )
    if zot_index is None:
        return None
    meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    name = meta.get("name") if isinstance(meta.get("name"), str) else None
    ns = meta.get("namespace") if isinstance(meta.get("namespace"), str) else None
    ann = meta.get("annotations") if isinstance(meta.get("annotations"), dict) else {}
    labels = meta.get("labels") if isinstance(meta.get("labels"), dict) else {}
    zc = containers[zot_index]
    cbase = spec_path + ("containers", zot_index)
    wl = Workload(
        source="manifest",
        kind=str(data["kind"]),
        name=name,
        doc=doc,
        name_ref=doc.ref(("metadata", "name")) if name else None,
        namespace=ns,
        namespace_ref=doc.ref(("metadata", "namespace")) if ns else None,
        image=zc.get("image"),
        image_ref=doc.ref(cbase + ("image",)),
        container=str(zc.get("name") or "zot"),
        annotations={**labels, **ann},
        layers=[doc],
    )
    path, idx, where = config_path(zc.get("command"), zc.get("args"))
    wl.config_path = path
    if where in ("args", "command") and idx is not None:
        wl.config_path_ref = doc.ref(cbase + (where, idx))
    wl.pod = read_pod_spec(doc, spec_path, pod_spec, zot_index, str(data["kind"]))
    sa = pod_spec.get("serviceAccountName") or pod_spec.get("serviceAccount")
    wl.service_account = sa if isinstance(sa, str) and sa else "default"
    wl.pod.service_account = wl.service_account
    return wl


def read_pod_spec(
    doc: Document, base: Path, pod_spec: dict[str, Any], zot_index: int, kind: str
) -> Pod:
    pod = Pod(kind="StatefulSet" if kind == "StatefulSet" else "Deployment")
    vols = pod_spec.get("volumes")
    if isinstance(vols, list):
        for i, item in enumerate(vols):
            if isinstance(item, dict):
                add_volume(pod, spec_volume(doc.ref, base + ("volumes", i), item))
    for key, prefix in (("containers", "extra"), ("initContainers", "init")):
        items = pod_spec.get(key)
        if not isinstance(items, list):
            continue
        for i, c in enumerate(items):
            if not isinstance(c, dict):
                continue
            cname = "zot" if key == "containers" and i == zot_index else f"{prefix}:{c.get('name')}"
            mounts = c.get("volumeMounts")
            if not isinstance(mounts, list):
                continue
            for j, m in enumerate(mounts):
                if isinstance(m, dict):
                    pod.mounts.append(
                        spec_mount(doc.ref, base + (key, i, "volumeMounts", j), m, cname)
                    )
    link_mounts(pod)
    return pod


def read(ctx: Any) -> None:
    """Model build step: a Deployment for every zot workload manifest."""
    from zotlint.document import Kind
    from zotlint.model.offchart.deployment import workload_deployment

    for doc in ctx.project.documents(Kind.K8S_OBJECT):
        wl = read_manifest(doc)
        if wl is None:
            continue
        sc = ctx.scope(doc)
        if sc.namespace is None:
            from zotlint.model.offchart.fleet import bundle_namespace

            ns, ns_ref = bundle_namespace(ctx, doc.source.rel)
            if ns is not None:
                sc = Scope(ns, ns_ref, sc.env)
        dep = workload_deployment(
            wl,
            key=f"{doc.source.rel}:{wl.kind}/{wl.name or '?'}",
            chart_name=wl.kind,
            namespace=sc.namespace,
            namespace_ref=sc.namespace_ref,
            env=sc.env,
            primary=doc,
            release=wl.name,
            release_ref=wl.name_ref,
        )
        ctx.deployments.append(dep)
        ctx.model._by_doc.setdefault(id(doc), []).append(dep)
        ctx.model._scopes[id(doc)] = sc
