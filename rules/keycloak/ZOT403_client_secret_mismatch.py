"""Zot's Keycloak client expects a client secret, and zot sends none.

## What it does
Reports zot's Keycloak client when it is confidential with secret authentication and zot's
provider has no secret to send. Confidential means `publicClient: false`, or `publicClient`
omitted in a `KeycloakRealmImport` (a realm import leaves the model default, confidential); in
other realm files an omitted `publicClient` is not judged, because keycloak-config-cli creates
clients through the admin API, where it means public. Secret authentication means
`clientAuthenticatorType` `client-secret` or omitted. Bearer-only clients are skipped. Zot sends
no secret when the provider has no `credentialsFile`, no non-empty inline `clientsecret` and no
`keypath`. A public client given a secret works (Keycloak ignores it) and is not reported. Zot's
client is linked as in ZOT401; a client linked only by zot's host gives a warning.

## Why it matters
Without a client secret zot acts as a public client (PKCE) and sends none at the code
exchange. Keycloak refuses it: the browser returns from the login form to an error, and zot logs
`unauthorized_client` ("Client secret not provided in request").

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
    publicClient: false
    redirectUris: [https://registry.example.com/zot/auth/callback/oidc]
```

## Fix
Give zot the secret through a credentials file (`{"clientid": …, "clientsecret": …}`, written
by External Secrets Operator), or, if zot really should be a public client, set
`publicClient: true`:

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
                 "credentialsFile": "/secret-oidc/credentials.json",
                 "scopes": ["openid", "profile", "email"]}}}}}
    }
```

## References
- project-zot/zot@6d19b445 `pkg/api/authn.go` lines 808-810 (an empty client secret means a PKCE
  public client)
- Keycloak keycloak/keycloak 16.0.0 `RepresentationToModel.java` lines 1359-1500 (`createClient`,
  import defaults)
  and `OIDCLoginProtocolFactory.java` lines 357-400 (`setupClientDefaults`, admin API defaults)
- adorsys/keycloak-config-cli@9cc85939 creates clients through the admin API
"""

from zotlint.knowledge.keycloak import ClientDef, keycloak_bool
from zotlint.knowledge.zot import Provider, credentials_file
from zotlint.model.keycloak_link import linked_clients
from zotlint.model.report import Once
from zotlint.rule import PROJECT, Context, rule


@rule(
    id="ZOT403",
    name="client-secret-mismatch",
    severity="error",
    scope=[PROJECT],
    tags=["oidc", "keycloak", "correctness"],
    aliases=["client-not-confidential"],
)
def check(ctx: Context) -> None:
    once = Once(ctx)
    for doc, p, found, client in linked_clients(ctx.facts):
        if _sends_secret(p):
            continue
        why = _confidential(client)
        if why is None:
            continue
        where = client.ref("publicClient") if "publicClient" in client.data else client.ref()
        once.report(
            where,
            f"Zot sends no client secret to a confidential Keycloak client: zot's "
            f'provider "{doc.key_text(p.path)}" has no credentialsFile, clientsecret or '
            f'keypath, and Keycloak client "{client.client_id or "?"}" (realm '
            f'"{client.realm.name or "?"}") is confidential ({why}); Keycloak refuses '
            f"the code exchange with "
            f'unauthorized_client ("Client secret not provided in request"); give zot '
            f"the secret through a credentialsFile, or make the client public"
            f"{found.how}",
            related=[(doc.ref(p.path, "key"), "zot's provider, without a secret")],
            severity=None if found.by_client_id else "warning",
        )


def _sends_secret(p: Provider) -> bool:
    if credentials_file(p) is not None:
        return True
    secret, keypath = p.get("clientsecret"), p.get("keypath")
    return (isinstance(secret, str) and secret != "") or (
        isinstance(keypath, str) and keypath != ""
    )


def _confidential(client: ClientDef) -> str | None:
    """Why the client needs a secret from zot, or None."""
    data = client.data
    if keycloak_bool(data.get("bearerOnly")) is True:
        return None
    auth = data.get("clientAuthenticatorType")
    if auth not in (None, "client-secret"):
        return None
    if "publicClient" in data:
        return "publicClient: false" if keycloak_bool(data["publicClient"]) is False else None
    if client.realm.path == ("spec", "realm"):
        return "publicClient omitted, which a realm import reads as confidential"
    return None
