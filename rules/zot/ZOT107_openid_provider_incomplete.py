"""An OpenID/OAuth2 provider lacks `issuer`, `scopes` or a client ID: zot will not start.

## What it does
Reports a provider that zot rejects once its `credentialsFile` has been read:
- `oidc`, `google`, `gitlab`: `issuer` absent or empty; `scopes` absent or an empty list;
  `clientid` absent or empty while no `credentialsFile` supplies one.
- `github`: `scopes` absent or an empty list; `clientid` absent or empty and no
  `credentialsFile` (github ignores `issuer`).

Keys are matched in any letter case. An unsupported provider key (ZOT106) is checked as the
provider it is meant to be (`keycloak` as `oidc`), so the next error does not wait for another
CI round. Not reported: providers whose value is `{}`/`null` (viper drops them), a `clientid`
expected from a `credentialsFile` (the file's content is ZOT219's), and a missing inline
`clientsecret`. A missing `clientsecret` is not PKCE in every case: without a
`credentialsFile` an absent or empty inline `clientsecret` makes zot a public PKCE client; with
a `credentialsFile`, zot requires the file to hold both `clientid` and `clientsecret` (viper +
mapstructure, unset keys stop zot at start), so a PKCE client writes `"clientsecret": ""` in
the file (ZOT219 checks the file's keys where the repo shows them).

## Why it matters
`zot verify` and `zot serve` both stop with `invalid server config: OpenID provider config
requires clientid, issuer and scopes parameters` (or `OAuth2 provider config requires clientid
and scopes parameters`), so the pod crash-loops. Zot prepends `openid` to the scopes but
never invents a scope list.

## Example
```json at=http.auth.openid.providers
"oidc": {"name": "Keycloak", "issuer": "https://sso.example.com/realms/main"}
```

## Fix
```json at=http.auth.openid.providers
"oidc": {
  "name": "Keycloak",
  "issuer": "https://sso.example.com/realms/main",
  "credentialsFile": "/secret-oidc/credentials.json",
  "scopes": ["openid", "profile", "email"]
}
```

## References
- zot `pkg/cli/server/root.go` `validateOpenIDConfig`, `updateOpenIDConfig` (credentials file
  applied first), `readSecretFile` (unset keys rejected; zot @6d19b445)
- zot `pkg/api/authn.go` (an empty client secret selects PKCE)
- zot tests "Test verify openid config with missing parameter", "Test verify oauth2 config with
  missing parameter scopes/clientid" (`root_test.go`)
"""

from typing import Any

from zotlint.document import Document, Kind
from zotlint.knowledge.zot import credentials_file, providers
from zotlint.rule import Context, rule


@rule(
    id="ZOT107",
    name="openid-provider-incomplete",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "correctness"],
    precision="very-high",
)
def check(ctx: Context, doc: Document) -> None:
    for p in providers(doc):
        openid = p.openid
        if not isinstance(doc.get(p.path), dict):
            continue  # not an object: a decoding error, not a missing field
        missing = []
        if openid and _empty_string(p.get("issuer")):
            missing.append("issuer")
        if _empty_list(p.get("scopes")):
            missing.append("scopes")
        if _empty_string(p.get("clientid")) and credentials_file(p) is None:
            missing.append("clientid")
        if not missing:
            continue
        fixes = [
            "a credentialsFile (holding clientid and clientsecret) or clientid"
            if m == "clientid"
            else m
            for m in missing
        ]
        if openid:
            zot_msg = "OpenID provider config requires clientid, issuer and scopes parameters"
        else:
            zot_msg = "OAuth2 provider config requires clientid and scopes parameters"
        key = doc.key_text(p.path)
        ctx.report(
            doc.ref(p.path, "key"),
            f'provider "{key}" has no {", no ".join(missing)}: zot refuses to start with '
            f"'invalid server config: {zot_msg}'; add {', '.join(fixes)} to the provider"
            f"{p.as_meant()}",
            identity=p.key,
        )


def _empty_string(value: Any) -> bool:
    # null is dropped by viper; numbers decode to non-empty strings
    return value is None or value == ""


def _empty_list(value: Any) -> bool:
    # mapstructure turns an empty map into an empty slice and lifts a scalar into one item
    return value is None or value == [] or value == {}
