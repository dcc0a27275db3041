"""Source: Kubernetes objects that provide Secrets, ConfigMaps and service accounts
(ExternalSecrets, SecretStores, Secrets, SealedSecrets, cert-manager, Vault, the chart's own)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zotlint.document import Document, Kind, Path
from zotlint.knowledge.eso_read import read_external_secret, read_store
from zotlint.model.deployment import Deployment
from zotlint.model.env import Scope
from zotlint.model.provisioning import SecretSource, ServiceAccount, secret_keys
from zotlint.model.sources import kustomize
from zotlint.model.sources.base import meta
from zotlint.model.values import (
    truthy,
)

if TYPE_CHECKING:
    from zotlint.model.sources.base import BuildContext


def read(ctx: BuildContext) -> None:
    idx = ctx.model.secrets
    for doc in ctx.project.documents(Kind.EXTERNAL_SECRET):
        if isinstance(doc.data, dict) and doc.data.get("kind") == "ExternalSecret":
            sc = ctx.scope(doc)
            ctx.model._scopes[id(doc)] = sc
            idx.add_external_secret(read_external_secret(doc, (), doc.data, sc, False))
    for doc in ctx.project.documents(Kind.SECRET_STORE):
        if isinstance(doc.data, dict):
            sc = ctx.scope(doc)
            ctx.model._scopes[id(doc)] = sc
            if doc.data.get("kind") == "ClusterSecretStore":
                sc = Scope(None, None, sc.env)
            idx.add_store(read_store(doc, (), doc.data, sc, False))
    for doc in ctx.project.documents(Kind.ESO_LIST):
        if not isinstance(doc.data, dict):
            continue
        base = ctx.scope(doc, (None, None))
        ctx.model._scopes[id(doc)] = base
        for key, reader in (
            ("secretStores", read_store),
            ("externalSecrets", read_external_secret),
        ):
            items = doc.data.get(key)
            if not isinstance(items, list):
                continue
            for i, item in enumerate(items):
                if not isinstance(item, dict):
                    continue
                if key == "externalSecrets" and not any(
                    k in item for k in ("secretStoreRef", "data", "dataFrom", "target")
                ):
                    continue  # the zot chart's own {secretName, mountPath} list
                sc = _entry_scope(ctx, doc, (key, i), item, base, key == "secretStores")
                obj = reader(doc, (key, i), item, sc, True)
                if key == "secretStores":
                    if obj.kind == "ClusterSecretStore":
                        obj.scope = Scope(None, None, sc.env)
                    idx.add_store(obj)  # type: ignore[arg-type]
                else:
                    idx.add_external_secret(obj)  # type: ignore[arg-type]
    for doc in ctx.project.documents(Kind.SECRET):
        name = meta(doc, "name")
        if name and isinstance(doc.data, dict):
            sc = ctx.scope(doc)
            ctx.model._scopes[id(doc)] = sc
            idx.add_secret(
                SecretSource(
                    "secret",
                    name,
                    sc,
                    doc.ref(("metadata", "name")),
                    keys=secret_keys(doc.data),
                    keys_ref=doc.ref(()),
                )
            )
    for doc in ctx.project.documents(Kind.SEALED_SECRET):
        _sealed(ctx, doc)
    for doc in ctx.project.documents(Kind.CONFIG_MAP):
        name = meta(doc, "name")
        if name and isinstance(doc.data, dict):
            keys: set[str] = set()
            for f in ("data", "binaryData"):
                if isinstance(doc.data.get(f), dict):
                    keys.update(str(k) for k in doc.data[f])
            sc = ctx.scope(doc)
            ctx.model._scopes[id(doc)] = sc
            idx.add_secret(
                SecretSource(
                    "config-map",
                    name,
                    sc,
                    doc.ref(("metadata", "name")),
                    keys=frozenset(keys),
                    keys_ref=doc.ref(("data",)),
                    is_config_map=True,
                )
            )
    for doc in ctx.project.documents(Kind.SERVICE_ACCOUNT):
        name = meta(doc, "name")
        if name and isinstance(doc.data, dict):
            md = doc.data.get("metadata") or {}
            ann = md.get("annotations") if isinstance(md.get("annotations"), dict) else {}
            idx.add_account(
                ServiceAccount(name, ctx.scope(doc), ann, doc.ref(("metadata", "name")), "manifest")
            )
    for doc in ctx.project.documents(Kind.K8S_OBJECT):
        _other_object(ctx, doc)
    for kdoc in ctx.kustomizations.values():
        kustomize.read_generators(ctx, kdoc)
    for dep in ctx.deployments:
        _chart_objects(ctx, dep)
    idx.resolve_data_from()


def _entry_scope(
    ctx: BuildContext, doc: Document, path: Path, item: dict[str, Any], base: Scope, store: bool
) -> Scope:
    for k in ("namespace",) if not store else ("namespace", "credentialsSecretNamespace"):
        v = item.get(k)
        if isinstance(v, str) and v:
            return Scope(v, doc.ref(path + (k,)), base.env)
    meta = item.get("metadata")
    if isinstance(meta, dict) and isinstance(meta.get("namespace"), str):
        return Scope(meta["namespace"], doc.ref(path + ("metadata", "namespace")), base.env)
    return Scope(base.namespace, base.namespace_ref, base.env)


def _sealed(ctx: BuildContext, doc: Document) -> None:
    name = meta(doc, "name")
    data = doc.data if isinstance(doc.data, dict) else {}
    spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
    tmpl = spec.get("template") if isinstance(spec.get("template"), dict) else {}
    tmeta = tmpl.get("metadata") if isinstance(tmpl.get("metadata"), dict) else {}
    target = tmeta.get("name") if isinstance(tmeta.get("name"), str) else name
    if not target:
        return
    keys: set[str] = set()
    if isinstance(spec.get("encryptedData"), dict):
        keys.update(str(k) for k in spec["encryptedData"])
    if isinstance(tmpl.get("data"), dict):
        keys.update(str(k) for k in tmpl["data"])
    sc = ctx.scope(doc)
    ctx.model._scopes[id(doc)] = sc
    ctx.model.secrets.add_secret(
        SecretSource(
            "sealed-secret",
            target,
            sc,
            doc.ref(("metadata", "name")),
            keys=frozenset(keys),
            keys_ref=doc.ref(("spec", "encryptedData")),
        )
    )


def _other_object(ctx: BuildContext, doc: Document) -> None:
    data = doc.data if isinstance(doc.data, dict) else {}
    kind = data.get("kind")
    api = str(data.get("apiVersion") or "")
    spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
    name: str | None = None
    path: Path = ()
    src_kind = ""
    if kind == "Certificate" and api.startswith("cert-manager.io/"):
        name, path, src_kind = spec.get("secretName"), ("spec", "secretName"), "certificate"
    elif api.startswith("secrets.hashicorp.com/"):
        dest = spec.get("destination") if isinstance(spec.get("destination"), dict) else {}
        name, path, src_kind = (
            dest.get("name"),
            ("spec", "destination", "name"),
            ("vault-secret"),
        )
    if isinstance(name, str) and name:
        sc = ctx.scope(doc)
        ctx.model._scopes[id(doc)] = sc
        ctx.model.secrets.add_secret(SecretSource(src_kind, name, sc, doc.ref(path)))


def _chart_objects(ctx: BuildContext, dep: Deployment) -> None:
    """The chart's own `<release>-secret` / `<release>-config` and its service account."""
    idx = ctx.model.secrets
    sc = dep.scope()
    v = dep.values
    if dep.release and dep.upstream:
        for flag, files_key, suffix, is_cm in (
            ("mountSecret", "secretFiles", "secret", False),
            ("mountConfig", "configFiles", "config", True),
        ):
            files = v.get((files_key,))
            if truthy(v.get((flag,))) and truthy(files) and isinstance(files, dict):
                ref = v.ref((files_key,)) or v.ref((flag,)) or dep.top_ref()
                idx.add_secret(
                    SecretSource(
                        "chart",
                        f"{dep.release}-{suffix}",
                        sc,
                        ref,
                        keys=frozenset(str(k) for k in files),
                        keys_ref=ref,
                        is_config_map=is_cm,
                    )
                )
    if truthy(v.get(("serviceAccount", "create"))) and dep.pod.service_account:
        ann = v.get(("serviceAccount", "annotations"))
        ref = v.ref(("serviceAccount", "name")) or v.ref(("serviceAccount",)) or dep.top_ref()
        idx.add_account(
            ServiceAccount(
                dep.pod.service_account, sc, ann if isinstance(ann, dict) else {}, ref, "chart"
            )
        )
