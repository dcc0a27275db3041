"""`http.externalUrl` is not an absolute http(s) URL, so zot's OAuth redirect URI is malformed.

## What it does
When OpenID is configured, reports an `http.externalUrl` (any letter case) that is not an
absolute `http://` or `https://` URL with a host: a bare host name (`registry.example.com`), a
relative path, another scheme, an invalid port, surrounding or embedded whitespace; or one that
carries user info (`user:pass@`), a query (`?…`) or a fragment (`#…`).

Not reported here: an absent or empty value (ZOT101), `http://` on a public host (ZOT104), a
path after the host (ZOT105), and any `externalUrl` of a config without OpenID providers, where
zot uses it for nothing (it serves only the login callback, the logout redirect and the
`callback_ui` allowlist).

## Why it matters
Zot does not validate `externalUrl`. It trims one trailing `/` and appends
`/zot/auth/callback/<provider>` verbatim, so `registry.example.com` becomes the redirect URI
`registry.example.com/zot/auth/callback/oidc`, and `https://x?a=b` becomes
`https://x?a=b/zot/auth/callback/oidc`. Keycloak rejects such a redirect URI
(`Invalid parameter: redirect_uri`), or the browser lands somewhere else after login.

## Example
```json
"http": {
  "externalUrl": "registry.example.com",
  "auth": {"openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main"}}}}
}
```

## Fix
Fix: safe where the origin is clear: surrounding whitespace, user info, a query or a fragment
is dropped when what remains is a valid URL (zot only ever appends its callback path, so none of
those parts could have worked). A missing scheme, another scheme or a bad port is left to you.

Use the public origin users type in the browser, scheme included:
```json
"http": {"externalUrl": "https://registry.example.com", ...}
```

## References
- zot `pkg/api/authn.go` `originFromConfig` and the redirect URI built from it
- project-zot/zot@6d19b445 `pkg/api/authn.go` lines 764-775 (`originFromConfig`: one trailing `/`
  trimmed) and
  797-798 (redirect URI); `pkg/api/logout_internal_test.go` lines 159-164
- Keycloak `RedirectUtils.verifyRedirectUri` (exact redirect URI matching)
"""

from typing import Any
from urllib.parse import urlsplit

from zotlint.document import Document, Kind
from zotlint.fix import Fix, replace_value
from zotlint.knowledge.zot import ZotConfig, callback_from
from zotlint.redact import Sensitive
from zotlint.rule import Context, rule


@rule(
    id="ZOT103",
    name="external-url-invalid",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    zot = ZotConfig.of(doc)
    if not zot.openid_configured:
        return
    raw = zot.external_url
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        return
    url = str(raw)  # zot's decoder turns a number into its decimal string
    if url == "":
        return
    problem = _problem(url)
    if problem is None:
        return
    provider = zot.providers[0].key
    secrets = []
    if "@" in url:
        # The user-info part may hold a password: never echo the value, and scrub it from the
        # source excerpt too.
        shown, result = "http.externalUrl", ""
        password = url.rpartition("@")[0].partition("://")[2].partition(":")[2]
        if password:
            secrets.append(Sensitive(password, "password"))
    else:
        callback = callback_from(url, provider)
        shown, result = f'http.externalUrl "{url}"', f", giving the redirect URI {callback}"
    ctx.report(
        zot.external_url_ref(),
        f"{shown} {problem}: zot appends /zot/auth/callback/<provider> to it verbatim{result}, "
        f"which the IdP rejects (Keycloak: Invalid parameter: redirect_uri); set it to the "
        f"public origin, e.g. https://registry.example.com",
        secrets=secrets,
        fix=_fix(zot, raw),
    )


def _fix(zot: ZotConfig, raw: object) -> Fix | None:
    """The public origin, when it is clear: surrounding whitespace, user info, a query or a
    fragment dropped, and the result a valid URL. Safe: zot only ever appends its callback path,
    so none of the dropped parts could have worked."""
    if not isinstance(raw, str):
        return None
    url = raw.strip()
    scheme, sep, rest = url.partition("://")
    if sep:
        authority, slash, path = rest.partition("/")
        authority = authority.rpartition("@")[2]
        url = f"{scheme}{sep}{authority}{slash}{path}"
    url = url.partition("#")[0].partition("?")[0]
    if url == raw or _problem(url) is not None:
        return None
    return Fix(
        "Set http.externalUrl to the public origin", (replace_value(zot.external_url_ref(), url),)
    )


def _problem(url: str) -> str | None:
    if url != url.strip() or any(c.isspace() for c in url):
        return "contains whitespace"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "cannot be parsed as a URL"
    if parts.scheme.lower() not in ("http", "https") or not url.lower().startswith(
        ("http://", "https://")
    ):
        return "is not an absolute http:// or https:// URL"
    if "@" in parts.netloc:
        return "carries user info (user@ or user:password@)"
    try:
        host: Any = parts.hostname
        _ = parts.port
    except ValueError:
        return "has an invalid port"
    if not host:
        return "has no host"
    if "?" in url:
        return "carries a query (?…)"
    if "#" in url:
        return "carries a fragment (#…)"
    return None
