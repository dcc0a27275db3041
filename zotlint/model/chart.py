"""The upstream project-zot chart: its default values per version and how to recognise it.

Defaults are the keys of the chart's values.yaml that decide what the pod looks like, per chart
version (docs/reference/zot-chart.md §1, §3, §4; the values.yaml copies in
shared/corpus/zot-helm-chart). Keys that only annotate or schedule are left out: rules compare
only what is here.
"""

from __future__ import annotations

import re
from dataclasses import field
from functools import lru_cache
from typing import Any

from zotlint.data.zot_versions import (
    NEWEST_CHART_VERSION,
    chart_app_version,
    parse_version,
    resolve_chart_version,
)
from zotlint.document import Ref
from zotlint.records import dataclass

# The chart's sample htpasswd (values.yaml:217-221 since 0.1.22): `admin:admin`, `user:user`.
DEFAULT_HTPASSWD_HASHES = (
    "$2y$05$vmiurPmJvHylk78HHFWuruFFVePlit9rZWGA/FbZfTEmNRneGJtha",
    "$2y$05$L86zqQDfH5y445dcMlwu6uHv.oXFgT6AiJCwpv3ehr7idc0rI3S2G",
)
DEFAULT_HTPASSWD = f"admin:{DEFAULT_HTPASSWD_HASHES[0]}\nuser:{DEFAULT_HTPASSWD_HASHES[1]}"

_CONFIG_OLD = (
    '{\n  "storage": { "rootDirectory": "/var/lib/registry" },\n'
    '  "http": { "address": "0.0.0.0", "port": "5000" },\n'
    '  "log": { "level": "debug" }\n}'
)
_CONFIG_NEW = (
    '{\n  "storage": { "rootDirectory": "/var/lib/registry" },\n  "http": {\n'
    '    "address": "0.0.0.0",\n    "port": "5000",\n    "readTimeout": "60s",\n'
    '    "writeTimeout": "60s"\n  },\n  "log": { "level": "debug" }\n}'
)

# Helm repositories that serve the upstream chart (HTTP index or OCI).
_UPSTREAM_REPO = re.compile(
    r"(?:zotregistry\.(?:dev|io)/helm-charts|project-zot\.github\.io/helm-charts"
    r"|ghcr\.io/project-zot/helm-charts|github\.com/project-zot/helm-charts)",
    re.IGNORECASE,
)
# Upstream zot images (also through a mirror that keeps the path): zot, zot-linux-<arch>,
# zot-minimal-…
_UPSTREAM_IMAGE = re.compile(r"(?:^|/)project-zot/zot(?:-[a-z0-9-]+)?$")


def _v(version: str | None) -> tuple[int, ...]:
    return parse_version(version) or parse_version(NEWEST_CHART_VERSION) or (0, 1, 122)


def at_least(version: str | None, floor: str) -> bool:
    """Whether the chart version is ``floor`` or newer (an unknown version is the newest)."""
    return _v(version) >= (parse_version(floor) or (0,))


def chart_defaults(version: str | None) -> dict[str, Any]:
    """The chart's default values that matter to the pod, for a chart version (None: newest)."""
    ver = version or NEWEST_CHART_VERSION
    d: dict[str, Any] = {
        "replicaCount": 1,
        "image": {
            "repository": "ghcr.io/project-zot/zot"
            if at_least(ver, "0.1.89")
            else "ghcr.io/project-zot/zot-linux-amd64",
            "pullPolicy": "IfNotPresent",
            "tag": chart_app_version(ver) or "",
        },
        "serviceAccount": {"create": True, "annotations": {}, "name": ""},
        "service": {"type": "NodePort", "port": 5000},
        "ingress": {
            "enabled": False,
            "annotations": {},
            "className": "nginx",
            "pathtype": "ImplementationSpecific",
            "hosts": [{"host": "chart-example.local", "paths": [{"path": "/"}]}],
            "tls": [],
        },
        "mountConfig": False,
        "configFiles": {"config.json": _CONFIG_NEW if at_least(ver, "0.1.116") else _CONFIG_OLD},
        "mountSecret": False,
        "secretFiles": {"htpasswd": DEFAULT_HTPASSWD},
        "persistence": False,
        "pvc": {
            "create": at_least(ver, "0.1.101"),
            "name": None,
            "storage": "8Gi",
            "storageClassName": None,
        },
    }
    if at_least(ver, "0.1.68"):
        d["pvc"]["accessModes"] = ["ReadWriteOnce"]
    else:
        d["pvc"]["accessMode"] = "ReadWriteOnce"
    if at_least(ver, "0.1.25"):
        d["httpGet"] = {"scheme": "HTTP"}
        if at_least(ver, "0.1.79"):
            d["httpGet"]["port"] = 5000
    if at_least(ver, "0.1.29"):
        d["externalSecrets"] = []
    if at_least(ver, "0.1.30"):
        d["env"] = None
    if at_least(ver, "0.1.39"):
        d["extraVolumes"] = []
        d["extraVolumeMounts"] = []
    if at_least(ver, "0.1.49"):
        d["strategy"] = {"type": "RollingUpdate"}
    if at_least(ver, "0.1.63"):
        d["extraArgs"] = []
    if at_least(ver, "0.1.65"):
        d["namespace"] = ""
    if at_least(ver, "0.1.74"):
        d["extraContainers"] = []
    if at_least(ver, "0.1.103"):
        d["httproute"] = {"enabled": False, "hostnames": [], "parentRefs": [], "path": "/"}
    if at_least(ver, "0.1.107"):
        d["initContainers"] = []
    return d


def is_upstream_repo(repo_url: Any) -> bool:
    return isinstance(repo_url, str) and _UPSTREAM_REPO.search(repo_url) is not None


def is_upstream_image(repository: Any) -> bool:
    """An upstream zot image (a custom image may ship files the chart does not mount)."""
    if not isinstance(repository, str) or not repository.strip():
        return False
    repo = repository.strip().lower().split("@", 1)[0]
    # A tag inside the repository string (`…/zot:v2`) is not part of the name.
    last = repo.rsplit("/", 1)
    if ":" in last[-1]:
        repo = repo[: len(repo) - len(last[-1])] + last[-1].split(":", 1)[0]
    return _UPSTREAM_IMAGE.search(repo) is not None


@dataclass
class ChartInfo:
    """Which chart renders a deployment and at what version.

    ``kind``: "helm-repo" (an Application or kustomize `helmCharts` entry naming the chart),
    "umbrella" (a Chart.yaml dependency), "vendored" (a Chart.yaml of the zot chart itself),
    "local" (another chart in the repository, e.g. a repackaged zot chart: ``upstream`` False),
    or "assumed" (a values file alone: the upstream chart at an unknown version).
    ``spec`` is the version as written (a range is allowed), ``version`` the release Argo CD or
    Helm would pick (None when unknown: rules then assume the newest chart).
    """

    kind: str = "assumed"
    spec: str | None = None
    version: str | None = None
    upstream: bool = True
    ref: Ref | None = field(default=None, repr=False)  # where the version is written
    name: str = "zot"
    repo_url: str | None = None

    @property
    def effective_version(self) -> str:
        return self.version or NEWEST_CHART_VERSION


def resolve(spec: Any) -> str | None:
    if spec is None:
        return None
    return _resolve(str(spec))


@lru_cache(maxsize=256)
def _resolve(spec: str) -> str | None:
    return resolve_chart_version(spec)
