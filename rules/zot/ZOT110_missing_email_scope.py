"""Zot takes the username from the `email` claim but does not request the `email` scope.

## What it does
Reports the `scopes` of an `oidc`, `google` or `gitlab` provider (any letter case; an
unsupported key is checked as the provider it is meant to be, see ZOT106) whose
username claim is `email` — no `claimMapping.username`, or `"email"` — when `scopes` is a list
without `"email"`.

For a Keycloak issuer (path `/realms/<name>`, with or without `/auth`) it reports only when the
repo's Keycloak definitions show that `email` is not a default client scope of zot's client:
Keycloak adds the claims of every default scope without a request, and `email` is a default
scope out of the box. Zot's client is the one whose `clientId` equals zot's inline `clientid`
(when no `credentialsFile` overrides it), else one whose `redirectUris` or `rootUrl` are on
zot's host. Its default scopes are its `defaultClientScopes` when it lists
`defaultClientScopes` or `optionalClientScopes`, else the realm's
`defaultDefaultClientScopes`, else Keycloak's built-ins. Without such a definition a Keycloak
provider is not reported.

Not reported for `github` (an OAuth2 provider: no ID token, no OpenID scopes), or when
`claimMapping.username` names another claim. Absent or empty scopes are ZOT107's.

## Why it matters
Zot reads the username from the `email` claim by default and rejects a login whose username
is empty. Most IdPs (Google, GitLab, Dex…) include `email` only when the `email` scope is
requested; zot itself adds only `openid`. Users then authenticate at the IdP and still cannot
log in to zot.

## Example
```json at=http.auth.openid.providers
"oidc": {"issuer": "https://dex.example.com", "scopes": ["openid", "profile"]}
```

## Fix
Fix: safe (`--fix` appends `"email"` to `scopes`, in the list's own style: requesting one
more standard scope only adds the claim zot already reads, and every IdP that knows OpenID
scopes accepts it).

Request the scope, or map the username to a claim you do request:
```json at=http.auth.openid.providers
"oidc": {"issuer": "https://dex.example.com", "scopes": ["openid", "profile", "email"]}
```

## References
- zot `pkg/api/authn.go` (username claim, default `email`; `openid` prepended to scopes)
- project-zot/zot@6d19b445 `pkg/api/config/config.go` lines 354-363 (`claimMapping` defaults:
  username `email`);
  `pkg/api/authn.go` lines 1047-1103 (username read from userinfo)
- Keycloak default client scopes: keycloak/keycloak 16.0.0 `OIDCLoginProtocolFactory.java` lines
  205-335
"""

from typing import Any

from zotlint.document import Document, Kind, Ref
from zotlint.fix import Fix, append_item
from zotlint.knowledge.keycloak import default_client_scopes, keycloak_realm
from zotlint.knowledge.zot import providers
from zotlint.model.keycloak_link import zot_clients
from zotlint.rule import Context, rule


@rule(
    id="ZOT110",
    name="missing-email-scope",
    severity="warning",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc"],
)
def check(ctx: Context, doc: Document) -> None:
    for p in providers(doc):
        if not p.openid:
            continue
        scopes = p.get("scopes")
        if not isinstance(scopes, list) or not scopes or "email" in scopes:
            continue
        if not _username_is_email(p.get("claimmapping")):
            continue
        key = doc.key_text(p.path)
        realm = keycloak_realm(p.get("issuer"))
        if realm is None:
            ctx.report(
                doc.ref((*p.path, "scopes")),
                f'Provider "{key}" takes the username from email but does not request the '
                f"email scope: without claimMapping.username zot reads the email claim, most "
                f"IdPs then "
                f'leave the claim out and zot rejects the login; add "email" to scopes, or set '
                f"claimMapping.username to a claim you request (e.g. preferred_username with "
                f"profile)",
                identity=p.key,
                fix=_add_email(doc, p.path),
            )
            continue
        linked = zot_clients(ctx.facts, doc, p)
        if not linked:
            continue  # Keycloak sends email by default; nothing in the repo says otherwise
        related: list[tuple[Ref, str]] = []
        names = []
        for client in linked:
            default, where = default_client_scopes(client)
            if "email" in default:
                break
            names.append(f'"{client.client_id or "?"}" (realm "{client.realm.name or "?"}")')
            related.append(
                (
                    where or client.ref(),
                    "zot's Keycloak client: default client scopes without email",
                )
            )
        else:
            ctx.report(
                doc.ref((*p.path, "scopes")),
                f'Provider "{key}" takes the username from email but does not request the '
                f"email scope: the repo's Keycloak client {', '.join(names)} does not "
                f"have email among its default client scopes, so Keycloak leaves the claim out and "
                f'zot rejects the login; add "email" to scopes (Keycloak accepts it when the '
                f"email client scope is attached to the client, as default or optional)",
                related=related,
                identity=p.key,
                fix=_add_email(doc, p.path),
            )


def _add_email(doc: Document, provider: tuple[str | int, ...]) -> Fix:
    # Safe: requesting one more standard scope only adds the claim zot already reads.
    return Fix('Add "email" to scopes', (append_item(doc.ref((*provider, "scopes")), "email"),))


def _username_is_email(mapping: Any) -> bool:
    if not isinstance(mapping, dict):
        return True
    username = mapping.get("username")
    return username in (None, "", "email")
