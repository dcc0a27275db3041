"""Which Keycloak client in the repo is zot's, and what that client is given by default.

RULES.md (ZOT4xx preamble): a zot provider is linked to a client by client ID when zot's client
ID is visible, else by a redirect URI or root URL on zot's host. Realm definitions are realm
exports/imports and keycloak-config-cli files (the realm object at the root) and
`KeycloakRealmImport` manifests (the realm object under `spec.realm`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from zotlint.document import Document, Kind, Path, Ref
from zotlint.zotconfig import Provider, credentials_file, http_url

if TYPE_CHECKING:
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


def zot_clients(project: Project, doc: Document, provider: Provider) -> list[ClientDef]:
    """The repo's definitions of this provider's Keycloak client (usually one, often none)."""
    all_clients = clients(project)
    if not all_clients:
        return []
    cid = visible_client_id(provider)
    if cid is not None:
        return [c for c in all_clients if c.client_id == cid]
    host = zot_host(doc)
    if host is None:
        return []
    out = []
    for c in all_clients:
        root = c.data.get("rootUrl")
        uris = c.data.get("redirectUris")
        hosts = {_host_of(root, None)}
        if isinstance(uris, list):
            hosts.update(_host_of(u, root) for u in uris)
        if host in hosts:
            out.append(c)
    return out


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
