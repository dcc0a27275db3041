"""Zot's post-logout redirect URI is not allowed by its Keycloak client.

## What it does
For a zot image v2.1.17 or newer (or an image whose version the repo does not tell), computes
the `post_logout_redirect_uri` zot sends on logout, `<origin>/login` (origin as in ZOT401:
`externalUrl` minus one trailing `/`, else `http(s)://<address>:<port>`), and checks it against
zot's Keycloak client's `attributes."post.logout.redirect.uris"`: entries joined with `##`;
`+` (or an empty value) means the client's `redirectUris`, `-` means none; each entry matches as
in ZOT401 (exact, or a trailing-`*` prefix; relative entries after `rootUrl`). When the client
has no such attribute it is reported too, because the outcome then depends on the Keycloak
version and on how the client was created. Images older than v2.1.17 send no post-logout URI
and are not checked. Zot's client is linked as in ZOT401.

## Why it matters
Since Keycloak 18, RP-initiated logout redirects only to a registered post-logout redirect URI.
Otherwise the user is left on Keycloak's "Invalid redirect uri" error page instead of coming
back to zot's login page, and the Keycloak session may survive.

## Example
```yaml
clients:
  - clientId: zot
    redirectUris: [https://registry.example.com/zot/auth/callback/oidc]
    attributes:
      post.logout.redirect.uris: https://registry.example.com/logout
```

## Fix
```yaml
    attributes:
      post.logout.redirect.uris: https://registry.example.com/login
```
(or `+` with a redirect URI wildcard such as `https://registry.example.com/*` that covers it).

## References
- zot `pkg/api/routes.go` logout handler, `post_logout_redirect_uri = origin + "/login"`
  (since v2.1.17; reference/zot.md Q4)
- Keycloak `post.logout.redirect.uris` client attribute, `##` delimiter, `+`
  (reference/eso-argocd-keycloak.md §5.1); keycloak/keycloak#10135, #15304
"""

from zotlint.data.zot_versions import ZOT_FEATURE_SINCE, version_key
from zotlint.document import Document, Kind, Path
from zotlint.keycloak_link import (
    ClientDef,
    keycloak_normalize,
    keycloak_providers,
    link,
    post_logout_entries,
    uri_matches,
    zot_origin,
)
from zotlint.model.report import Once
from zotlint.project import Project
from zotlint.rule import PROJECT, Context, rule
from zotlint.zotconfig import zot_image_tag

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
        origin = zot_origin(doc)
        if origin is None or not _sends_post_logout(ctx.project, doc):
            continue
        target = f"{origin}/login"
        for p in keycloak_providers(doc):
            found = link(ctx.project, doc, p)
            if found is None:
                continue
            for client in found.clients:
                _check_client(once, doc, p.path, client, target, found.how)


def _check_client(
    once: Once, doc: Document, ppath: Path, client: ClientDef, target: str, how: str
) -> None:
    entries = post_logout_entries(client)
    name = f'"{client.client_id or "?"}" (realm "{client.realm.name or "?"}")'
    related = [(doc.ref(ppath, "key"), "zot's provider linked to this client")]
    if entries is None:
        where = client.ref("clientId", "key") if "clientId" in client.data else client.ref()
        once.report(
            where,
            f"Keycloak client {name} sets no post.logout.redirect.uris, and zot sends "
            f"post_logout_redirect_uri {target} on logout: whether Keycloak accepts it depends "
            f"on its version and how the client was created (Keycloak 18+ otherwise stops on "
            f'"Invalid redirect uri"); set attributes."post.logout.redirect.uris" to {target} '
            f"(or + to reuse the redirect URIs){how}",
            related=related,
            identity=target,
        )
        return
    norm = keycloak_normalize(target)
    if any(uri_matches(e, norm) for e in entries):
        return
    raw = client.data["attributes"]["post.logout.redirect.uris"].strip()
    plus = (
        " (+ reuses the redirectUris, which do not cover it)"
        if raw.split("##")[0].strip() in ("", "+")
        else ""
    )
    once.report(
        client.realm.doc.ref((*client.path, "attributes", "post.logout.redirect.uris")),
        f"zot sends post_logout_redirect_uri {target} on logout, which Keycloak client {name} "
        f"does not allow in post.logout.redirect.uris{plus}: the user ends on Keycloak's \"Invalid "
        f"redirect uri\" page instead of zot's login; add {target} (entries are joined with "
        f"##){how}",
        related=related,
        identity=target,
    )


def _sends_post_logout(project: Project, doc: Document) -> bool:
    """Whether some image running this config sends a post-logout URI (unknown: assume so)."""
    tags = [d.image_tag for d in project.model.for_config(doc)] or [zot_image_tag(doc)]
    need = version_key(_SINCE)
    for tag in tags:
        key = version_key(tag)
        if key is None or need is None or key >= need:
            return True
    return False
