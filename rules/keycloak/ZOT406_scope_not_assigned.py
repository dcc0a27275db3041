"""Zot requests a scope that is not attached to its Keycloak client.

## What it does
For each OpenID provider with a Keycloak issuer whose client the repo defines (linked as in
ZOT401), reports every entry of `scopes` other than `openid` (Keycloak needs no client scope
for it) that is not among the client's client scopes. Those are its `defaultClientScopes` and
`optionalClientScopes` when it lists either. When it lists neither, they are the realm's
`defaultDefaultClientScopes` and `defaultOptionalClientScopes`, each replaced by Keycloak's
built-ins when the realm file omits it: default `profile`, `email`, `roles`, `web-origins`,
`acr`, `basic`; optional `address`, `phone`, `offline_access`, `microprofile-jwt` (and
`organization`, present with its feature). There is no built-in `groups` scope. A scope defined
in the realm's `clientScopes` but not attached to the client fails the same way. When several
candidate clients remain, a scope is reported only if none of them has it.

## Why it matters
Keycloak rejects the authorization request with `invalid_scope` ("Invalid scopes: openid
profile email groups") and redirects back to zot with the error, so nobody can log in. The
integration guide's `groups` scope is the usual culprit: Keycloak has none until one is created
(with a group-membership mapper) and attached to the client.

## Example
The realm defines a `groups` client scope but does not attach it to zot's client:

`values.yaml`:
```yaml
mountConfig: true
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "5000",
               "externalUrl": "https://registry.example.com",
               "auth": {"openid": {"providers": {"oidc": {
                 "issuer": "https://sso.example.com/realms/platform",
                 "clientid": "zot",
                 "scopes": ["openid", "profile", "email", "groups"]}}}}}
    }
```

`keycloak/realm.yaml`:
```yaml
realm: platform
clientScopes:
  - name: groups
    protocol: openid-connect
clients:
  - clientId: zot
    publicClient: true
    redirectUris: [https://registry.example.com/zot/auth/callback/oidc]
    defaultClientScopes: [profile, email, roles, web-origins]
```

## Fix
Attach the client scope to zot's client (default or optional), or stop requesting it:

`keycloak/realm.yaml`:
```yaml
realm: platform
clientScopes:
  - name: groups
    protocol: openid-connect
clients:
  - clientId: zot
    publicClient: true
    redirectUris: [https://registry.example.com/zot/auth/callback/oidc]
    defaultClientScopes: [profile, email, roles, web-origins, groups]
```

## References
- Keycloak keycloak/keycloak 16.0.0 `TokenManager.java` lines 632-660 (`isValidScope`),
  `AuthorizationEndpointChecker.java` lines 208-213 (`invalid_scope`)
- Keycloak `OIDCLoginProtocolFactory.createDefaultClientScopesImpl` (built-in scopes;
  keycloak/keycloak 16.0.0 `OIDCLoginProtocolFactory.java` lines 205-335)
- zot `pkg/api/authn.go` (`openid` is prepended to the scopes it sends)
"""

from zotlint.document import Document, Kind, Ref
from zotlint.knowledge.keycloak import (
    BUILTIN_DEFAULT_SCOPES,
    BUILTIN_OPTIONAL_SCOPES,
    ClientDef,
)
from zotlint.model.keycloak_link import linked_providers
from zotlint.rule import Context, rule


@rule(
    id="ZOT406",
    name="scope-not-assigned",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "keycloak", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    for p, found in linked_providers(ctx.facts, doc):
        scopes = p.get("scopes")
        if not isinstance(scopes, list):
            continue
        assigned = [(c, *_client_scopes(c)) for c in found.clients]
        # zot prepends `openid` only when it is missing; Keycloak quotes the parameter as sent.
        words = [s for s in scopes if isinstance(s, str)]
        sent = " ".join(words if "openid" in words else ["openid", *words])
        for i, scope in enumerate(scopes):
            if not isinstance(scope, str) or scope == "openid":
                continue
            if any(scope in names for _, names, _ in assigned):
                continue
            client, _, where = assigned[0]
            why = _why(client, scope)
            related: list[tuple[Ref, str]] = [
                (where, "the client scopes zot's client gets")
                if where is not None
                else (client.ref(), "zot's client (Keycloak's built-in scopes)")
            ]
            ctx.report(
                doc.ref((*p.path, "scopes", i)),
                f'Zot requests scope "{scope}", which its Keycloak client does not have: it is '
                f'not among the client scopes of client "{client.client_id or "?"}" (realm '
                f'"{client.realm.name or "?"}"){why}; '
                f'Keycloak refuses the login with invalid_scope ("Invalid scopes: {sent}"); '
                f"attach the client scope to the client (default or optional) or remove it from "
                f"scopes{found.how}",
                related=related,
                identity=f"{p.key}:{scope}",
                severity=None if found.by_client_id else "warning",
            )


def _client_scopes(client: ClientDef) -> tuple[frozenset[str], Ref | None]:
    """The scopes attached to the client, and where that list is written (None: built-ins)."""
    data = client.data
    defaults, optional = data.get("defaultClientScopes"), data.get("optionalClientScopes")
    if isinstance(defaults, list) or isinstance(optional, list):
        names = [*(defaults or []), *(optional or [])]
        key = "defaultClientScopes" if isinstance(defaults, list) else "optionalClientScopes"
        return frozenset(s for s in names if isinstance(s, str)), client.ref(key)
    realm = client.realm
    rdef = realm.data.get("defaultDefaultClientScopes")
    ropt = realm.data.get("defaultOptionalClientScopes")
    out = set(rdef if isinstance(rdef, list) else BUILTIN_DEFAULT_SCOPES)
    out |= set(ropt if isinstance(ropt, list) else BUILTIN_OPTIONAL_SCOPES)
    where = None
    if isinstance(rdef, list):
        where = realm.doc.ref((*realm.path, "defaultDefaultClientScopes"))
    elif isinstance(ropt, list):
        where = realm.doc.ref((*realm.path, "defaultOptionalClientScopes"))
    return frozenset(s for s in out if isinstance(s, str)), where


def _why(client: ClientDef, scope: str) -> str:
    items = client.realm.data.get("clientScopes")
    builtin = " and Keycloak has no built-in one" if scope == "groups" else ""
    if not isinstance(items, list):
        return f" ({scope} is not a built-in client scope)" if builtin else ""
    if any(isinstance(s, dict) and s.get("name") == scope for s in items):
        return f': the realm defines a "{scope}" client scope, but it is not attached to the client'
    return f': the realm file defines no "{scope}" client scope{builtin}'
