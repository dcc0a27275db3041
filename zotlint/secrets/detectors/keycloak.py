"""A Keycloak realm export or `KeycloakRealmImport` (RULES.md ZOT301, ZOT305): clients'
`secret`, identity providers' `config.clientSecret`, users' password credentials."""

from __future__ import annotations

from zotlint.document import Document, Path
from zotlint.secrets.context import FileScan
from zotlint.secrets.detection import DetectionKind
from zotlint.secrets.detectors.credentials import client_secret_value
from zotlint.secrets.placeholder import is_placeholder, normalize


def realm(scan: FileScan, doc: Document) -> set[Path]:
    """Detect in the realm; returns the paths it judged (the generic walk skips them)."""
    handled: set[Path] = set()
    data = doc.data
    base: Path = ()
    if data.get("kind") == "KeycloakRealmImport":
        base = ("spec", "realm")
    clients = doc.get(base + ("clients",))
    for i, client in enumerate(clients if isinstance(clients, list) else []):
        if not isinstance(client, dict):
            continue
        secret = client.get("secret")
        p = base + ("clients", i, "secret")
        if isinstance(secret, str):
            handled.add(p)
            if client_secret_value(secret, "secret"):
                cid = client.get("clientId")
                scan.add(
                    DetectionKind.KEYCLOAK_CLIENT_SECRET,
                    doc,
                    p,
                    "Keycloak client secret",
                    secret,
                    f"client `{cid}`" if isinstance(cid, str) else "",
                )
    idps = doc.get(base + ("identityProviders",))
    for i, idp in enumerate(idps if isinstance(idps, list) else []):
        cfg = idp.get("config") if isinstance(idp, dict) else None
        if not isinstance(cfg, dict):
            continue
        for k, v in cfg.items():
            p = base + ("identityProviders", i, "config", k)
            if isinstance(v, str) and normalize(k) == "clientsecret":
                handled.add(p)
                if client_secret_value(v, k):
                    alias = idp.get("alias")
                    scan.add(
                        DetectionKind.IDP_CLIENT_SECRET,
                        doc,
                        p,
                        "identity-provider client secret",
                        v,
                        f"identity provider `{alias}`" if isinstance(alias, str) else "",
                    )
    users = doc.get(base + ("users",))
    for i, user in enumerate(users if isinstance(users, list) else []):
        creds = user.get("credentials") if isinstance(user, dict) else None
        for j, cred in enumerate(creds if isinstance(creds, list) else []):
            if not isinstance(cred, dict) or str(cred.get("type", "")).lower() != "password":
                continue
            v = cred.get("value")
            p = base + ("users", i, "credentials", j, "value")
            if isinstance(v, str):
                handled.add(p)
                # A password equal to the user name is a demo account (quickstarts).
                name = str(user.get("username", ""))
                if len(v) >= 4 and v.lower() != name.lower() and not is_placeholder(v, "password"):
                    scan.add(
                        DetectionKind.KEYCLOAK_USER_PASSWORD, doc, p, "Keycloak user password", v
                    )
    return handled
