"""An OpenID provider key zot does not support (`keycloak`, `dex`, `azure`…): zot will not start.

## What it does
Reports every key under `http.auth.openid.providers` other than `oidc`, `google`, `gitlab`
(OpenID Connect) and `github` (OAuth2), compared case-insensitively as zot does (viper lowercases
keys, so `OIDC` is accepted). Keys whose value is `{}` or `null` are not reported: viper drops
them before zot sees them. The message names the key zot will accept: `github`, `gitlab` or
`google` when the key names one of them (`github-enterprise`), else `oidc`. The other provider
rules (ZOT107-ZOT110, ZOT4xx) check the entry as that provider in the same run, so renaming the
key does not reveal the next error only after another CI round.

## Why it matters
The provider key is not a free label: it selects zot's login code. Any other key stops zot at
start with `invalid server config: unsupported openid/oauth2 provider` (`zot verify` fails
too). A Keycloak, Dex, Authentik or Azure AD login goes under the generic `oidc` key; the text
of the UI button comes from its `name`. Only one generic OIDC provider can exist per zot.

## Example
```json at=http.auth.openid
"providers": {
  "keycloak": {"issuer": "https://sso.example.com/realms/main", "scopes": ["openid", "email"]}
}
```

## Fix
Fix: unsafe (`--unsafe-fixes` renames the key to the one zot accepts for it, and the matching
callback URI in the repository's Keycloak client when it lists the old one exactly): the
provider key is part of the redirect URI, so the IdP must accept the new one. Not offered when
another provider already has that key.

```json at=http.auth.openid
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
from zotlint.fix import UNSAFE, Fix, replace_value
from zotlint.knowledge.zot import Provider, ZotConfig, providers
from zotlint.model.keycloak_link import link
from zotlint.rule import Context, rule


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
        if p.supported:
            continue
        how = f'rename the key to "{p.meant}"'
        if p.meant == "oidc":
            how += ' (a Keycloak, Dex or Azure login is "oidc"; its label goes in "name")'
        how += f", and register zot's callback …/zot/auth/callback/{p.meant} in the IdP"
        ctx.report(
            doc.ref(p.path, "key"),
            f'OpenID provider key "{doc.key_text(p.path)}" is not one zot supports (oidc, '
            f"google, gitlab, github): zot refuses to start with 'unsupported openid/oauth2 "
            f'provider\'; the key zot accepts for it is "{p.meant}": {how}',
            identity=p.key,
            fix=_rename(ctx, doc, p),
        )


def _rename(ctx: Context, doc: Document, p: Provider) -> Fix | None:
    """Unsafe: the provider key is part of the redirect URI, so the IdP must accept the new
    one. When the repo's Keycloak client lists the old callback exactly, it is renamed too
    (in the realm file). No fix when another provider already has (or means) that key."""
    target = p.meant
    if not p.key or any(q is not p and target in (q.key, q.meant) for q in providers(doc)):
        return None
    edits = [replace_value(doc.ref(p.path, "key"), target)]
    zot = ZotConfig.of(doc)
    old, new = zot.callback_uri(p.key), zot.callback_uri(target)
    found = link(ctx.facts, doc, p)
    if old and new and found is not None and len(found.clients) == 1:
        client = found.clients[0]
        uris = client.data.get("redirectUris")
        if isinstance(uris, list) and uris.count(old) == 1 and new not in uris:
            ref = client.realm.doc.ref((*client.path, "redirectUris", uris.index(old)))
            edits.append(replace_value(ref, new))
    return Fix(f'Rename the provider to "{target}"', tuple(edits), UNSAFE)
