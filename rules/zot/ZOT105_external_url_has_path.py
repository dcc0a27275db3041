"""`http.externalUrl` has a path: zot's routes and its state cookie do not follow it.

## What it does
When OpenID is configured, reports an `http.externalUrl` (any letter case) whose path is
anything other than empty or a single trailing `/`: `https://x/zot`, `https://x/zot/` (a
warning), and `https://x//` (an **error**). Malformed URLs (and URLs with a query or fragment)
are ZOT103's; configs without OpenID are not checked.

## Why it matters
Zot trims one trailing `/` from `externalUrl` and appends its routes, so `https://x/zot` gives
the redirect URI `https://x/zot/zot/auth/callback/oidc`. But zot serves every route at `/`, the
UI assumes it runs at the origin root, and zot scopes its OIDC state cookie to
`Path=/zot/auth/callback`. Behind a path prefix the callback therefore arrives without the
cookie unless the proxy strips the prefix and rewrites cookie paths. A trailing `//` keeps one
`/`: zot sends `https://x//zot/auth/callback/oidc`, and Keycloak ≥ 24.0.3 compares the redirect
URI as sent (no normalization, see ZOT401), so no ordinary entry (`https://x/zot/auth/callback/
oidc`, `https://x/*`) matches and every login stops at "Invalid parameter: redirect_uri". Only
Keycloak before 24.0.3 collapsed the `//`. ZOT401 stays silent about it: this is the line to
edit.

## Example
```json
"http": {
  "externalUrl": "https://example.com/zot",
  "auth": {"openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main"}}}}
}
```

## Fix
Fix: safe for trailing slashes only (`https://r.example.com//` → the origin: the redirect URI
then is the ordinary `<origin>/zot/auth/callback/<key>` every registration uses); unsafe for a
path (`--unsafe-fixes`): the redirect URI registered in the IdP changes with it, and the proxy
must serve zot at the root of its host.

Give zot its own host name and use the bare origin:
```json
"http": {"externalUrl": "https://registry.example.com", ...}
```

## References
- zot `pkg/api/authn.go` `originFromConfig` (`TrimSuffix(externalUrl, "/")`), state cookie path
- zot `pkg/api/logout_internal_test.go` (`https://example.com/zot` keeps its path)
- project-zot/zot@6d19b445 `pkg/api/authn.go` line 685 (state cookie `Path=/zot/auth/callback`);
  `pkg/api/logout_internal_test.go` lines 165-168
- Keycloak `RedirectUtils.verifyRedirectUri` compares the URI as sent since 24.0.3
  (keycloak/keycloak PR #28872; read at Pankraz76/keycloak@57e18d3211c3)
"""

from zotlint.document import Document, Kind
from zotlint.fix import SAFE, UNSAFE, Fix, replace_value
from zotlint.knowledge.zot import ZotConfig, callback_from, extra_slashes
from zotlint.rule import Context, rule


@rule(
    id="ZOT105",
    name="external-url-has-path",
    severity="warning",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    zot = ZotConfig.of(doc)
    if not zot.openid_configured:
        return
    raw, url = zot.external_url, zot.external_url_parts
    if url is None or "@" in url.netloc or "?" in str(raw) or "#" in str(raw):
        return  # ZOT103's cases
    if url.path in ("", "/"):
        return
    callback = callback_from(str(raw), zot.providers[0].meant)
    origin = f"{url.scheme}://{url.netloc}"
    if extra_slashes(url.path):
        ctx.report(
            zot.external_url_ref(),
            f'http.externalUrl "{raw}" ends in more than one "/": zot trims only one, so the '
            f"redirect URI is {callback}, and Keycloak (since 24.0.3) compares it as sent, "
            f'without collapsing the "//" (ZOT401\'s matching), so no ordinary registered '
            f'redirect URI matches and login fails with "Invalid parameter: redirect_uri"; '
            f'set "{origin}"',
            severity="error",
            fix=_fix(zot, raw, origin, SAFE),
        )
        return
    ctx.report(
        zot.external_url_ref(),
        f'http.externalUrl "{raw}" has the path "{url.path}": zot sends the redirect URI '
        f"{callback} but serves its routes at / and scopes its OIDC state cookie to "
        f"Path=/zot/auth/callback, so behind a path prefix the callback arrives without the "
        f"cookie unless the proxy strips the prefix and rewrites cookie paths; serve zot at "
        f'the root of its own host and set "{origin}"',
        fix=_fix(zot, raw, origin, UNSAFE),
    )


def _fix(zot: ZotConfig, raw: object, origin: str, safety: str) -> Fix | None:
    """The bare origin. Safe for extra slashes (the same URL); unsafe for a path: the callback
    URI the IdP must know changes, and the proxy must then serve zot at the root."""
    if not isinstance(raw, str):
        return None
    return Fix(
        f'Set http.externalUrl to "{origin}"',
        (replace_value(zot.external_url_ref(), origin),),
        safety,
    )
