"""Secrets and where they come from: ExternalSecrets, stores, Secrets, service accounts.

Everything is read from the documents once and indexed by name, so a join is one dictionary
lookup followed by a namespace/environment filter over the (few) objects sharing that name.
The wrapper-chart lists (`secretStores:` / `externalSecrets:`, Kind.ESO_LIST) are read like the
manifests they render: an entry's fields are those of the ExternalSecret `spec` (or its own
`spec:`), plus `name` and `namespace`.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from zotlint.document import Document, Path, Ref
from zotlint.model.env import compatible

ROLE_ARN = "eks.amazonaws.com/role-arn"


@dataclass(eq=False)
class Scope:
    """Namespace and environment of an object, with where the namespace was written."""

    namespace: str | None = None
    namespace_ref: Ref | None = None
    env: str | None = None

    def matches(self, namespace: str | None, env: str | None) -> bool:
        return compatible(self.namespace, namespace) and compatible(self.env, env)


@dataclass(eq=False)
class DataEntry:
    """One `spec.data[]` item of an ExternalSecret."""

    index: int
    path: Path  # path of the item in its document
    secret_key: str | None
    remote_key: str | None
    property: str | None


@dataclass(eq=False)
class DataFrom:
    """One `spec.dataFrom[]` item: which Secret keys it writes, when the repository can tell."""

    index: int
    kind: str  # "extract" | "find" | "generator" | "unknown"
    key: str | None = None  # extract: the remote key
    prop: str | None = None  # extract: `property`
    version: str | None = None
    rewrites: list[tuple[str, str]] | None = field(default_factory=list)  # None: not static


@dataclass(eq=False)
class ExternalSecret:
    doc: Document
    path: Path  # the object in its document (() for a manifest, ("externalSecrets", i) in a list)
    spec_path: Path  # where the spec fields are
    name: str | None
    scope: Scope
    api_version: str | None
    listed: bool  # from a wrapper-chart list
    target_name: str | None
    creation_policy: str
    deletion_policy: str
    store_name: str | None
    store_kind: str  # "SecretStore" | "ClusterSecretStore"
    data: list[DataEntry] = field(default_factory=list)
    template_keys: list[str] | None = None  # target.template.data keys (None: no template data)
    merge_policy: str = "Replace"
    has_data_from: bool = False
    has_template_from: bool = False
    data_from: list[DataFrom] = field(default_factory=list)
    # Secret keys `target.template.templateFrom` writes (None: not statically known).
    template_from_keys: list[str] | None = field(default_factory=list)
    # The keys dataFrom entries write, as the model resolved them against the store (None:
    # the remote value is not in the repository). Filled by resolve_data_from().
    data_from_keys: frozenset[str] | None = None

    def ref(self, rel: Path = (), part: str = "value") -> Ref:
        return self.doc.ref(self.spec_path + tuple(rel), part)

    def obj_ref(self, rel: Path = (), part: str = "value") -> Ref:
        return self.doc.ref(self.path + tuple(rel), part)

    @property
    def label(self) -> str:
        return self.name or self.target_name or "?"

    def keys(self) -> frozenset[str] | None:
        """The target Secret's keys when fully known (RULES ZOT204), else None.

        As ESO's `applyTemplate` computes them (external-secrets
        pkg/controllers/externalsecret/externalsecret_controller_template.go): without a
        template, the provider's keys (`data[].secretKey` and what each `dataFrom` writes);
        with `template.data` or `templateFrom` and `mergePolicy: Replace` (the default), only
        the keys the template writes; with `Merge`, both. A template with neither falls back
        to the provider's keys. A `dataFrom` whose remote value is not in the repository
        makes the provider's keys unknown, never empty."""
        if self.creation_policy not in ("Owner", "Orphan"):
            return None
        templated = self.template_keys is not None or self.has_template_from
        tmpl: set[str] | None = None
        if templated:
            if self.template_from_keys is None:
                tmpl = None
            else:
                tmpl = set(self.template_keys or ()) | set(self.template_from_keys)
            if self.merge_policy != "Merge":
                return None if tmpl is None else frozenset(tmpl)
        provider: set[str] | None = {e.secret_key for e in self.data if e.secret_key}
        if self.has_data_from:
            if self.data_from_keys is None:
                provider = None
            else:
                provider |= self.data_from_keys  # type: ignore[operator]
        if provider is None:
            return None
        if templated:
            return None if tmpl is None else frozenset(provider | tmpl)
        return frozenset(provider)

    def produces(self, key: str) -> bool:
        """Whether `target.template.data` renders ``key``."""
        return self.template_keys is not None and key in self.template_keys


@dataclass(eq=False)
class SecretStore:
    doc: Document
    path: Path
    spec_path: Path
    kind: str  # "SecretStore" | "ClusterSecretStore"
    name: str | None
    scope: Scope
    api_version: str | None
    listed: bool
    provider: str | None  # "aws", "vault", …
    sa_name: str | None = None  # IRSA service account (auth.jwt.serviceAccountRef.name)
    sa_namespace: str | None = None  # serviceAccountRef.namespace (ClusterSecretStore)
    sa_ref: Ref | None = None
    conditions: list[dict[str, Any]] | None = None
    fake_data: list[Any] | None = None  # `provider.fake.data`: remote values in the repo

    def ref(self, rel: Path = (), part: str = "value") -> Ref:
        return self.doc.ref(self.spec_path + tuple(rel), part)

    def allows(self, namespace: str | None) -> bool:
        """ClusterSecretStore `conditions`: whether an ExternalSecret in ``namespace`` may use
        it (an unknown namespace or a label selector counts as allowed)."""
        if self.kind != "ClusterSecretStore" or not self.conditions or namespace is None:
            return True
        for cond in self.conditions:
            if not isinstance(cond, dict):
                continue
            if cond.get("namespaceSelector") is not None:
                return True
            names = cond.get("namespaces")
            if isinstance(names, list) and namespace in names:
                return True
            for rx in cond.get("namespaceRegexes") or []:
                try:
                    if isinstance(rx, str) and re.search(rx, namespace):
                        return True
                except re.error:
                    return True
        return False


@dataclass(eq=False)
class SecretSource:
    """Something that creates a Secret (or ConfigMap) of a given name."""

    kind: str  # "external-secret" | "secret" | "sealed-secret" | "chart" | "certificate"
    #            "vault-secret" | "secret-generator" | "config-map"
    name: str
    scope: Scope
    ref: Ref
    keys: frozenset[str] | None = None  # fully known key set, else None
    keys_ref: Ref | None = None  # where the keys are defined
    external_secret: ExternalSecret | None = None
    is_config_map: bool = False

    @property
    def label(self) -> str:
        return {
            "external-secret": "ExternalSecret",
            "secret": "Secret",
            "sealed-secret": "SealedSecret",
            "chart": "chart",
            "certificate": "Certificate",
            "vault-secret": "Vault Secrets Operator",
            "secret-generator": "secretGenerator",
            "config-map": "ConfigMap",
        }.get(self.kind, self.kind)


@dataclass(eq=False)
class ServiceAccount:
    name: str
    scope: Scope
    annotations: dict[str, Any]
    ref: Ref
    source: str  # "manifest" | "chart"

    @property
    def role_arn(self) -> str | None:
        v = self.annotations.get(ROLE_ARN)
        return v if isinstance(v, str) and v.strip() else None


class SecretIndex:
    """Secrets, ConfigMaps, stores and service accounts by name."""

    def __init__(self) -> None:
        self.external_secrets: list[ExternalSecret] = []
        self.stores: list[SecretStore] = []
        self._secrets: dict[str, list[SecretSource]] = defaultdict(list)
        self._config_maps: dict[str, list[SecretSource]] = defaultdict(list)
        self._stores: dict[tuple[str, str], list[SecretStore]] = defaultdict(list)
        self._accounts: dict[str, list[ServiceAccount]] = defaultdict(list)
        self.store_kinds: set[str] = set()
        # Query results by their arguments. Many objects share a name (every tenant's
        # `aws-secretsmanager` store, every zot's `zot-sa`) and an unknown namespace or
        # environment matches all of them, so the rules' repeated queries would each rescan the
        # same long bucket: that made a 10,000-file repo quadratic. Emptied by every add.
        self._memo: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    # -- building ------------------------------------------------------------------------------
    def add_secret(self, src: SecretSource) -> None:
        self._memo.clear()
        (self._config_maps if src.is_config_map else self._secrets)[src.name].append(src)

    def add_external_secret(self, es: ExternalSecret) -> None:
        self._memo.clear()
        self.external_secrets.append(es)
        if es.target_name:
            self.add_secret(
                SecretSource(
                    "external-secret",
                    es.target_name,
                    es.scope,
                    es.ref(("target", "name")) if _has(es, ("target", "name")) else es.obj_ref(),
                    keys=es.keys(),
                    keys_ref=es.ref(_keys_path(es)),
                    external_secret=es,
                )
            )

    def resolve_data_from(self) -> None:
        """Once every object is indexed: the keys `dataFrom` writes, where the store's remote
        values are in the repository (the `fake` provider), and so the target Secrets' keys."""
        by_es = {
            id(s.external_secret): s
            for ss in self._secrets.values()
            for s in ss
            if s.external_secret is not None
        }
        for es in self.external_secrets:
            if not es.has_data_from:
                continue
            stores = self.find_stores(
                es.store_kind, es.store_name, es.scope.namespace, es.scope.env
            )
            keys: set[str] | None = set()
            for entry in es.data_from:
                got = fake_provider_keys(stores[0], entry) if len(stores) == 1 else None
                if got is None:
                    keys = None
                    break
                keys |= got  # type: ignore[operator]
            es.data_from_keys = None if keys is None else frozenset(keys)
            src = by_es.get(id(es))
            if src is not None:
                src.keys = es.keys()
        self._memo.clear()

    def add_store(self, store: SecretStore) -> None:
        self._memo.clear()
        self.stores.append(store)
        self.store_kinds.add(store.kind)
        if store.name:
            self._stores[(store.kind, store.name)].append(store)

    def add_account(self, sa: ServiceAccount) -> None:
        self._memo.clear()
        self._accounts[sa.name].append(sa)

    # -- queries -------------------------------------------------------------------------------
    def secrets(
        self,
        name: str | None,
        namespace: str | None = None,
        env: str | None = None,
        *,
        any_namespace: bool = False,
    ) -> list[SecretSource]:
        if name is None:
            return []
        key = ("secrets", name, namespace, env, any_namespace)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = tuple(
                s
                for s in self._secrets.get(name, ())
                if compatible(s.scope.env, env)
                and (any_namespace or compatible(s.scope.namespace, namespace))
            )
        return list(found)

    def config_maps(
        self, name: str | None, namespace: str | None = None, env: str | None = None
    ) -> list[SecretSource]:
        if name is None:
            return []
        key = ("config_maps", name, namespace, env)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = tuple(
                s for s in self._config_maps.get(name, ()) if s.scope.matches(namespace, env)
            )
        return list(found)

    def find_stores(
        self, kind: str, name: str | None, namespace: str | None, env: str | None
    ) -> list[SecretStore]:
        if name is None:
            return []
        key = ("stores", kind, name, namespace, env)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = tuple(
                s
                for s in self._stores.get((kind, name), ())
                if compatible(s.scope.env, env)
                and (kind != "SecretStore" or compatible(s.scope.namespace, namespace))
            )
        return list(found)

    def accounts(
        self,
        name: str | None,
        namespace: str | None = None,
        env: str | None = None,
        *,
        any_scope: bool = False,
    ) -> list[ServiceAccount]:
        if name is None:
            return []
        key = ("accounts", name, namespace, env, any_scope)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = tuple(
                a
                for a in self._accounts.get(name, ())
                if any_scope or a.scope.matches(namespace, env)
            )
        return list(found)


def _has(es: ExternalSecret, rel: Path) -> bool:
    return es.doc.has(es.spec_path + rel)


def _keys_path(es: ExternalSecret) -> Path:
    if es.template_keys is not None:
        return ("target", "template", "data")
    return ("data",)


# -- reading documents -------------------------------------------------------------------------


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


def _go_replacement(target: str) -> str:
    """A Go `Regexp.ReplaceAllString` template (`$1`, `${name}`) as a Python one."""
    out = re.sub(r"\$\{(\w+)\}", r"\\g<\1>", target.replace("\\", "\\\\"))
    return re.sub(r"\$(\w+)", r"\\g<\1>", out)


def rewrite_keys(keys: Iterable[str], rewrites: list[tuple[str, str]]) -> frozenset[str] | None:
    """Keys after `dataFrom[].rewrite[].regexp` in order (None when a pattern is not valid
    here)."""
    cur = list(keys)
    for source, target in rewrites:
        try:
            rx = re.compile(source)
            rep = _go_replacement(target)
            cur = [rx.sub(rep, k) for k in cur]
        except (re.error, IndexError):
            return None
    return frozenset(cur)


def fake_provider_keys(store: SecretStore, entry: DataFrom) -> frozenset[str] | None:
    """Keys an `extract` writes from an ESO `fake` provider store, whose remote values are in
    the repository (`spec.provider.fake.data[]`: `key`, `value` — a JSON object — or
    `valueMap`, `version`). None for any other provider: the remote value is not here."""
    if store.fake_data is None or entry.kind != "extract":
        return None
    for item in store.fake_data:
        if not isinstance(item, dict) or item.get("key") != entry.key:
            continue
        if entry.version is not None and str(item.get("version")) != entry.version:
            continue
        value: Any = item.get("valueMap")
        if value is None and isinstance(item.get("value"), str):
            try:
                value = json.loads(item["value"])
            except ValueError:
                return None
        if entry.prop is not None and isinstance(value, dict):
            value = value.get(entry.prop)
            if isinstance(value, str):
                try:
                    value = json.loads(value)
                except ValueError:
                    return None
        if not isinstance(value, dict):
            return None
        keys = frozenset(str(k) for k in value)
        return rewrite_keys(keys, entry.rewrites) if entry.rewrites else keys
    return None


def read_store(
    doc: Document,
    path: Path,
    obj: dict[str, Any],
    scope: Scope,
    listed: bool,
) -> SecretStore:
    if listed:
        kind_raw = obj.get("type") or obj.get("kind")
        kind = kind_raw if kind_raw in ("SecretStore", "ClusterSecretStore") else "SecretStore"
        spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else None
        provider_raw = obj.get("provider")
        if spec is not None:
            return _store_from_spec(
                doc,
                path,
                path + ("spec",),
                spec,
                kind,
                _s(obj.get("name")),
                scope,
                _s(obj.get("apiVersion")),
                True,
            )
        if isinstance(provider_raw, dict):
            return _store_from_spec(
                doc,
                path,
                path,
                obj,
                kind,
                _s(obj.get("name")),
                scope,
                _s(obj.get("apiVersion")),
                True,
            )
        # The guide's flat shape: provider, region, role, serviceAccountName.
        sa = _s(obj.get("serviceAccountName"))
        return SecretStore(
            doc=doc,
            path=path,
            spec_path=path,
            kind=kind,
            name=_s(obj.get("name")),
            scope=scope,
            api_version=_s(obj.get("apiVersion")),
            listed=True,
            provider=_s(provider_raw).lower() if _s(provider_raw) else None,
            sa_name=sa,
            sa_ref=doc.ref(path + ("serviceAccountName",)) if sa else None,
        )
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    kind = (
        obj.get("kind")
        if obj.get("kind") in ("SecretStore", "ClusterSecretStore")
        else ("SecretStore")
    )
    return _store_from_spec(
        doc,
        path,
        path + ("spec",),
        spec,
        kind,
        _s(meta.get("name")),
        scope,
        _s(obj.get("apiVersion")),
        False,
    )


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


def secret_keys(data: dict[str, Any]) -> frozenset[str]:
    keys: set[str] = set()
    for field_name in ("data", "stringData"):
        d = data.get(field_name)
        if isinstance(d, dict):
            keys.update(str(k) for k in d)
    return frozenset(keys)
