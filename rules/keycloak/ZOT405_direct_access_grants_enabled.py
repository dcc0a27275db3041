"""Zot's Keycloak client allows the password grant (direct access grants).

## What it does
Reports `directAccessGrantsEnabled: true` on zot's Keycloak client (linked as in ZOT401: by
zot's visible client ID, else by a redirect URI or root URL on zot's host). Zot never uses the
resource-owner password grant.

## Why it matters
With direct access grants anyone holding the client's credentials can exchange a user name and
password for tokens directly, without the login page, its brute-force protection flow, second
factor or identity-provider redirect. Zot does not need it, so it only widens the attack surface.

## Example
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
                 "scopes": ["openid", "profile", "email"]}}}}}
    }
```

`keycloak/realm.yaml`:
```yaml
realm: platform
clients:
  - clientId: zot
    publicClient: true
    directAccessGrantsEnabled: true
    redirectUris: [https://registry.example.com/zot/auth/callback/oidc]
```

## Fix
`keycloak/realm.yaml`:
```yaml
realm: platform
clients:
  - clientId: zot
    publicClient: true
    directAccessGrantsEnabled: false
    redirectUris: [https://registry.example.com/zot/auth/callback/oidc]
```

## References
- Keycloak client settings, "Direct access grants": keycloak/keycloak 16.0.0
  `core/src/main/java/org/keycloak/representations/idm/ClientRepresentation.java` lines 30-82;
  Keycloak Server Administration Guide, "OIDC clients"
- zot `pkg/api/authn.go` (authorization-code flow only)
"""

from zotlint.knowledge.keycloak import keycloak_bool
from zotlint.model.keycloak_link import linked_clients
from zotlint.model.report import Once
from zotlint.rule import PROJECT, Context, rule


@rule(
    id="ZOT405",
    name="direct-access-grants-enabled",
    severity="note",
    scope=[PROJECT],
    tags=["oidc", "keycloak", "security"],
)
def check(ctx: Context) -> None:
    once = Once(ctx)
    for doc, p, found, client in linked_clients(ctx.facts):
        if keycloak_bool(client.data.get("directAccessGrantsEnabled")) is not True:
            continue
        once.report(
            client.ref("directAccessGrantsEnabled"),
            f"Zot's Keycloak client allows the password grant, which zot never uses: "
            f'client "{client.client_id or "?"}" (realm "{client.realm.name or "?"}") '
            f"enables direct access grants, which let the client's credentials trade a "
            f"password for tokens without the login page; set "
            f"directAccessGrantsEnabled: false{found.how}",
            related=[(doc.ref(p.path, "key"), "zot's provider linked to this client")],
        )
