"""OpenID without `sessionKeysFile`: every zot restart logs all users out.

## What it does
Reports a zot config where OpenID is configured, there is no `http.auth.sessionKeysFile` (or it
is empty), no redis `sessionDriver`, and the repo does not run several pods for it (chart
`replicaCount` > 1, a Deployment's `replicas` or an autoscaler's `maxReplicas`: that case is
ZOT127, an error).

## Why it matters
Without `sessionKeysFile` zot generates random session keys at every start. Each restart,
upgrade or rescheduling of the pod invalidates every session cookie and in-flight login
(`securecookie: the value is not valid`), so users must log in again.

## Example
```json at=http
"auth": {
  "openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main"}}}
}
```

## Fix
Mount a Secret with `{"hashKey": "<32 or 64 random bytes>", "encryptKey": "<16, 24 or 32
bytes>"}` and point zot at it:
```json at=http
"auth": {
  "sessionKeysFile": "/secret-session/sessionKeys.json",
  "openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main"}}}
}
```

## References
- zot `pkg/api/controller.go`: random session keys when no `sessionKeysFile` is given
- zot `examples/README.md`, "Session keys"; zot issue #2526
"""

from zotlint.document import Document, Kind
from zotlint.knowledge.zot import openid_configured
from zotlint.replicas import zot_replicas
from zotlint.rule import Context, rule


@rule(
    id="ZOT121",
    name="missing-session-keys",
    severity="note",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "availability"],
)
def check(ctx: Context, doc: Document) -> None:
    if not openid_configured(doc):
        return
    keys = doc.get(("http", "auth", "sessionkeysfile"))
    if isinstance(keys, str) and keys != "":
        return
    driver = doc.get(("http", "auth", "sessiondriver"))
    if isinstance(driver, dict) and driver.get("name") == "redis":
        return
    pods = zot_replicas(doc, ctx.project)
    if pods is not None and pods.count > 1:
        return  # several pods: ZOT127 reports the broken logins
    ctx.report(
        doc.ref(("http", "auth"), "key"),
        "OpenID is configured without http.auth.sessionKeysFile: zot generates random session "
        "keys at every start, so each restart logs every user out; mount a session keys file "
        "(hashKey, encryptKey) and set sessionKeysFile",
    )
