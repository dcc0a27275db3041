"""Which Keycloak client in the repo is zot's, and what that client is given by default.

RULES.md (ZOT4xx preamble): a zot provider is linked to a client by client ID when zot's client
ID is visible, else by a redirect URI or root URL on zot's host. Realm definitions are realm
exports/imports and keycloak-config-cli files (the realm object at the root) and
`KeycloakRealmImport` manifests (the realm object under `spec.realm`).

``link()`` makes that tie for the ZOT4xx rules (and ``zot_clients`` for ZOT109/ZOT110): zot's
client ID may also be read from the ExternalSecret template that writes its credentialsFile;
realm files of another environment or another Keycloak server are left out. Zot's callback
and Keycloak's redirect-URI matching are in ``zotlint.keycloak_redirect``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from zotlint.document import Document, Kind, Path, Ref
from zotlint.keycloak_redirect import callback_uri, redirect_accepted
from zotlint.model.env import ENV_WORDS, env_from_path, known_mismatch
from zotlint.zotconfig import (
    Provider,
    credentials_file,
    http_url,
    keycloak_realm,
    providers,
)

if TYPE_CHECKING:
    from zotlint.facts import Facts
    from zotlint.project import Project

# Keycloak's built-in realm default client scopes (`defaultDefaultClientScopes`) when a realm
# file does not list them; `acr` and `basic` only on newer versions, `email` on every version
# (reference/eso-argocd-keycloak.md §5.4).
BUILTIN_DEFAULT_SCOPES = frozenset({"profile", "email", "roles", "web-origins", "acr", "basic"})


@dataclass(frozen=True, slots=True, eq=False)
class RealmDef:
    doc: Document
    path: Path  # where the realm object sits in the document
    data: dict[str, Any]

    @property
    def name(self) -> str | None:
        name = self.data.get("realm")
        return name if isinstance(name, str) else None


@dataclass(frozen=True, slots=True, eq=False)
class ClientDef:
    realm: RealmDef
    path: Path  # path of the client object in the realm's document
    data: dict[str, Any]

    @property
    def client_id(self) -> str | None:
        cid = self.data.get("clientId")
        return cid if isinstance(cid, str) else None

    def ref(self, key: str | None = None, part: str = "value") -> Ref:
        if key is None:
            return self.realm.doc.ref(self.path, part)
        return self.realm.doc.ref((*self.path, key), part)


def realms(project: Project) -> list[RealmDef]:
    # Once per project: link() runs for every provider of every zot config, by several rules.
    return list(project.cached(("keycloak_link", "realms"), lambda: tuple(_realms(project))))


def _realms(project: Project) -> list[RealmDef]:
    out: list[RealmDef] = []
    for doc in project.documents(Kind.KEYCLOAK_REALM):
        data = doc.data
        if not isinstance(data, dict):
            continue
        if data.get("kind") == "KeycloakRealmImport":
            spec = data.get("spec")
            realm = spec.get("realm") if isinstance(spec, dict) else None
            if isinstance(realm, dict):
                out.append(RealmDef(doc, ("spec", "realm"), realm))
        elif isinstance(data.get("realm"), str):
            out.append(RealmDef(doc, (), data))
    return out


def clients(project: Project) -> list[ClientDef]:
    return list(project.cached(("keycloak_link", "clients"), lambda: tuple(_clients(project))))


def _clients(project: Project) -> list[ClientDef]:
    out: list[ClientDef] = []
    for realm in realms(project):
        items = realm.data.get("clients")
        if not isinstance(items, list):
            continue
        for i, client in enumerate(items):
            if isinstance(client, dict):
                out.append(ClientDef(realm, (*realm.path, "clients", i), client))
    return out


def visible_client_id(provider: Provider) -> str | None:
    """Zot's client ID when the config shows it: inline and not overwritten by a credentials
    file (zot replaces inline values with the file's)."""
    if credentials_file(provider) is not None:
        return None
    cid = provider.get("clientid")
    return cid if isinstance(cid, str) and cid else None


def zot_host(doc: Document) -> str | None:
    """Lower-case host of zot's origin: `externalUrl`, else `http.address`."""
    url = http_url(doc.get(("http", "externalurl")))
    if url is not None:
        return url.hostname
    address = doc.get(("http", "address"))
    if isinstance(address, str) and address.strip():
        return address.strip().strip("[]").lower()
    return None


def _host_of(uri: Any, root: Any) -> str | None:
    if not isinstance(uri, str) or not uri:
        return None
    if uri.startswith("/"):
        if not isinstance(root, str) or not root:
            return None
        uri = urljoin(root, uri)
    try:
        return urlsplit(uri).hostname
    except ValueError:
        return None


def zot_clients(facts: Facts, doc: Document, provider: Provider) -> list[ClientDef]:
    """The repo's definitions of this provider's Keycloak client (usually one, often none)."""
    found = link(facts, doc, provider)
    return found.clients if found is not None else []


def _on_host(project: Project, client: ClientDef, host: str) -> bool:
    def hosts() -> frozenset[str | None]:
        root = client.data.get("rootUrl")
        uris = client.data.get("redirectUris")
        out = {_host_of(root, None)}
        if isinstance(uris, list):
            out.update(_host_of(u, root) for u in uris)
        return frozenset(out)

    # Once per client (clients() are the same objects all run): a zot client may list every
    # zot callback of its environment, and every provider asks.
    return host in project.cached(("keycloak_link", "client_hosts", id(client)), hosts)


def default_client_scopes(client: ClientDef) -> tuple[frozenset[str], Ref | None]:
    """The scopes Keycloak applies to the client without a request, and where that is decided
    (the client's list, the realm's `defaultDefaultClientScopes`, or None for built-ins).

    A client that lists `defaultClientScopes` or `optionalClientScopes` gets exactly its lists;
    one that lists neither gets the realm's defaults (as ZOT406 defines the client's scopes).
    """
    defaults = client.data.get("defaultClientScopes")
    optional = client.data.get("optionalClientScopes")
    if isinstance(defaults, list) or isinstance(optional, list):
        names = defaults if isinstance(defaults, list) else []
        where = client.ref(
            "defaultClientScopes" if isinstance(defaults, list) else "optionalClientScopes"
        )
        return frozenset(s for s in names if isinstance(s, str)), where
    realm = client.realm
    realm_defaults = realm.data.get("defaultDefaultClientScopes")
    if isinstance(realm_defaults, list):
        where = realm.doc.ref((*realm.path, "defaultDefaultClientScopes"))
        return frozenset(s for s in realm_defaults if isinstance(s, str)), where
    return BUILTIN_DEFAULT_SCOPES, None


# -- linking zot's provider to its client (ZOT4xx) ---------------------------------------------

# Keycloak's built-in optional client scopes (`defaultOptionalClientScopes`); `organization`
# exists only with its feature enabled, and is accepted here so it is never reported wrongly.
BUILTIN_OPTIONAL_SCOPES = frozenset(
    {"address", "phone", "offline_access", "microprofile-jwt", "organization"}
)

_CLIENT_ID_IN_TEXT = re.compile(r"""(?i)["']?\bclientid["']?\s*[:=]\s*["']?([^"'\s,{}]+)""")


@dataclass(frozen=True, slots=True)
class ClientLink:
    """How a zot provider was tied to the repo's Keycloak client definitions."""

    clients: list[ClientDef]  # zot's client, narrowed to the issuer's realm and zot's callback
    linked: list[ClientDef]  # every candidate of the same environment, before that narrowing
    by_client_id: bool  # False: matched by a redirect URI or root URL on zot's host
    client_id: str | None = None
    client_id_ref: Ref | None = None  # where zot's client ID is written (config or template)

    @property
    def how(self) -> str:
        """How the link was made, for messages (host links may miss zot's real client)."""
        if self.by_client_id:
            return ""
        return (
            " (zot's client ID is not visible in the repo: this client was matched by its "
            "redirect URIs on zot's host, and zot may use another client defined elsewhere)"
        )


def keycloak_providers(doc: Document) -> list[Provider]:
    """OpenID providers with a Keycloak issuer (`…/realms/<name>`): the ones ZOT4xx checks."""
    return [p for p in providers(doc) if p.openid and keycloak_realm(p.get("issuer")) is not None]


def secret_client_id(facts: Facts, doc: Document, provider: Provider) -> tuple[str, Ref] | None:
    """Zot's client ID as an ExternalSecret template (or the chart's `secretFiles`) writes it
    into the provider's `credentialsFile`, when the template shows it literally."""
    key = ("keycloak_link", "secret_client_id", id(doc), provider.key, provider.path)
    return facts.project.cached(key, lambda: _secret_client_id(facts, doc, provider))


def _secret_client_id(facts: Facts, doc: Document, provider: Provider) -> tuple[str, Ref] | None:
    if credentials_file(provider) is None:
        return None
    from zotlint.model.links import follow, start_files  # the model is built on first use

    model = facts.model
    files = [
        f
        for f in start_files(doc)
        if f.provider == provider.key and f.whole_document and f.what.endswith("credentialsFile")
    ]
    for dep in model.for_config(doc):
        for sf in files:
            chain = follow(model, dep, sf)
            if chain.key is None:
                continue
            if chain.chart_source == "secretFiles":
                path: Path = ("secretFiles", chain.key)
                cid = _client_id_in(dep.values.get(path))
                ref = dep.values.ref(path)
                if cid is not None and ref is not None:
                    return cid, ref
            for es in chain.external_secrets:
                if not es.produces(chain.key):
                    continue
                tpath = (*es.spec_path, "target", "template", "data", chain.key)
                cid = _client_id_in(es.doc.get(tpath))
                if cid is not None:
                    return cid, es.doc.ref(tpath)
    return None


def _client_id_in(text: Any) -> str | None:
    if not isinstance(text, str):
        return None
    m = _CLIENT_ID_IN_TEXT.search(text)
    return m.group(1) if m else None


def _zot_envs(facts: Facts, doc: Document) -> set[str | None]:
    deps = facts.model.for_config(doc)
    if deps:
        return {d.env for d in deps}
    return {env_from_path(doc.host.source.rel)}


def _realm_env(facts: Facts, realm: RealmDef) -> str | None:
    """The environment of a realm file: from its path as the model reads paths, else the last
    folder named like an environment (`keycloak/realms/dev/realm-export.json`)."""
    env = facts.model.scope_of(realm.doc).env
    if env is not None:
        return env
    folders = PurePosixPath(realm.doc.source.rel).parts[:-1]
    return next((f.lower() for f in reversed(folders) if f.lower() in ENV_WORDS), None)


def realm_hosts(realm: RealmDef) -> set[str]:
    """Hosts the realm file shows for its own Keycloak server: `attributes.frontendUrl`, and
    URLs of its clients that point into `/realms/<this realm>/` (the account console…)."""
    out: set[str] = set()
    attrs = realm.data.get("attributes")
    front = _host_of(attrs.get("frontendUrl"), None) if isinstance(attrs, dict) else None
    if front:
        out.add(front)
    name = realm.name
    items = realm.data.get("clients")
    if not name or not isinstance(items, list):
        return out
    marker = f"/realms/{name}/"
    for client in items:
        if not isinstance(client, dict):
            continue
        urls = [client.get("rootUrl"), client.get("baseUrl")]
        uris = client.get("redirectUris")
        urls += uris if isinstance(uris, list) else []
        for url in urls:
            if isinstance(url, str) and marker in url and "://" in url:
                host = _host_of(url, None)
                if host:
                    out.add(host)
    return out


def _other_server(project: Project, realm: RealmDef, issuer_host: str | None) -> bool:
    """The realm file names its Keycloak host, and zot's issuer is on another one."""
    if issuer_host is None:
        return False
    # Once per realm: it reads every URL of every client of the realm.
    hosts = project.cached(("keycloak_link", "realm_hosts", id(realm)), lambda: realm_hosts(realm))
    return bool(hosts) and issuer_host.lower() not in hosts


def link(facts: Facts, doc: Document, provider: Provider) -> ClientLink | None:
    """Zot's Keycloak client among the repo's definitions, or None when the repo has none.

    By client ID when zot's is visible (inline, or in the template that writes its
    credentialsFile), else by a redirect URI or root URL on zot's host. Clients of another
    known environment are left out; several candidates are narrowed to the issuer's realm and
    then to those accepting zot's callback, whenever that leaves at least one.
    """
    # Nine rules ask for every provider of every zot config: computed once.
    key = ("keycloak_link", "link", id(doc), provider.key, provider.path)
    return facts.project.cached(key, lambda: _link(facts, doc, provider))


def _link(facts: Facts, doc: Document, provider: Provider) -> ClientLink | None:
    project = facts.project
    all_clients = clients(project)
    if not all_clients:
        return None
    cid: str | None = visible_client_id(provider)
    cid_ref = doc.ref((*provider.path, "clientid")) if cid is not None else None
    if cid is None:
        found = secret_client_id(facts, doc, provider)
        if found is not None:
            cid, cid_ref = found
    if cid is not None:
        cands = [c for c in all_clients if c.client_id == cid]
    else:
        host = zot_host(doc)
        cands = [c for c in all_clients if host is not None and _on_host(project, c, host)]
    if not cands:
        return None
    envs = _zot_envs(facts, doc)
    issuer_host = _host_of(provider.get("issuer"), None)
    cands = [
        c
        for c in cands
        if any(not known_mismatch(_realm_env(facts, c.realm), e) for e in envs)
        and not _other_server(project, c.realm, issuer_host)
    ]
    if not cands:
        return None
    narrowed = cands
    realm = keycloak_realm(provider.get("issuer"))
    in_realm = [c for c in narrowed if realm is not None and c.realm.name == realm]
    if in_realm:
        narrowed = in_realm
    callback = callback_uri(doc, provider.meant)
    if len(narrowed) > 1 and callback is not None:
        accepting = [c for c in narrowed if redirect_accepted(c, callback)]
        if accepting:
            narrowed = accepting
    return ClientLink(narrowed, cands, cid is not None, cid, cid_ref)
