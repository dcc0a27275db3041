"""Generate a deterministic synthetic GitOps repository for benchmarking zotlint.

    python bench/generate.py --files 2000 --seed 1 --out /tmp/zotlint-bench/repo-2000-s1

The same ``--files`` and ``--seed`` always produce a byte-identical tree. The mix (by file
count) mimics a platform team's GitOps repo in which zot is one deployment among many:

    ~65 %  Helm values of unrelated charts (ingress-nginx, cert-manager, prometheus, ...)
    ~10 %  ArgoCD Applications (single-source and multi-source with ``$values`` refs)
     ~8 %  External Secrets Operator objects (v1 and v1beta1 manifests, and the
           ``secretStores:``/``externalSecrets:`` wrapper-chart values of the integration guide)
     ~7 %  zot chart values with an embedded ``configFiles."config.json"``
     ~5 %  multi-document Kubernetes manifests (plus the wrapper chart's own files)
     ~3 %  JSON (Grafana dashboards, IAM policies, Keycloak realm exports with a ``zot`` client)
     ~2 %  README.md and .env files

``--mix zot-heavy`` instead makes more than half of the files ones zotlint parses:

    ~33 %  Helm values of unrelated charts
    ~22 %  External Secrets Operator objects, most of them next to a zot deployment
    ~15 %  ArgoCD Applications, a third of them deploying zot
    ~10 %  Kubernetes Secrets (zot's htpasswd, placeholders, other apps' configuration)
     ~7 %  zot chart values (700 deployments at 10,000 files), over tenants, clusters, envs
     ~6 %  multi-document Kubernetes manifests
     ~5 %  JSON, with a Keycloak realm export for every environment
     ~2 %  README.md and .env files

A handful of known problems is planted and listed in ``<out>/PLANTED.json`` (file, 1-based line,
the text on that line, what is wrong and the rule(s) expected to report it). ``PLANTED.json`` also
lists ``not_yaml``: files with a YAML extension that are not meant to parse (one deliberately
broken values file and the wrapper chart's Helm templates). ``PLANTED.json`` is written in
addition to the ``--files`` files.

No content is copied from real repositories; every value is synthesised from the seed. Secrets
are obviously fake (``FAKE...``) but high-entropy so that secret scanners treat them as real.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import shutil
import string
import sys
import uuid
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

GENERATOR_VERSION = "1"

ENVS = ["dev", "staging", "prod", "qa", "uat", "sandbox", "perf", "dr"]
REGIONS = ["ap-southeast-1", "eu-west-1", "us-east-1", "us-west-2", "eu-central-1"]
ORGS = ["acme", "northwind", "globex", "initech", "umbrella", "hooli", "vandelay", "wonka"]
REALMS = ["platform", "engineering", "quant-data", "core", "internal", "staff"]
TEAMS = [
    "payments",
    "search",
    "ml",
    "data",
    "identity",
    "growth",
    "risk",
    "ledger",
    "mobile",
    "infra",
    "analytics",
    "billing",
    "fraud",
    "catalog",
    "checkout",
    "support",
]
ZOT_CHART_VERSIONS = ["0.1.98", "0.1.102", "0.1.110", "0.1.118", "0.1.122"]
ZOT_IMAGE_TAGS = ["v2.1.8", "v2.1.11", "v2.1.15", "v2.1.17", "v2.1.18"]


@dataclass(frozen=True)
class App:
    name: str
    repo: str
    chart: str
    version: str
    image: str
    tag: str
    components: tuple[str | None, ...]
    namespace: str
    port: int = 8080


APPS: list[App] = [
    App(
        "ingress-nginx",
        "https://kubernetes.github.io/ingress-nginx",
        "ingress-nginx",
        "4.11.3",
        "registry.k8s.io/ingress-nginx/controller",
        "v1.11.3",
        ("controller", "defaultBackend"),
        "ingress-nginx",
        80,
    ),
    App(
        "cert-manager",
        "https://charts.jetstack.io",
        "cert-manager",
        "v1.16.1",
        "quay.io/jetstack/cert-manager-controller",
        "v1.16.1",
        (None, "webhook", "cainjector"),
        "cert-manager",
        9402,
    ),
    App(
        "kube-prometheus-stack",
        "https://prometheus-community.github.io/helm-charts",
        "kube-prometheus-stack",
        "65.1.1",
        "quay.io/prometheus/prometheus",
        "v2.54.1",
        ("prometheus", "alertmanager", "grafana", "prometheusOperator"),
        "monitoring",
        9090,
    ),
    App(
        "postgresql",
        "oci://registry-1.docker.io/bitnamicharts",
        "postgresql",
        "16.0.3",
        "docker.io/bitnami/postgresql",
        "16.4.0-debian-12-r14",
        ("primary", "readReplicas"),
        "databases",
        5432,
    ),
    App(
        "redis",
        "oci://registry-1.docker.io/bitnamicharts",
        "redis",
        "20.2.1",
        "docker.io/bitnami/redis",
        "7.4.1-debian-12-r0",
        ("master", "replica", "sentinel"),
        "databases",
        6379,
    ),
    App(
        "grafana",
        "https://grafana.github.io/helm-charts",
        "grafana",
        "8.5.2",
        "docker.io/grafana/grafana",
        "11.2.2",
        (None,),
        "monitoring",
        3000,
    ),
    App(
        "loki",
        "https://grafana.github.io/helm-charts",
        "loki",
        "6.16.0",
        "docker.io/grafana/loki",
        "3.2.0",
        ("write", "read", "backend", "gateway"),
        "monitoring",
        3100,
    ),
    App(
        "external-dns",
        "https://kubernetes-sigs.github.io/external-dns",
        "external-dns",
        "1.15.0",
        "registry.k8s.io/external-dns/external-dns",
        "v0.15.0",
        (None,),
        "external-dns",
        7979,
    ),
    App(
        "velero",
        "https://vmware-tanzu.github.io/helm-charts",
        "velero",
        "7.2.1",
        "velero/velero",
        "v1.14.1",
        (None,),
        "velero",
        8085,
    ),
    App(
        "metrics-server",
        "https://kubernetes-sigs.github.io/metrics-server",
        "metrics-server",
        "3.12.2",
        "registry.k8s.io/metrics-server/metrics-server",
        "v0.7.2",
        (None,),
        "kube-system",
        10250,
    ),
    App(
        "cluster-autoscaler",
        "https://kubernetes.github.io/autoscaler",
        "cluster-autoscaler",
        "9.43.0",
        "registry.k8s.io/autoscaling/cluster-autoscaler",
        "v1.31.0",
        (None,),
        "kube-system",
        8085,
    ),
    App(
        "aws-load-balancer-controller",
        "https://aws.github.io/eks-charts",
        "aws-load-balancer-controller",
        "1.9.1",
        "public.ecr.aws/eks/aws-load-balancer-controller",
        "v2.9.1",
        (None,),
        "kube-system",
        9443,
    ),
    App(
        "argo-workflows",
        "https://argoproj.github.io/argo-helm",
        "argo-workflows",
        "0.42.5",
        "quay.io/argoproj/workflow-controller",
        "v3.5.11",
        ("controller", "server"),
        "argo",
        2746,
    ),
    App(
        "minio",
        "https://charts.min.io",
        "minio",
        "5.3.0",
        "quay.io/minio/minio",
        "RELEASE.2024-10-02T17-50-41Z",
        (None,),
        "minio",
        9000,
    ),
    App(
        "rabbitmq",
        "oci://registry-1.docker.io/bitnamicharts",
        "rabbitmq",
        "15.0.2",
        "docker.io/bitnami/rabbitmq",
        "4.0.2-debian-12-r0",
        (None,),
        "messaging",
        5672,
    ),
    App(
        "kafka",
        "oci://registry-1.docker.io/bitnamicharts",
        "kafka",
        "31.0.0",
        "docker.io/bitnami/kafka",
        "3.8.0-debian-12-r5",
        ("controller", "broker"),
        "messaging",
        9092,
    ),
    App(
        "fluent-bit",
        "https://fluent.github.io/helm-charts",
        "fluent-bit",
        "0.47.10",
        "cr.fluentbit.io/fluent/fluent-bit",
        "3.1.9",
        (None,),
        "logging",
        2020,
    ),
    App(
        "vault",
        "https://helm.releases.hashicorp.com",
        "vault",
        "0.28.1",
        "hashicorp/vault",
        "1.17.2",
        ("server", "injector", "ui"),
        "vault",
        8200,
    ),
    App(
        "sealed-secrets",
        "https://bitnami-labs.github.io/sealed-secrets",
        "sealed-secrets",
        "2.16.1",
        "docker.io/bitnami/sealed-secrets-controller",
        "0.27.1",
        (None,),
        "kube-system",
        8080,
    ),
    App(
        "tempo",
        "https://grafana.github.io/helm-charts",
        "tempo-distributed",
        "1.18.2",
        "grafana/tempo",
        "2.6.0",
        ("ingester", "distributor", "querier", "compactor"),
        "tracing",
        3200,
    ),
    App(
        "external-secrets",
        "https://charts.external-secrets.io",
        "external-secrets",
        "0.10.4",
        "ghcr.io/external-secrets/external-secrets",
        "v0.10.4",
        (None, "webhook", "certController"),
        "external-secrets",
        8080,
    ),
    App(
        "keycloak",
        "oci://registry-1.docker.io/bitnamicharts",
        "keycloak",
        "24.0.2",
        "docker.io/bitnami/keycloak",
        "25.0.6-debian-12-r0",
        (None,),
        "keycloak",
        8080,
    ),
    App(
        "airflow",
        "https://airflow.apache.org",
        "airflow",
        "1.15.0",
        "apache/airflow",
        "2.10.2",
        ("scheduler", "webserver", "workers", "triggerer"),
        "airflow",
        8080,
    ),
    App(
        "mlflow",
        "https://community-charts.github.io/helm-charts",
        "mlflow",
        "0.7.19",
        "burakince/mlflow",
        "2.16.2",
        (None,),
        "mlflow",
        5000,
    ),
    App(
        "trino",
        "https://trinodb.github.io/charts",
        "trino",
        "0.32.0",
        "trinodb/trino",
        "461",
        ("coordinator", "worker"),
        "trino",
        8080,
    ),
    App(
        "kyverno",
        "https://kyverno.github.io/kyverno",
        "kyverno",
        "3.2.7",
        "ghcr.io/kyverno/kyverno",
        "v1.12.6",
        ("admissionController", "backgroundController", "cleanupController"),
        "kyverno",
        9443,
    ),
    App(
        "thanos",
        "oci://registry-1.docker.io/bitnamicharts",
        "thanos",
        "15.7.28",
        "docker.io/bitnami/thanos",
        "0.36.1-debian-12-r2",
        ("query", "queryFrontend", "storegateway", "compactor"),
        "monitoring",
        10902,
    ),
    App(
        "opensearch",
        "https://opensearch-project.github.io/helm-charts",
        "opensearch",
        "2.26.0",
        "opensearchproject/opensearch",
        "2.17.1",
        (None,),
        "logging",
        9200,
    ),
    App(
        "karpenter",
        "oci://public.ecr.aws/karpenter",
        "karpenter",
        "1.0.6",
        "public.ecr.aws/karpenter/controller",
        "1.0.6",
        ("controller",),
        "kube-system",
        8000,
    ),
    App(
        "falco",
        "https://falcosecurity.github.io/charts",
        "falco",
        "4.11.1",
        "docker.io/falcosecurity/falco-no-driver",
        "0.39.1",
        (None,),
        "falco",
        8765,
    ),
]

SERVICES = [
    "payments-api",
    "orders-service",
    "ledger-writer",
    "search-indexer",
    "feature-store",
    "notification-gateway",
    "risk-scorer",
    "catalog-api",
    "checkout-web",
    "pricing-engine",
    "fraud-detector",
    "report-builder",
    "user-profile",
    "session-broker",
    "market-data-feed",
    "quote-service",
    "portfolio-api",
    "audit-log-shipper",
    "backtest-runner",
    "model-server",
]

ALNUM = string.ascii_letters + string.digits
BCRYPT_ALPHABET = "./" + string.ascii_letters + string.digits


# --------------------------------------------------------------------------------------------
# A small YAML emitter (block style, comments, anchors, literal blocks)
# --------------------------------------------------------------------------------------------


@dataclass
class Anchor:
    name: str
    value: Any


@dataclass
class Alias:
    name: str


@dataclass
class Block:
    """A literal block scalar (``key: |``)."""

    text: str
    chomp: str = ""


@dataclass
class Flow:
    """A short list or map written in flow style (``[a, b]``)."""

    value: Any


_PLAIN = re.compile(r"^[A-Za-z_/][A-Za-z0-9_.\-/]*$")  # safe everywhere, flow context too
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "=", ".inf", ".nan"}
_RESERVED |= {"-.inf", "+.inf"}
_NUMBERISH = re.compile(r"^[-+]?(\.?[0-9][0-9_.:]*([eE][-+]?[0-9]+)?|0[xob][0-9a-fA-F_]+)$")
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_BAD_START = set("?:,[]{}#&*!|>'\"%@`~ ")


def scalar(value: Any, in_flow: bool = False) -> str:
    """A YAML scalar: plain when YAML 1.1 and 1.2 both read it back as the same string."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if in_flow:
        plain = bool(_PLAIN.match(text))
    else:
        plain = (
            text != ""
            and text[0] not in _BAD_START
            and not (text[0] == "-" and (len(text) == 1 or text[1] == " "))
            and text == text.strip()
            and "\n" not in text
            and "\t" not in text
            and ": " not in text
            and " #" not in text
            and not text.endswith(":")
            and not _NUMBERISH.match(text)
            and not _TIMESTAMP.match(text)
        )
    if plain and text.lower() not in _RESERVED:
        return text
    return json.dumps(text)


def key_text(key: str) -> str:
    return key if key == "<<" else scalar(key)


class Emitter:
    """Writes nested dict/list data as block YAML with occasional comments."""

    def __init__(
        self,
        rng: Random,
        comments: dict[str, str] | None = None,
        comment_rate: float = 0.35,
        blank_rate: float = 0.0,
    ) -> None:
        self.rng = rng
        self.comments = comments or {}
        self.comment_rate = comment_rate
        self.blank_rate = blank_rate

    def dump(self, data: dict[str, Any]) -> list[str]:
        out: list[str] = []
        self._map(data, 0, out, top=True)
        return out

    def _comment(self, key: str, pad: str, out: list[str]) -> None:
        note = self.comments.get(key)
        if note and len(pad) <= 2 and self.rng.random() < self.comment_rate:
            for line in note.split("\n"):
                out.append(f"{pad}# {line}".rstrip())

    def _map(self, data: dict[str, Any], indent: int, out: list[str], top: bool = False) -> None:
        pad = " " * indent
        for key, value in data.items():
            if top and out and self.rng.random() < self.blank_rate:
                out.append("")
            self._comment(key, pad, out)
            self._entry(key_text(key), value, indent, out)

    def _entry(self, key: str, value: Any, indent: int, out: list[str]) -> None:
        pad = " " * indent
        anchor = ""
        if isinstance(value, Anchor):
            anchor = f" &{value.name}"
            value = value.value
        if isinstance(value, Alias):
            out.append(f"{pad}{key}: *{value.name}")
        elif isinstance(value, Block):
            out.append(f"{pad}{key}:{anchor} |{value.chomp}")
            for line in value.text.rstrip("\n").split("\n"):
                out.append(f"{pad}  {line}" if line else "")
        elif isinstance(value, Flow):
            out.append(f"{pad}{key}:{anchor} {flow(value.value)}")
        elif isinstance(value, dict) and value:
            out.append(f"{pad}{key}:{anchor}")
            self._map(value, indent + 2, out)
        elif isinstance(value, list) and value:
            out.append(f"{pad}{key}:{anchor}")
            self._list(value, indent + 2, out)
        elif isinstance(value, dict):
            out.append(f"{pad}{key}:{anchor} {{}}")
        elif isinstance(value, list):
            out.append(f"{pad}{key}:{anchor} []")
        else:
            out.append(f"{pad}{key}:{anchor} {scalar(value)}")

    def _list(self, items: list[Any], indent: int, out: list[str]) -> None:
        pad = " " * indent
        for item in items:
            if isinstance(item, dict) and item:
                sub: list[str] = []
                saved = self.comment_rate
                self.comment_rate = 0.0
                for n, (k, v) in enumerate(item.items()):
                    if n:
                        self.comment_rate = saved
                    self._entry(key_text(k), v, indent + 2, sub)
                self.comment_rate = saved
                sub[0] = f"{pad}- {sub[0][indent + 2 :]}"
                out.extend(sub)
            elif isinstance(item, list):
                out.append(f"{pad}- {flow(item)}")
            elif isinstance(item, Flow):
                out.append(f"{pad}- {flow(item.value)}")
            else:
                out.append(f"{pad}- {scalar(item)}")


def flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k, True)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value, in_flow=True)


def yaml_text(
    rng: Random,
    data: dict[str, Any],
    header: Iterable[str] = (),
    comments: dict[str, str] | None = None,
    rate: float = 0.35,
    blank: float = 0.0,
) -> str:
    lines = [f"# {h}".rstrip() for h in header]
    lines.extend(Emitter(rng, comments, rate, blank).dump(data))
    return "\n".join(lines) + "\n"


def docs_text(rng: Random, docs: list[dict[str, Any]], header: Iterable[str] = ()) -> str:
    parts = [yaml_text(rng, d, rate=0.15) for d in docs]
    head = "".join(f"# {h}\n" for h in header)
    return head + "---\n" + "---\n".join(parts)


# --------------------------------------------------------------------------------------------
# Random helpers
# --------------------------------------------------------------------------------------------


def token(rng: Random, n: int, alphabet: str = ALNUM) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def fake_uuid(rng: Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def bcrypt_hash(rng: Random) -> str:
    return f"$2y$10${token(rng, 53, BCRYPT_ALPHABET)}"


def apr1_hash(rng: Random) -> str:
    return f"$apr1${token(rng, 8, BCRYPT_ALPHABET)}${token(rng, 22, BCRYPT_ALPHABET)}"


def fake_client_secret(rng: Random) -> str:
    return "FAKE" + token(rng, 28)


def cpu(rng: Random) -> str:
    return rng.choice(["50m", "100m", "200m", "250m", "500m", "1", "2"])


def mem(rng: Random) -> str:
    return rng.choice(["64Mi", "128Mi", "256Mi", "512Mi", "1Gi", "2Gi", "4Gi"])


def resources(rng: Random) -> dict[str, Any]:
    res: dict[str, Any] = {"requests": {"cpu": cpu(rng), "memory": mem(rng)}}
    if rng.random() < 0.8:
        res["limits"] = {"memory": mem(rng)}
        if rng.random() < 0.4:
            res["limits"]["cpu"] = cpu(rng)
    return res


# --------------------------------------------------------------------------------------------
# World model and output repository
# --------------------------------------------------------------------------------------------


@dataclass
class World:
    org: str
    domain: str
    realm: str
    account: str
    region: str
    repo_url: str
    clusters: list[tuple[str, str]]  # (cluster name, env)

    def sso(self, env: str) -> str:
        return f"https://sso.{env}.{self.domain}"

    def issuer(self, env: str) -> str:
        return f"{self.sso(env)}/realms/{self.realm}"

    def role_arn(self, name: str) -> str:
        return f"arn:aws:iam::{self.account}:role/{name}"


def make_world(seed: int) -> World:
    rng = Random(f"{seed}/world")
    org = rng.choice(ORGS)
    domain = f"{org}-{rng.choice(['corp', 'labs', 'cloud', 'tech'])}.{rng.choice(['com', 'io'])}"
    clusters = []
    for env in ENVS:
        for n in range(rng.randint(1, 3)):
            region = rng.choice(REGIONS)
            short = "".join(part[0] for part in region.split("-")[:-1]) + region[-1]
            clusters.append((f"eks-{env}-{short}-{chr(97 + n)}", env))
    return World(
        org=org,
        domain=domain,
        realm=rng.choice(REALMS),
        account=str(rng.randint(10**11, 10**12 - 1)),
        region=rng.choice(REGIONS),
        repo_url=f"https://github.com/{org}/{org}-gitops.git",
        clusters=clusters,
    )


@dataclass
class Planted:
    file: str
    line: int
    text: str
    what: str
    rules: list[str]
    broken: bool = False


@dataclass
class ValuesRef:
    path: str
    app: str
    chart_repo: str
    chart: str
    version: str
    env: str
    namespace: str


@dataclass
class ZotDeployment:
    path: str
    env: str
    origin: str
    namespace: str
    name: str
    secrets: list[tuple[str, str]]  # (secret name, key) the values mount and expect


@dataclass
class Repo:
    world: World
    files: dict[str, str] = field(default_factory=dict)
    planted: list[Planted] = field(default_factory=list)
    not_yaml: list[str] = field(default_factory=list)
    values: list[ValuesRef] = field(default_factory=list)
    zots: list[ZotDeployment] = field(default_factory=list)

    def add(self, path: str, content: str) -> str:
        if path in self.files:
            p = Path(path)
            n = 2
            while (cand := str(p.with_name(f"{p.stem}-{n}{p.suffix}"))) in self.files:
                n += 1
            path = cand
        self.files[path] = content
        return path

    def plant(
        self,
        path: str,
        text: str,
        what: str,
        rules: list[str],
        nth: int = 1,
        broken: bool = False,
    ) -> None:
        lines = self.files[path].split("\n")
        # A whole line first: the broken file's "   value: monitoring" (three spaces) is also a
        # substring of every correctly indented "    value: monitoring" above it.
        for match in (lambda line: line == text, lambda line: text in line):
            seen = 0
            for number, line in enumerate(lines, start=1):
                if match(line):
                    seen += 1
                    if seen == nth:
                        self.planted.append(Planted(path, number, text, what, rules, broken))
                        return
        raise AssertionError(f"planted text {text!r} not found in {path}")


# --------------------------------------------------------------------------------------------
# Unrelated Helm values
# --------------------------------------------------------------------------------------------

VALUES_COMMENTS = {
    "replicaCount": "-- Number of replicas",
    "image": "-- Container image\nPinned by renovate; do not bump by hand",
    "resources": "-- Resource requests and limits\nref: https://kubernetes.io/docs/concepts/"
    "configuration/manage-resources-containers/",
    "nodeSelector": "-- Node labels for pod assignment",
    "tolerations": "-- Tolerations for pod assignment",
    "affinity": "-- Affinity rules (spread across zones where possible)",
    "podAnnotations": "-- Annotations added to every pod",
    "service": "-- Service settings",
    "ingress": "-- Ingress settings\nTLS is terminated at the load balancer",
    "serviceAccount": "-- ServiceAccount (IRSA role annotation per environment)",
    "securityContext": "-- Container security context",
    "podSecurityContext": "-- Pod security context",
    "metrics": "-- Prometheus metrics",
    "serviceMonitor": "-- Create a ServiceMonitor for the Prometheus operator",
    "autoscaling": "-- Horizontal pod autoscaler",
    "persistence": "-- Persistent volume settings",
    "extraEnv": "-- Extra environment variables",
    "env": "-- Environment variables",
    "podDisruptionBudget": "-- PodDisruptionBudget",
    "livenessProbe": "-- Liveness probe",
    "readinessProbe": "-- Readiness probe",
    "config": "-- Application configuration",
    "global": "Shared by every sub-chart",
    "additionalPrometheusRulesMap": "Team alerting rules (reviewed by #sre)",
    "extraScrapeConfigs": "Extra scrape jobs, one per exporter",
    "topologySpreadConstraints": "Spread replicas across availability zones",
    "extraObjects": "Extra manifests rendered with the release",
    "networkPolicy": "Default-deny plus explicit allows",
}


def image(rng: Random, repo: str, tag: str) -> dict[str, Any]:
    img: dict[str, Any] = {"repository": repo, "tag": tag}
    if rng.random() < 0.6:
        img["pullPolicy"] = rng.choice(["IfNotPresent", "Always"])
    if rng.random() < 0.2:
        img["digest"] = ""
    return img


def probe(rng: Random, port: int, path: str) -> dict[str, Any]:
    return {
        "httpGet": {"path": path, "port": port},
        "initialDelaySeconds": rng.choice([0, 5, 10, 30]),
        "periodSeconds": rng.choice([10, 15, 30]),
        "timeoutSeconds": rng.choice([1, 3, 5]),
        "failureThreshold": rng.choice([3, 5, 6]),
    }


def affinity(rng: Random, name: str) -> dict[str, Any]:
    return {
        "podAntiAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {
                    "weight": 100,
                    "podAffinityTerm": {
                        "labelSelector": {
                            "matchExpressions": [
                                {
                                    "key": "app.kubernetes.io/name",
                                    "operator": "In",
                                    "values": [name],
                                }
                            ]
                        },
                        "topologyKey": rng.choice(
                            ["topology.kubernetes.io/zone", "kubernetes.io/hostname"]
                        ),
                    },
                }
            ]
        }
    }


def tolerations(rng: Random) -> list[dict[str, Any]]:
    pool = ["monitoring", "system", "batch", "gpu", "spot", "data"]
    return [
        {"key": "dedicated", "operator": "Equal", "value": v, "effect": "NoSchedule"}
        for v in rng.sample(pool, rng.randint(1, 2))
    ]


def env_list(rng: Random, app: str, n: int) -> list[dict[str, Any]]:
    names = [
        "LOG_LEVEL",
        "LOG_FORMAT",
        "TZ",
        "GOMAXPROCS",
        "JAVA_OPTS",
        "HTTP_TIMEOUT",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_SERVICE_NAME",
        "FEATURE_FLAGS",
        "CACHE_TTL",
        "MAX_CONNECTIONS",
        "WORKER_CONCURRENCY",
        "DB_HOST",
        "DB_PORT",
        "DB_NAME",
        "REDIS_URL",
        "AWS_REGION",
        "S3_BUCKET",
        "SENTRY_ENVIRONMENT",
        "METRICS_PORT",
    ]
    out: list[dict[str, Any]] = []
    for name in rng.sample(names, min(n, len(names))):
        if name == "DB_HOST":
            out.append({"name": name, "value": f"{app}-db.databases.svc.cluster.local"})
        elif name.endswith(("PORT", "TTL", "CONCURRENCY", "CONNECTIONS")):
            out.append({"name": name, "value": str(rng.choice([5, 10, 30, 60, 5432, 9090]))})
        elif name == "OTEL_EXPORTER_OTLP_ENDPOINT":
            out.append({"name": name, "value": "http://otel-collector.tracing:4317"})
        else:
            choices = {
                "LOG_LEVEL": ["info", "debug", "warn"],
                "LOG_FORMAT": ["json", "text", "logfmt"],
                "TZ": ["UTC", "Asia/Singapore", "Europe/London"],
                "GOMAXPROCS": ["2", "4"],
                "JAVA_OPTS": ["-Xms512m -Xmx1g", "-XX:MaxRAMPercentage=75.0"],
                "HTTP_TIMEOUT": ["10s", "30s", "2m"],
                "OTEL_SERVICE_NAME": [app],
                "FEATURE_FLAGS": ["new-checkout,fast-search", "dual-write", "none"],
                "DB_NAME": [app.replace("-", "_")],
                "REDIS_URL": ["redis://redis-master.databases:6379/0"],
                "AWS_REGION": REGIONS,
                "S3_BUCKET": [f"{app}-artifacts", f"{app}-exports"],
                "SENTRY_ENVIRONMENT": ["production", "staging", "development"],
            }[name]
            out.append({"name": name, "value": rng.choice(choices)})
    if rng.random() < 0.5:
        out.append(
            {
                "name": "DB_PASSWORD",
                "valueFrom": {"secretKeyRef": {"name": f"{app}-db", "key": "password"}},
            }
        )
    return out


def alert_group(rng: Random, app: str) -> dict[str, Any]:
    alerts = []
    for _ in range(rng.randint(2, 6)):
        kind = rng.choice(["HighErrorRate", "HighLatency", "PodRestarts", "QueueBacklog", "Down"])
        window = rng.choice(["5m", "10m", "15m"])
        expr = {
            "HighErrorRate": f'sum(rate(http_requests_total{{job="{app}",code=~"5.."}}[{window}]))'
            f' / sum(rate(http_requests_total{{job="{app}"}}[{window}])) > 0.0{rng.randint(1, 5)}',
            "HighLatency": f"histogram_quantile(0.99, sum by (le) (rate("
            f'http_request_duration_seconds_bucket{{job="{app}"}}[{window}])))'
            f" > {rng.randint(1, 3)}",
            "PodRestarts": f'increase(kube_pod_container_status_restarts_total{{namespace="{app}"}}'
            f"[1h]) > {rng.randint(2, 6)}",
            "QueueBacklog": f'max(queue_depth{{app="{app}"}}) > {rng.randint(100, 5000)}',
            "Down": f'up{{job="{app}"}} == 0',
        }[kind]
        alerts.append(
            {
                "alert": f"{app.title().replace('-', '')}{kind}",
                "expr": expr,
                "for": window,
                "labels": {"severity": rng.choice(["warning", "critical"]), "team": "sre"},
                "annotations": {
                    "summary": f"{app} {kind} in {{{{ $labels.namespace }}}}",
                    "runbook_url": f"https://runbooks.internal/{app}/{kind.lower()}",
                },
            }
        )
    return {"name": f"{app}.rules", "rules": alerts}


def scrape_job(rng: Random, app: str) -> dict[str, Any]:
    job: dict[str, Any] = {
        "job_name": f"{app}-{rng.choice(['exporter', 'metrics', 'pods', 'blackbox'])}",
        "scrape_interval": rng.choice(["15s", "30s", "60s"]),
        "kubernetes_sd_configs": [{"role": rng.choice(["pod", "endpoints", "service"])}],
        "relabel_configs": [
            {
                "source_labels": ["__meta_kubernetes_namespace"],
                "action": "keep",
                "regex": app,
            },
            {
                "source_labels": ["__meta_kubernetes_pod_label_app_kubernetes_io_name"],
                "target_label": "app",
            },
        ],
    }
    if rng.random() < 0.3:
        job["metric_relabel_configs"] = [
            {"source_labels": ["__name__"], "regex": "go_gc_.*", "action": "drop"}
        ]
    return job


def app_config_block(rng: Random, app: str, env: str) -> Block:
    kind = rng.choice(["properties", "yaml", "nginx", "sql"])
    if kind == "properties":
        lines = [
            f"server.port={rng.choice([8080, 8081, 9000])}",
            f"spring.application.name={app}",
            f"spring.profiles.active={env}",
            "management.endpoints.web.exposure.include=health,info,prometheus",
            f"logging.level.root={rng.choice(['INFO', 'WARN'])}",
            f"app.cache.ttl={rng.randint(30, 900)}s",
            f"app.batch.size={rng.randint(10, 500)}",
        ]
    elif kind == "yaml":
        lines = [
            "server:",
            f"  port: {rng.choice([8080, 9000])}",
            "  shutdownTimeout: 30s",
            "telemetry:",
            "  tracing:",
            f"    sampleRate: 0.{rng.randint(1, 9)}",
            "features:",
        ]
        lines += [f"  - {f}" for f in rng.sample(["beta-ui", "fast-path", "dual-write", "v2"], 2)]
    elif kind == "nginx":
        lines = [
            "location /healthz {",
            "  access_log off;",
            "  return 200;",
            "}",
            f"client_max_body_size {rng.choice(['8m', '64m', '1g'])};",
            f"proxy_read_timeout {rng.choice([60, 300, 600])};",
        ]
    else:
        lines = [
            f"CREATE SCHEMA IF NOT EXISTS {app.replace('-', '_')};",
            f"CREATE ROLE {app.replace('-', '_')}_ro NOLOGIN;",
            f"GRANT USAGE ON SCHEMA {app.replace('-', '_')} TO {app.replace('-', '_')}_ro;",
        ]
    return Block("\n".join(lines))


def workload(
    rng: Random, app: App, name: str, env: str, host: str, rich: float = 1.0
) -> dict[str, Any]:
    w: dict[str, Any] = {}

    def maybe(p: float) -> bool:
        return rng.random() < p * rich

    if maybe(0.7):
        w["replicaCount"] = rng.choice([1, 2, 3]) if env != "prod" else rng.choice([2, 3, 5])
    if maybe(0.8):
        w["image"] = image(rng, app.image, app.tag)
    if maybe(0.5):
        w["extraArgs"] = (
            Flow([f"--log-level={rng.choice(['info', 'debug'])}"])
            if rng.random() < 0.4
            else {"v": rng.randint(1, 4), "leader-elect": True}
        )
    w["resources"] = resources(rng)
    if maybe(0.5):
        w["podAnnotations"] = {
            "prometheus.io/scrape": "true",
            "prometheus.io/port": str(app.port),
        }
    if maybe(0.5):
        w["podSecurityContext"] = {"runAsNonRoot": True, "runAsUser": 1001, "fsGroup": 1001}
        w["securityContext"] = {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        }
    if maybe(0.5):
        w["livenessProbe"] = probe(rng, app.port, "/healthz")
        w["readinessProbe"] = probe(rng, app.port, "/ready")
    if maybe(0.6):
        w["nodeSelector"] = {"kubernetes.io/os": "linux"}
        if maybe(0.5):
            w["nodeSelector"]["node.kubernetes.io/instance-type"] = rng.choice(
                ["m6i.large", "m6i.xlarge", "r6i.large", "c6i.2xlarge"]
            )
    if maybe(0.4):
        w["tolerations"] = tolerations(rng)
    if maybe(0.4):
        w["affinity"] = affinity(rng, name)
    if maybe(0.5):
        w["service"] = {
            "type": rng.choice(["ClusterIP", "ClusterIP", "LoadBalancer"]),
            "port": app.port,
        }
        if w["service"]["type"] == "LoadBalancer":
            w["service"]["annotations"] = {
                "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
                "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
            }
    if maybe(0.4):
        w["ingress"] = {
            "enabled": True,
            "ingressClassName": rng.choice(["nginx", "alb"]),
            "annotations": {
                "cert-manager.io/cluster-issuer": "letsencrypt-prod",
                "nginx.ingress.kubernetes.io/proxy-body-size": "0",
            },
            "hosts": [{"host": host, "paths": [{"path": "/", "pathType": "Prefix"}]}],
            "tls": [{"secretName": f"{name}-tls", "hosts": [host]}],
        }
    if maybe(0.4):
        w["serviceAccount"] = {
            "create": True,
            "name": name,
            "annotations": {"eks.amazonaws.com/role-arn": f"arn:aws:iam::000000000000:role/{name}"},
        }
    if maybe(0.4):
        w["metrics"] = {
            "enabled": True,
            "serviceMonitor": {
                "enabled": True,
                "interval": rng.choice(["30s", "60s"]),
                "additionalLabels": {"release": "kube-prometheus-stack"},
            },
        }
    if maybe(0.3):
        w["autoscaling"] = {
            "enabled": True,
            "minReplicas": 2,
            "maxReplicas": rng.choice([5, 10, 20]),
            "targetCPUUtilizationPercentage": rng.choice([60, 70, 80]),
        }
    if maybe(0.3):
        w["persistence"] = {
            "enabled": True,
            "storageClass": rng.choice(["gp3", "gp3-encrypted", "efs-sc"]),
            "size": rng.choice(["8Gi", "20Gi", "50Gi", "200Gi"]),
            "accessModes": ["ReadWriteOnce"],
        }
    if maybe(0.3):
        w["env"] = env_list(rng, name, rng.randint(3, 8))
    if maybe(0.2):
        w["podDisruptionBudget"] = {"enabled": True, "minAvailable": 1}
    return w


def filler(rng: Random, app: str, env: str, kind: str) -> tuple[str, Any]:
    if kind == "rules":
        return "additionalPrometheusRulesMap", {
            f"{app}-{env}": {"groups": [alert_group(rng, app) for _ in range(rng.randint(1, 2))]}
        }
    if kind == "scrape":
        return "extraScrapeConfigs", [scrape_job(rng, app) for _ in range(rng.randint(2, 4))]
    if kind == "env":
        return "extraEnv", env_list(rng, app, rng.randint(6, 14))
    if kind == "config":
        return "config", {
            "files": {
                f"{app}.{rng.choice(['properties', 'yaml', 'conf'])}": app_config_block(
                    rng, app, env
                )
            },
            "logLevel": rng.choice(["info", "warn"]),
        }
    if kind == "spread":
        return "topologySpreadConstraints", [
            {
                "maxSkew": 1,
                "topologyKey": key,
                "whenUnsatisfiable": rng.choice(["ScheduleAnyway", "DoNotSchedule"]),
                "labelSelector": {"matchLabels": {"app.kubernetes.io/name": app}},
            }
            for key in ["topology.kubernetes.io/zone", "kubernetes.io/hostname"]
        ]
    if kind == "netpol":
        return "networkPolicy", {
            "enabled": True,
            "ingress": [
                {
                    "from": [
                        {"namespaceSelector": {"matchLabels": {"name": ns}}}
                        for ns in rng.sample(["monitoring", "ingress-nginx", "argocd", "zot"], 2)
                    ],
                    "ports": [{"port": rng.choice([8080, 9090, 5432]), "protocol": "TCP"}],
                }
            ],
            "egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/8"}}]}],
        }
    # extra objects
    return "extraObjects", [
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": f"{app}-extra-{n}", "labels": {"app": app}},
            "data": {
                f"key{j}": f"value-{token(rng, rng.randint(4, 12)).lower()}"
                for j in range(rng.randint(3, 8))
            },
        }
        for n in range(rng.randint(1, 3))
    ]


FILLERS = ["rules", "scrape", "env", "config", "spread", "netpol", "objects"]


def helm_values(rng: Random, world: World, app: App, env: str, target_lines: int) -> str:
    host = f"{app.name}.{env}.{world.domain}"
    sections: list[tuple[str, Any]] = []
    if rng.random() < 0.25:
        sections.append(
            ("global", {"imageRegistry": "", "imagePullSecrets": [], "storageClass": "gp3"})
        )
    if rng.random() < 0.3:
        sections.append(("fullnameOverride", app.name))
    anchored = rng.random() < 0.15
    if anchored:
        sections.append(
            (
                "commonLabels",
                Anchor(
                    "common_labels",
                    {"team": rng.choice(TEAMS), "environment": env, "managed-by": "argocd"},
                ),
            )
        )
    first_res: str | None = None
    first_comp = True
    for comp in app.components:
        name = app.name if comp is None else f"{app.name}-{comp}"
        w = workload(rng, app, name, env, host, 1.0 if first_comp else 0.45)
        first_comp = False
        if anchored:
            if comp is not None and rng.random() < 0.5:
                w["podLabels"] = {"<<": Alias("common_labels"), "component": comp}
            else:
                w["podLabels"] = Alias("common_labels")
            if first_res is None:
                w["resources"] = Anchor("default_resources", w["resources"])
                first_res = "default_resources"
            else:
                w["resources"] = Alias(first_res)
        if comp is None:
            sections.extend(w.items())
        else:
            sections.append((comp, w))
    emitter = Emitter(rng, VALUES_COMMENTS)
    lines = sum(len(emitter.dump({k: v})) for k, v in sections)
    used: set[str] = {k for k, _ in sections}
    while lines < target_lines:
        key, value = filler(rng, app.name, env, rng.choice(FILLERS))
        if key in used:
            key = f"{key}{rng.choice(['Extra', 'Team', 'Local', 'Override'])}{len(used)}"
        used.add(key)
        sections.append((key, value))
        lines += len(emitter.dump({key: value}))
    header = [
        f"{app.name} values for {env}",
        f"chart: {app.chart} {app.version} ({app.repo})",
    ]
    if rng.random() < 0.3:
        header.append("Changes here are rolled out by ArgoCD on merge to main.")
    return yaml_text(rng, dict(sections), header, VALUES_COMMENTS, blank=0.5)


def service_app(name: str, world: World) -> App:
    return App(
        name,
        f"oci://{world.account}.dkr.ecr.{world.region}.amazonaws.com/charts",
        "service",
        "2.4.1",
        f"{world.account}.dkr.ecr.{world.region}.amazonaws.com/{name}",
        f"sha-{zlib.crc32(name.encode()):08x}"[:11],
        (None,),
        name.split("-")[0],
        8080,
    )


# --------------------------------------------------------------------------------------------
# zot values
# --------------------------------------------------------------------------------------------

ZOT_COMMENTS = {
    "mountConfig": "Mount config.json from the chart-managed ConfigMap at /etc/zot",
    "configFiles": "zot configuration; keys are case-insensitive, unknown keys stop zot",
    "extraVolumes": "OIDC client credentials synced from AWS Secrets Manager by ESO",
    "extraVolumeMounts": "Mounted read-only; config.json points credentialsFile here",
    "serviceAccount": "IRSA: the SecretStore in this namespace authenticates as this account",
    "ingress": "Public URL behind the ALB; must match http.externalUrl",
    "persistence": "StatefulSet with a PVC (chart >= 0.1.68)",
    "secretFiles": "Break-glass admin login (bcrypt only)",
}


def zot_config(
    rng: Random,
    world: World,
    env: str,
    origin: str | None,
    *,
    oidc: bool,
    issuer: str,
    credentials: str | None,
    inline_secret: str | None,
    scopes: list[str],
    htpasswd_path: str,
    session_file: str | None,
    s3: bool,
) -> dict[str, Any]:
    cfg: dict[str, Any] = {"distSpecVersion": "1.1.1"}
    storage: dict[str, Any] = {
        "rootDirectory": "/var/lib/registry",
        "dedupe": True,
        "gc": True,
        "gcDelay": rng.choice(["1h", "2h", "24h"]),
        "gcInterval": "24h",
    }
    if s3:
        storage["dedupe"] = False
        storage["storageDriver"] = {
            "name": "s3",
            "rootdirectory": "/zot",
            "region": world.region,
            "bucket": f"{world.org}-zot-{env}",
            "secure": True,
            "skipverify": False,
        }
    if rng.random() < 0.4:
        storage["retention"] = {
            "dryRun": False,
            "delay": "24h",
            "policies": [
                {
                    "repositories": ["**"],
                    "deleteReferrers": False,
                    "deleteUntagged": True,
                    "keepTags": [{"patterns": ["v.*", "latest"], "mostRecentlyPushedCount": 10}],
                }
            ],
        }
    cfg["storage"] = storage
    http: dict[str, Any] = {"address": "0.0.0.0", "port": "5000"}
    if oidc:
        http["realm"] = "openid"
    if origin is not None:
        http["externalUrl"] = origin
    auth: dict[str, Any] = {"htpasswd": {"path": htpasswd_path}, "failDelay": 5}
    if oidc:
        provider: dict[str, Any] = {"name": "Keycloak SSO", "issuer": issuer}
        if credentials:
            provider["credentialsFile"] = credentials
        if inline_secret:
            provider["clientid"] = "zot"
            provider["clientsecret"] = inline_secret
        provider["scopes"] = scopes
        auth["openid"] = {"providers": {"oidc": provider}}
        if session_file:
            auth["sessionKeysFile"] = session_file
        auth["apikey"] = True
    http["auth"] = auth
    if rng.random() < 0.5:
        http["accessControl"] = {
            "repositories": {
                "**": {
                    "policies": [
                        {"users": ["ci-push"], "actions": ["read", "create", "update"]},
                    ],
                    "defaultPolicy": ["read"],
                },
                f"{rng.choice(TEAMS)}/**": {"defaultPolicy": ["read", "create"]},
            },
            "adminPolicy": {"users": ["admin"], "actions": ["read", "create", "update", "delete"]},
        }
    cfg["http"] = http
    cfg["log"] = {"level": rng.choice(["info", "debug", "warn"])}
    ext: dict[str, Any] = {"search": {"enable": True}, "ui": {"enable": True}}
    if rng.random() < 0.5:
        ext["search"]["cve"] = {"updateInterval": "2h"}
    if rng.random() < 0.4:
        ext["metrics"] = {"enable": True, "prometheus": {"path": "/metrics"}}
    if rng.random() < 0.3:
        ext["scrub"] = {"enable": True, "interval": "24h"}
    if rng.random() < 0.2:
        ext["sync"] = {
            "enable": True,
            "registries": [
                {
                    "urls": ["https://docker.io/library"],
                    "onDemand": True,
                    "tlsVerify": True,
                    "content": [{"prefix": "**", "destination": "/docker-images"}],
                }
            ],
        }
    cfg["extensions"] = ext
    return cfg


def zot_values(
    rng: Random,
    world: World,
    env: str,
    origin: str,
    namespace: str,
    plant: str | None = None,
) -> tuple[str, list[tuple[str, str]], dict[str, str]]:
    """Return (content, secrets mounted as (name, key), planted texts by kind)."""
    oidc = plant is not None or rng.random() < 0.85
    issuer = world.issuer(env)
    secret_htpasswd = rng.random() < 0.35
    session = oidc and rng.random() < 0.5
    s3 = rng.random() < 0.4
    scopes = ["openid", "profile", "email"]
    credentials: str | None = "/secret-oidc/credentials.json"
    inline: str | None = None
    texts: dict[str, str] = {}
    external: str | None = origin
    if plant == "no-external-url":
        external = None
        texts[plant] = '"openid": {'
    elif plant == "issuer-slash":
        issuer += "/"
        texts[plant] = f'"issuer": "{issuer}"'
    elif plant == "groups-scope":
        scopes = [*scopes, "groups"]
        texts[plant] = '"groups"'
    elif plant == "unmounted-credentials":
        credentials = "/secrets/oidc/credentials.json"
        texts[plant] = f'"credentialsFile": "{credentials}"'
    elif plant == "client-secret":
        credentials = None
        inline = fake_client_secret(rng)
        texts[plant] = '"clientsecret":'
    elif plant == "apr1":
        secret_htpasswd = True
        texts[plant] = "ci-push:$apr1$"
    elif plant == "duplicate-key":
        texts[plant] = "replicaCount:"
    htpasswd_path = "/secret/htpasswd" if secret_htpasswd else "/secret-htpasswd/htpasswd"
    cfg = zot_config(
        rng,
        world,
        env,
        external,
        oidc=oidc,
        issuer=issuer,
        credentials=credentials,
        inline_secret=inline,
        scopes=scopes,
        htpasswd_path=htpasswd_path,
        session_file="/secret-session/sessionKeys.json" if session else None,
        s3=s3,
    )
    host = origin.removeprefix("https://")
    secrets: list[tuple[str, str]] = []
    data: dict[str, Any] = {
        "replicaCount": 2 if (s3 and session) else 1,
        "image": {
            "repository": "ghcr.io/project-zot/zot-linux-amd64",
            "pullPolicy": "IfNotPresent",
            "tag": rng.choice(ZOT_IMAGE_TAGS),
        },
        "service": {"type": "ClusterIP", "port": 5000},
    }
    ingress_class = rng.choice(["alb", "nginx"])
    ing: dict[str, Any] = {"enabled": True, "className": ingress_class}
    if ingress_class == "alb":
        ing["annotations"] = {
            "alb.ingress.kubernetes.io/scheme": "internet-facing",
            "alb.ingress.kubernetes.io/target-type": "ip",
            "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]',
            "alb.ingress.kubernetes.io/certificate-arn": (
                f"arn:aws:acm:{world.region}:{world.account}:certificate/{fake_uuid(rng)}"
            ),
            "alb.ingress.kubernetes.io/healthcheck-path": "/v2/",
            "alb.ingress.kubernetes.io/success-codes": "200-401",
        }
    else:
        ing["annotations"] = {
            "cert-manager.io/cluster-issuer": "letsencrypt-prod",
            "nginx.ingress.kubernetes.io/proxy-body-size": "0",
            "nginx.ingress.kubernetes.io/proxy-read-timeout": "600",
        }
        ing["tls"] = [{"secretName": "zot-tls", "hosts": [host]}]
    ing["pathtype"] = "Prefix"
    ing["hosts"] = [{"host": host, "paths": [{"path": "/"}]}]
    data["ingress"] = ing
    data["resources"] = {
        "requests": {"cpu": rng.choice(["250m", "500m"]), "memory": rng.choice(["512Mi", "1Gi"])},
        "limits": {"memory": rng.choice(["2Gi", "4Gi"])},
    }
    if s3:
        data["persistence"] = False
    else:
        data["persistence"] = True
        data["pvc"] = {
            "create": True,
            "accessModes": ["ReadWriteOnce"],
            "storage": rng.choice(["50Gi", "100Gi", "500Gi"]),
            "storageClassName": rng.choice(["gp3", "gp3-encrypted"]),
        }
    data["serviceAccount"] = {
        "create": True,
        "name": "zot-sa",
        "annotations": {
            "eks.amazonaws.com/role-arn": world.role_arn(f"{world.org}-zot-{env}"),
        },
    }
    data["mountConfig"] = True
    config_json = json.dumps(cfg, indent=2)
    data["configFiles"] = {"config.json": Block(config_json, "-")}
    if secret_htpasswd:
        entries = [f"admin:{bcrypt_hash(rng)}"]
        if plant == "apr1":
            entries.append(f"ci-push:{apr1_hash(rng)}")
        elif rng.random() < 0.5:
            entries.append(f"ci-push:{bcrypt_hash(rng)}")
        data["mountSecret"] = True
        data["secretFiles"] = {"htpasswd": Block("\n".join(entries), "-")}
    volumes: list[dict[str, Any]] = []
    mounts: list[dict[str, Any]] = []
    if oidc:
        volumes.append(
            {"name": "zot-oidc-credentials", "secret": {"secretName": "zot-oidc-client-secret"}}
        )
        mounts.append(
            {"name": "zot-oidc-credentials", "mountPath": "/secret-oidc", "readOnly": True}
        )
        if credentials:
            secrets.append(("zot-oidc-client-secret", "credentials.json"))
    if not secret_htpasswd:
        volumes.append({"name": "zot-htpasswd", "secret": {"secretName": "zot-htpasswd"}})
        mounts.append({"name": "zot-htpasswd", "mountPath": "/secret-htpasswd", "readOnly": True})
        secrets.append(("zot-htpasswd", "htpasswd"))
    if session:
        volumes.append({"name": "zot-session-keys", "secret": {"secretName": "zot-session-keys"}})
        mounts.append(
            {"name": "zot-session-keys", "mountPath": "/secret-session", "readOnly": True}
        )
        secrets.append(("zot-session-keys", "sessionKeys.json"))
    data["extraVolumes"] = volumes
    data["extraVolumeMounts"] = mounts
    if rng.random() < 0.5:
        data["podAnnotations"] = {"prometheus.io/scrape": "true", "prometheus.io/port": "5000"}
    if rng.random() < 0.5:
        data["nodeSelector"] = {"kubernetes.io/os": "linux", "workload": "platform"}
        data["tolerations"] = [
            {"key": "dedicated", "operator": "Equal", "value": "platform", "effect": "NoSchedule"}
        ]
    if rng.random() < 0.4:
        data["startupProbe"] = {
            "initialDelaySeconds": 5,
            "periodSeconds": 10,
            "failureThreshold": 6,
        }
    header = [
        f"zot registry - {env} ({origin})",
        "Deployed by ArgoCD with the project-zot/zot chart; see docs/zot-sso.md",
    ]
    content = yaml_text(rng, data, header, ZOT_COMMENTS, rate=0.6, blank=0.5)
    if plant == "duplicate-key":
        content += "\n# single replica until the session keys are shared\nreplicaCount: 1\n"
    return content, secrets, texts


# --------------------------------------------------------------------------------------------
# External Secrets
# --------------------------------------------------------------------------------------------


def eso_api(rng: Random) -> str:
    return "external-secrets.io/v1beta1" if rng.random() < 0.2 else "external-secrets.io/v1"


def external_secret(
    rng: Random,
    name: str,
    namespace: str,
    store: str,
    data: list[dict[str, Any]],
    *,
    api: str | None = None,
    store_kind: str = "SecretStore",
    template: dict[str, Any] | None = None,
) -> dict[str, Any]:
    target: dict[str, Any] = {"name": name, "creationPolicy": "Owner"}
    if template:
        target["template"] = template
    spec: dict[str, Any] = {
        "refreshInterval": rng.choice(["1h", "15m", "5m"]),
        "secretStoreRef": {"name": store, "kind": store_kind},
        "target": target,
        "data": data,
    }
    return {
        "apiVersion": api or eso_api(rng),
        "kind": "ExternalSecret",
        "metadata": {
            "name": name,
            "namespace": namespace,
            "labels": {"app.kubernetes.io/managed-by": "argocd"},
        },
        "spec": spec,
    }


def secret_store(
    rng: Random, world: World, name: str, namespace: str, sa: str, *, cluster: bool = False
) -> dict[str, Any]:
    ref: dict[str, Any] = {"name": sa}
    if cluster:
        ref["namespace"] = namespace
    doc: dict[str, Any] = {
        "apiVersion": eso_api(rng),
        "kind": "ClusterSecretStore" if cluster else "SecretStore",
        "metadata": {"name": name} if cluster else {"name": name, "namespace": namespace},
        "spec": {
            "provider": {
                "aws": {
                    "service": "SecretsManager",
                    "region": world.region,
                    "auth": {"jwt": {"serviceAccountRef": ref}},
                }
            }
        },
    }
    return doc


def other_secret_data(rng: Random, world: World, app: str, env: str) -> list[dict[str, Any]]:
    key = f"{world.org}/{app}/{env}/{rng.choice(['db', 'api', 'smtp', 'oauth'])}"
    props = rng.sample(["username", "password", "host", "token", "api-key", "dsn"], 3)
    return [{"secretKey": p, "remoteRef": {"key": key, "property": p}} for p in props]


def zot_secret_data(secret: str, key: str, env: str) -> list[dict[str, Any]]:
    remote = {
        "zot-oidc-client-secret": "core-platform/zot/oidc-client-secret",
        "zot-htpasswd": "core-platform/zot/htpasswd",
        "zot-session-keys": "core-platform/zot/session-keys",
    }[secret]
    if env != "dev":
        remote = remote.replace("core-platform/", f"core-platform/{env}/")
    return [{"secretKey": key, "remoteRef": {"key": remote}}]


def wrapper_values(
    rng: Random,
    world: World,
    env: str,
    zot_secrets: list[tuple[str, str]],
    zot_ns: str,
    others: int,
    plant_property: bool,
) -> str:
    stores: list[dict[str, Any]] = [
        {
            "name": "aws-secretsmanager",
            "type": "SecretStore",
            "provider": "aws",
            "region": world.region,
            "role": world.role_arn("core-platform-external-secrets-role"),
            "credentialsSecretNamespace": zot_ns,
            "serviceAccountName": "zot-sa",
        }
    ]
    secrets: list[dict[str, Any]] = []
    for secret, key in zot_secrets:
        data = zot_secret_data(secret, key, env)
        if plant_property and secret == "zot-oidc-client-secret":
            data[0]["remoteRef"]["property"] = "credentials.json"
        secrets.append(
            {
                "name": secret,
                "namespace": zot_ns,
                "secretStoreRef": {"name": "aws-secretsmanager", "kind": "SecretStore"},
                "target": {"name": secret, "creationPolicy": "Owner"},
                "data": data,
            }
        )
    apps = rng.sample(SERVICES + [a.name for a in APPS], others)
    store_ns = {zot_ns}
    for app in apps:
        ns = app.split("-")[0]
        if ns not in store_ns:
            store_ns.add(ns)
            stores.append(
                {
                    "name": "aws-secretsmanager",
                    "type": "SecretStore",
                    "provider": "aws",
                    "region": world.region,
                    "role": world.role_arn(f"{world.org}-{ns}-external-secrets"),
                    "credentialsSecretNamespace": ns,
                    "serviceAccountName": f"{ns}-sa",
                }
            )
        secrets.append(
            {
                "name": f"{app}-credentials",
                "namespace": ns,
                "secretStoreRef": {"name": "aws-secretsmanager", "kind": "SecretStore"},
                "target": {"name": f"{app}-credentials", "creationPolicy": "Owner"},
                "data": other_secret_data(rng, world, app, env),
            }
        )
    header = [
        f"External secrets for {env} (wrapper chart: ../templates)",
        "One SecretStore per namespace; ExternalSecrets reference it by name.",
    ]
    return yaml_text(rng, {"secretStores": stores, "externalSecrets": secrets}, header, rate=0.0)


WRAPPER_CHART = """apiVersion: v2
name: external-secret
description: Renders SecretStores and ExternalSecrets from values lists
type: application
version: 0.3.2
"""

WRAPPER_DEFAULTS = """# Lists are filled per environment in values/<env>.yaml
secretStores: []
externalSecrets: []
"""

WRAPPER_STORE_TEMPLATE = """{{- range .Values.secretStores }}
---
apiVersion: external-secrets.io/v1
kind: {{ .type | default "SecretStore" }}
metadata:
  name: {{ .name }}
  namespace: {{ .credentialsSecretNamespace }}
spec:
  provider:
    {{ .provider }}:
      service: SecretsManager
      region: {{ .region }}
      role: {{ .role | quote }}
      auth:
        jwt:
          serviceAccountRef:
            name: {{ .serviceAccountName }}
{{- end }}
"""

WRAPPER_SECRET_TEMPLATE = """{{- range .Values.externalSecrets }}
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: {{ .name }}
  namespace: {{ .namespace }}
spec:
  refreshInterval: {{ .refreshInterval | default "1h" }}
  secretStoreRef:
    {{- toYaml .secretStoreRef | nindent 4 }}
  target:
    {{- toYaml .target | nindent 4 }}
  data:
    {{- toYaml .data | nindent 4 }}
{{- end }}
"""


# --------------------------------------------------------------------------------------------
# ArgoCD Applications
# --------------------------------------------------------------------------------------------


def application(
    rng: Random,
    world: World,
    name: str,
    namespace: str,
    sources: list[dict[str, Any]],
    *,
    wave: int | None = None,
    project: str = "default",
    env: str | None = None,
) -> str:
    meta: dict[str, Any] = {"name": name, "namespace": "argocd"}
    if wave is not None:
        meta["annotations"] = {"argocd.argoproj.io/sync-wave": str(wave)}
    if rng.random() < 0.5:
        meta["finalizers"] = ["resources-finalizer.argocd.argoproj.io"]
    spec: dict[str, Any] = {"project": project}
    if len(sources) == 1:
        spec["source"] = sources[0]
    else:
        spec["sources"] = sources
    dest: dict[str, Any] = (
        {"server": "https://kubernetes.default.svc"}
        if rng.random() < 0.7
        else {"name": rng.choice([c for c, e in world.clusters if env in (None, e)])}
    )
    dest["namespace"] = namespace
    spec["destination"] = dest
    sync: dict[str, Any] = {"syncOptions": ["CreateNamespace=true"]}
    if rng.random() < 0.7:
        sync["automated"] = {"prune": True, "selfHeal": True}
    if rng.random() < 0.3:
        sync["syncOptions"].append("ServerSideApply=true")
        sync["retry"] = {
            "limit": 5,
            "backoff": {"duration": "5s", "factor": 2, "maxDuration": "3m"},
        }
    spec["syncPolicy"] = sync
    if rng.random() < 0.2:
        spec["ignoreDifferences"] = [
            {"group": "apps", "kind": "Deployment", "jsonPointers": ["/spec/replicas"]}
        ]
    doc = {"apiVersion": "argoproj.io/v1alpha1", "kind": "Application", "metadata": meta}
    doc["spec"] = spec
    return yaml_text(rng, doc, rate=0.0)


def values_application(rng: Random, world: World, ref: ValuesRef) -> tuple[str, str]:
    name = f"{ref.app}-{ref.env}"
    track = "main" if rng.random() < 0.85 else rng.choice(["HEAD", "release/2024.10", "develop"])
    style = rng.random()
    if style < 0.6:
        chart: dict[str, Any] = {
            "repoURL": ref.chart_repo,
            "chart": ref.chart,
            "targetRevision": ref.version,
            "helm": {"releaseName": ref.app, "valueFiles": [f"$values/{ref.path}"]},
        }
        sources = [chart, {"repoURL": world.repo_url, "targetRevision": track, "ref": "values"}]
    elif style < 0.85 and ref.path.startswith("apps/"):
        base, rel = ref.path.split("/values/", 1) if "/values/" in ref.path else (None, None)
        if base is None or rel is None:
            base, rel = str(Path(ref.path).parent), Path(ref.path).name
        else:
            rel = f"values/{rel}"
        sources = [
            {
                "repoURL": world.repo_url,
                "targetRevision": track,
                "path": base,
                "helm": {"valueFiles": [rel]},
            }
        ]
    else:
        helm: dict[str, Any] = {"releaseName": ref.app}
        helm["valuesObject"] = {
            "replicaCount": rng.choice([1, 2, 3]),
            "resources": resources(rng),
        }
        sources = [
            {
                "repoURL": ref.chart_repo,
                "chart": ref.chart,
                "targetRevision": ref.version,
                "helm": helm,
            }
        ]
    return name, application(rng, world, name, ref.namespace, sources, env=ref.env)


def zot_application(rng: Random, world: World, zot: ZotDeployment, wave: int) -> str:
    sources = [
        {
            "repoURL": "https://zotregistry.dev/helm-charts",
            "chart": "zot",
            "targetRevision": rng.choice(ZOT_CHART_VERSIONS),
            "helm": {"releaseName": "zot", "valueFiles": [f"$values/{zot.path}"]},
        },
        {"repoURL": world.repo_url, "targetRevision": "main", "ref": "values"},
    ]
    return application(
        rng, world, zot.name, zot.namespace, sources, wave=wave, project="core", env=zot.env
    )


def eso_application(rng: Random, world: World, env: str) -> str:
    sources = [
        {
            "repoURL": world.repo_url,
            "targetRevision": "main",
            "path": "infra/deployments/config/external-secret",
            "helm": {"valueFiles": [f"values/{env}.yaml"]},
        }
    ]
    name = f"external-secrets-{env}"
    return application(
        rng, world, name, "external-secrets", sources, wave=1, project="core", env=env
    )


# --------------------------------------------------------------------------------------------
# Kubernetes manifests, JSON, Keycloak, misc
# --------------------------------------------------------------------------------------------


def k8s_secret(name: str, ns: str, body: dict[str, Any], type_: str = "Opaque") -> dict[str, Any]:
    doc: dict[str, Any] = {"apiVersion": "v1", "kind": "Secret"}
    doc["metadata"] = {"name": name, "namespace": ns}
    doc["type"] = type_
    doc.update(body)
    return doc


def zot_k8s_secret(rng: Random, z: ZotDeployment) -> str:
    """A Secret next to a zot deployment: its htpasswd (bcrypt, committed: a warning), or
    placeholders filled in by the pipeline."""
    if rng.random() < 0.5:
        users = [f"{u}:{bcrypt_hash(rng)}" for u in rng.sample(["admin", "ci", "reader"], 2)]
        body: dict[str, Any] = {"stringData": {"htpasswd": "\n".join(users) + "\n"}}
        return docs_text(rng, [k8s_secret("zot-htpasswd", z.namespace, body)])
    body = {"stringData": {"clientsecret": "${ZOT_OIDC_CLIENT_SECRET}"}}
    return docs_text(rng, [k8s_secret("zot-oidc-placeholder", z.namespace, body)])


def app_k8s_secret(rng: Random, app: str, env: str) -> str:
    """Another app's Secret: base64 configuration, placeholders, a registry pull secret."""
    ns = app.split("-")[0]
    style = rng.random()
    if style < 0.4:
        conf = f"log_level: info\nenv: {env}\nport: {rng.choice([8080, 3000])}\n"
        body: dict[str, Any] = {
            "data": {"config.yaml": base64.b64encode(conf.encode()).decode("ascii")}
        }
        doc = k8s_secret(f"{app}-config", ns, body)
    elif style < 0.8:
        body = {"stringData": {"DB_PASSWORD": "${DB_PASSWORD}", "DB_USER": app.split("-")[0]}}
        doc = k8s_secret(f"{app}-db", ns, body)
    else:
        auth = json.dumps({"auths": {"ghcr.io": {"auth": "${REGISTRY_AUTH}"}}})
        body = {"stringData": {".dockerconfigjson": auth}}
        doc = k8s_secret(f"{app}-pull", ns, body, "kubernetes.io/dockerconfigjson")
    return docs_text(rng, [doc])


def manifests(rng: Random, world: World, name: str, ns: str, env: str) -> str:
    labels = {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": rng.choice(TEAMS)}
    port = rng.choice([8080, 8000, 3000, 9000])
    image_ref = (
        f"{world.account}.dkr.ecr.{world.region}.amazonaws.com/{name}:{token(rng, 7).lower()}"
    )
    container: dict[str, Any] = {
        "name": name,
        "image": image_ref,
        "ports": [{"name": "http", "containerPort": port}],
        "env": env_list(rng, name, rng.randint(3, 9)),
        "envFrom": [{"configMapRef": {"name": f"{name}-config"}}],
        "resources": resources(rng),
        "livenessProbe": probe(rng, port, "/healthz"),
        "readinessProbe": probe(rng, port, "/ready"),
        "volumeMounts": [{"name": "config", "mountPath": "/etc/app", "readOnly": True}],
    }
    docs: list[dict[str, Any]] = [
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": name, "namespace": ns, "labels": labels},
            "spec": {
                "replicas": rng.choice([1, 2, 3]),
                "revisionHistoryLimit": 5,
                "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
                "template": {
                    "metadata": {"labels": labels},
                    "spec": {
                        "serviceAccountName": name,
                        "securityContext": {"runAsNonRoot": True, "fsGroup": 1000},
                        "containers": [container],
                        "volumes": [{"name": "config", "configMap": {"name": f"{name}-files"}}],
                    },
                },
            },
        },
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": name, "namespace": ns, "labels": labels},
            "spec": {
                "selector": {"app.kubernetes.io/name": name},
                "ports": [{"name": "http", "port": 80, "targetPort": "http"}],
            },
        },
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": f"{name}-config", "namespace": ns},
            "data": {
                "APP_ENV": env,
                "LOG_LEVEL": rng.choice(["info", "debug"]),
                "FEATURE_FLAGS": ",".join(rng.sample(["a", "b", "c", "d", "e"], 3)),
            },
        },
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": f"{name}-files", "namespace": ns},
            "data": {"application.conf": app_config_block(rng, name, env)},
        },
    ]
    if rng.random() < 0.7:
        docs.append(
            {
                "apiVersion": "networking.k8s.io/v1",
                "kind": "Ingress",
                "metadata": {
                    "name": name,
                    "namespace": ns,
                    "annotations": {"cert-manager.io/cluster-issuer": "letsencrypt-prod"},
                },
                "spec": {
                    "ingressClassName": "nginx",
                    "tls": [{"hosts": [f"{name}.{env}.{world.domain}"], "secretName": name}],
                    "rules": [
                        {
                            "host": f"{name}.{env}.{world.domain}",
                            "http": {
                                "paths": [
                                    {
                                        "path": "/",
                                        "pathType": "Prefix",
                                        "backend": {
                                            "service": {"name": name, "port": {"name": "http"}}
                                        },
                                    }
                                ]
                            },
                        }
                    ],
                },
            }
        )
    if rng.random() < 0.5:
        docs.append(
            {
                "apiVersion": "autoscaling/v2",
                "kind": "HorizontalPodAutoscaler",
                "metadata": {"name": name, "namespace": ns},
                "spec": {
                    "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
                    "minReplicas": 2,
                    "maxReplicas": rng.choice([6, 10, 20]),
                    "metrics": [
                        {
                            "type": "Resource",
                            "resource": {
                                "name": "cpu",
                                "target": {"type": "Utilization", "averageUtilization": 70},
                            },
                        }
                    ],
                },
            }
        )
    if rng.random() < 0.5:
        docs.append(
            {
                "apiVersion": "v1",
                "kind": "ServiceAccount",
                "metadata": {
                    "name": name,
                    "namespace": ns,
                    "annotations": {
                        "eks.amazonaws.com/role-arn": world.role_arn(f"{world.org}-{name}")
                    },
                },
            }
        )
    return docs_text(rng, docs, [f"{name} ({env}) - plain manifests, applied by ArgoCD"])


def grafana_dashboard(rng: Random, title: str) -> str:
    panels = []
    for n in range(rng.randint(4, 14)):
        metric = rng.choice(
            ["http_requests_total", "process_cpu_seconds_total", "go_goroutines", "up"]
        )
        panels.append(
            {
                "id": n + 1,
                "type": rng.choice(["timeseries", "stat", "gauge", "table"]),
                "title": f"{title} {metric.replace('_', ' ')}",
                "datasource": {"type": "prometheus", "uid": "${datasource}"},
                "gridPos": {"h": 8, "w": 12, "x": (n % 2) * 12, "y": (n // 2) * 8},
                "targets": [
                    {
                        "expr": f'sum(rate({metric}{{namespace="$namespace"}}[5m])) by (pod)',
                        "legendFormat": "{{pod}}",
                        "refId": "A",
                    }
                ],
                "fieldConfig": {
                    "defaults": {
                        "unit": rng.choice(["reqps", "percent", "short", "s"]),
                        "thresholds": {
                            "mode": "absolute",
                            "steps": [
                                {"color": "green", "value": None},
                                {"color": "red", "value": rng.randint(50, 500)},
                            ],
                        },
                    },
                    "overrides": [],
                },
            }
        )
    doc = {
        "annotations": {"list": []},
        "editable": True,
        "graphTooltip": 1,
        "panels": panels,
        "schemaVersion": 39,
        "tags": [title.split()[0].lower(), "generated"],
        "templating": {
            "list": [
                {"name": "datasource", "type": "datasource", "query": "prometheus"},
                {
                    "name": "namespace",
                    "type": "query",
                    "query": "label_values(kube_pod_info, namespace)",
                },
            ]
        },
        "time": {"from": "now-6h", "to": "now"},
        "title": title,
        "uid": token(rng, 9).lower(),
        "version": rng.randint(1, 40),
    }
    return json.dumps(doc, indent=2) + "\n"


def iam_policy(rng: Random, world: World, name: str) -> str:
    doc = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadSecrets",
                "Effect": "Allow",
                "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                "Resource": [
                    f"arn:aws:secretsmanager:{world.region}:{world.account}:secret:"
                    f"core-platform/{name}/*"
                ],
            },
            {
                "Sid": "Bucket",
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                "Resource": [
                    f"arn:aws:s3:::{world.org}-{name}",
                    f"arn:aws:s3:::{world.org}-{name}/*",
                ],
            },
        ],
    }
    if rng.random() < 0.5:
        doc["Statement"].append(
            {
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": f"arn:aws:kms:{world.region}:{world.account}:key/{fake_uuid(rng)}",
            }
        )
    return json.dumps(doc, indent=2) + "\n"


def scope(rng: Random, name: str, mappers: int) -> dict[str, Any]:
    return {
        "id": fake_uuid(rng),
        "name": name,
        "description": f"OpenID Connect built-in scope: {name}",
        "protocol": "openid-connect",
        "attributes": {
            "include.in.token.scope": "true",
            "display.on.consent.screen": "true",
            "consent.screen.text": f"${{{name}ScopeConsentText}}",
        },
        "protocolMappers": [
            {
                "id": fake_uuid(rng),
                "name": f"{name} mapper {n}",
                "protocol": "openid-connect",
                "protocolMapper": "oidc-usermodel-attribute-mapper",
                "consentRequired": False,
                "config": {
                    "userinfo.token.claim": "true",
                    "user.attribute": f"{name}{n}",
                    "id.token.claim": "true",
                    "access.token.claim": "true",
                    "claim.name": f"{name}_{n}",
                    "jsonType.label": "String",
                },
            }
            for n in range(mappers)
        ],
    }


def kc_client(
    rng: Random,
    client_id: str,
    origins: list[str],
    callback: str,
    *,
    public: bool = False,
) -> dict[str, Any]:
    return {
        "id": fake_uuid(rng),
        "clientId": client_id,
        "name": client_id.replace("-", " ").title(),
        "rootUrl": origins[0] if origins else "",
        "adminUrl": "",
        "surrogateAuthRequired": False,
        "enabled": True,
        "alwaysDisplayInConsole": False,
        "clientAuthenticatorType": "client-secret",
        "secret": "**********",
        "redirectUris": [o + callback for o in origins],
        "webOrigins": list(origins),
        "notBefore": 0,
        "bearerOnly": False,
        "consentRequired": False,
        "standardFlowEnabled": True,
        "implicitFlowEnabled": False,
        "directAccessGrantsEnabled": False,
        "serviceAccountsEnabled": False,
        "publicClient": public,
        "frontchannelLogout": True,
        "protocol": "openid-connect",
        "attributes": {
            "post.logout.redirect.uris": "##".join(o + "/*" for o in origins),
            "pkce.code.challenge.method": "S256",
            "backchannel.logout.session.required": "true",
        },
        "fullScopeAllowed": True,
        "nodeReRegistrationTimeout": -1,
        "defaultClientScopes": ["web-origins", "acr", "profile", "roles", "basic", "email"],
        "optionalClientScopes": ["address", "phone", "offline_access", "microprofile-jwt"],
    }


def keycloak_realm(rng: Random, world: World, env: str, zot_origins: list[str]) -> str:
    others = {
        "grafana": [f"https://grafana.{env}.{world.domain}"],
        "argocd": [f"https://argocd.{env}.{world.domain}"],
        "airflow": [f"https://airflow.{env}.{world.domain}"],
    }
    clients = [
        kc_client(rng, "account", [f"{world.sso(env)}"], f"/realms/{world.realm}/account/*"),
        kc_client(rng, "admin-cli", [], "", public=True),
        kc_client(rng, "broker", [], ""),
        kc_client(rng, "realm-management", [], ""),
        kc_client(rng, "security-admin-console", [world.sso(env)], "/admin/*", public=True),
    ]
    for cid, origins in others.items():
        clients.append(kc_client(rng, cid, origins, "/login/generic_oauth"))
    clients.append(kc_client(rng, "zot", zot_origins, "/zot/auth/callback/oidc"))
    names = [
        "profile",
        "email",
        "roles",
        "web-origins",
        "acr",
        "basic",
        "address",
        "phone",
        "offline_access",
        "microprofile-jwt",
    ]
    doc: dict[str, Any] = {
        "id": fake_uuid(rng),
        "realm": world.realm,
        "displayName": f"{world.org.title()} {env}",
        "enabled": True,
        "sslRequired": "external",
        "accessTokenLifespan": 300,
        "ssoSessionIdleTimeout": 1800,
        "ssoSessionMaxLifespan": 36000,
        "registrationAllowed": False,
        "loginWithEmailAllowed": True,
        "bruteForceProtected": True,
        "roles": {
            "realm": [
                {"id": fake_uuid(rng), "name": r, "composite": False, "clientRole": False}
                for r in ["offline_access", "uma_authorization", "registry-admin", "developer"]
            ]
        },
        "groups": [
            {"id": fake_uuid(rng), "name": t, "path": f"/{t}", "subGroups": []}
            for t in rng.sample(TEAMS, 6)
        ],
        "defaultRole": {"id": fake_uuid(rng), "name": f"default-roles-{world.realm}"},
        "requiredCredentials": ["password"],
        "otpPolicyType": "totp",
        "otpPolicyAlgorithm": "HmacSHA1",
        "clients": clients,
        "clientScopes": [scope(rng, n, rng.randint(1, 4)) for n in names],
        "defaultDefaultClientScopes": ["role_list", "profile", "email", "roles", "web-origins"],
        "defaultOptionalClientScopes": ["offline_access", "address", "phone", "microprofile-jwt"],
        "browserSecurityHeaders": {
            "contentSecurityPolicy": "frame-src 'self'; frame-ancestors 'self'; object-src 'none';",
            "xFrameOptions": "SAMEORIGIN",
            "strictTransportSecurity": "max-age=31536000; includeSubDomains",
        },
        "eventsEnabled": False,
        "eventsListeners": ["jboss-logging"],
        "internationalizationEnabled": False,
        "browserFlow": "browser",
        "directGrantFlow": "direct grant",
        "keycloakVersion": "25.0.6",
    }
    return json.dumps(doc, indent=2, separators=(",", " : ")) + "\n"


def readme(rng: Random, world: World, title: str, paths: list[str]) -> str:
    lines = [
        f"# {title}",
        "",
        f"GitOps configuration for {world.org}. ArgoCD watches `main`; every directory below is",
        "rendered by an Application under `argocd/apps/`.",
        "",
        "## Layout",
        "",
    ]
    lines += [f"- `{p}`" for p in paths]
    lines += [
        "",
        "## Changing values",
        "",
        "1. Edit the values file for the environment.",
        "2. Open a pull request; CI runs `helm template` and the linters.",
        "3. Merge; ArgoCD syncs within three minutes.",
        "",
    ]
    if rng.random() < 0.5:
        lines += [
            "Secrets never live in this repository: they are stored in AWS Secrets Manager",
            "and synced by External Secrets Operator.",
            "",
        ]
    return "\n".join(lines)


def dotenv(rng: Random, app: str, env: str) -> str:
    lines = [
        f"# local overrides for {app} ({env}); not read by the cluster",
        f"APP_NAME={app}",
        f"APP_ENV={env}",
        f"LOG_LEVEL={rng.choice(['debug', 'info'])}",
        f"HTTP_PORT={rng.choice([8080, 3000, 9000])}",
        "DB_PASSWORD=${DB_PASSWORD}",
        f"CACHE_TTL={rng.randint(30, 600)}",
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Plan and orchestration
# --------------------------------------------------------------------------------------------

MIX = [
    ("values", 0.65),
    ("application", 0.10),
    ("eso", 0.08),
    ("zot", 0.07),
    ("manifest", 0.05),
    ("json", 0.03),
    ("misc", 0.02),
]
# A platform repository full of zot: more than half of the files are ones zotlint parses (zot
# values across clusters and environments, the ESO objects and Applications that deploy them,
# Kubernetes Secrets, a realm export per environment).
ZOT_HEAVY_MIX = [
    ("values", 0.33),
    ("eso", 0.22),
    ("application", 0.15),
    ("secret", 0.10),
    ("zot", 0.07),
    ("manifest", 0.06),
    ("json", 0.05),
    ("misc", 0.02),
]
MIXES = {"default": MIX, "zot-heavy": ZOT_HEAVY_MIX}
GUIDE_ENVS = ["dev", "staging", "prod"]
PLANTS = [
    # (kind, env, what, rules); the first two go to tenant paths in dev
    ("groups-scope", "dev", "scopes request `groups` (no such Keycloak client scope)",
     ["ZOT109", "ZOT406"]),
    ("issuer-slash", "dev", "Keycloak issuer ends with a trailing slash", ["ZOT108"]),
    ("no-external-url", "qa", "OpenID configured but http.externalUrl missing", ["ZOT101"]),
    ("unmounted-credentials", "uat", "credentialsFile directory /secrets/oidc is not mounted",
     ["ZOT201"]),
    ("client-secret", "sandbox", "clientsecret committed inline in the zot config",
     ["ZOT301", "ZOT111"]),
    ("apr1", "perf", "htpasswd entry uses $apr1$ (zot cannot verify it)",
     ["ZOT128", "ZOT302"]),
    ("duplicate-key", "dr", "duplicate key replicaCount (second occurrence)", ["ZOT003"]),
]  # fmt: skip
MIN_FILES = 50


def plan(n: int, mix: str = "default") -> dict[str, int]:
    if n < MIN_FILES:
        raise ValueError(f"--files must be at least {MIN_FILES}")
    if mix not in MIXES:
        raise ValueError(f"unknown --mix {mix!r} (choose from {', '.join(MIXES)})")
    raw = {k: n * w for k, w in MIXES[mix]}
    counts = {k: int(v) for k, v in raw.items()}
    rest = n - sum(counts.values())
    for k in sorted(raw, key=lambda k: (counts[k] - raw[k], k))[:rest]:
        counts[k] += 1
    mins = {"zot": 3 + len(PLANTS) + 1, "eso": 4, "application": 6, "manifest": 6, "json": 2}
    mins["misc"] = 2
    for k, m in mins.items():
        if counts[k] < m:
            counts["values"] -= m - counts[k]
            counts[k] = m
    counts.setdefault("secret", 0)
    return counts


def value_lines(rng: Random) -> int:
    # ~50..400 lines, skewed towards the lower end (target mean ~130, median ~85);
    # the base sections of multi-component charts can exceed it
    return int(45 + 330 * rng.random() ** 3.0)


def generate(n: int, seed: int, out: Path | None = None, mix: str = "default") -> Repo:
    counts = plan(n, mix)
    heavy = mix == "zot-heavy"
    world = make_world(seed)
    repo = Repo(world)

    def rng_for(kind: str, i: int) -> Random:
        return Random(f"{seed}/{kind}/{i}")

    tenants = [f"{t}-{s}" for t in TEAMS for s in ("registry", "artifacts", "mirror")]

    # -- zot values ------------------------------------------------------------------------
    plan_zot: list[tuple[str, str, str | None]] = []  # (path, env, plant)
    for env in GUIDE_ENVS:
        plan_zot.append((f"infra/deployments/core/zot/values/{env}.yaml", env, None))
    for kind, env, _what, _rules in PLANTS:
        if env == "dev":
            tenant = tenants[len(plan_zot) % len(tenants)]
            plan_zot.append((f"tenants/{tenant}/zot/values/{env}.yaml", env, kind))
        else:
            plan_zot.append((f"infra/deployments/core/zot/values/{env}.yaml", env, kind))
    i = 0
    while len(plan_zot) < counts["zot"]:
        r = rng_for("zot-path", i)
        env = r.choice(ENVS)
        tenant = r.choice(tenants)
        if r.random() < (0.3 if heavy else 0.5):
            path = f"tenants/{tenant}/zot/values/{env}.yaml"
        else:
            cluster = r.choice([c for c, e in world.clusters if e == env])
            path = f"clusters/{cluster}/{tenant}/zot/values.yaml"
        plan_zot.append((path, env, None))
        i += 1
    for i, (path, env, plant) in enumerate(plan_zot):
        r = rng_for("zot", i)
        if path.startswith("infra/"):
            origin, name = f"https://registry-{env}.{world.domain}", f"zot-{env}"
        elif heavy and path.startswith("clusters/"):
            # one registry per tenant and cluster: its own host and release name
            cluster, tenant = path.split("/")[1:3]
            suffix = Path(path).stem.removeprefix("values")
            origin = f"https://{tenant}{suffix}.{cluster}.{world.domain}"
            name = f"zot-{tenant}{suffix}-{cluster}"
        else:
            tenant = path.split("/")[1] if path.startswith("tenants/") else path.split("/")[2]
            origin = f"https://{tenant}.{env}.{world.domain}"
            name = f"zot-{tenant}-{env}"
        content, secrets, texts = zot_values(r, world, env, origin, "zot", plant)
        path = repo.add(path, content)
        if plant is not None:
            what, rules = next((w, ru) for k, _e, w, ru in PLANTS if k == plant)
            nth = 2 if plant == "duplicate-key" else 1
            repo.plant(path, texts[plant], what, rules, nth=nth)
        repo.zots.append(ZotDeployment(path, env, origin, "zot", name, secrets))

    # -- External Secrets --------------------------------------------------------------------
    eso_left = counts["eso"]
    wrapper_envs = ENVS[: max(1, min(len(ENVS), eso_left // 8))]
    for env in GUIDE_ENVS:
        if env not in wrapper_envs:
            wrapper_envs.append(env)
    wrapper_envs = [e for e in ENVS if e in wrapper_envs]
    infra_zot = {z.env: z for z in repo.zots if z.path.startswith("infra/")}
    for k, env in enumerate(wrapper_envs):
        r = rng_for("eso-wrapper", k)
        z = infra_zot.get(env)
        path = f"infra/deployments/config/external-secret/values/{env}.yaml"
        content = wrapper_values(
            r, world, env, z.secrets if z else [], "zot", r.randint(8, 30), env == "dev"
        )
        repo.add(path, content)
        if env == "dev":
            repo.plant(
                path,
                "property: credentials.json",
                "ESO remoteRef.property on the whole-document credentials.json",
                ["ZOT501"],
            )
    eso_left -= len(wrapper_envs)
    tenant_zots = [z for z in repo.zots if not z.path.startswith("infra/") and z.secrets]
    adjacent = min(len(tenant_zots), int(eso_left * (0.75 if heavy else 0.4)))
    for k, z in enumerate(tenant_zots[:adjacent]):
        r = rng_for("eso-zot", k)
        docs = [secret_store(r, world, "aws-secretsmanager", z.namespace, "zot-sa")]
        for secret, key in z.secrets:
            docs.append(
                external_secret(
                    r,
                    secret,
                    z.namespace,
                    "aws-secretsmanager",
                    zot_secret_data(secret, key, z.env),
                )
            )
        parent = Path(z.path).parent
        if parent.name == "values":
            target = parent.parent / f"externalsecret-{z.env}.yaml"
        else:
            target = parent / "externalsecret.yaml"
        repo.add(str(target), docs_text(r, docs))
    eso_left -= adjacent
    names = SERVICES + [a.name for a in APPS]
    for k in range(eso_left):
        r = rng_for("eso", k)
        app = r.choice(names)
        env = r.choice(ENVS)
        ns = app.split("-")[0]
        style = r.random()
        if style < 0.15:
            doc = secret_store(r, world, "aws-secretsmanager", ns, f"{ns}-sa", cluster=True)
            doc["metadata"]["name"] = f"aws-{env}"
            path = f"envs/{env}/secret-stores/cluster-secret-store.yaml"
            repo.add(path, docs_text(r, [doc]))
            continue
        docs = []
        if style < 0.5:
            docs.append(secret_store(r, world, "aws-secretsmanager", ns, f"{ns}-sa"))
        for j in range(r.randint(1, 4)):
            name = f"{app}-{r.choice(['db', 'api', 'smtp', 'oauth', 'tls'])}-{j}"
            template = None
            if r.random() < 0.3:
                template = {
                    "type": "Opaque",
                    "data": {"DATABASE_URL": "postgres://{{ .username }}:{{ .password }}@db:5432"},
                }
            docs.append(
                external_secret(
                    r,
                    name,
                    ns,
                    "aws-secretsmanager",
                    other_secret_data(r, world, app, env),
                    template=template,
                )
            )
        base = r.choice([f"apps/{app}/manifests", f"envs/{env}/{app}", f"envs/{env}/secrets/{app}"])
        repo.add(f"{base}/externalsecret.yaml", docs_text(r, docs))

    # -- wrapper chart (counted as manifests) ------------------------------------------------
    chart_dir = "infra/deployments/config/external-secret"
    repo.add(f"{chart_dir}/Chart.yaml", WRAPPER_CHART)
    repo.add(f"{chart_dir}/values.yaml", WRAPPER_DEFAULTS)
    for name, text in (
        ("secretstore.yaml", WRAPPER_STORE_TEMPLATE),
        ("externalsecret.yaml", WRAPPER_SECRET_TEMPLATE),
    ):
        repo.not_yaml.append(repo.add(f"{chart_dir}/templates/{name}", text))

    # -- unrelated values --------------------------------------------------------------------
    services = [service_app(s, world) for s in SERVICES]
    catalogue = APPS + services
    broken_at = counts["values"] // 2
    for k in range(counts["values"]):
        r = rng_for("values", k)
        app = r.choice(catalogue)
        env = r.choice(ENVS)
        layout = r.random()
        if layout < 0.5:
            path = f"apps/{app.name}/values/{env}.yaml"
        elif layout < 0.7:
            path = f"apps/{app.name}/values/{env}-{r.choice(REGIONS)}.yaml"
        elif layout < 0.9:
            cluster = r.choice([c for c, e in world.clusters if e == env])
            path = f"envs/{env}/{cluster}/{app.name}/values.yaml"
        else:
            cluster = r.choice([c for c, e in world.clusters if e == env])
            path = f"clusters/{cluster}/{app.name}/values.yaml"
        content = helm_values(r, world, app, env, value_lines(r))
        if k == broken_at:
            content = content.rstrip("\n") + (
                "\n\nextraTolerations:\n"
                "  - key: dedicated\n"
                "    operator: Equal\n"
                "   value: monitoring\n"
                "    effect: NoSchedule\n"
            )
        path = repo.add(path, content)
        if k == broken_at:
            repo.plant(
                path,
                "   value: monitoring",
                "YAML syntax error: mis-indented key in a list item",
                ["ZOT001"],
                broken=True,
            )
            repo.not_yaml.append(path)
        repo.values.append(
            ValuesRef(path, app.name, app.repo, app.chart, app.version, env, app.namespace)
        )

    # -- ArgoCD Applications -----------------------------------------------------------------
    apps_left = counts["application"]
    # priority: the guide's chain first (zot + external-secrets per guide env), then the
    # other infra zots and wrapper envs, then some tenant zots
    ranked: list[tuple[int, str, str]] = []
    for k, z in enumerate(repo.zots):
        if z.path.startswith("infra/"):
            rank = 0 if z.env in GUIDE_ENVS else 1
        elif k < apps_left // (3 if heavy else 5):
            rank = 2
        else:
            continue
        ranked.append((rank, z.name, zot_application(rng_for("zot-app", k), world, z, 2)))
    for k, env in enumerate(wrapper_envs):
        rank = 0 if env in GUIDE_ENVS else 1
        text = eso_application(rng_for("eso-app", k), world, env)
        ranked.append((rank, f"external-secrets-{env}", text))
    fixed = [(name, text) for _rank, name, text in sorted(ranked, key=lambda t: t[0])]
    for name, text in fixed[:apps_left]:
        repo.add(f"argocd/apps/{name}.yaml", text)
    apps_left -= min(apps_left, len(fixed))
    picker = Random(f"{seed}/app-pick")
    chosen = picker.sample(range(len(repo.values)), min(apps_left, len(repo.values)))
    for k, idx in enumerate(chosen):
        name, text = values_application(rng_for("app", k), world, repo.values[idx])
        repo.add(f"argocd/apps/{name}.yaml", text)

    # -- Kubernetes Secrets (zot-heavy mix) ----------------------------------------------------
    for k in range(counts["secret"]):
        r = rng_for("secret", k)
        if k % 5 < 2 and repo.zots:
            z = repo.zots[r.randrange(len(repo.zots))]
            parent = Path(z.path).parent
            if parent.name == "values":
                parent = parent.parent
            path = str(parent / f"secret-{z.env}.yaml")
            repo.add(path, zot_k8s_secret(r, z))
        else:
            app = r.choice(catalogue).name
            env = r.choice(ENVS)
            base = r.choice([f"apps/{app}/manifests", f"envs/{env}/{app}"])
            repo.add(f"{base}/secret.yaml", app_k8s_secret(r, app, env))

    # -- manifests -----------------------------------------------------------------------------
    for k in range(counts["manifest"] - 4):
        r = rng_for("manifest", k)
        name = r.choice(SERVICES)
        env = r.choice(ENVS)
        path = r.choice(
            [
                f"apps/{name}/manifests/{name}.yaml",
                f"envs/{env}/{name}/resources.yaml",
                f"platform/{name}/{env}/manifests.yaml",
            ]
        )
        repo.add(path, manifests(r, world, name, name.split("-")[0], env))

    # -- JSON: Keycloak exports, dashboards, IAM ---------------------------------------------
    n_realms = min(len(ENVS), (len(ENVS) if heavy else 1 + n // 1200), counts["json"] - 1)
    by_env: dict[str, list[str]] = {}
    for z in repo.zots:
        by_env.setdefault(z.env, [])
        if z.origin not in by_env[z.env]:
            by_env[z.env].append(z.origin)
    for k, env in enumerate(ENVS[:n_realms]):
        repo.add(
            f"infra/keycloak/realms/{env}/realm-export.json",
            keycloak_realm(
                rng_for("realm", k),
                world,
                env,
                sorted(
                    by_env.get(env, []), key=lambda o: (not o.startswith("https://registry-"), o)
                ),
            ),
        )
    for k in range(counts["json"] - n_realms):
        r = rng_for("json", k)
        if r.random() < 0.6:
            app = r.choice(catalogue).name
            repo.add(
                f"apps/grafana/dashboards/{app}-{r.choice(ENVS)}.json",
                grafana_dashboard(r, f"{app} overview"),
            )
        else:
            name = r.choice([*SERVICES, "zot", "external-secrets", "velero"])
            repo.add(f"infra/iam/policies/{name}-{r.choice(ENVS)}.json", iam_policy(r, world, name))

    # -- README and .env ---------------------------------------------------------------------
    top = sorted({p.split("/")[0] for p in repo.files})
    repo.add("README.md", readme(rng_for("readme", 0), world, f"{world.org}-gitops", top))
    for k in range(counts["misc"] - 1):
        r = rng_for("misc", k)
        app = r.choice(catalogue).name
        if r.random() < 0.5:
            repo.add(
                f"apps/{app}/README.md",
                readme(r, world, app, [f"apps/{app}/values/{e}.yaml" for e in ENVS[:3]]),
            )
        else:
            env = r.choice(ENVS)
            repo.add(f"envs/{env}/{app}/.env", dotenv(r, app, env))

    if len(repo.files) != n:
        raise AssertionError(f"generated {len(repo.files)} files, expected {n}")
    if out is not None:
        write(repo, out, n, seed, mix)
    return repo


def write(repo: Repo, out: Path, n: int, seed: int, mix: str = "default") -> None:
    if out.exists() and any(out.iterdir()):
        if not (out / "PLANTED.json").exists():
            raise SystemExit(f"{out} is not empty and was not made by this generator; refusing")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(repo.files):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(repo.files[path].encode("utf-8"))
    meta = {
        "generator": GENERATOR_VERSION,
        "files": n,
        "seed": seed,
        **({"mix": mix} if mix != "default" else {}),
        "bytes": sum(len(c.encode("utf-8")) for c in repo.files.values()),
        "problems": [
            {
                "file": p.file,
                "line": p.line,
                "text": p.text,
                "what": p.what,
                "rules": p.rules,
                "broken": p.broken,
            }
            for p in sorted(repo.planted, key=lambda p: (p.file, p.line))
        ],
        "not_yaml": sorted(repo.not_yaml),
    }
    (out / "PLANTED.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--files", type=int, required=True, help=f"number of files (>= {MIN_FILES})"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--mix",
        choices=sorted(MIXES),
        default="default",
        help="what the files are: 'default' (zot one app among many) or 'zot-heavy' "
        "(more than half of the files are zot, ESO, Argo and Secret objects)",
    )
    args = parser.parse_args(argv)
    try:
        repo = generate(args.files, args.seed, args.out, args.mix)
    except ValueError as exc:
        parser.error(str(exc))
    size = sum(len(c.encode("utf-8")) for c in repo.files.values())
    print(
        f"wrote {len(repo.files)} files ({size:,} bytes, {size / len(repo.files):,.0f} B/file) "
        f"to {args.out}; {len(repo.planted)} planted problems in PLANTED.json",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
