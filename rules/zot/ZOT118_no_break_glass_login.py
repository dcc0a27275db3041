"""OpenID is the only interactive login: nobody can log in to the UI while the IdP is down.

## What it does
Reports a zot config where OpenID is configured (`http.auth.openid.providers` has an entry) and
neither `http.auth.htpasswd.path` nor `http.auth.ldap` gives a username/password login. API
keys, bearer tokens and client certificates are not interactive logins and do not count.

## Why it matters
Users reach the UI only through the IdP. While Keycloak is down or misconfigured (expired client
secret, deleted client, broken realm) nobody can log in to the UI; existing API keys keep
working for the registry API. The integration guide keeps an htpasswd file as break-glass
access for that case. Note the limit: zot cannot start at all while the issuer is unreachable
(it panics building the OIDC client), so break-glass only helps an instance that is already
running.

## Example
```json
{
  "storage": {"rootDirectory": "/var/lib/registry"},
  "http": {
    "externalUrl": "https://registry.example.com",
    "auth": {"openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main"}}}}
  }
}
```

## Fix
Keep a small htpasswd file (bcrypt entries, `htpasswd -B`) mounted from a Secret:
```json
"auth": {
  "htpasswd": {"path": "/secret/htpasswd"},
  "openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main"}}}
}
```

## References
- zot `pkg/api/authn.go`: login methods; `NewRelyingPartyOIDC` panics when the issuer is down
- zot `pkg/cli/server/root.go`: `http.auth.openid` forces API keys on
- integration guide, "break-glass htpasswd"
"""

from zotlint.document import Document, Kind
from zotlint.knowledge.zot import htpasswd_enabled, ldap_enabled, openid_configured
from zotlint.rule import Context, rule


@rule(
    id="ZOT118",
    name="no-break-glass-login",
    severity="note",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "availability"],
)
def check(ctx: Context, doc: Document) -> None:
    if not openid_configured(doc) or htpasswd_enabled(doc) or ldap_enabled(doc):
        return
    ctx.report(
        doc.ref(("http", "auth"), "key"),
        "OpenID is the only interactive login (no htpasswd, no LDAP): while the IdP is down "
        "nobody can log in to the UI (existing API keys keep working); add an htpasswd file as "
        "break-glass access. It only helps a running zot: zot cannot start while the issuer is "
        "unreachable",
    )
