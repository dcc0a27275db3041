"""OpenID is configured but `http.externalUrl` is missing or empty.

## What it does
Reports a zot config that has at least one OpenID/OAuth2 provider under
`http.auth.openid.providers` but no `http.externalUrl` (in any letter case, as zot reads keys
case-insensitively), or an empty one. Not reported for a standalone config whose
`http.address` is a concrete host name, where `http://<address>:<port>` is a reachable origin.

## Why it matters
Zot builds the OAuth callback from `externalUrl`. Without it the redirect URI becomes
`http(s)://<address>:<port>/zot/auth/callback/<provider>` — with the chart's default config
`http://0.0.0.0:5000/zot/auth/callback/oidc` — which no browser can reach behind an ingress or
load balancer, and which the Keycloak client does not list: login fails with
`Invalid parameter: redirect_uri`.

## Example
```json
{
  "http": {
    "address": "0.0.0.0",
    "port": "5000",
    "auth": {"openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main"}}}}
  }
}
```

## Fix
Set `http.externalUrl` to the public origin users type in the browser:
```json
"http": {"externalUrl": "https://registry.example.com", ...}
```

## References
- zot `pkg/api/authn.go`: callback URL built from `externalUrl`, else address and port
- zot docs, "Social login" (https://zotregistry.dev/articles/authn-authz/)
"""

from zotlint.document import Document, Kind
from zotlint.knowledge.zot import ZotConfig
from zotlint.rule import Context, rule


@rule(
    id="ZOT101",
    name="missing-external-url",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    zot = ZotConfig.of(doc)
    if not zot.openid_configured:
        return
    url = zot.external_url
    if isinstance(url, str) and url.strip():
        return
    address = doc.get(("http", "address"))
    if doc.parent is None and isinstance(address, str) and _concrete_host(address):
        return
    where = "is empty" if isinstance(url, str) else "is not set"
    ctx.report(
        doc.ref(("http", "auth", "openid"), "key"),
        f"OpenID is configured but http.externalUrl {where}: zot will send the redirect URI "
        f"http(s)://<address>:<port>/zot/auth/callback/<provider>, unreachable behind an ingress",
    )


def _concrete_host(address: str) -> bool:
    a = address.strip().lower()
    return a not in ("", "0.0.0.0", "::", "[::]", "127.0.0.1", "localhost") and any(
        c.isalpha() for c in a
    )
