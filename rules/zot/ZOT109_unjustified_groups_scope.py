"""Zot requests a `groups` scope from Keycloak that no policy uses and Keycloak may not know.

## What it does
Only for the `oidc` provider (any letter case, or an unsupported key such as `keycloak` that
ZOT106 reports, checked as the `oidc` provider it is meant to be) with a Keycloak issuer (path
`/realms/<name>`, with or without `/auth`), and only when the repo holds no Keycloak definition
of zot's client:
reports the `"groups"` entry of `scopes` when no access-control policy names a group
(`http.accessControl.repositories.<glob>.policies[].groups`, `adminPolicy.groups`).

Not reported:
- when the repo defines zot's Keycloak client — a client whose `clientId` equals zot's inline
  `clientid` (when no `credentialsFile` overrides it), else one whose `redirectUris` or `rootUrl`
  are on zot's host. ZOT406 then checks the scopes against the client itself;
- for other IdPs (Dex, Zitadel… offer a `groups` scope), and for `google`/`gitlab`/`github`;
- when a policy names a group (the claim is then wanted; Keycloak must still offer the scope).

## Why it matters
Keycloak has no built-in `groups` client scope (only a `groups` mapper inside
`microprofile-jwt`, which maps realm roles). Unless someone created a `groups` client scope and
attached it to zot's client, the login fails at Keycloak with `invalid_scope` (`Invalid scopes:
openid … groups`). And even when it works, zot uses the `groups` claim only to match policies
that name groups: none does here, so the scope buys nothing.

## Example
```json at=http.auth.openid.providers
"oidc": {
  "issuer": "https://sso.example.com/realms/main",
  "scopes": ["openid", "profile", "email", "groups"]
}
```

## Fix
Fix: unsafe (`--unsafe-fixes` removes `"groups"` from `scopes`): the realm may attach a groups
client scope the repository does not show, and a policy added later would need the claim.

Drop the scope, or name groups in policies and attach a `groups` client scope (with a group
membership mapper) to zot's client in Keycloak:
```json at=http.auth.openid.providers.oidc
"scopes": ["openid", "profile", "email"]
```

## References
- Keycloak keycloak/keycloak 16.0.0
  `services/src/main/java/org/keycloak/protocol/oidc/TokenManager.java` lines
  632-660 (`isValidScope`); `OIDCLoginProtocolFactory.java` lines 205-335 (no `groups` scope)
- project-zot/zot@6d19b445 `pkg/api/authn.go` lines 1105-1195 (groups claim), `pkg/api/authz.go`
  lines 196-211
- the Zot + Keycloak integration guide (docs/integration-guide.txt in the guide's own
  distribution), §4 note and troubleshooting table
"""

from zotlint.document import Document, Kind, Path
from zotlint.fix import UNSAFE, Fix, remove_entry
from zotlint.knowledge.keycloak import keycloak_realm
from zotlint.knowledge.zot import policy_group_refs, providers
from zotlint.model.keycloak_link import zot_clients
from zotlint.rule import Context, rule


@rule(
    id="ZOT109",
    name="unjustified-groups-scope",
    severity="warning",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "keycloak"],
)
def check(ctx: Context, doc: Document) -> None:
    for p in providers(doc):
        if p.meant != "oidc":
            continue
        realm = keycloak_realm(p.get("issuer"))
        scopes = p.get("scopes")
        if realm is None or not isinstance(scopes, list) or "groups" not in scopes:
            continue
        if any(isinstance(g, str) and g for _, g in policy_group_refs(doc)):
            continue
        if zot_clients(ctx.facts, doc, p):
            continue  # ZOT406 judges the scope against the client the repo defines
        for i, scope in enumerate(scopes):
            if scope != "groups":
                continue
            ctx.report(
                doc.ref((*p.path, "scopes", i)),
                f'Zot requests the "groups" scope but no access-control policy names a group: '
                f'zot would not use the claim it asks Keycloak realm "{realm}" for; '
                f"Keycloak has no built-in groups client scope, and unless one is attached to "
                f'zot\'s client the login fails with invalid_scope: remove "groups" from '
                f"scopes (the repo holds no Keycloak definition of zot's client to check)"
                f"{p.as_meant()}",
                identity=p.key,  # the item is identified by its value (engine)
                fix=_drop(doc, (*p.path, "scopes", i)),
            )


def _drop(doc: Document, path: Path) -> Fix:
    """Unsafe: the realm may attach a groups scope the repo does not show, and a policy added
    later would need the claim."""
    return Fix('Remove "groups" from scopes', (remove_entry(doc.ref(path)),), UNSAFE)
