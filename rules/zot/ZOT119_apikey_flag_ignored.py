"""`"apikey": false` next to OpenID: zot turns API keys on anyway.

## What it does
Reports `http.auth.apikey` set to a false value (`false`, `"false"`, `0`, any form zot's weakly
typed decoder reads as false) when `http.auth.openid` is present as zot sees it (after viper
drops empty objects and nulls). An absent `apikey` is not reported.

## Why it matters
When it loads its config, zot sets `apikey` to true whenever `http.auth.openid` is present,
whatever the file says. The `false` misleads reviewers: users who log in through OpenID can
still create API keys (`/zot/auth/apikey`) and use them for the registry API.

## Example
```json at=http
"auth": {
  "apikey": false,
  "openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main"}}}
}
```

## Fix
Delete the `apikey` line, or set it to `true` so the file says what zot does:
```json at=http
"auth": {
  "apikey": true,
  "openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main"}}}
}
```

## References
- zot `pkg/cli/server/root.go` (`applyDefaultValues`): a present `http.auth.openid` forces
  `APIKey = true`
- zot test `TestApiKeyConfig` (`pkg/cli/server/root_test.go`)
"""

from zotlint.document import Document, Kind
from zotlint.knowledge.zot import viper_present, weak_bool
from zotlint.rule import Context, rule


@rule(
    id="ZOT119",
    name="apikey-flag-ignored",
    severity="note",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "config"],
)
def check(ctx: Context, doc: Document) -> None:
    path = ("http", "auth", "apikey")
    if not doc.has(path) or weak_bool(doc.get(path)) is not False:
        return
    if not viper_present(doc.get(("http", "auth", "openid"))):
        return
    ctx.report(
        doc.ref(path),
        f"`{doc.key_text(path)}` is false but zot turns API keys on whenever http.auth.openid is "
        "present: users logged in through OpenID can still create and use API keys; delete the "
        "setting or set it to true",
    )
