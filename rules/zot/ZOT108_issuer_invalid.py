"""An OpenID provider's `issuer` is not an issuer URL zot can use: zot panics at start.

## What it does
For `oidc`, `google` and `gitlab` providers (github ignores `issuer`; keys in any letter case;
an unsupported key such as `keycloak` is checked as the `oidc` provider it is meant to be),
reports an `issuer` that is:
- not an absolute `http://` or `https://` URL with a host (or contains whitespace);
- carrying a query (`?…`) or fragment (`#…`);
- an endpoint rather than the issuer: a `/.well-known/…` discovery URL or a Keycloak
  `/protocol/openid-connect/…` endpoint;
- a Keycloak issuer (path `/realms/<name>`, with or without the legacy `/auth` prefix) that ends
  in `/`.

An absent or empty issuer is ZOT107's. A trailing `/` on other IdPs is not reported: some
advertise one (Auth0). `http://` issuers are ZOT126's.

## Why it matters
When zot starts it fetches `<issuer>/.well-known/openid-configuration` and requires the
discovery document's `issuer` to equal the configured one byte for byte. Keycloak advertises
`https://<host>/realms/<realm>` without a trailing slash. On any mismatch, or when discovery
fails, zot calls `log.Panic` ("issuer does not match") while building the OIDC client, so the pod
crash-loops. `zot verify` does not contact the issuer and does not catch it.

## Example
```json at=http.auth.openid.providers
"oidc": {"issuer": "https://sso.example.com/realms/main/", "scopes": ["openid", "email"]}
```

## Fix
Fix: safe for a Keycloak issuer with a trailing `/` (`--fix` removes it) and for an endpoint URL
whose issuer is evident (the part before `/.well-known/` or `/protocol/openid-connect`): zot
cannot start with the value as written, and the issuer it needs is not in doubt.

Copy the `issuer` field of the IdP's discovery document exactly:
```json at=http.auth.openid.providers
"oidc": {"issuer": "https://sso.example.com/realms/main", "scopes": ["openid", "email"]}
```

## References
- zot `pkg/api/authn.go` `NewRelyingPartyOIDC` (panics on discovery errors)
- zitadel/oidc `pkg/client/client.go` `Discover` (exact issuer comparison)
- Keycloak `Urls.realmIssuer` (no trailing slash): keycloak/keycloak 16.0.0
  `services/src/main/java/org/keycloak/services/Urls.java` lines 211-217
- zitadel/oidc@81322d90 `pkg/client/client.go` lines 39-62; zot panics: project-zot/zot@6d19b445
  `pkg/api/authn.go`
  lines 716-720
"""

from zotlint.document import Document, Kind, Path
from zotlint.fix import Fix, replace_value
from zotlint.knowledge.keycloak import keycloak_realm
from zotlint.knowledge.urls import http_url
from zotlint.knowledge.zot import providers
from zotlint.rule import Context, rule


@rule(
    id="ZOT108",
    name="issuer-invalid",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    for p in providers(doc):
        if not p.openid:
            continue
        issuer = p.get("issuer")
        if isinstance(issuer, bool) or not isinstance(issuer, (str, int, float)):
            continue
        text = str(issuer)  # zot's decoder turns a number into its decimal string
        if text == "":
            continue
        problem = _problem(text)
        if problem is None:
            continue
        key = doc.key_text(p.path)
        ctx.report(
            doc.ref((*p.path, "issuer")),
            f'The issuer of provider "{key}" {problem}{p.as_meant()}',
            identity=p.key,
            fix=_fix(doc, (*p.path, "issuer"), issuer),
        )


_CRASH = (
    "zot fetches <issuer>/.well-known/openid-configuration at start, requires the advertised "
    "issuer to match exactly, and panics otherwise (the pod crash-loops)"
)


def _problem(issuer: str) -> str | None:
    """A short first sentence (what is wrong), then the detail (the value, the effect)."""
    url = http_url(issuer)
    shown = f'it is "{issuer}"'
    if url is None or any(c.isspace() for c in issuer):
        return f"is not an absolute http(s) URL with a host: {shown}; {_CRASH}"
    if "?" in issuer or "#" in issuer:
        return f"carries a query or fragment: {shown}; {_CRASH}; use the bare issuer URL"
    path = url.path
    if "/.well-known/" in path + "/" or "/protocol/openid-connect" in path:
        suggestion = _issuer_part(issuer)
        return f"is an endpoint, not the issuer: {shown}; {_CRASH}; use the issuer itself" + (
            f', "{suggestion}"' if suggestion else ""
        )
    if issuer.endswith("/") and keycloak_realm(issuer) is not None:
        return (
            f'ends in "/", which Keycloak\'s advertised issuer does not: {shown}; {_CRASH}; use '
            f'"{issuer.rstrip("/")}"'
        )
    return None


def _issuer_part(issuer: str) -> str | None:
    """The issuer an endpoint URL belongs to, when it is evident."""
    for marker in ("/.well-known/", "/protocol/openid-connect"):
        i = issuer.find(marker)
        if i > 0:
            return issuer[:i]
    return None


def _fix(doc: Document, path: Path, issuer: object) -> Fix | None:
    """Keycloak's issuer without the trailing '/', or the issuer an endpoint URL belongs to:
    safe, zot cannot start with the value as written and the issuer it needs is evident."""
    if not isinstance(issuer, str):
        return None
    if issuer.endswith("/") and keycloak_realm(issuer) is not None:
        new: str | None = issuer.rstrip("/")
    else:
        new = _issuer_part(issuer)
    if not new or new == issuer or _problem(new) is not None:
        return None
    return Fix(f'Set the issuer to "{new}"', (replace_value(doc.ref(path), new),))
