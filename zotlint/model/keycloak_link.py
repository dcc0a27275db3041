"""Which Keycloak client in the repo is zot's: a cross-file join of zot's provider with the
realm files (``zotlint.knowledge.keycloak`` reads those).

RULES.md (ZOT4xx preamble): a zot provider is linked to a client by client ID when zot's client
ID is visible, else by a redirect URI or root URL on zot's host.

``link()`` makes that tie for the ZOT4xx rules (and ``zot_clients`` for ZOT109/ZOT110): zot's
client ID may also be read from the ExternalSecret template that writes its credentialsFile;
realm files of another environment or another Keycloak server are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from zotlint.document import Document, Kind, Path, Ref
from zotlint.knowledge.keycloak import (
    ClientDef,
    RealmDef,
    client_hosts,
    clients,
    keycloak_providers,
    keycloak_realm,
    realm_hosts,
)
from zotlint.knowledge.keycloak_redirect import redirect_accepted
from zotlint.knowledge.urls import host_of
from zotlint.knowledge.zot import Provider, ZotConfig, credentials_file
from zotlint.lazyregex import lazy_compile
from zotlint.model.env import ENV_WORDS, env_from_path, known_mismatch
from zotlint.records import dataclass

if TYPE_CHECKING:
    from zotlint.facts import Facts
    from zotlint.model.links import Chain
    from zotlint.project import Project


def visible_client_id(provider: Provider) -> str | None:
    """Zot's client ID when the config shows it: inline and not overwritten by a credentials
    file (zot replaces inline values with the file's)."""
    if credentials_file(provider) is not None:
        return None
    cid = provider.get("clientid")
    return cid if isinstance(cid, str) and cid else None


def zot_clients(facts: Facts, doc: Document, provider: Provider) -> list[ClientDef]:
    """The repo's definitions of this provider's Keycloak client (usually one, often none)."""
    found = link(facts, doc, provider)
    return found.clients if found is not None else []


def _on_host(project: Project, all_clients: list[ClientDef], host: str) -> list[ClientDef]:
    """The clients with a root URL or redirect URI on ``host``, in definition order. Indexed by
    host once per run (clients() are the same objects all run): a zot client may list every zot
    callback of its environment, and every provider of every zot config asks."""

    def index() -> dict[str | None, tuple[ClientDef, ...]]:
        by_host: dict[str | None, list[ClientDef]] = {}
        for c in all_clients:
            for h in client_hosts(c):
                by_host.setdefault(h, []).append(c)
        return {h: tuple(cs) for h, cs in by_host.items()}

    return list(project.cached(("keycloak_link", "clients_by_host"), index).get(host, ()))


_CLIENT_ID_IN_TEXT = lazy_compile(r"""(?i)["']?\bclientid["']?\s*[:=]\s*["']?([^"'\s,{}]+)""")


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


def secret_client_id(facts: Facts, doc: Document, provider: Provider) -> tuple[str, Ref] | None:
    """Zot's client ID as an ExternalSecret template (or the chart's `secretFiles`) writes it
    into the provider's `credentialsFile`, when the template shows it literally."""
    key = ("keycloak_link", "secret_client_id", id(doc), provider.key, provider.path)
    return facts.project.cached(key, lambda: _secret_client_id(facts, doc, provider))


def _secret_client_id(facts: Facts, doc: Document, provider: Provider) -> tuple[str, Ref] | None:
    if credentials_file(provider) is None:
        return None
    from zotlint.model.links import (  # the model is built on first use
        follow,
        per_sources,
        start_files,
    )

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
            # Once per volume query and key: a deployment of unknown namespace links to
            # every ExternalSecret writing the Secret's name.
            found = per_sources(model, dep, chain, "keycloak template client ID", _templated)
            if found is not None:
                return found
    return None


def _templated(chain: Chain) -> tuple[str, Ref] | None:
    """The client ID the first ExternalSecret template writing the chain's key shows."""
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
        host = ZotConfig.of(doc).host
        cands = _on_host(project, all_clients, host) if host is not None else []
    if not cands:
        return None
    envs = _zot_envs(facts, doc)
    issuer_host = host_of(provider.get("issuer"))
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
    callback = ZotConfig.of(doc).callback_uri(provider.meant)
    if len(narrowed) > 1 and callback is not None:
        accepting = [c for c in narrowed if redirect_accepted(c, callback)]
        if accepting:
            narrowed = accepting
    return ClientLink(narrowed, cands, cid is not None, cid, cid_ref)


def linked_providers(facts: Facts, doc: Document) -> list[tuple[Provider, ClientLink]]:
    """Zot's Keycloak providers in ``doc`` that the repo ties to a client definition, each with
    its link: what every ZOT4xx rule starts from."""
    out = []
    for p in keycloak_providers(doc):
        found = link(facts, doc, p)
        if found is not None:
            out.append((p, found))
    return out


def linked_clients(facts: Facts) -> Iterator[tuple[Document, Provider, ClientLink, ClientDef]]:
    """Every zot config, provider, link and linked client of the project, for the rules that
    judge a client's definition: several configs may link one client, so the caller keeps one
    report per place (``zotlint.model.report.Once``)."""
    for doc in facts.project.documents(Kind.ZOT_CONFIG):
        for p, found in linked_providers(facts, doc):
            for client in found.clients:
                yield doc, p, found, client
