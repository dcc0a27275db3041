"""An OpenID provider key zot does not support (`keycloak`, `dex`, `azure`…): zot will not start.

## What it does
Reports every key under `http.auth.openid.providers` other than `oidc`, `google`, `gitlab`
(OpenID Connect) and `github` (OAuth2), compared case-insensitively as zot does (viper lowercases
keys, so `OIDC` is accepted). Keys whose value is `{}` or `null` are not reported: viper drops
them before zot sees them.

## Why it matters
The provider key is not a free label: it selects zot's login code. Any other key stops zot at
start with `invalid server config: unsupported openid/oauth2 provider` (`zot verify` fails
too). A Keycloak, Dex, Authentik or Azure AD login goes under the generic `oidc` key; the text
of the UI button comes from its `name`. Only one generic OIDC provider can exist per zot.

## Example
```json
"providers": {
  "keycloak": {"issuer": "https://sso.example.com/realms/main", "scopes": ["openid", "email"]}
}
```

## Fix
```json
"providers": {
  "oidc": {"name": "Keycloak", "issuer": "https://sso.example.com/realms/main",
           "scopes": ["openid", "email"]}
}
```
Register the callback `<externalUrl>/zot/auth/callback/oidc` in the IdP: it follows the key.

## References
- zot `pkg/api/config/config.go` (supported providers), `pkg/cli/server/root.go`
  `validateOpenIDConfig`
- zot test "Test verify openid config with unsupported provider" (`root_test.go`)
"""

from zotlint.document import Document, Kind
from zotlint.rule import Context, rule
from zotlint.zotconfig import OAUTH2_PROVIDERS, OPENID_PROVIDERS, providers


@rule(
    id="ZOT106",
    name="unsupported-openid-provider",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "correctness"],
    precision="very-high",
)
def check(ctx: Context, doc: Document) -> None:
    for p in providers(doc):
        if p.key in OPENID_PROVIDERS or p.key in OAUTH2_PROVIDERS:
            continue
        ctx.report(
            doc.ref(p.path, "key"),
            f'OpenID provider key "{doc.key_text(p.path)}" is not one zot supports (oidc, '
            f"google, gitlab, github): zot refuses to start with 'unsupported openid/oauth2 "
            f'provider\'; put a Keycloak or other OIDC login under "oidc" with its label in '
            f'"name"',
            identity=p.key,
        )
