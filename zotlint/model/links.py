"""Following one file zot reads at start through the pod to the object that provides it.

``start_files(config)`` lists the paths a zot config makes zot read before it serves;
``follow(model, deployment, file)`` walks path → mount → volume → Secret/ConfigMap →
ExternalSecret → SecretStore → service account and says, at each link, what it found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import field
from typing import Any, TypeVar

from zotlint.document import Document, Path
from zotlint.knowledge.eso import DataEntry, ExternalSecret, SecretStore
from zotlint.knowledge.zot import providers
from zotlint.model.build import Deployment, Model
from zotlint.model.offchart.deployment import pod_known
from zotlint.model.pod import Mount, Volume, normalise
from zotlint.model.provisioning import SecretSource, ServiceAccount
from zotlint.model.values import truthy
from zotlint.records import dataclass

FOUND, MISSING, BROKEN, UNKNOWN = "found", "missing", "broken", "unknown"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StartFile:
    """A file a zot config makes zot read at start."""

    what: str  # "oidc credentialsFile", "sessionKeysFile", "htpasswd.path", "tls.cert" …
    raw: str
    path: str  # normalised absolute path
    config_path: Path  # lower-case path in the config document
    whole_document: bool  # zot parses the whole file as one JSON/YAML document
    provider: str | None = None


def config_reads(
    model: Model, *, mounted: bool = False
) -> Iterator[tuple[Deployment, Document, StartFile]]:
    """Every file a deployment's zot config reads at start, as (deployment, config, file).

    ``mounted``: only where the model knows how the config reaches the pod (a complete
    deployment whose pod is known, its config from the values, a ConfigMap or the workload),
    as the rules that judge the mounts (ZOT201, ZOT204) need."""
    for dep in model.deployments:
        cfg = dep.config
        if cfg is None:
            continue
        if mounted and not (
            pod_known(dep)
            and dep.complete
            and dep.config_source in ("values", "configmap", "workload")
        ):
            continue
        for f in start_files(cfg):
            yield dep, cfg, f


def start_files(config: Document) -> list[StartFile]:
    # Once per config: every deployment using it, and several rules, ask.
    return list(config.cached(("zotlint.model.links", "start_files"), lambda: _start_files(config)))


def _start_files(config: Document) -> tuple[StartFile, ...]:
    out: list[StartFile] = []

    def add(what: str, path: Path, whole: bool, provider: str | None = None) -> None:
        raw = config.get(path)
        norm = normalise(raw)
        if norm is not None and isinstance(raw, str):
            out.append(StartFile(what, raw, norm, path, whole, provider))

    for p in providers(config):
        add(f"{p.key} credentialsFile", (*p.path, "credentialsfile"), True, p.key)
        add(f"{p.key} keypath", (*p.path, "keypath"), False, p.key)
    add("sessionKeysFile", ("http", "auth", "sessionkeysfile"), True)
    add("htpasswd.path", ("http", "auth", "htpasswd", "path"), False)
    add("ldap credentialsFile", ("http", "auth", "ldap", "credentialsfile"), True)
    add("ldap cacert", ("http", "auth", "ldap", "cacert"), False)
    for k in ("cert", "key", "cacert"):
        add(f"tls.{k}", ("http", "tls", k), False)
    return tuple(out)


@dataclass(eq=False)
class Chain:
    """What the model found for one start file of one deployment."""

    file: StartFile
    mount: Mount | None = None
    volume: Volume | None = None
    key: str | None = None  # the Secret/ConfigMap key the path names
    sources: list[SecretSource] = field(default_factory=list)  # same namespace/environment
    elsewhere: list[SecretSource] = field(default_factory=list)  # same name, other namespace
    key_status: str = UNKNOWN  # found | missing | unknown
    items_missing: bool = False  # the volume's `items` do not list the path
    chart_source: str | None = None  # "secretFiles" / "configFiles" when the chart renders it
    # False when the Secret was matched by name across an unknown namespace or environment:
    # the link is likely but not seen whole, so findings built on it are warnings.
    certain: bool = True

    @property
    def external_secrets(self) -> list[ExternalSecret]:
        return [s.external_secret for s in self.sources if s.external_secret is not None]

    def data_entry(self, es: ExternalSecret) -> DataEntry | None:
        if self.key is None:
            return None
        return next((e for e in reversed(es.data) if e.secret_key == self.key), None)


def per_sources(
    model: Model, dep: Deployment, chain: Chain, what: str, compute: Callable[[Chain], T]
) -> T:
    """``compute(chain)`` for an answer that depends on the chain's sources and key only, once
    per volume query and key (``what`` names the answer): deployments whose volumes have equal
    queries have the same sources (``secret_volume_query``), and one of unknown namespace links
    to every source of the Secret's name, hundreds in a big repository, so reading each source
    again for each deployment grew with the square of the repository."""
    if chain.volume is None or not chain.sources:
        return compute(chain)  # no sources, or the chain stopped before reading them
    query = secret_volume_query(dep, chain.volume)
    if query is None:
        return compute(chain)
    key = ("per-sources", what, query, chain.key)
    memo: dict[Any, Any] = model.secrets._memo
    if key in memo:
        return memo[key]  # type: ignore[no-any-return]
    value = memo[key] = compute(chain)
    return value


def volume_sources(
    model: Model, dep: Deployment, vol: Volume
) -> tuple[list[SecretSource], list[SecretSource], str | None]:
    """(sources in scope, other same-name sources, chart files key) of a volume.

    In scope: the objects of that name in the deployment's namespace and environment; only
    when there is none, those whose namespace or environment is unknown (a match by name only,
    see ``linked_for_sure``). The others are in another namespace, or of unknown namespace
    while one in the deployment's namespace exists."""
    idx = model.secrets
    v = dep.values
    if vol.chart in ("secret", "config"):
        files_key = "secretFiles" if vol.chart == "secret" else "configFiles"
        files = v.get((files_key,))
        if dep.upstream and truthy(files) and isinstance(files, dict):
            return [], [], files_key
    if vol.source_name is None or vol.kind not in ("secret", "configMap"):
        return [], [], None
    if vol.kind == "configMap":
        maps = idx.config_maps(vol.source_name, dep.namespace, dep.env)
        return _exact_first(dep, maps), [], None
    key = ("volume-same", vol.source_name, dep.namespace, dep.env)
    found = idx._memo.get(key)
    if found is None:
        found = idx._memo[key] = tuple(
            _exact_first(dep, idx.secrets(vol.source_name, dep.namespace, dep.env))
            # Nothing of that name: a Helm template that computes its Secret's name may be it.
            or (s for s in idx.unnamed if s.scope.matches(dep.namespace, dep.env))
        )
    same = list(found)
    key = ("volume-elsewhere", vol.source_name, dep.namespace, dep.env)
    other = idx._memo.get(key)
    if other is None:
        # By identity, in a set: `s not in same` compared every pair of two long lists.
        ids = {id(s) for s in same}
        other = idx._memo[key] = tuple(
            s
            for s in idx.secrets(vol.source_name, None, dep.env, any_namespace=True)
            if id(s) not in ids
        )
    return same, list(other), None


@dataclass(frozen=True, slots=True)
class ZotSources:
    """What every zot pod's volumes link to, in scope (``volume_sources``' first list)."""

    sources: tuple[SecretSource, ...]  # each once, in the order first met
    via_secret: frozenset[int]  # ids of those a `secret` volume links to


def zot_sources(model: Model) -> ZotSources:
    """The sources of every deployment's volumes, once per run for the rules (and IAM) that
    start from "the Secrets zot mounts": deployments of unknown namespace share Secret names,
    and each name may cover hundreds of sources, so each distinct volume query is read once."""
    key = ("zot-sources",)
    found = model.secrets._memo.get(key)
    if found is None:
        found = model.secrets._memo[key] = (_zot_sources(model),)
    return found[0]  # type: ignore[no-any-return]


def _zot_sources(model: Model) -> ZotSources:
    asked: set[tuple[str | None, str | None, str | None]] = set()
    seen: set[int] = set()
    out: list[SecretSource] = []
    via_secret: set[int] = set()
    for dep in model.deployments:
        for vol in dep.pod.volumes:
            query = secret_volume_query(dep, vol)
            if query is not None:
                if query in asked:
                    continue
                asked.add(query)
            for src in volume_sources(model, dep, vol)[0]:
                i = id(src)
                if i not in seen:
                    seen.add(i)
                    out.append(src)
                if vol.kind == "secret":
                    via_secret.add(i)
    return ZotSources(tuple(out), frozenset(via_secret))


def _exact_first(dep: Deployment, found: list[SecretSource]) -> list[SecretSource]:
    """The sources linked for sure when there are any, else all of them. A Secret of that name
    in the deployment's own namespace is the one the pod mounts: a same-name object whose
    namespace is unknown is most likely another namespace's (two objects of one name in one
    namespace are one Secret), and counting its keys hid a key missing from the real one."""
    sure = [s for s in found if linked_for_sure(dep, s)]
    return sure if sure and len(sure) < len(found) else found


def linked_for_sure(dep: Deployment, src: SecretSource) -> bool:
    """Both namespaces known, and the environments both known or both unknown."""
    if src.kind == "chart":
        return True
    if dep.namespace is None or src.scope.namespace is None:
        return False
    return (dep.env is None) == (src.scope.env is None)


def follow(model: Model, dep: Deployment, file: StartFile) -> Chain:
    """The chain of ``file`` for ``dep``, computed once per run: the wiring, ESO, GitOps and
    Keycloak rules each follow every start file of every deployment, and a deployment of
    unknown namespace links to every Secret of the name. Read-only for callers."""
    key = (id(dep), file)
    chain = model._chains.get(key)
    if chain is None:
        chain = model._chains[key] = _follow(model, dep, file)
    return chain


def _follow(model: Model, dep: Deployment, file: StartFile) -> Chain:
    chain = Chain(file)
    mount = dep.pod.mount_for(file.path)
    if mount is None:
        return chain
    chain.mount = mount
    chain.key = mount.key_for(file.path)
    vol = mount.volume
    chain.volume = vol
    if vol is None:
        return chain
    if vol.items is not None and not mount.sub_path:
        paths = {p: k for k, p in vol.items}
        if chain.key not in paths:
            chain.items_missing = True
            chain.key_status = MISSING
            return chain
        chain.key = paths[chain.key]
    same, other, files_key = volume_sources(model, dep, vol)
    chain.sources, chain.elsewhere = same, other
    # What follows depends on the sources and the key only: for a Secret from the index, on
    # the volume's query and the key, which many deployments share (each over hundreds of
    # sources when the namespace is unknown).
    query = secret_volume_query(dep, vol)
    status_key = ("chain-status", query, chain.key) if query is not None else None
    if status_key is not None:
        known = model.secrets._memo.get(status_key)
        if known is not None:
            chain.certain, chain.key_status = known
            return chain
    _link_status(chain, dep, same, files_key)
    if status_key is not None:
        model.secrets._memo[status_key] = (chain.certain, chain.key_status)
    return chain


def _link_status(
    chain: Chain, dep: Deployment, same: list[SecretSource], files_key: str | None
) -> None:
    chain.certain = all(linked_for_sure(dep, s) for s in same)
    if files_key is not None:
        chain.chart_source = files_key
        files = dep.values.get((files_key,))
        chain.key_status = FOUND if isinstance(files, dict) and chain.key in files else MISSING
        return
    if "/" in (chain.key or ""):
        chain.key_status = MISSING if same else UNKNOWN
        return
    known = [s.keys for s in same if s.keys is not None]
    having = sum(1 for keys in known if chain.key in keys)
    if not chain.certain and 0 < having < len(same):
        # Matched by name only (a namespace or environment unknown) and the candidates
        # disagree: which one the pod mounts is unknown, so is the key.
        return
    if same and len(known) == len(same):
        chain.key_status = FOUND if having else MISSING
    elif having:
        chain.key_status = FOUND


def store_for(model: Model, es: ExternalSecret) -> tuple[list[SecretStore], bool]:
    """(stores `secretStoreRef` resolves to, whether the repo defines any store of that kind)."""
    idx = model.secrets
    if es.store_name is None:
        return [], False
    # The answer depends on store_query(es) only; rules ask it again for every ExternalSecret
    # of every deployment, and one name often covers hundreds of stores.
    key = ("store_for", *store_query(es))
    found = idx._memo.get(key)
    if found is None:
        found = idx._memo[key] = tuple(
            s
            for s in idx.find_stores(es.store_kind, es.store_name, es.scope.namespace, es.scope.env)
            if s.allows(es.scope.namespace)
        )
    return list(found), es.store_kind in idx.store_kinds


def store_query(es: ExternalSecret) -> tuple[str, str | None, str | None, str | None]:
    """What ``store_for(model, es)`` depends on: ExternalSecrets with equal queries resolve to
    the same stores, so a caller collecting the stores of many needs to ask once per query."""
    return (es.store_kind, es.store_name, es.scope.namespace, es.scope.env)


def secret_volume_query(
    dep: Deployment, vol: Volume
) -> tuple[str | None, str | None, str | None] | None:
    """What the in-scope sources ``volume_sources(model, dep, vol)`` gives depend on, when they
    come from the Secret index (a `secret` volume the chart does not render itself): volumes with
    equal queries have the same sources. None otherwise."""
    if vol.kind != "secret" or vol.source_name is None:
        return None
    if vol.chart in ("secret", "config") and dep.upstream:
        return None  # may be the chart's own Secret (secretFiles), decided per deployment
    return (vol.source_name, dep.namespace, dep.env)


def account_for(model: Model, store: SecretStore) -> tuple[list[ServiceAccount], bool]:
    """(IRSA accounts of the store's namespace, whether the name exists anywhere in the repo)."""
    idx = model.secrets
    if store.sa_name is None:
        return [], False
    ns = store.sa_namespace if store.kind == "ClusterSecretStore" else store.scope.namespace
    found = idx.accounts(store.sa_name, ns, store.scope.env)
    anywhere = idx.has_accounts(store.sa_name)
    return found, anywhere
