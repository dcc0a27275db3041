"""Values keys the upstream project-zot Helm chart reads, with the chart version that added each.

One tree serves every chart version: each node carries its first chart version, so the key set
of version X is every node whose version is <= X. Derived from the key structure of the chart's
values.yaml at 0.1.22, 0.1.38, 0.1.39, 0.1.67, 0.1.68 and 0.1.122, the history in
docs/reference/zot-chart.md §1, §3 and §3.1, and the ``.Values`` references of the chart
templates (which read keys values.yaml never lists: resources, securityContext,
podSecurityContext, imagePullSecrets, nameOverride, fullnameOverride, authHeader, forceRoll,
ingress.path, ingress.hosts[].paths[].servicePort, httproute.parentRefs[] fields,
metrics.serviceMonitor.jobLabel/scrapeTimeout/scheme, pvc.accessMode …).

Helm values keys are case-sensitive (``.Values.httproute`` never sees ``httpRoute``), so unlike
zot config keys nothing here is lower-cased.

Used by ZOT213 (unknown chart value) and ZOT603 (chart too old for a key).
"""

from __future__ import annotations

import difflib
from typing import Any, Final, Literal, TypeAlias

from zotlint.data.memo import memoised
from zotlint.data.zot_versions import NEWEST_CHART_VERSION, parse_version

# Marker for free-form values: the chart passes them through (toYaml, range over a map) or they
# are Kubernetes objects / user file contents, so their inner keys are not chart keys.
FREE: Final = "free"

# A node is (first chart version, children): children is None for a scalar/leaf value, FREE for
# free-form content, or a dict of child nodes. "[]" is the item of a list of objects.
Node: TypeAlias = tuple[str, "Children"]
Children: TypeAlias = "dict[str, Node] | str | None"

_V0: Final = "0.1.0"  # chart created from the helm-create scaffold
_V22: Final = "0.1.22"  # mountConfig/configFiles/mountSecret/secretFiles/persistence/pvc/ingress

TREE: Final[dict[str, Node]] = {
    # Helm hands `global` to every chart; never a chart-specific key.
    "global": (_V0, FREE),
    # --- present since the chart was created (0.1.0); the scaffold keys are read by the
    # templates even where values.yaml does not list them.
    "replicaCount": (_V0, None),
    "image": (
        _V0,
        {"repository": (_V0, None), "pullPolicy": (_V0, None), "tag": (_V0, None)},
    ),
    "imagePullSecrets": (_V0, FREE),
    "nameOverride": (_V0, None),
    "fullnameOverride": (_V0, None),
    "serviceAccount": (
        _V0,
        {"create": (_V0, None), "annotations": (_V0, FREE), "name": (_V0, None)},
    ),
    # First seen in the templates at 0.1.58 and part of the scaffold; the doc gives no first
    # version, so it is treated as original (no false "too new" warnings).
    "podAnnotations": (_V0, FREE),
    "podSecurityContext": (_V0, FREE),
    "securityContext": (_V0, FREE),
    "resources": (_V0, FREE),
    "nodeSelector": (_V0, FREE),
    "affinity": (_V0, FREE),
    "tolerations": (_V0, FREE),
    "service": (
        _V0,
        {
            "type": (_V0, None),
            "port": (_V0, None),
            "annotations": ("0.1.27", FREE),
            "nodePort": ("0.1.31", None),
            "clusterIP": ("0.1.34", None),
            "internalTrafficPolicy": ("0.1.88", None),
            "externalTrafficPolicy": ("0.1.88", None),
            "trafficDistribution": ("0.1.88", None),
        },
    ),
    # --- 0.1.22 (commit 3c87b83)
    "ingress": (
        _V22,
        {
            "enabled": (_V22, None),
            "annotations": (_V22, FREE),
            "className": (_V22, None),
            # Lower-case t: `pathType` is not read.
            "pathtype": (_V22, None),
            # Legacy switch: hosts become plain strings when set.
            "path": (_V22, None),
            "hosts": (
                _V22,
                {
                    "[]": (
                        _V22,
                        {
                            "host": (_V22, None),
                            "paths": (
                                _V22,
                                {
                                    "[]": (
                                        _V22,
                                        {"path": (_V22, None), "servicePort": (_V22, None)},
                                    )
                                },
                            ),
                        },
                    )
                },
            ),
            "tls": (_V22, FREE),
        },
    ),
    "mountConfig": (_V22, None),
    "configFiles": (_V22, FREE),
    "mountSecret": (_V22, None),
    "secretFiles": (_V22, FREE),
    "authHeader": (_V22, None),
    # A scalar switch: sub-keys such as persistence.size are not read (ZOT212/ZOT213).
    "persistence": (_V22, None),
    "pvc": (
        _V22,
        {
            "create": (_V22, None),
            "name": (_V22, None),
            # The scalar form is still read (and wins) after accessModes was added.
            "accessMode": (_V22, None),
            "accessModes": ("0.1.68", None),
            "storage": (_V22, None),
            "storageClassName": (_V22, None),
        },
    ),
    # --- later additions (zot-chart.md §3)
    "httpGet": (
        "0.1.25",
        {"scheme": ("0.1.25", None), "port": ("0.1.79", None)},
    ),
    "externalSecrets": (
        "0.1.29",
        {"[]": ("0.1.29", {"secretName": ("0.1.29", None), "mountPath": ("0.1.29", None)})},
    ),
    "env": ("0.1.30", FREE),
    "extraVolumes": ("0.1.39", FREE),
    "extraVolumeMounts": ("0.1.39", FREE),
    "startupProbe": (
        "0.1.44",
        {
            "initialDelaySeconds": ("0.1.44", None),
            "periodSeconds": ("0.1.44", None),
            "failureThreshold": ("0.1.44", None),
        },
    ),
    "strategy": ("0.1.49", FREE),
    "forceRoll": ("0.1.49", None),
    "metrics": (
        "0.1.59",
        {
            "enabled": ("0.1.59", None),
            "serviceMonitor": (
                "0.1.59",
                {
                    "enabled": ("0.1.59", None),
                    "interval": ("0.1.59", None),
                    "path": ("0.1.59", None),
                    "scrapeTimeout": ("0.1.59", None),
                    "scheme": ("0.1.59", None),
                    "jobLabel": ("0.1.59", None),
                    "basicAuth": (
                        "0.1.69",
                        {
                            "secretName": ("0.1.69", None),
                            "usernameKey": ("0.1.69", None),
                            "passwordKey": ("0.1.69", None),
                        },
                    ),
                },
            ),
        },
    ),
    "extraArgs": ("0.1.63", FREE),
    "deploymentAnnotations": ("0.1.63", FREE),
    "podLabels": ("0.1.63", FREE),
    "priorityClassName": ("0.1.63", None),
    "dnsConfig": ("0.1.63", FREE),
    "dnsPolicy": ("0.1.63", None),
    "namespace": ("0.1.65", None),
    "test": (
        "0.1.67",
        {"image": ("0.1.67", {"repository": ("0.1.67", None), "tag": ("0.1.67", None)})},
    ),
    "extraContainers": ("0.1.74", FREE),
    "serviceHeadless": (
        "0.1.75",
        {"enabled": ("0.1.75", None), "port": ("0.1.75", None), "annotations": ("0.1.75", FREE)},
    ),
    # Added by commit 4f8b585 at Chart.yaml 0.1.102, first released in tag zot-0.1.103.
    "httproute": (
        "0.1.103",
        {
            "enabled": ("0.1.103", None),
            "annotations": ("0.1.103", FREE),
            "labels": ("0.1.103", FREE),
            "parentRefs": (
                "0.1.103",
                {
                    "[]": (
                        "0.1.103",
                        {
                            "group": ("0.1.103", None),
                            "kind": ("0.1.103", None),
                            "name": ("0.1.103", None),
                            "namespace": ("0.1.103", None),
                            "sectionName": ("0.1.103", None),
                        },
                    )
                },
            ),
            "hostnames": ("0.1.103", None),
            "pathType": ("0.1.103", None),
            "path": ("0.1.103", None),
            "rules": ("0.1.103", FREE),
        },
    ),
    "initContainers": ("0.1.107", FREE),
    "listenerset": (
        "0.1.110",
        {
            "enabled": ("0.1.110", None),
            "annotations": ("0.1.110", FREE),
            "labels": ("0.1.110", FREE),
            "parentRef": (
                "0.1.110",
                {
                    "name": ("0.1.110", None),
                    "namespace": ("0.1.110", None),
                    "group": ("0.1.110", None),
                    "kind": ("0.1.110", None),
                },
            ),
            "listeners": ("0.1.110", FREE),
        },
    ),
    "hostAliases": ("0.1.117", FREE),
    "topologySpreadConstraints": ("0.1.120", FREE),
    "podDisruptionBudget": (
        "0.1.122",
        {
            "enabled": ("0.1.122", None),
            "minAvailable": ("0.1.122", None),
            "maxUnavailable": ("0.1.122", None),
        },
    ),
}

# Known wrong keys → the key the chart reads (zot-chart.md §1.1 and RULES ZOT213). difflib
# alone misses these because the names are not close.
ALIASES: Final[dict[tuple[str, ...], str]] = {
    ("pvc", "size"): "pvc.storage",
    ("persistence", "size"): "pvc.storage",
    ("persistence", "storageClass"): "pvc.storageClassName",
    ("persistence", "storageClassName"): "pvc.storageClassName",
    ("persistence", "accessModes"): "pvc.accessModes",
    ("persistence", "existingClaim"): "pvc.name (with pvc.create: false)",
    ("zotConfig",): "configFiles",
    ("ingress", "ingressClassName"): "ingress.className",
    ("httpRoute",): "httproute",
    ("listenerSet",): "listenerset",
}

Status = Literal["ok", "unknown", "too_new", "free"]


def _normalise(path: tuple[str | int, ...]) -> tuple[str, ...]:
    # Integer list indexes address list items.
    return tuple("[]" if isinstance(p, int) else p for p in path)


def _vkey(version: str) -> tuple[int, ...]:
    return parse_version(version) or (0,)


def check_key(path: tuple[str | int, ...], chart_version: str | None = None) -> Status:
    """Whether the upstream chart at ``chart_version`` reads the values key at ``path``.

    ``"ok"``: read by that version; ``"too_new"``: read only by later versions (ZOT603/ZOT213);
    ``"unknown"``: no version reads it; ``"free"``: the path is inside a free-form value. With
    ``chart_version`` None (or unparseable) the newest chart is assumed.
    """
    parts = _normalise(path)
    if not parts:
        return "ok"
    return _check_key(parts, chart_version)


@memoised
def _check_key(parts: tuple[Any, ...], chart_version: str | None) -> Status:
    wanted = parse_version(chart_version) if chart_version else None
    level: Children = TREE
    first = (0,)
    for elem in parts:
        if level == FREE:
            return "free"
        if not isinstance(level, dict) or elem not in level:
            return "unknown"
        node_since, level = level[elem]
        first = max(first, _vkey(node_since))
    if wanted is not None and wanted < first:
        return "too_new"
    return "ok"


def key_since(path: tuple[str | int, ...]) -> str | None:
    """First chart version that reads the key (the latest of its ancestors' versions), or None
    for an unknown key or a path inside a free-form value."""
    level: Children = TREE
    newest = _V0
    for elem in _normalise(path):
        if not isinstance(level, dict) or elem not in level:
            return None
        node_since, level = level[elem]
        if _vkey(node_since) > _vkey(newest):
            newest = node_since
    return newest


def _filter(level: dict[str, Node], wanted: tuple[int, ...]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, (node_since, children) in level.items():
        if _vkey(node_since) > wanted:
            continue
        out[key] = _filter(children, wanted) if isinstance(children, dict) else children
    return out


def known_keys(chart_version: str | None = None) -> dict[str, object]:
    """The key tree one chart version reads: key → nested dict, FREE, or None for a leaf."""
    wanted = parse_version(chart_version) if chart_version else None
    return _filter(TREE, wanted or _vkey(NEWEST_CHART_VERSION))


def siblings(parent: tuple[str | int, ...]) -> list[str]:
    """Keys allowed next to a key under ``parent`` (any chart version)."""
    level: Children = TREE
    for elem in _normalise(parent):
        if not isinstance(level, dict) or elem not in level:
            return []
        level = level[elem][1]
    return [k for k in level if k != "[]"] if isinstance(level, dict) else []


def suggest(path: tuple[str | int, ...]) -> str | None:
    """ "Did you mean" for an unknown key: a known alias, a sibling differing only in case, or
    the closest sibling (difflib). Returns the dotted replacement key or None."""
    parts = _normalise(path)
    if not parts:
        return None
    if parts in ALIASES:
        return ALIASES[parts]
    parent, name = parts[:-1], parts[-1]
    options = siblings(parent)
    # List items are shown as "hosts[]" so the suggestion reads like the values layout.
    prefix = "".join(p if p == "[]" else f".{p}" for p in parent).lstrip(".")

    def dotted(key: str) -> str:
        return f"{prefix}.{key}" if prefix else key

    for option in options:
        if option.lower() == name.lower():
            return dotted(option)
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.7)
    return dotted(close[0]) if close else None
