"""The deployment model: values, pod, Secrets and their sources linked across files.

What goes where
---------------
``zotlint.model`` (this package) is the cross-file join: which values layers, chart, config and
pod make one zot deployment (``build`` over ``sources/`` and ``offchart/``; ``values``,
``chart``, ``pod``, ``env``), which object provisions which Secret key (``provisioning``),
the chain a file zot reads follows (``links``; rendered by ``graph``), zot's Keycloak client
(``keycloak_link``), the IAM role behind a SecretStore (``iam``). A fact read from one product's
own document — zot's config, a Keycloak realm, an ExternalSecret, a URL — belongs in
``zotlint.knowledge``; a rule reads both and re-derives neither.

Built once per run from every classified document (the engine calls ``build_model`` through
zotlint.facts when a rule first reads ``ctx.model``) and shared read-only by the rules. Every
join is a dictionary lookup by name followed by a namespace/environment filter, so the cost
stays linear in the number of documents.

Public API (what rules and other packs may rely on)
---------------------------------------------------

``Model`` (``ctx.model``)
    ``deployments``: list[Deployment]; ``apps``: list[App] (every Argo CD Application read);
    ``secrets``: SecretIndex; ``eso_version`` / ``eso_version_ref``: the External Secrets
    Operator version the repo pins (chart `external-secrets` in an Application, a Chart.yaml
    dependency or kustomize `helmCharts`; the oldest when several), None when not pinned;
    ``eso_unsafe_v1beta1``;
    ``for_config(doc)``: deployments whose zot config is ``doc``; ``using(doc)``: deployments
    that take values from ``doc`` (a values file, an Application, a kustomization);
    ``scope_of(doc)``: the Scope (namespace, where it was written, environment) of a manifest.

``Deployment`` — one zot instance: a values file alone, the stack an Application layers, a Flux
HelmRelease of the zot chart (``flux``: its ``zotlint.model.sources.flux.HelmRelease``), or a
kustomize `helmCharts` entry
    ``values``: MergedValues — chart defaults for the chart version + user layers merged as
    Helm and Argo CD merge them. ``values.get(path)``, ``values.origin(path)`` (the Layer and
    path that set it; None for a chart default), ``values.ref(path, part)`` (a Ref into the
    file that set it), ``values.user_set(path)``, ``values.deleted`` (paths a user `null`
    removed), ``values.layers`` (in merge order; ``Layer.doc``, ``.root``, ``.source``:
    "file" | "umbrella" | "values" | "valuesObject" | "parameter" | "kustomize" | "flux-values" |
    "flux-valuesFrom").
    ``chart``: ChartInfo — ``kind`` ("helm-repo" | "flux" | "umbrella" | "vendored" | "local" |
    "assumed"),
    ``spec`` (as written, ranges allowed), ``version`` (resolved release or None),
    ``effective_version`` (newest when unknown), ``upstream`` (the project-zot chart),
    ``ref`` (where the version is written: Application `targetRevision`, Chart.yaml dependency,
    kustomize `version`).
    ``image_repository`` / ``image_tag`` (merged; the chart's appVersion when not overridden).
    ``config``: the zot config Document the repo gives it (embedded `configFiles."config.json"`
    of the layer that set it, or the `<release>-config` ConfigMap), ``config_source``:
    "values" | "configmap" | "chart-default" | "image-default" | "unknown";
    ``config_mounted``; ``repo_config`` (``config`` when it comes from the values or a
    ConfigMap, else None).
    ``release`` / ``release_ref`` (Application name unless `helm.releaseName`; None for a
    values file nothing deploys); ``namespace`` / ``namespace_ref``; ``env``;
    ``apps`` (the Applications deploying it) and ``source`` (their source entry);
    ``kustomization``; ``primary`` (its main document); ``complete`` (False when a value file
    could not be read, so defaults may be wrong); ``pod``: Pod.

``Pod`` — as the chart renders it: ``kind`` (Deployment | StatefulSet), ``volumes``
(Volume: name, kind, source_name, chart, items, optional, name_ref, source_ref),
``mounts`` (Mount: name, mount_path, container, sub_path, chart, name_ref, path_ref, volume),
``mount_for(path)``, ``volume(name)``, ``service_account``.

``SecretIndex`` — ``external_secrets`` (ExternalSecret: manifests v1/v1beta1 and wrapper-list
entries, with ``scope``, ``target_name``, ``data`` entries, ``keys()``, ``store_name``…),
``stores`` (SecretStore / ClusterSecretStore, with IRSA service account), ``secrets(name, ns,
env)`` (SecretSource: ExternalSecret targets, Secrets, SealedSecrets, chart-rendered Secrets,
cert-manager Certificates, Vault Secrets Operator, kustomize generators; ``keys`` when fully
known), ``config_maps(…)``, ``find_stores(kind, name, ns, env)``, ``accounts(name, ns, env)``.

``zotlint.model.links`` — ``start_files(config)`` and ``follow(model, deployment, file)``: the
chain path → mount → volume → Secret → ExternalSecret, used by the wiring rules and by
`zotlint graph`; ``config_reads(model, mounted=False)``: every (deployment, config, file).

``zotlint.model.keycloak_link`` — ``link(facts, doc, provider)``: zot's Keycloak client;
``linked_providers(facts, doc)`` and ``linked_clients(facts)``: the ZOT4xx rules' starting
points.

Rules that judge one upstream deployment at a time use the DEPLOYMENT scope
(``zotlint.rule``): the engine hands them each complete deployment of the project-zot chart and
keeps one report per place; the others keep ``zotlint.model.report.Once`` / ``Best``.

Sources: ``zotlint.model.build.SOURCES`` lists the modules of ``zotlint.model.sources`` that
feed the join, in order; a new shape of repository is one module with a ``read(ctx)`` function
(``sources.base.BuildContext``). ``sources.flux.helm_releases(ctx)`` lists every Flux
HelmRelease (chart identity, release name, namespaces, ordered values layers) for other sources.

Namespaces and environments that cannot be known are None and compatible with everything
(``zotlint.model.env``): the model never guesses a mismatch.
"""

from zotlint.knowledge.eso import ExternalSecret, SecretStore
from zotlint.model.build import Deployment, Model, build_model
from zotlint.model.chart import ChartInfo
from zotlint.model.env import Scope, compatible, known_mismatch
from zotlint.model.pod import Mount, Pod, Volume
from zotlint.model.provisioning import SecretIndex, SecretSource, ServiceAccount
from zotlint.model.values import Layer, MergedValues, Origin, truthy

__all__ = [
    "ChartInfo",
    "Deployment",
    "ExternalSecret",
    "Layer",
    "MergedValues",
    "Model",
    "Mount",
    "Origin",
    "Pod",
    "Scope",
    "SecretIndex",
    "SecretSource",
    "SecretStore",
    "ServiceAccount",
    "Volume",
    "build_model",
    "compatible",
    "known_mismatch",
    "truthy",
]
