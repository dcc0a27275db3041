"""Zot's post-logout redirect URI is not allowed by its Keycloak client.

## What it does
For a zot image v2.1.17 or newer (or an image whose version the repo does not tell), computes
the `post_logout_redirect_uri` zot sends on logout, `<origin>/login` (origin as in ZOT401:
`externalUrl` minus one trailing `/`, else `http(s)://<address>:<port>`), and checks it against
the post-logout list of zot's Keycloak client, resolved as Keycloak does
(`OIDCAdvancedConfigWrapper.getPostLogoutRedirectUris`): `attributes."post.logout.redirect.uris"`
is split on `##`; absent or empty, it is the client's `redirectUris`; a first entry `-` allows
nothing; a `+` anywhere adds the `redirectUris` to the other entries; otherwise the entries are
the list. Each entry matches as in ZOT401 (the URI as sent, exact or a trailing-`*` prefix;
relative entries after `rootUrl`). Images older than v2.1.17 send no post-logout URI and are not
checked. Zot's client is linked as in ZOT401. Reported at the attribute, or at the client when
the attribute is absent.

## Why it matters
Since Keycloak 18, RP-initiated logout redirects only to a registered post-logout redirect URI.
Otherwise the user is left on Keycloak's "Invalid redirect uri" error page instead of coming
back to zot's login page, and the Keycloak session may survive.

## Example
`values.yaml`:
```yaml
image:
  tag: "v2.1.17"
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
    redirectUris: [https://registry.example.com/zot/auth/callback/oidc]
    attributes:
      post.logout.redirect.uris: https://registry.example.com/logout
```

## Fix
Fix: unsafe (`--unsafe-fixes` appends `##<origin>/login` to an existing
`post.logout.redirect.uris` in the realm file, or sets an empty one to `+##<origin>/login`, which
keeps the redirect URIs it stood for): it widens where Keycloak sends users after logout. Not
offered when the attribute is absent or starts with `-` (post-logout redirects turned off).

Allow zot's login page (or `+` with a redirect URI wildcard such as
`https://registry.example.com/*` that covers it):

`keycloak/realm.yaml`:
```yaml
realm: platform
clients:
  - clientId: zot
    publicClient: true
    redirectUris: [https://registry.example.com/zot/auth/callback/oidc]
    attributes:
      post.logout.redirect.uris: https://registry.example.com/login
```

## References
- Keycloak `services/src/main/java/org/keycloak/protocol/oidc/OIDCAdvancedConfigWrapper.java`
  `getPostLogoutRedirectUris` and `AbstractClientConfigWrapper.getAttributeMultivalued`
  (`Constants.CFG_DELIMITER_PATTERN`), read at Pankraz76/keycloak@a377ac27207e (a copy of
  recent main); matching as ZOT401 (`RedirectUtils`, Pankraz76/keycloak@57e18d3211c3)
- zot `pkg/api/routes.go` logout handler, `post_logout_redirect_uri = origin + "/login"`
  (since v2.1.17; project-zot/zot@6d19b445 `pkg/api/routes.go` lines 2525-2591)
- Keycloak `post.logout.redirect.uris` client attribute, `##` delimiter, `+`:
  `services/src/main/java/org/keycloak/protocol/oidc/OIDCAdvancedConfigWrapper.java`
  (`getPostLogoutRedirectUris`); keycloak/keycloak#10135, #15304
"""

from zotlint.data.zot_versions import ZOT_FEATURE_SINCE, version_key
from zotlint.document import Document, Kind, Path
from zotlint.fix import UNSAFE, Fix, replace_value
from zotlint.knowledge.keycloak import ClientDef
from zotlint.knowledge.keycloak_redirect import accepts, legacy_accepts, post_logout_entries
from zotlint.knowledge.zot import ZotConfig, zot_image_tag
from zotlint.model import Model
from zotlint.model.keycloak_link import linked_providers
from zotlint.model.report import Once
from zotlint.rule import PROJECT, Context, rule

_SINCE = ZOT_FEATURE_SINCE["post_logout_redirect_uri sent on logout"]


@rule(
    id="ZOT402",
    name="post-logout-uri-not-registered",
    severity="warning",
    scope=[PROJECT],
    tags=["oidc", "keycloak"],
)
def check(ctx: Context) -> None:
    once = Once(ctx)
    for doc in ctx.project.documents(Kind.ZOT_CONFIG):
        origin = ZotConfig.of(doc).origin
        if origin is None or not _sends_post_logout(ctx.model, doc):
            continue
        target = f"{origin}/login"
        for p, found in linked_providers(ctx.facts, doc):
            for client in found.clients:
                _check_client(once, doc, p.path, client, target, found.how)


def _check_client(
    once: Once, doc: Document, ppath: Path, client: ClientDef, target: str, how: str
) -> None:
    entries, mode = post_logout_entries(client)
    if accepts(entries, target):
        return
    name = f'"{client.client_id or "?"}" (realm "{client.realm.name or "?"}")'
    related = [(doc.ref(ppath, "key"), "zot's provider linked to this client")]
    legacy = (
        "; Keycloak before 24.0.3 normalized the URI and accepted it, but every current release "
        "compares it exactly as sent"
        if legacy_accepts(entries, target)
        else ""
    )
    outcome = (
        f"the user ends on Keycloak's \"Invalid redirect uri\" page instead of zot's login{legacy}"
    )
    attr = (*client.path, "attributes", "post.logout.redirect.uris")
    if mode == "default":
        where = client.ref("clientId", "key") if "clientId" in client.data else client.ref()
        if client.realm.doc.has(attr):
            where = client.realm.doc.ref(attr)
        once.report(
            where,
            f"Keycloak does not allow zot's post-logout redirect URI: zot sends "
            f"post_logout_redirect_uri {target} on logout; Keycloak client {name} "
            f"sets no post.logout.redirect.uris, so Keycloak allows its redirectUris, which do "
            f'not cover it: {outcome}; set attributes."post.logout.redirect.uris" to '
            f'{target} (or "+##{target}" to keep the redirect URIs too){how}',
            related=related,
            identity=target,
            fix=_allow(client, target, mode),
        )
        return
    why = {
        "none": ' (its first entry "-" allows no post-logout redirect at all)',
        "plus": " (+ adds the redirectUris, which do not cover it either)",
        "list": "",
    }[mode]
    once.report(
        client.realm.doc.ref(attr),
        f"Keycloak does not allow zot's post-logout redirect URI: zot sends "
        f"post_logout_redirect_uri {target} on logout, which Keycloak client {name} "
        f"does not allow in post.logout.redirect.uris{why}; {outcome}; add {target} (entries "
        f"are joined with ##){how}",
        related=related,
        identity=target,
        fix=_allow(client, target, mode),
    )


def _allow(client: ClientDef, target: str, mode: str) -> Fix | None:
    """Unsafe: it widens where Keycloak sends users after logout, in the realm file. Appends
    `##<target>` to a list (with or without `+`); an empty attribute becomes `+##<target>`, which
    keeps the redirect URIs it stood for. Not offered for `-` (someone turned post-logout
    redirects off) or when the attribute is absent."""
    attrs = client.data.get("attributes")
    raw = attrs.get("post.logout.redirect.uris") if isinstance(attrs, dict) else None
    if not isinstance(raw, str) or mode == "none":
        return None
    new = f"{raw}##{target}" if raw.strip() else f"+##{target}"
    path = (*client.path, "attributes", "post.logout.redirect.uris")
    return Fix(
        f"Add {target} to post.logout.redirect.uris",
        (replace_value(client.realm.doc.ref(path), new),),
        UNSAFE,
    )


def _sends_post_logout(model: Model, doc: Document) -> bool:
    """Whether some image running this config sends a post-logout URI (unknown: assume so)."""
    tags = [d.image_tag for d in model.for_config(doc)] or [zot_image_tag(doc)]
    need = version_key(_SINCE)
    for tag in tags:
        key = version_key(tag)
        if key is None or need is None or key >= need:
            return True
    return False
