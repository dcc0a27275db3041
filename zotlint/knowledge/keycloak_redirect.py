"""Keycloak's redirect-URI matching (ZOT401, ZOT402, client linking); zot's side, the URI it
sends, is ``zotlint.knowledge.zot.ZotConfig.callback_uri``.

Current Keycloak (≥ 24.0.3, keycloak/keycloak PR #28872) compares the `redirect_uri` as sent:
`RedirectUtils.verifyRedirectUri` matches `String r = redirectUri` — no percent-decoding, no
`URI.normalize()`, no host lower-casing (read at Pankraz76/keycloak@57e18d3211c3, a copy of
recent main). ``accepts`` reproduces that; ``legacy_accepts`` reproduces the normalizing
comparison of Keycloak before 24.0.3 (keycloak/keycloak@ecd43b181d9e), only to say in a message
that a URI worked there. ``post_logout_entries`` resolves the post-logout list as
`OIDCAdvancedConfigWrapper.getPostLogoutRedirectUris` does (Pankraz76/keycloak@a377ac27207e).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from zotlint.lazyregex import lazy_compile


class ClientDef(Protocol):
    """A Keycloak client definition (``zotlint.knowledge.keycloak.ClientDef``): its JSON object."""

    @property
    def data(self) -> dict[str, Any]: ...


_CFG_DELIMITER = lazy_compile(r"\s*##\s*")  # Keycloak Constants.CFG_DELIMITER_PATTERN


def legacy_normalize(uri: str) -> str:
    """The URI as Keycloak before 24.0.3 compared it: percent-decoded (up to five rounds, query
    kept), `java.net.URI.normalize()` (empty, `.` and `..` segments removed) and the scheme and
    authority lower-cased (`RedirectUtils.decodeRedirectUri`, `lowerCaseHostname`)."""
    parts = urlsplit(uri)
    path = parts.path
    for _ in range(5):
        decoded = unquote(path)
        if decoded == path:
            break
        path = decoded
    out: list[str] = []
    segments = path.split("/")
    for seg in segments:
        if seg in ("", "."):
            continue
        if seg == "..":
            if out:
                out.pop()
            continue
        out.append(seg)
    norm = "/".join(out)
    if path.startswith("/"):
        norm = "/" + norm
    if out and segments[-1] in ("", ".", "..") and path.endswith(("/", "/.", "/..")):
        norm += "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{norm}{query}"


def resolve_entries(entries: Any, root_url: Any) -> list[str]:
    """Registered URIs as Keycloak resolves them: a relative entry (`/…`) is appended to the
    client's `rootUrl`; relative entries of a client without one are left out (they resolve
    against the Keycloak server, which the repo does not show)."""
    if not isinstance(entries, list):
        return []
    root = root_url if isinstance(root_url, str) and root_url and "${" not in root_url else None
    out = []
    for e in entries:
        if not isinstance(e, str) or not e:
            continue
        if e.startswith("/"):
            if root is None:
                continue
            e = root + e
        out.append(e)
    return out


# Keycloak `RedirectUtils.UNSAFE_PATH_PATTERN`: a `..` segment, raw or percent-encoded, between
# `/`, `\\` or their encodings (or at the end of the path) turns wildcard entries off.
_UNSAFE_PATH = lazy_compile(
    r"(/|%2[fF]|%5[cC]|\\)(%2[eE]|\.){2}(/|%2[fF]|%5[cC]|\\)|(/|%2[fF]|%5[cC]|\\)(%2[eE]|\.){2}$"
)
_LOOPBACK = ("localhost", "127.0.0.1", "[::1]")


def wildcards_allowed(uri: str) -> bool:
    """Keycloak ≥ 24.0.3 `areWildcardsAllowed`: no userinfo and no `..` segment in the raw
    path; otherwise only exact entries (and a bare `*`) can match."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return False
    return "@" not in parts.netloc and _UNSAFE_PATH.search(parts.path) is None


def uri_matches(entry: str, uri: str, wildcards: bool = True) -> bool:
    """Keycloak ≥ 24.0.3 `RedirectUtils.matchesRedirects` for one registered entry and the URI
    as sent: a bare `*` matches all; an entry ending in `*` without `?` (when ``wildcards``)
    matches by raw prefix of the URI minus its `?query`/`#fragment`, or equals it minus a
    trailing `/` (`…/*` accepts `…`); anything else by exact, case-sensitive equality."""
    if entry == "*":
        return True
    if entry.endswith("*") and "?" not in entry and wildcards:
        cut = uri.find("?")
        if cut < 0:
            cut = uri.find("#")
        return _wildcard_match(entry, uri if cut < 0 else uri[:cut])
    return entry == uri


def _wildcard_match(entry: str, bare: str) -> bool:
    """An entry ending in `*` against a URI without its query: a raw prefix, or the prefix
    minus a trailing `/` exactly (`…/*` accepts `…`)."""
    prefix = entry[:-1]
    if bare.startswith(prefix):
        return True
    if len(prefix) > 1 and prefix.endswith("/"):
        prefix = prefix[:-1]
    return bare == prefix


def legacy_uri_matches(entry: str, normalized: str) -> bool:
    """Keycloak < 24.0.3 `matchesRedirects` on the normalized URI (no `*` special case, wildcards
    always on, only the `?query` stripped)."""
    if entry.endswith("*") and "?" not in entry:
        return _wildcard_match(entry, normalized.split("?", 1)[0])
    return entry == normalized


def accepts(entries: list[str], uri: str) -> bool:
    """Whether resolved redirect entries accept ``uri`` under current Keycloak (≥ 24.0.3,
    `RedirectUtils.verifyRedirectUri`): the URI is compared as sent — no decoding, no
    normalization, host case kept; an http loopback URI is retried with port 80."""
    wild = wildcards_allowed(uri)
    matcher = _matcher(tuple(entries))
    if matcher.matches(uri, wild):
        return True
    try:
        parts = urlsplit(uri)
        host = parts.netloc.rpartition("@")[2]
        hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    except ValueError:
        return False
    if parts.scheme == "http" and hostname in _LOOPBACK:
        with_80 = parts._replace(netloc=f"{hostname}:80").geturl()
        return matcher.matches(with_80, wild)
    return False


class _Entries:
    """Registered entries split once for ``uri_matches``: a bare `*`, the entries compared by
    equality, and the wildcard ones (`…*` without `?`, prefix matches when wildcards are on).
    A zot client may list the callback of every zot of its environment, and every zot config
    linked to it asks: a set lookup instead of a scan over every entry."""

    def __init__(self, entries: tuple[str, ...]) -> None:
        self.star = "*" in entries
        self.every = frozenset(entries)
        wild = [e for e in entries if e.endswith("*") and "?" not in e]
        self.wildcard = tuple(wild)
        self.exact = frozenset(e for e in entries if not (e.endswith("*") and "?" not in e))

    def matches(self, uri: str, wildcards: bool) -> bool:
        """``any(uri_matches(e, uri, wildcards) for e in entries)``."""
        if self.star:
            return True
        if not wildcards:
            return uri in self.every
        if uri in self.exact:
            return True
        if not self.wildcard:
            return False
        cut = uri.find("?")
        if cut < 0:
            cut = uri.find("#")
        bare = uri if cut < 0 else uri[:cut]
        return any(_wildcard_match(e, bare) for e in self.wildcard)


@lru_cache(maxsize=256)
def _matcher(entries: tuple[str, ...]) -> _Entries:
    return _Entries(entries)


def legacy_accepts(entries: list[str], uri: str) -> bool:
    """Whether Keycloak before 24.0.3 (which decoded and normalized the URI) accepted it."""
    norm = legacy_normalize(uri)
    return any(legacy_uri_matches(e, norm) for e in entries)


def redirect_entries(client: ClientDef) -> list[str]:
    return resolve_entries(client.data.get("redirectUris"), client.data.get("rootUrl"))


def redirect_accepted(client: ClientDef, uri: str) -> bool:
    """Whether the client's `redirectUris` accept ``uri`` under current Keycloak's rules."""
    return accepts(redirect_entries(client), uri)


def post_logout_entries(client: ClientDef) -> tuple[list[str], str]:
    """The client's post-logout redirect URIs as Keycloak resolves them
    (`OIDCAdvancedConfigWrapper.getPostLogoutRedirectUris`), and how: the attribute is split on
    `##`; absent or empty ⇒ the client's `redirectUris` ("default"); first entry `-` ⇒ none
    ("none"); a `+` anywhere ⇒ the other entries plus the `redirectUris` ("plus"); else the
    entries as they are ("list")."""
    attrs = client.data.get("attributes")
    raw = attrs.get("post.logout.redirect.uris") if isinstance(attrs, dict) else None
    root = client.data.get("rootUrl")
    if not isinstance(raw, str) or raw == "":
        return redirect_entries(client), "default"
    items = _CFG_DELIMITER.split(raw)
    if items[0] == "-":
        return [], "none"
    if "+" in items:
        own = resolve_entries([e for e in items if e != "+"], root)
        return own + redirect_entries(client), "plus"
    return resolve_entries(items, root), "list"
