"""An OpenID issuer on plain `http://`: tokens and discovery travel unencrypted.

## What it does
Reports the `issuer` of an `oidc`, `google` or `gitlab` provider when it is an `http://` URL on
a host that is not loopback (`localhost`, `*.localhost`, `127.0.0.0/8`, `[::1]`). `github`
ignores `issuer` and is not checked; malformed issuers are ZOT108.

## Why it matters
It works when the IdP advertises an http issuer, but zot fetches the discovery document and
keys, exchanges the authorization code for tokens (with the client secret) and reads userinfo
over that URL in plain text: anyone on the path can read or alter them. Keycloak behind a TLS
proxy usually advertises `https://` once its hostname is configured.

## Example
```json at=http.auth.openid
"providers": {"oidc": {"issuer": "http://keycloak.example.com/realms/main"}}
```

## Fix
```json at=http.auth.openid
"providers": {"oidc": {"issuer": "https://keycloak.example.com/realms/main"}}
```
The issuer must still equal what the IdP advertises, byte for byte.

## References
- zot `pkg/api/authn.go` (`NewRelyingPartyOIDC`): discovery from the issuer URL
- zitadel/oidc `pkg/client/client.go`: discovery and issuer check
"""

from zotlint.document import Document, Kind
from zotlint.knowledge.urls import http_url, is_loopback_host
from zotlint.knowledge.zot import providers
from zotlint.rule import Context, rule


@rule(
    id="ZOT126",
    name="issuer-not-https",
    severity="warning",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "security"],
)
def check(ctx: Context, doc: Document) -> None:
    for p in providers(doc):
        if not p.openid:
            continue
        url = http_url(p.get("issuer"))
        if url is None or url.scheme.lower() != "http" or is_loopback_host(url.hostname):
            continue
        ctx.report(
            doc.ref((*p.path, "issuer")),
            f"the {p.key} issuer uses plain http on {url.hostname}: zot fetches discovery and "
            "keys, exchanges the code (with the client secret) and reads userinfo unencrypted; "
            "use the https issuer the IdP advertises",
        )
