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
```yaml
clients:
  - clientId: zot
    directAccessGrantsEnabled: true
```

## Fix
```yaml
    directAccessGrantsEnabled: false
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
            f'Keycloak client "{client.client_id or "?"}" (realm '
            f'"{client.realm.name or "?"}") allows direct access grants (the password '
            f"grant), which zot never uses: it lets the client's credentials trade a "
            f"password for tokens without the login page; set "
            f"directAccessGrantsEnabled: false{found.how}",
            related=[(doc.ref(p.path, "key"), "zot's provider linked to this client")],
        )
