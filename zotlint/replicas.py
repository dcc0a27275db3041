"""How many zot pods the repo runs for one zot config (ZOT121, ZOT127), and whether a client
is pinned to one pod (session affinity).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from zotlint.document import Document, Kind, Path, Ref
from zotlint.records import dataclass

if TYPE_CHECKING:
    from zotlint.project import Project


# Annotation keys of ingress controllers and meshes that pin a client to one pod (nginx
# `affinity`/`upstream-hash-by`, traefik `sticky`, HAProxy/Gateway session persistence).
_STICKY_ANNOTATION = re.compile(
    r"affinity|sticky|upstream-hash-by|session-?persistence|session-cookie", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Replicas:
    """How many zot pods the repo runs for one zot config, and where that number is written."""

    count: int
    ref: Ref
    source: str  # "replicaCount", "spec.replicas of Deployment zot", …
    sticky: bool  # some client affinity sends a browser back to the same pod


def zot_replicas(doc: Document, project: Project) -> Replicas | None:
    """Pods serving an embedded zot config, when the repo writes the number down (ZOT121,
    ZOT127): the chart values' `replicaCount` (the chart default is 1), or, for a config in a
    ConfigMap, `spec.replicas` of the Deployment/StatefulSet mounting it or the `maxReplicas`
    of a HorizontalPodAutoscaler scaling that workload. None for standalone configs."""
    host = doc.parent
    if host is None:
        return None
    hp = doc.host_path
    if host.is_a(Kind.ZOT_VALUES) and len(hp) >= 2 and hp[-2] == "configFiles":
        return _chart_replicas(host, hp[:-2])
    if host.kind == Kind.CONFIG_MAP:
        return _manifest_replicas(host, project)
    return None


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _sticky(annotations: Any) -> bool:
    if not isinstance(annotations, dict):
        return False
    return any(
        isinstance(k, str)
        and _STICKY_ANNOTATION.search(k) is not None
        and str(v).strip().lower() not in ("", "false", "none", "0")
        for k, v in annotations.items()
    )


def _chart_replicas(host: Document, root: Path) -> Replicas | None:
    path = (*root, "replicaCount")
    count = _count(host.get(path)) if host.has(path) else None
    if count is None:
        return None
    sticky = any(_sticky(host.get((*root, k, "annotations"))) for k in _CHART_ROUTES)
    return Replicas(count, host.ref(path), "replicaCount", sticky)


_CHART_ROUTES = ("ingress", "service", "httproute")


def _meta(data: Any) -> tuple[str | None, str | None]:
    meta = data.get("metadata") if isinstance(data, dict) else None
    if not isinstance(meta, dict):
        return None, None
    name, ns = meta.get("name"), meta.get("namespace")
    return (name if isinstance(name, str) else None, ns if isinstance(ns, str) and ns else None)


def _same_ns(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _dig(data: Any, *keys: str) -> Any:
    for k in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(k)
    return data


def _mounts_config_map(pod: Any, name: str) -> bool:
    volumes = pod.get("volumes") if isinstance(pod, dict) else None
    if not isinstance(volumes, list):
        return False
    for vol in volumes:
        if _dig(vol, "configMap", "name") == name:
            return True
        sources = _dig(vol, "projected", "sources")
        if isinstance(sources, list) and any(_dig(s, "configMap", "name") == name for s in sources):
            return True
    return False


def _manifest_replicas(cm: Document, project: Project) -> Replicas | None:
    name, ns = _meta(cm.data)
    if name is None:
        return None
    best: Replicas | None = None
    for w in project.documents(Kind.K8S_OBJECT):
        kind = w.data.get("kind") if isinstance(w.data, dict) else None
        wname, wns = _meta(w.data)
        if kind not in ("Deployment", "StatefulSet") or wname is None or not _same_ns(ns, wns):
            continue
        if not _mounts_config_map(_dig(w.data, "spec", "template", "spec"), name):
            continue
        labels = _dig(w.data, "spec", "template", "metadata", "labels")
        sticky = _service_affinity(project, wns or ns, labels if isinstance(labels, dict) else {})
        found: list[Replicas] = []
        count = _count(_dig(w.data, "spec", "replicas"))
        if count is not None:
            found.append(
                Replicas(
                    count, w.ref(("spec", "replicas")), f"spec.replicas of {kind} {wname}", sticky
                )
            )
        found.extend(_autoscalers(project, kind, wname, wns or ns, sticky))
        for r in found:
            if best is None or r.count > best.count:
                best = r
    return best


def _autoscalers(
    project: Project, kind: str, name: str, ns: str | None, sticky: bool
) -> list[Replicas]:
    out = []
    for h in project.documents(Kind.K8S_OBJECT):
        if not isinstance(h.data, dict) or h.data.get("kind") != "HorizontalPodAutoscaler":
            continue
        hname, hns = _meta(h.data)
        target = _dig(h.data, "spec", "scaleTargetRef")
        if not _same_ns(ns, hns) or _dig(target, "kind") != kind or _dig(target, "name") != name:
            continue
        count = _count(_dig(h.data, "spec", "maxReplicas"))
        if count is not None:
            out.append(
                Replicas(
                    count,
                    h.ref(("spec", "maxReplicas")),
                    f"maxReplicas of HorizontalPodAutoscaler {hname}",
                    sticky,
                )
            )
    return out


def _service_affinity(project: Project, ns: str | None, labels: dict[str, Any]) -> bool:
    """A Service selecting the pods pins clients (`sessionAffinity: ClientIP` or a sticky
    annotation), or an Ingress routing to such a Service carries a sticky annotation."""
    services: set[str] = set()
    for s in project.documents(Kind.K8S_OBJECT):
        if not isinstance(s.data, dict) or s.data.get("kind") != "Service":
            continue
        sname, sns = _meta(s.data)
        selector = _dig(s.data, "spec", "selector")
        if sname is None or not _same_ns(ns, sns) or not isinstance(selector, dict) or not selector:
            continue
        if any(labels.get(k) != v for k, v in selector.items()):
            continue
        if _dig(s.data, "spec", "sessionAffinity") == "ClientIP" or _sticky(
            _dig(s.data, "metadata", "annotations")
        ):
            return True
        services.add(sname)
    if not services:
        return False
    for i in project.documents(Kind.K8S_OBJECT):
        if not isinstance(i.data, dict) or i.data.get("kind") != "Ingress":
            continue
        _, ins = _meta(i.data)
        if (
            _same_ns(ns, ins)
            and _sticky(_dig(i.data, "metadata", "annotations"))
            and (_backends(i.data.get("spec")) & services)
        ):
            return True
    return False


def _backends(spec: Any) -> set[str]:
    """Service names an Ingress spec routes to (`backend.service.name`, legacy `serviceName`)."""
    out: set[str] = set()
    stack = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "serviceName" and isinstance(v, str):
                    out.add(v)
                elif k == "service" and isinstance(_dig(v, "name"), str):
                    out.add(v["name"])
                stack.append(v)
        elif isinstance(node, list):
            stack.extend(node)
    return out
