"""Zot's OAuth callback is not among the redirect URIs of its Keycloak client.

## What it does
For each OpenID provider with a Keycloak issuer (`…/realms/<name>`) whose Keycloak client the
repo defines (realm export/import JSON or YAML, keycloak-config-cli file or
`KeycloakRealmImport`), computes the redirect URI zot sends and checks it against the client's
`redirectUris` exactly as Keycloak does.

Zot's callback is `<origin>/zot/auth/callback/<provider key, lower-cased>`, where origin is
`http.externalUrl` minus one trailing `/`, else `http(s)://<address>:<port>` (https when
`http.tls` is set). An unsupported provider key (ZOT106) is checked as the key zot accepts for
it (`keycloak` as `oidc`), since renaming the key changes the callback.

Keycloak ≥ 24.0.3 (every current release) compares the callback **as sent**: no
percent-decoding, no `URI.normalize()`, no host lower-casing. It accepts it when an entry is
exactly equal (case-sensitive: `https://H/x` ≠ `https://h/x`, `https://h//x` ≠ `https://h/x`,
`https://h:443/x` ≠ `https://h/x`); or when an entry ends in `*` without a `?` and the callback
(minus query and fragment) starts with the part before the `*` (`https://h/*` also accepts
`https://h`) — but only when the callback has no userinfo and no `..` segment (raw or
percent-encoded), else wildcard entries are compared exactly; a bare `*` accepts everything. An
`http` loopback callback is retried with port 80. Relative entries (`/…`) are appended to the
client's `rootUrl`; a client without `rootUrl` resolves them against the Keycloak server, which
the repo does not show, so they are skipped. When only Keycloak before 24.0.3 (which decoded,
normalized and lower-cased the host) would accept the callback, the message says so: the login
broke on upgrade. A `//` left by an `externalUrl` ending in `//` is ZOT105's error (the line to
edit) and is not reported here again when the URI without it is registered.

Zot's client is the one whose `clientId` equals zot's client ID, when zot's client ID is visible
(inline `clientid` without `credentialsFile`, or literally in the ExternalSecret template or
`secretFiles` entry that writes the credentials file); otherwise a client with a redirect URI or
`rootUrl` on zot's host, and then the finding is a warning, because zot's real client may be
defined elsewhere. Not linked: clients of a realm file of another environment (from its path:
`realms/dev/…`, `envs/prod/…`), and clients of a realm file that shows another Keycloak server
than the issuer's (its `frontendUrl`, or console URLs under `/realms/<name>/`). Among several
candidates, those in the issuer's realm, then those accepting the callback, are kept. A client
without a `redirectUris` key is not judged (keycloak-config-cli leaves an existing list alone).

## Why it matters
Keycloak refuses the login before the user sees a form: the browser shows "We are sorry…
Invalid parameter: redirect_uri". The usual causes are a provider key that differs from the one
in the registered URI (`/zot/auth/callback/keycloak` registered, zot's key is `oidc`), a
missing `externalUrl` (zot then sends `http://0.0.0.0:5000/…`), or a wildcard that stops short
of zot's path.

## Example
Zot's provider key is `oidc`, the client registers the callback of a provider `keycloak`:

`values.yaml`:
```yaml
mountConfig: true
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "5000",
               "externalUrl": "https://registry.example.com",
               "auth": {"openid": {"providers": {"oidc": {
                 "issuer": "https://sso.example.com/realms/platform",
                 "clientid": "zot",
                 "scopes": ["openid", "profile", "email"]}}}}}
    }
```

`keycloak/realm.yaml`:
```yaml
realm: platform
clients:
  - clientId: zot
    publicClient: true
    redirectUris:
      - https://registry.example.com/zot/auth/callback/keycloak
```

## Fix
Fix: unsafe (`--unsafe-fixes` appends the exact callback URI to the client's `redirectUris` in
the realm file, in the list's own style): it widens what the client accepts, in another file
than the finding, so a person should see it. Offered only when one client is in question.

Register the exact URI the message prints (or a wildcard that covers it):

`keycloak/realm.yaml`:
```yaml
realm: platform
clients:
  - clientId: zot
    publicClient: true
    redirectUris:
      - https://registry.example.com/zot/auth/callback/oidc
```

## References
- project-zot/zot@6d19b445 `pkg/api/authn.go` lines 759-817 (`originFromConfig`, the redirect
  URI)
- Keycloak `services/src/main/java/org/keycloak/protocol/oidc/utils/RedirectUtils.java`
  `verifyRedirectUri` (`String r = redirectUri`), `areWildcardsAllowed`, `matchesRedirects`,
  `relativeToAbsoluteURI`, read at Pankraz76/keycloak@57e18d3211c3 (a copy of recent main);
  the normalizing version at keycloak/keycloak@ecd43b181d9e (`decodeRedirectUri`,
  `lowerCaseHostname`); the change: keycloak/keycloak PR #28872 (24.0.3);
  `AuthorizationEndpointChecker.java` lines 121-133 ("Invalid parameter: redirect_uri")
- Keycloak server admin guide, "Valid Redirect URIs"
"""

from zotlint.document import Document, Kind, Ref
from zotlint.fix import UNSAFE, Fix, append_item
from zotlint.knowledge.keycloak import ClientDef
from zotlint.knowledge.keycloak_redirect import legacy_accepts, redirect_accepted, redirect_entries
from zotlint.knowledge.zot import ZotConfig, callback_from, extra_slashes
from zotlint.model.keycloak_link import linked_providers
from zotlint.rule import Context, rule


@rule(
    id="ZOT401",
    name="redirect-uri-not-registered",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "keycloak", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    zot = ZotConfig.of(doc)
    for p, found in linked_providers(ctx.facts, doc):
        callback = zot.callback_uri(p.meant)
        if callback is None:
            continue
        judged = [c for c in found.clients if _judged(c)]
        if not judged or any(redirect_accepted(c, callback) for c in judged):
            continue
        if _zot105_only(doc, p.meant, judged):
            continue  # ZOT105 reports the `//` at externalUrl, the line to edit
        client = judged[0]
        registered = [u for u in client.data["redirectUris"] if isinstance(u, str)]
        hint = _hint(registered, callback, p.meant) + _why(doc, callback, judged)
        names = ", ".join(f'"{c.client_id or "?"}" (realm "{c.realm.name or "?"}")' for c in judged)
        related: list[tuple[Ref, str]] = [
            (c.ref("redirectUris"), "the client's redirectUris") for c in judged
        ]
        if found.client_id_ref is not None and found.client_id_ref.doc is not doc:
            related.append((found.client_id_ref, "zot's client ID"))
        if zot.has_external_url:
            related.append((zot.external_url_ref(), "zot's externalUrl"))
        ctx.report(
            doc.ref(p.path, "key"),
            f"Keycloak does not accept zot's redirect URI: zot sends {callback} for provider "
            f'"{doc.key_text(p.path)}", which Keycloak client {names} does not accept{hint}; '
            f"login fails with "
            f'"Invalid parameter: redirect_uri"; register exactly {callback} in its '
            f"redirectUris{found.how}",
            related=related,
            identity=p.key,
            severity=None if found.by_client_id else "warning",
            # Without externalUrl the URI is zot's listen address: register nothing (ZOT101).
            fix=_register(judged, callback) if zot.external_url else None,
        )


def _zot105_only(doc: Document, key: str, judged: list[ClientDef]) -> bool:
    """`externalUrl` ends in `//` and the callback without it is registered: ZOT105's error."""
    parts = ZotConfig.of(doc).external_url_parts
    if parts is None or not extra_slashes(parts.path):
        return False
    clean = callback_from(f"{parts.scheme}://{parts.netloc}", key)
    return any(redirect_accepted(c, clean) for c in judged)


def _why(doc: Document, callback: str, judged: list[ClientDef]) -> str:
    """Why a URI that looks registered is refused: Keycloak ≥ 24.0.3 compares it as sent."""
    if not any(legacy_accepts(redirect_entries(c), callback) for c in judged):
        return ""
    causes = []
    parts = ZotConfig.of(doc).external_url_parts
    if parts is not None:
        if "//" in parts.path:
            causes.append('a "//" in the path')
        if parts.netloc != parts.netloc.lower():
            causes.append("upper-case letters in the host")
        if "%" in parts.path:
            causes.append("percent-encoding in the path")
        if any(seg in (".", "..") for seg in parts.path.split("/")):
            causes.append('a "." or ".." segment (which also turns wildcard entries off)')
    because = f" ({', '.join(causes)} in externalUrl)" if causes else ""
    return (
        f"; Keycloak before 24.0.3 decoded and normalized the URI and accepted it, but every "
        f"current release compares it exactly as sent{because}"
    )


def _register(judged: list[ClientDef], callback: str) -> Fix | None:
    """Unsafe: registering a redirect URI widens what the client accepts, in another file
    (the realm) than the finding. Offered only when one client is in question."""
    if len(judged) != 1:
        return None
    return Fix(
        f"Add {callback} to the client's redirectUris",
        (append_item(judged[0].ref("redirectUris"), callback),),
        UNSAFE,
    )


def _judged(client: ClientDef) -> bool:
    uris = client.data.get("redirectUris")
    if not isinstance(uris, list):
        return False
    # Relative entries of a client without rootUrl resolve against the Keycloak server.
    root = client.data.get("rootUrl")
    return bool(root) or not any(isinstance(u, str) and u.startswith("/") for u in uris)


def _hint(registered: list[str], callback: str, key: str) -> str:
    """Name the near miss people make most: the same callback under another provider key."""
    base = callback[: -len(key)]
    for uri in registered:
        if uri.startswith(base) and uri != callback:
            other = uri[len(base) :].rstrip("/*")
            if other and "/" not in other:
                return (
                    f' (it lists {uri}, for provider key "{other}", but zot\'s provider key is '
                    f'"{key}")'
                )
    if not registered:
        return " (its redirectUris is empty)"
    return ""
