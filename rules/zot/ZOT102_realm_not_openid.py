"""OpenID is configured and `http.realm` is not the team's conventional value (a convention only).

## What it does
Reports a zot config with at least one OpenID/OAuth2 provider whose `http.realm` (any letter
case) is absent or differs from the expected value: option `expected`, default `openid`, the
value the team's integration guide asks for. The comparison is exact. Configs without OpenID
are not checked.

This rule enforces a **deployment convention, not a zot requirement**. Zot uses `http.realm`
only as the label of its HTTP Basic challenge (`WWW-Authenticate: Basic realm="…"`, default
`Authorization Required` when empty). It does not validate the value, compares it with nothing,
and `"openid"` enables nothing: no OpenID endpoint, no Keycloak realm. Any value, or none, works.
Zot's own examples use `"realm": "zot"`.

## Why it matters
Nothing breaks at runtime either way. The finding keeps the deployments of one team uniform,
so that configs can be compared and copied between environments. If your team has no such
convention, disable the rule or set `expected` to the value you use.

## Example
```json
"http": {
  "realm": "zot",
  "externalUrl": "https://registry.example.com",
  "auth": {"openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main"}}}}
}
```

## Fix
Set the conventional label, or configure the rule:
```json
"http": {"realm": "openid", ...}
```
```yaml
# .zotlint.yaml
rules:
  ZOT102:
    options: {expected: zot}
```

## References
- zot `pkg/api/authn.go` `authFail` and `pkg/common/http_server.go` `AuthzFailWithReason`: the
  only uses of the realm, as the Basic challenge label
- zot `pkg/api/routes.go` (`WWW-Authenticate: basic realm=…` on `GET /v2/`)
- the Zot + Keycloak integration guide (docs/integration-guide.txt in the guide's own
  distribution), §4 (the convention; its claim that `openid` "enables the OIDC realm
  endpoint" is wrong)
"""

from zotlint.document import Document, Kind
from zotlint.knowledge.zot import openid_configured
from zotlint.records import dataclass
from zotlint.rule import Context, rule


@dataclass(frozen=True)
class Options:
    expected: str = "openid"


@rule(
    id="ZOT102",
    name="realm-not-openid",
    severity="note",
    scope=[Kind.ZOT_CONFIG],
    options=Options,
    tags=["oidc", "convention"],
)
def check(ctx: Context, doc: Document) -> None:
    if not openid_configured(doc):
        return
    expected: str = ctx.options.expected
    realm = doc.get(("http", "realm"))
    if realm == expected:
        return
    convention = (
        f"team convention only: zot uses http.realm just as the label of its Basic-auth challenge "
        f'(WWW-Authenticate: Basic realm=…) and works with any value; set "realm": "{expected}" '
        f"to follow the integration guide, or change this rule's `expected` option"
    )
    if doc.has(("http", "realm")) and realm is not None:
        shown = realm if isinstance(realm, str) else str(realm)
        ctx.report(
            doc.ref(("http", "realm")),
            f'http.realm is "{shown}", not "{expected}" — {convention}',
        )
    else:
        ctx.report(doc.ref(("http",), "key"), f"http.realm is not set — {convention}")
