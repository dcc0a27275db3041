"""Flux helm-controller's naming of a HelmRelease's Helm release, read from its source
(fluxcd/helm-controller).

The release name is `spec.releaseName`, else `<targetNamespace>-<name>` when
`spec.targetNamespace` is set, else `metadata.name` (api/v2/helmrelease_types.go
`GetReleaseName`); a name longer than 53 characters is cut to 40 and suffixed with `-` and 12 hex
digits of its SHA-256 (internal/release `ShortenName`). Reading HelmReleases into deployments is
``zotlint.model.sources.flux``.
"""

from __future__ import annotations

from zotlint.digest import sha256

HELM_GROUP = "helm.toolkit.fluxcd.io"
SOURCE_GROUP = "source.toolkit.fluxcd.io"
MAX_RELEASE_NAME = 53  # Helm's limit; helm-controller shortens longer names


def shorten_release_name(name: str) -> str:
    """helm-controller's `ShortenName`: names over 53 characters get a hash suffix."""
    if len(name) <= MAX_RELEASE_NAME:
        return name
    digest = sha256(name.encode()).hexdigest()[:12]
    return name[: MAX_RELEASE_NAME - 13] + "-" + digest


def default_release_name(name: str, target_namespace: str | None) -> str:
    """The release name without `spec.releaseName`: `<targetNamespace>-<name>`, else the name."""
    return f"{target_namespace}-{name}" if target_namespace else name
