"""An active bearer-token setup next to OpenID: zot then checks only bearer tokens.

## What it does
Reports `http.auth.bearer` when it is active — `realm` and `service` with `cert` or
`awsSecretsManager`, or a `bearer.oidc[]` entry with `issuer` and `audiences` — and OpenID is
configured (`http.auth.openid.providers` has an entry). A `bearer` block missing those fields
is inactive and not reported.

## Why it matters
When bearer authentication is active, zot installs only the bearer middleware on the registry
routes: browser sessions from the OpenID login, htpasswd/LDAP passwords and API keys are never
checked on `/v2`. The SSO login itself may succeed, but afterwards the UI cannot list or pull
anything, and `docker login` with an API key fails.

## Example
```json at=http
"auth": {
  "bearer": {
    "realm": "https://auth.example.com/token", "service": "zot", "cert": "/etc/zot/auth.crt"
  },
  "openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main"}}}
}
```

## Fix
Choose one: remove `bearer` to keep SSO, API keys and htpasswd, or remove `openid` and run zot
behind the token service only:
```json at=http
"auth": {
  "openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main"}}}
}
```

## References
- zot `pkg/api/authn.go` (`AuthHandler`): returns only the bearer middleware when bearer is set
- zot `pkg/api/bearer_auth.go`
- project-zot/zot@6d19b445 `pkg/api/authn.go` lines 63-80 (`AuthHandler`), `pkg/api/bearer_auth.go`
  lines 101-241
"""

from zotlint.document import Document, Kind
from zotlint.knowledge.zot import bearer_active, openid_configured
from zotlint.rule import Context, rule


@rule(
    id="ZOT120",
    name="bearer-disables-sso",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    if not bearer_active(doc) or not openid_configured(doc):
        return
    ctx.report(
        doc.ref(("http", "auth", "bearer"), "key"),
        "bearer authentication is active next to OpenID: zot then checks only bearer tokens on "
        "/v2, so SSO browser sessions, htpasswd/LDAP passwords and API keys are never accepted "
        "and the UI stops working after login; remove `bearer` or remove `openid`",
        related=[(doc.ref(("http", "auth", "openid"), "key"), "OpenID is configured here")],
    )
