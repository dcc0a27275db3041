"""Provisioning: which object creates which Secret (or ConfigMap) key, for which deployment.

Every source of a Secret (ExternalSecret targets, Secrets, SealedSecrets, chart-rendered
Secrets, cert-manager Certificates, Vault Secrets Operator, kustomize generators), the
SecretStores and the service accounts are indexed by name once, so a join is one dictionary
lookup followed by a namespace/environment filter over the (few) objects sharing that name.
What an ExternalSecret or a store is, and which keys ESO writes: ``zotlint.knowledge.eso``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from zotlint.data.iam import ROLE_ARN_ANNOTATION
from zotlint.document import Path, Ref
from zotlint.knowledge.eso import ExternalSecret, SecretStore, fake_provider_keys
from zotlint.model.env import Scope, compatible
from zotlint.records import dataclass

T = TypeVar("T")


@dataclass(eq=False)
class SecretSource:
    """Something that creates a Secret (or ConfigMap) of a given name."""

    kind: str  # "external-secret" | "secret" | "sealed-secret" | "chart" | "certificate"
    #            "vault-secret" | "secret-generator" | "config-map" | "helm-template"
    name: str
    scope: Scope
    ref: Ref
    keys: frozenset[str] | None = None  # fully known key set, else None
    keys_ref: Ref | None = None  # where the keys are defined
    external_secret: ExternalSecret | None = None
    is_config_map: bool = False

    @property
    def label(self) -> str:
        return _SOURCE_LABELS.get(self.kind, self.kind)


# What a message calls each kind of source (built once: rules ask for labels in loops).
_SOURCE_LABELS = {
    "external-secret": "ExternalSecret",
    "secret": "Secret",
    "sealed-secret": "SealedSecret",
    "chart": "chart",
    "certificate": "Certificate",
    "vault-secret": "Vault Secrets Operator",
    "secret-generator": "secretGenerator",
    "config-map": "ConfigMap",
    "helm-template": "Helm template",
}


@dataclass(eq=False)
class ServiceAccount:
    name: str
    scope: Scope
    annotations: dict[str, Any]
    ref: Ref
    source: str  # "manifest" | "chart"

    @property
    def role_arn(self) -> str | None:
        v = self.annotations.get(ROLE_ARN_ANNOTATION)
        return v if isinstance(v, str) and v.strip() else None


class SecretIndex:
    """Secrets, ConfigMaps, stores and service accounts by name."""

    def __init__(self) -> None:
        self.external_secrets: list[ExternalSecret] = []
        self.stores: list[SecretStore] = []
        self._secrets: dict[str, list[SecretSource]] = defaultdict(list)
        # Sources whose name is unknown (a Helm template computes it): they may be any Secret.
        self.unnamed: list[SecretSource] = []
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

    def add_unnamed(self, src: SecretSource) -> None:
        self._memo.clear()
        self.unnamed.append(src)

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
    def _query(self, key: tuple[Any, ...], compute: Callable[[], Iterable[T]]) -> list[T]:
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = tuple(compute())
        return list(found)

    def _in_scope(
        self,
        table: str,
        bucket: list[Any],
        namespace: str | None,
        env: str | None,
        scope_of: Callable[[Any], Scope],
    ) -> list[Any]:
        """The items of ``bucket`` compatible with ``namespace`` and ``env`` (None: any), in
        bucket order. One name often covers hundreds of objects (every tenant's
        `aws-secretsmanager` store) and each distinct query scanned them all; grouped by scope
        once (until the next add), a query reads only the compatible groups."""
        if len(bucket) < _SCAN_BELOW:
            return [
                x
                for x in bucket
                if compatible(scope_of(x).env, env) and compatible(scope_of(x).namespace, namespace)
            ]
        key = ("by-scope", table, id(bucket))
        grouped = self._memo.get(key)
        if grouped is None:
            grouped = self._memo[key] = (_ByScope(bucket, scope_of),)
        return grouped[0].select(namespace, env)

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
        return self._query(
            ("secrets", name, namespace, env, any_namespace),
            lambda: self._in_scope(
                "secrets",
                self._secrets.get(name, []),
                None if any_namespace else namespace,
                env,
                _source_scope,
            ),
        )

    def config_maps(
        self, name: str | None, namespace: str | None = None, env: str | None = None
    ) -> list[SecretSource]:
        if name is None:
            return []
        return self._query(
            ("config_maps", name, namespace, env),
            lambda: self._in_scope(
                "config_maps", self._config_maps.get(name, []), namespace, env, _source_scope
            ),
        )

    def find_stores(
        self, kind: str, name: str | None, namespace: str | None, env: str | None
    ) -> list[SecretStore]:
        if name is None:
            return []
        # A ClusterSecretStore serves every namespace (its conditions are the caller's).
        return self._query(
            ("stores", kind, name, namespace, env),
            lambda: self._in_scope(
                "stores",
                self._stores.get((kind, name), []),
                namespace if kind == "SecretStore" else None,
                env,
                _store_scope,
            ),
        )

    def has_accounts(self, name: str | None) -> bool:
        """Whether any service account of that name is indexed, whatever its scope."""
        return name is not None and bool(self._accounts.get(name))

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
        if any_scope:
            return self._query(
                ("accounts", name, namespace, env, any_scope),
                lambda: self._accounts.get(name, ()),
            )
        return self._query(
            ("accounts", name, namespace, env, any_scope),
            lambda: self._in_scope(
                "accounts", self._accounts.get(name, []), namespace, env, _account_scope
            ),
        )


# Buckets shorter than this are scanned: grouping costs more than it saves.
_SCAN_BELOW = 16


def _source_scope(s: SecretSource) -> Scope:
    return s.scope


def _store_scope(s: SecretStore) -> Scope:
    return s.scope


def _account_scope(a: ServiceAccount) -> Scope:
    return a.scope


class _ByScope(Generic[T]):
    """A bucket's positions by namespace, by environment and by both. ``None`` (unknown) is
    compatible with everything (zotlint.model.env.compatible), so a query for a known namespace
    reads that namespace's group and the unknown one; for an unknown namespace, all of them."""

    def __init__(self, items: list[T], scope_of: Callable[[T], Scope]) -> None:
        self.items = items
        self.by_ns: dict[str | None, list[int]] = defaultdict(list)
        self.by_env: dict[str | None, list[int]] = defaultdict(list)
        self.by_both: dict[tuple[str | None, str | None], list[int]] = defaultdict(list)
        for i, item in enumerate(items):
            sc = scope_of(item)
            self.by_ns[sc.namespace].append(i)
            self.by_env[sc.env].append(i)
            self.by_both[(sc.namespace, sc.env)].append(i)

    def select(self, namespace: str | None, env: str | None) -> list[T]:
        if namespace is None and env is None:
            return list(self.items)
        groups: list[list[int] | None]
        if namespace is None:
            groups = [self.by_env.get(env), self.by_env.get(None)]
        elif env is None:
            groups = [self.by_ns.get(namespace), self.by_ns.get(None)]
        else:
            both = self.by_both
            groups = [
                both.get((namespace, env)),
                both.get((namespace, None)),
                both.get((None, env)),
                both.get((None, None)),
            ]
        # The groups are disjoint: sorting their positions restores the bucket's order.
        positions = sorted(i for g in groups if g for i in g)
        items = self.items
        return [items[i] for i in positions]


def _has(es: ExternalSecret, rel: Path) -> bool:
    return es.doc.has(es.spec_path + rel)


def _keys_path(es: ExternalSecret) -> Path:
    if es.template_keys is not None:
        return ("target", "template", "data")
    return ("data",)


def secret_keys(data: dict[str, Any]) -> frozenset[str]:
    keys: set[str] = set()
    for field_name in ("data", "stringData"):
        d = data.get(field_name)
        if isinstance(d, dict):
            keys.update(str(k) for k in d)
    return frozenset(keys)
