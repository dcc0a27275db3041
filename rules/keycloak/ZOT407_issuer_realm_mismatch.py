"""The issuer names another Keycloak realm than the one that defines zot's client.

## What it does
For each OpenID provider with a Keycloak issuer (`…/realms/<name>`, with or without an `/auth`
prefix — Keycloak's context path is server configuration, not part of the realm file), reports
the issuer when zot's client, as the repo defines it, lives only in realms of another name.
Zot's client is linked as in ZOT401 (by zot's visible client ID, else by a redirect URI or
root URL on zot's host, then as a warning); clients of another environment are not linked.
Realm names are compared exactly, as Keycloak does in its URLs.

## Why it matters
Zot sends users to the issuer's realm, where the client does not exist: Keycloak shows "Client
not found." (or "Invalid parameter: redirect_uri" when a same-named client there lacks zot's
callback), and nobody can log in. A copy-pasted issuer from another environment or the
`master` realm is the usual cause.

## Example
The issuer names the realm `master`, zot's client is defined in the realm `platform`:

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
                 "issuer": "https://sso.example.com/realms/master",
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
    redirectUris: [https://registry.example.com/zot/auth/callback/oidc]
```

## Fix
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

## References
- Keycloak issuer `<base URL>/realms/<realm>` (`Urls.realmIssuer`), and `/auth` only on
  Keycloak ≤ 16 or with `--http-relative-path`: keycloak/keycloak 16.0.0 `Urls.java` lines
  211-217; keycloak/keycloak@055504c3 `docs/guides/migration/migrating-to-quarkus.adoc`
- zot `pkg/api/authn.go` (the provider's issuer drives discovery and the login redirect)
"""

import re

from zotlint.document import Document, Kind, Ref
from zotlint.knowledge.keycloak import keycloak_realm
from zotlint.model.keycloak_link import linked_providers
from zotlint.rule import Context, rule


@rule(
    id="ZOT407",
    name="issuer-realm-mismatch",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "keycloak", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    for p, found in linked_providers(ctx.facts, doc):
        issuer = p.get("issuer")
        realm = keycloak_realm(issuer)
        if realm is None or not isinstance(issuer, str):
            continue
        names = {c.realm.name for c in found.linked}
        if None in names or realm in names:
            continue
        client = found.linked[0]
        other = client.realm.name or "?"
        fixed = re.sub(r"/realms/[^/]+", f"/realms/{other}", issuer, count=1)
        related: list[tuple[Ref, str]] = [
            (c.realm.doc.ref((*c.realm.path, "realm")), f'realm "{c.realm.name}" defining it')
            for c in found.linked
        ]
        ctx.report(
            doc.ref((*p.path, "issuer")),
            f'issuer names Keycloak realm "{realm}", but zot\'s client '
            f'"{client.client_id or "?"}" is defined in realm "{other}": Keycloak looks the client '
            f'up in "{realm}" and the login fails ("Client not found."); use {fixed}{found.how}',
            related=related,
            identity=p.key,
            severity=None if found.by_client_id else "warning",
        )
