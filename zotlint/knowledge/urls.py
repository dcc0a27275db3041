"""URL facts every pack shares: what counts as an absolute http(s) URL, a loopback host, the
host a (possibly relative) URI names. One definition, so zot's externalUrl, an issuer and a
Keycloak redirect entry are read the same way everywhere."""

from __future__ import annotations

from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

from zotlint.lazyregex import lazy_compile

_LOOPBACK_V4 = lazy_compile(r"127(?:\.\d{1,3}){3}")


def http_url(value: Any) -> SplitResult | None:
    """`value` split as an absolute http(s) URL with a host and a valid port, else None.

    Zot never parses `externalUrl` or `issuer` itself; this is the shape the browser and the IdP
    need (ZOT103-ZOT105, ZOT108, ZOT126).
    """
    if not isinstance(value, str) or value != value.strip():
        return None
    try:
        parts = urlsplit(value)
        host = parts.hostname
        _ = parts.port  # raises on a non-numeric or out-of-range port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return parts


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    h = host.lower().strip("[]")
    return (
        h == "localhost"
        or h.endswith(".localhost")
        or h == "::1"
        or _LOOPBACK_V4.fullmatch(h) is not None
    )


def host_of(uri: Any, root: Any = None) -> str | None:
    """The lower-case host a URI names; a relative one (`/…`) is resolved against ``root`` (a
    Keycloak client's `rootUrl`), and has no host without one."""
    if not isinstance(uri, str) or not uri:
        return None
    if uri.startswith("/"):
        if not isinstance(root, str) or not root:
            return None
        uri = urljoin(root, uri)
    try:
        return urlsplit(uri).hostname
    except ValueError:
        return None
