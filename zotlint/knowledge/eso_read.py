"""Reading ExternalSecrets and SecretStores: manifests (v1 and v1beta1) and the entries of the
wrapper-chart lists (`secretStores:` / `externalSecrets:`, Kind.ESO_LIST), read like the
manifests they render: an entry's fields are those of the ExternalSecret `spec` (or its own
`spec:`), plus `name` and `namespace`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zotlint.document import Document, Path
from zotlint.knowledge.eso import DataEntry, DataFrom, ExternalSecret, SecretStore

if TYPE_CHECKING:
    from zotlint.model.env import Scope


def _s(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def read_external_secret(
    doc: Document,
    path: Path,
    obj: dict[str, Any],
    scope: Scope,
    listed: bool,
) -> ExternalSecret:
    if listed:
        spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else obj
        spec_path = path + ("spec",) if spec is not obj else path
        name = _s(obj.get("name"))
        api = _s(obj.get("apiVersion"))
    else:
        spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
        spec_path = path + ("spec",)
        meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        name = _s(meta.get("name"))
        api = _s(obj.get("apiVersion"))
    target = spec.get("target") if isinstance(spec.get("target"), dict) else {}
    store = spec.get("secretStoreRef") if isinstance(spec.get("secretStoreRef"), dict) else {}
    template = target.get("template") if isinstance(target.get("template"), dict) else None
    data: list[DataEntry] = []
    raw = spec.get("data")
    if isinstance(raw, list):
        for i, item in enumerate(raw):
            if not isinstance(item, dict):
                continue
            rr = item.get("remoteRef") if isinstance(item.get("remoteRef"), dict) else {}
            data.append(
                DataEntry(
                    i,
                    spec_path + ("data", i),
                    _s(item.get("secretKey")),
                    _s(rr.get("key")),
                    rr.get("property") if isinstance(rr.get("property"), str) else None,
                )
            )
    template_keys = None
    merge_policy = "Replace"
    has_template_from = False
    template_from_keys: list[str] | None = []
    if template is not None:
        tdata = template.get("data")
        if isinstance(tdata, dict):
            template_keys = [str(k) for k in tdata]
        has_template_from = bool(template.get("templateFrom"))
        template_from_keys = _template_from_keys(template.get("templateFrom"))
        mp = template.get("mergePolicy")
        merge_policy = mp if isinstance(mp, str) else "Replace"
    kind = store.get("kind")
    return ExternalSecret(
        doc=doc,
        path=path,
        spec_path=spec_path,
        name=name,
        scope=scope,
        api_version=api,
        listed=listed,
        target_name=_s(target.get("name")) or name,
        creation_policy=_s(target.get("creationPolicy")) or "Owner",
        deletion_policy=_s(target.get("deletionPolicy")) or "Retain",
        store_name=_s(store.get("name")),
        store_kind=kind if kind in ("SecretStore", "ClusterSecretStore") else "SecretStore",
        data=data,
        template_keys=template_keys,
        merge_policy=merge_policy,
        has_data_from=bool(spec.get("dataFrom")),
        has_template_from=has_template_from,
        data_from=_data_from(spec.get("dataFrom")),
        template_from_keys=template_from_keys,
    )


def _template_from_keys(items: Any) -> list[str] | None:
    """Keys `templateFrom` writes into the Secret's data: a ConfigMap or Secret item rendered
    `templateAs: Values` (the default) writes its own key; `KeysAndValues`, `literal` and
    anything else render keys only known at runtime (None)."""
    if not items:
        return []
    if not isinstance(items, list):
        return None
    out: list[str] = []
    for tf in items:
        if not isinstance(tf, dict):
            return None
        if tf.get("target") not in (None, "Data"):
            continue  # labels or annotations
        if "literal" in tf:
            return None
        src = tf.get("configMap") or tf.get("secret")
        if not isinstance(src, dict) or not isinstance(src.get("items"), list):
            return None
        for it in src["items"]:
            if not isinstance(it, dict) or not isinstance(it.get("key"), str):
                return None
            if it.get("templateAs") not in (None, "Values"):
                return None
            out.append(it["key"])
    return out


def _data_from(items: Any) -> list[DataFrom]:
    out: list[DataFrom] = []
    if not isinstance(items, list):
        return out
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            out.append(DataFrom(i, "unknown"))
            continue
        rewrites: list[tuple[str, str]] | None = []
        for rw in item.get("rewrite") or []:
            rx = rw.get("regexp") if isinstance(rw, dict) else None
            if (
                isinstance(rx, dict)
                and isinstance(rx.get("source"), str)
                and isinstance(rx.get("target"), str)
                and rewrites is not None
            ):
                rewrites.append((rx["source"], rx["target"]))
            else:
                rewrites = None  # `transform` templates and the like: keys not static
        ex = item.get("extract")
        if isinstance(ex, dict) and isinstance(ex.get("key"), str) and not item.get("sourceRef"):
            out.append(
                DataFrom(
                    i,
                    "extract",
                    ex["key"],
                    ex.get("property") if isinstance(ex.get("property"), str) else None,
                    str(ex["version"]) if ex.get("version") is not None else None,
                    rewrites,
                )
            )
        elif isinstance(item.get("find"), dict):
            out.append(DataFrom(i, "find", rewrites=rewrites))
        elif item.get("sourceRef"):
            out.append(DataFrom(i, "generator", rewrites=rewrites))
        else:
            out.append(DataFrom(i, "unknown"))
    return out


def read_store(
    doc: Document,
    path: Path,
    obj: dict[str, Any],
    scope: Scope,
    listed: bool,
) -> SecretStore:
    api = _s(obj.get("apiVersion"))
    if listed:
        kind_raw = obj.get("type") or obj.get("kind")
        kind = kind_raw if kind_raw in ("SecretStore", "ClusterSecretStore") else "SecretStore"
        spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else None
        provider_raw = obj.get("provider")
        if spec is not None or isinstance(provider_raw, dict):
            # An entry's own `spec:`, else the entry itself holds the spec fields.
            spec_path, body = (path + ("spec",), spec) if spec is not None else (path, obj)
            name = _s(obj.get("name"))
            return _store_from_spec(doc, path, spec_path, body, kind, name, scope, api, True)
        # The guide's flat shape: provider, region, role, serviceAccountName.
        sa = _s(obj.get("serviceAccountName"))
        return SecretStore(
            doc=doc,
            path=path,
            spec_path=path,
            kind=kind,
            name=_s(obj.get("name")),
            scope=scope,
            api_version=api,
            listed=True,
            provider=_s(provider_raw).lower() if _s(provider_raw) else None,
            sa_name=sa,
            sa_ref=doc.ref(path + ("serviceAccountName",)) if sa else None,
        )
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    kind = obj.get("kind")
    kind = kind if kind in ("SecretStore", "ClusterSecretStore") else "SecretStore"
    name = _s(meta.get("name"))
    return _store_from_spec(doc, path, path + ("spec",), spec, kind, name, scope, api, False)


def _store_from_spec(
    doc: Document,
    path: Path,
    spec_path: Path,
    spec: dict[str, Any],
    kind: str,
    name: str | None,
    scope: Scope,
    api: str | None,
    listed: bool,
) -> SecretStore:
    provider = spec.get("provider") if isinstance(spec.get("provider"), dict) else {}
    pname = next(iter(provider), None) if provider else None
    sa_name = sa_ns = None
    sa_ref = None
    aws = provider.get("aws") if isinstance(provider.get("aws"), dict) else None
    if aws is not None:
        auth = aws.get("auth") if isinstance(aws.get("auth"), dict) else {}
        jwt = auth.get("jwt") if isinstance(auth.get("jwt"), dict) else {}
        ref = jwt.get("serviceAccountRef") if isinstance(jwt.get("serviceAccountRef"), dict) else {}
        sa_name = _s(ref.get("name"))
        sa_ns = _s(ref.get("namespace"))
        if sa_name:
            sa_ref = doc.ref(
                spec_path + ("provider", "aws", "auth", "jwt", "serviceAccountRef", "name")
            )
    conditions = spec.get("conditions") if isinstance(spec.get("conditions"), list) else None
    fake = provider.get("fake") if isinstance(provider.get("fake"), dict) else {}
    fake_data = fake.get("data") if isinstance(fake.get("data"), list) else None
    return SecretStore(
        doc=doc,
        path=path,
        spec_path=spec_path,
        kind=kind,
        name=name,
        scope=scope,
        api_version=api,
        listed=listed,
        provider=str(pname) if pname else None,
        sa_name=sa_name,
        sa_namespace=sa_ns,
        sa_ref=sa_ref,
        conditions=conditions,
        fake_data=fake_data,
    )
