"""Zot's Keycloak client has the standard (authorization code) flow disabled.

## What it does
Reports `standardFlowEnabled: false` on zot's Keycloak client (linked as in ZOT401: by zot's
visible client ID, else by a redirect URI or root URL on zot's host, then as a warning). An
omitted `standardFlowEnabled` is enabled by default and is not reported.

## Why it matters
Zot's browser login is the OpenID Connect authorization-code flow. With the standard flow
disabled Keycloak refuses it at once: "Client is not allowed to initiate browser login with
given response_type. Standard flow is disabled for the client." (`unauthorized_client`).

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
    standardFlowEnabled: false
    redirectUris: [https://registry.example.com/zot/auth/callback/oidc]
```

## Fix
`keycloak/realm.yaml`:
```yaml
realm: platform
clients:
  - clientId: zot
    publicClient: true
    standardFlowEnabled: true
    redirectUris: [https://registry.example.com/zot/auth/callback/oidc]
```

## References
- Keycloak keycloak/keycloak 16.0.0 `services/src/main/java/org/keycloak/protocol/oidc/endpoints/
  AuthorizationEndpointChecker.java` line 185 ("Standard flow is disabled for the client")
- zot `pkg/api/authn.go` (authorization-code login through zitadel/oidc)
"""

from zotlint.knowledge.keycloak import keycloak_bool
from zotlint.model.keycloak_link import linked_clients
from zotlint.model.report import Once
from zotlint.rule import PROJECT, Context, rule


@rule(
    id="ZOT404",
    name="standard-flow-disabled",
    severity="error",
    scope=[PROJECT],
    tags=["oidc", "keycloak", "correctness"],
)
def check(ctx: Context) -> None:
    once = Once(ctx)
    for doc, p, found, client in linked_clients(ctx.facts):
        if keycloak_bool(client.data.get("standardFlowEnabled")) is not False:
            continue
        once.report(
            client.ref("standardFlowEnabled"),
            f"Zot's Keycloak client disables the standard flow zot logs in with: client "
            f'"{client.client_id or "?"}" (realm "{client.realm.name or "?"}") disables '
            f"the authorization-code login zot's provider "
            f'"{doc.key_text(p.path)}" uses; '
            f'Keycloak answers unauthorized_client ("Standard flow is disabled for the '
            f'client"); set standardFlowEnabled: true{found.how}',
            related=[(doc.ref(p.path, "key"), "zot's provider linked to this client")],
            severity=None if found.by_client_id else "warning",
        )
