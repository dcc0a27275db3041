"""Deployment and Model: what the cross-file join produces (see the package docstring)."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from zotlint.document import Document, Path, Ref
from zotlint.model.argo import App, Source
from zotlint.model.chart import ChartInfo
from zotlint.model.env import Scope, env_from_path
from zotlint.model.pod import Pod
from zotlint.model.provisioning import SecretIndex
from zotlint.model.values import Layer, MergedValues, Origin
from zotlint.records import dataclass
from zotlint.source.text import Span

CONFIG_KEY: Path = ("configFiles", "config.json")


@dataclass(eq=False)
class Deployment:
    """One zot instance as the repository describes it (see the package docstring)."""

    key: str
    values: MergedValues
    chart: ChartInfo
    release: str | None
    release_ref: Ref | None
    namespace: str | None
    namespace_ref: Ref | None
    env: str | None
    primary: Document
    apps: list[App] = field(default_factory=list)
    source: Source | None = None
    kustomization: Document | None = None
    complete: bool = True
    pod: Pod = field(default_factory=lambda: Pod("Deployment"))
    config: Document | None = None
    config_source: str = "unknown"
    config_origin: Origin | None = None
    flux: Any = None  # the Flux HelmRelease deploying it (zotlint.model.sources.flux)

    @property
    def layers(self) -> list[Layer]:
        return self.values.layers

    @property
    def upstream(self) -> bool:
        return self.chart.upstream

    @property
    def chart_version(self) -> str | None:
        return self.chart.version

    @property
    def image_repository(self) -> str | None:
        v = self.values.get(("image", "repository"))
        return v if isinstance(v, str) else None

    @property
    def image_tag(self) -> str | None:
        v = self.values.get(("image", "tag"))
        return str(v) if isinstance(v, (str, int, float)) and v != "" else None

    @property
    def config_mounted(self) -> bool:
        return self.config_source in ("values", "configmap", "chart-default")

    @property
    def repo_config(self) -> Document | None:
        """The zot config the chart mounts from the repository (`configFiles` in the values, or
        the `<release>-config` ConfigMap), else None: a chart or image default, a workload's
        own config, or unknown."""
        return self.config if self.config_source in ("values", "configmap") else None

    def scope(self) -> Scope:
        return Scope(self.namespace, self.namespace_ref, self.env)

    def top_ref(self) -> Ref:
        """Line 1 of the deployment's main values file (for findings about chart defaults)."""
        host = self.primary.host
        return host.ref_span((), Span(0, 0))

    def label(self) -> str:
        parts = [self.key]
        if self.env:
            parts.append(f"env {self.env}")
        if self.namespace:
            parts.append(f"namespace {self.namespace}")
        return ", ".join(parts)


@dataclass(eq=False)
class Model:
    deployments: list[Deployment]
    apps: list[App]
    secrets: SecretIndex
    eso_version: str | None = None  # pinned External Secrets Operator version, if any
    eso_version_ref: Ref | None = None
    eso_unsafe_v1beta1: bool = False
    _by_config: dict[int, list[Deployment]] = field(default_factory=dict, repr=False)
    _by_doc: dict[int, list[Deployment]] = field(default_factory=dict, repr=False)
    _scopes: dict[int, Scope] = field(default_factory=dict, repr=False)
    # Answers of zotlint.model.links.follow, which several rules ask for every start file of
    # every deployment (see there).
    _chains: dict[tuple[int, Any], Any] = field(default_factory=dict, repr=False)

    def for_config(self, doc: Document) -> list[Deployment]:
        """Deployments whose zot config is ``doc``."""
        return self._by_config.get(id(doc), [])

    def using(self, doc: Document) -> list[Deployment]:
        """Deployments that take values from ``doc``."""
        return self._by_doc.get(id(doc), [])

    def scope_of(self, doc: Document) -> Scope:
        """Namespace and environment of a manifest or list document, as the model read them."""
        return self._scopes.get(id(doc)) or Scope(None, None, env_from_path(doc.source.rel))
