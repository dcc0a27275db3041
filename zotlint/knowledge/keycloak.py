"""Keycloak's side of the login: realm and client definitions in the repo, and what Keycloak
gives a client by default.

RULES.md (ZOT4xx preamble): realm definitions are realm exports/imports and
keycloak-config-cli files (the realm object at the root) and `KeycloakRealmImport` manifests
(the realm object under `spec.realm`). Tying zot's provider to one of these clients is a
cross-file join: ``zotlint.model.keycloak_link``. Redirect-URI matching:
``zotlint.knowledge.keycloak_redirect``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from zotlint.document import Document, Kind, Path, Ref
from zotlint.knowledge.urls import host_of
from zotlint.knowledge.zot import Provider, providers
from zotlint.records import dataclass

if TYPE_CHECKING:
    from zotlint.project import Project

# Keycloak's built-in realm default client scopes (`defaultDefaultClientScopes`) when a realm
# file does not list them; `acr` and `basic` only on newer versions, `email` on every version
# (reference/eso-argocd-keycloak.md §5.4).
BUILTIN_DEFAULT_SCOPES = frozenset({"profile", "email", "roles", "web-origins", "acr", "basic"})

# Keycloak's built-in optional client scopes (`defaultOptionalClientScopes`); `organization`
# exists only with its feature enabled, and is accepted here so it is never reported wrongly.
BUILTIN_OPTIONAL_SCOPES = frozenset(
    {"address", "phone", "offline_access", "microprofile-jwt", "organization"}
)

_ISSUER_PATH = re.compile(r"^(?:/auth)?/realms/(?P<realm>[^/]+)(?P<rest>/.*)?$")


def keycloak_realm(issuer: Any) -> str | None:
    """The realm name of a Keycloak issuer URL (`…/realms/<name>`, optional `/auth`), else None."""
    if not isinstance(issuer, str):
        return None
    try:
        parts = urlsplit(issuer)
    except ValueError:
        return None
    m = _ISSUER_PATH.match(parts.path)
    if m is None or m.group("rest") not in (None, "/"):
        return None
    return m.group("realm")


def keycloak_bool(value: Any) -> bool | None:
    """A boolean field of a realm file as Keycloak's import reads it: JSON true/false, or the
    strings "true"/"false" (any case, surrounding spaces ignored) that keycloak-config-cli and
    hand-written realm files carry; None for anything else (absent, null, another value)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("true", "false"):
            return word == "true"
    return None


def keycloak_providers(doc: Document) -> list[Provider]:
    """OpenID providers with a Keycloak issuer (`…/realms/<name>`): the ones ZOT4xx checks."""
    return [p for p in providers(doc) if p.openid and keycloak_realm(p.get("issuer")) is not None]


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
    # Once per project: the link runs for every provider of every zot config, by several rules.
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


def client_hosts(client: ClientDef) -> frozenset[str | None]:
    """Hosts of the client's `rootUrl` and `redirectUris` (relative entries against the root)."""
    root = client.data.get("rootUrl")
    uris = client.data.get("redirectUris")
    out = {host_of(root)}
    if isinstance(uris, list):
        out.update(host_of(u, root) for u in uris)
    return frozenset(out)


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


def realm_hosts(realm: RealmDef) -> set[str]:
    """Hosts the realm file shows for its own Keycloak server: `attributes.frontendUrl`, and
    URLs of its clients that point into `/realms/<this realm>/` (the account console…)."""
    out: set[str] = set()
    attrs = realm.data.get("attributes")
    front = host_of(attrs.get("frontendUrl")) if isinstance(attrs, dict) else None
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
                host = host_of(url)
                if host:
                    out.add(host)
    return out
