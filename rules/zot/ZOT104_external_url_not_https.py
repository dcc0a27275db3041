"""`http.externalUrl` uses plain `http://` for a host that is not loopback.

## What it does
When OpenID is configured, reports an `http.externalUrl` (any letter case) with the `http`
scheme whose host is not loopback — loopback being `localhost`, `*.localhost`, `127.0.0.0/8`
and `[::1]`, where browsers accept Secure cookies over plain http. Malformed URLs are ZOT103's;
configs without OpenID are not checked (zot then uses `externalUrl` for nothing).

## Why it matters
Zot always marks the OIDC state cookie (set by `/zot/auth/login`, needed again by
`/zot/auth/callback/<provider>`) as Secure. Two cases:
- Users reach zot over plain http: the browser drops the Secure cookie and every login fails
  at the callback.
- TLS is terminated in front of zot (ingress, ALB) and only `externalUrl` says http: the IdP
  sends the authorization code to an http URL — a plaintext hop — and login works only because
  the proxy redirects it to https. Keycloak must also list the http redirect URI.

## Example
```json
"http": {
  "externalUrl": "http://registry.example.com",
  "auth": {"openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main"}}}}
}
```

## Fix
Serve zot over https and say so, then register the https callback in the IdP:
```json
"http": {"externalUrl": "https://registry.example.com", ...}
```

## References
- zot `pkg/api/authn.go` `AuthURLHandler` (state cookie), zitadel/oidc `pkg/http/cookie.go`
  (Secure by default; zot does not set `WithUnsecure()`)
- project-zot/zot@6d19b445 `pkg/api/authn.go` lines 680-700 and 804-806 (cookies);
  zitadel/oidc@81322d90
  `pkg/http/cookie.go` lines 20-32, 118-133 (`secureOnly: true` by default)
"""

from zotlint.document import Document, Kind
from zotlint.knowledge.urls import is_loopback_host
from zotlint.knowledge.zot import ZotConfig
from zotlint.rule import Context, rule


@rule(
    id="ZOT104",
    name="external-url-not-https",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "security", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    zot = ZotConfig.of(doc)
    if not zot.openid_configured:
        return
    raw, url = zot.external_url, zot.external_url_parts
    if url is None or url.scheme.lower() != "http" or is_loopback_host(url.hostname):
        return
    if "@" in url.netloc:
        return  # ZOT103 reports user info; the value may hold a password, so it is not shown
    https = "https" + str(raw)[len(url.scheme) :]
    ctx.report(
        zot.external_url_ref(),
        f'http.externalUrl "{raw}" uses plain http for a non-loopback host: zot sets its OIDC '
        f"state cookie Secure-only, so browsers reaching zot over http drop it and every login "
        f"fails, and behind a TLS proxy the IdP sends the authorization code over plain http; "
        f'use "{https}" and register its callback in the IdP',
    )
