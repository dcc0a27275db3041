"""zot's SecretStore service account → the IAM role the repository defines for it → policies.

``irsa_links(project, model)`` (once per run) follows every zot deployment's mounted Secrets to the
ExternalSecrets that create them, their AWS SecretStores and the store's IRSA service account
(`auth.jwt.serviceAccountRef`), then the account's `eks.amazonaws.com/role-arn` annotation to
the roles of ``zotlint.iam`` (by name and path; account when the role states one). An account
eksctl creates (`iam.serviceAccounts`) links to its role directly. When the store names a
`role` to assume after authenticating, that role's permissions are the ones ESO reads with.

A store or account that leads to no role defined in the repository has no link: unknown.
"""

from __future__ import annotations

import heapq
from dataclasses import field
from typing import TYPE_CHECKING

from zotlint.data.iam import AUDIENCE_ANNOTATION, DEFAULT_AUDIENCE, SUBJECT_PREFIX
from zotlint.data.iam import ROLE_ARN_ANNOTATION as ROLE_ARN
from zotlint.document import Ref
from zotlint.iam import Role, iam_index
from zotlint.iam.model import parse_role_arn
from zotlint.iam.node import HOLE, Text
from zotlint.iam.verdicts import RoleVerdicts
from zotlint.knowledge.eso import ExternalSecret, SecretStore
from zotlint.model.links import (
    account_for,
    secret_volume_query,
    store_for,
    store_query,
    volume_sources,
)
from zotlint.model.provisioning import ServiceAccount
from zotlint.records import dataclass

if TYPE_CHECKING:
    from zotlint.model.build import Model
    from zotlint.project import Project


@dataclass(eq=False, slots=True)
class RemoteKey:
    key: str  # remoteRef.key (a name or an ARN)
    ref: Ref
    external_secret: ExternalSecret


@dataclass(eq=False)
class IrsaLink:
    store: SecretStore
    sa_name: str
    namespace: str | None
    account: ServiceAccount | None  # the manifest / chart account with the annotation
    role_arn: str | None
    arn_ref: Ref | None
    audience: str | None  # None: ESO adds audiences zotlint cannot weigh
    roles: list[Role]  # the roles of the repo the account assumes
    permission_roles: list[Role]  # whose permissions ESO reads with (the store's `role`)
    region: str | None
    keys: list[RemoteKey] = field(default_factory=list)

    @property
    def subject(self) -> Text:
        ns = self.namespace if self.namespace is not None else HOLE
        return Text((SUBJECT_PREFIX, ns, ":" + self.sa_name))

    @property
    def account_id(self) -> str | None:
        arn = self.role_arn or ""
        parts = arn.split(":")
        return parts[4] if len(parts) > 5 and parts[4].isdigit() else None

    @property
    def partition(self) -> str:
        parts = (self.role_arn or "").split(":")
        return parts[1] if len(parts) > 5 and parts[1].startswith("aws") else "aws"


def irsa_links(project: Project, model: Model) -> list[IrsaLink]:
    return project.cached(("zotlint.model.iam", "links"), lambda: _links(project, model))


def role_verdicts(project: Project) -> RoleVerdicts:
    """The project's one memo of trust / read verdicts per role (ZOT507, ZOT508, the graph):
    a memo, not an index, so filling it never changes an answer."""
    return project.cached(("zotlint.model.iam", "verdicts"), RoleVerdicts)


def _links(project: Project, model: Model) -> list[IrsaLink]:
    stores = [(st, es) for st, es in _zot_stores(model) if st.provider == "aws" and st.sa_name]
    if not stores:
        return []  # IAM (Terraform above all) is read only when zot's chain reaches AWS
    # The role names the chain's annotations give: Terraform is parsed for those first.
    # Stores that ask for the same accounts (account_for's query: name, namespace, environment)
    # get the same ones: read once, not once per store (hundreds of stores over hundreds of
    # accounts in a big repository made this quadratic).
    arns: set[str] = set()
    asked: set[tuple[str | None, ...]] = set()
    for store, _ in stores:
        ns = store.sa_namespace if store.kind == "ClusterSecretStore" else store.scope.namespace
        query = (store.sa_name, ns, store.scope.env)
        if query not in asked:
            asked.add(query)
            accounts, _ = account_for(model, store)
            arns.update(a.role_arn for a in accounts if a.role_arn)
        role = _store_value(store, "role")
        if role:
            arns.add(role)
    names: set[str] = set()
    for arn in arns:
        parsed = parse_role_arn(arn)
        if parsed is not None:
            names.add(parsed.name)
    index = iam_index(project, frozenset(names))
    if not index.roles:
        return []
    out: list[IrsaLink] = []
    # One list per role ARN: the links of stores that name the same role share it, and so
    # do ZOT507/ZOT508's verdicts per list (zotlint.iam.verdicts).
    role_lists: dict[str, list[Role]] = {}

    def roles_for(arn: str) -> list[Role]:
        got = role_lists.get(arn)
        if got is None:
            got = role_lists[arn] = index.roles_for(arn)
        return got

    # Per account query (name, namespace, environment): its first account of each role ARN,
    # once, not once per store (hundreds of stores over hundreds of accounts: issue 19).
    firsts: dict[tuple[str | None, ...], list[ServiceAccount]] = {}
    eksctl_roles: dict[str, list[Role]] = {}
    for r in index.roles:
        if r.for_account is not None:
            eksctl_roles.setdefault(r.for_account[1], []).append(r)
    made_for: dict[tuple[str, str | None], list[Role]] = {}
    keys_of: dict[int, list[RemoteKey]] = {}  # stores that share their ExternalSecrets
    for store, externals in stores:
        assert store.sa_name is not None
        service = _store_value(store, "service")
        if service is not None and service != "SecretsManager":
            continue
        keys = keys_of.get(id(externals))
        if keys is None:
            keys = keys_of[id(externals)] = _keys(externals)
        region = _store_value(store, "region")
        assume = _store_value(store, "role")
        ns = store.sa_namespace if store.kind == "ClusterSecretStore" else store.scope.namespace
        query = (store.sa_name, ns, store.scope.env)
        accounts = firsts.get(query)
        if accounts is None:
            accounts = firsts[query] = _first_per_arn(account_for(model, store)[0])
        audiences = _store_audiences(store)
        for acc in accounts:
            arn = acc.role_arn
            assert arn is not None
            roles = roles_for(arn)
            if not roles:
                continue
            aud = acc.annotations.get(AUDIENCE_ANNOTATION) or DEFAULT_AUDIENCE
            out.append(
                IrsaLink(
                    store,
                    store.sa_name,
                    acc.scope.namespace or ns,
                    acc,
                    arn,
                    _annotation_ref(acc),
                    None if audiences else str(aud),
                    roles,
                    roles_for(assume) if assume else roles,
                    region,
                    keys,
                )
            )
        if not accounts:
            # No account in the repo: eksctl may create it with its role.
            made = made_for.get((store.sa_name, ns))
            if made is None:
                made = made_for[(store.sa_name, ns)] = [
                    r
                    for r in eksctl_roles.get(store.sa_name, ())
                    if ns is None or (r.for_account is not None and r.for_account[0] == ns)
                ]
            if made:
                out.append(
                    IrsaLink(
                        store,
                        store.sa_name,
                        ns,
                        None,
                        None,
                        None,
                        None if audiences else DEFAULT_AUDIENCE,
                        made,
                        roles_for(assume) if assume else made,
                        region,
                        keys,
                    )
                )
    return out


def _first_per_arn(accounts: list[ServiceAccount]) -> list[ServiceAccount]:
    """The first account of each role ARN, in order (accounts without one left out)."""
    out: list[ServiceAccount] = []
    seen: set[str] = set()
    for acc in accounts:
        if acc.role_arn is not None and acc.role_arn not in seen:
            seen.add(acc.role_arn)
            out.append(acc)
    return out


def _annotation_ref(acc: ServiceAccount) -> Ref:
    """The annotation's value (the account's ref points at the account)."""
    doc = acc.ref.doc
    # The account's ref is `metadata.name` (a manifest) or `serviceAccount.name` (chart values).
    candidate = acc.ref.path[:-1] + ("annotations", ROLE_ARN)
    return doc.ref(candidate) if doc.has(candidate) else acc.ref


def _store_value(store: SecretStore, name: str) -> str | None:
    doc = store.doc
    for path in (store.spec_path + ("provider", "aws", name), store.path + (name,)):
        v = doc.get(path)
        if isinstance(v, str) and v:
            return v
    return None


def _store_audiences(store: SecretStore) -> bool:
    v = store.doc.get(
        store.spec_path + ("provider", "aws", "auth", "jwt", "serviceAccountRef", "audiences")
    )
    return bool(v)


MAX_KEYS = 100  # remote keys checked per store (bounded work on hostile input)


def _keys(externals: list[ExternalSecret]) -> list[RemoteKey]:
    """The first MAX_KEYS remote keys of ``externals`` (each ExternalSecret's once)."""
    out: list[RemoteKey] = []
    seen: set[tuple[int, str]] = set()
    for es in externals:
        if len(out) >= MAX_KEYS:
            break
        for e in es.data:
            if e.remote_key and (id(es), e.remote_key) not in seen:
                seen.add((id(es), e.remote_key))
                out.append(RemoteKey(e.remote_key, es.doc.ref(e.path + ("remoteRef", "key")), es))
        data_from = es.doc.get(es.spec_path + ("dataFrom",))
        for i, item in enumerate(data_from if isinstance(data_from, list) else []):
            key = item.get("extract", {}).get("key") if isinstance(item, dict) else None
            if isinstance(key, str) and key and (id(es), key) not in seen:
                seen.add((id(es), key))
                out.append(
                    RemoteKey(key, es.doc.ref(es.spec_path + ("dataFrom", i, "extract", "key")), es)
                )
    return out[:MAX_KEYS]


def _zot_stores(model: Model) -> list[tuple[SecretStore, list[ExternalSecret]]]:
    """The stores zot's ExternalSecrets use (those creating a Secret a zot pod mounts)."""
    externals: dict[int, ExternalSecret] = {}
    seen: set[tuple[int, int]] = set()
    # Volumes with equal queries have the same sources (zotlint.model.links), in the same order:
    # one read per query adds every ExternalSecret in the order it was first met, without
    # walking hundreds of shared sources for each of hundreds of deployments.
    asked: set[tuple[str | None, str | None, str | None]] = set()
    for dep in model.deployments:
        for vol in dep.pod.volumes:
            if (id(dep.pod), id(vol)) in seen:
                continue
            seen.add((id(dep.pod), id(vol)))
            query = secret_volume_query(dep, vol)
            if query is not None:
                if query in asked:
                    continue
                asked.add(query)
            same, _, _ = volume_sources(model, dep, vol)
            for src in same:
                if src.external_secret is not None:
                    externals.setdefault(id(src.external_secret), src.external_secret)
    # ExternalSecrets with equal store queries resolve to the same stores (store_for), and one
    # name often covers hundreds of stores: group by query first, then give each store the
    # ExternalSecrets of the queries that reach it. Stores reached by the same queries share
    # one list (hundreds of stores x thousands of ExternalSecrets was a quadratic join).
    by_query: dict[tuple[str | None, ...], list[ExternalSecret]] = {}
    reached: dict[int, tuple[SecretStore, list[int]]] = {}
    for es in externals.values():
        query = store_query(es)
        group = by_query.get(query)
        if group is None:
            group = by_query[query] = []
            stores, _ = store_for(model, es)
            for st in stores:
                reached.setdefault(id(st), (st, []))[1].append(len(by_query) - 1)
        group.append(es)
    order = {id(es): i for i, es in enumerate(externals.values())}
    groups = list(by_query.values())
    shared: dict[tuple[int, ...], list[ExternalSecret]] = {}
    out: list[tuple[SecretStore, list[ExternalSecret]]] = []
    for st, queries in reached.values():
        key = tuple(queries)
        got = shared.get(key)
        if got is None:
            merged = heapq.merge(*(groups[q] for q in key), key=lambda es: order[id(es)])
            got = shared[key] = list(merged)
        out.append((st, got))
    return out


# -- `zotlint graph` --------------------------------------------------------------------------

GraphStep = tuple[str, str, str, Ref | None, str]  # kind, label, status, where, note


def graph_steps(project: Project, model: Model, store: SecretStore) -> list[GraphStep]:
    """The links after the service account: IAM role (trust ok / broken) → its policies
    (cover zot's remote keys: yes / no / too broad). Statuses as zotlint.model.links."""
    from zotlint.data.iam import READ_ACTION
    from zotlint.iam.breadth import over_broad, scopes, secret_arn

    memo = role_verdicts(project)
    out: list[GraphStep] = []
    for link in irsa_links(project, model):
        if link.store is not store:
            continue
        verdicts = [memo.trust(r, link.subject, link.audience).allowed for r in link.roles]
        status = _combine(verdicts)
        word = {"found": "trust ok", "broken": "trust broken", "unknown": "trust unknown"}
        names = ", ".join(r.label for r in link.roles)
        out.append(
            (
                "role",
                f"IAM role {names} ({word[status]})",
                status,
                link.roles[0].ref,
                "trust policy (ZOT507)" if status == "broken" else "",
            )
        )
        reads: list[bool | None] = []
        for key in link.keys:
            arn, _ = secret_arn(key.key, link.partition, link.region, link.account_id)
            reads.extend(memo.read(r, arn, READ_ACTION).allowed for r in link.permission_roles)
        cover = _combine(reads) if reads else "unknown"
        zot = scopes([k.key for k in link.keys])
        broad = any(
            over_broad(st, zot) is not None
            for r in link.permission_roles
            for pol in r.all_policies()
            for st in pol.statements
        )
        answer = {"found": "yes", "broken": "no", "unknown": "unknown"}[cover]
        label = f"policies cover zot's remote keys: {answer}" + (", too broad" if broad else "")
        policies = [p for r in link.permission_roles for p in r.all_policies()]
        out.append(
            (
                "policy",
                label,
                cover,
                policies[0].ref if policies else None,
                "permissions (ZOT508)" if cover == "broken" or broad else "",
            )
        )
        break
    return out


def _combine(verdicts: list[bool | None]) -> str:
    if verdicts and all(v is False for v in verdicts):
        return "broken"
    if verdicts and all(v is True for v in verdicts):
        return "found"
    return "unknown"
