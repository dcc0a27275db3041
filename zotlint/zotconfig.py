"""Zot's own reading of its config, shared by the rules: what counts as configured or enabled.

Every function takes a zot-config Document (queried lower-case, as viper lowercases keys) and
follows RULES.md's cross-cutting definitions, so two rules never disagree about them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from zotlint.document import Document, Path

OPENID_PROVIDERS = ("oidc", "google", "gitlab")  # OpenID Connect providers zot accepts
OAUTH2_PROVIDERS = ("github",)
PROVIDERS_PATH: Path = ("http", "auth", "openid", "providers")
_KEYCLOAK_PATH = re.compile(r"^(?:/auth)?/realms/(?P<realm>[^/]+)(?P<rest>/.*)?$")
_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False", ""}


def dropped_by_viper(value: Any) -> bool:
    """Viper drops keys whose value is `{}` or null (outside lists) before zot decodes."""
    return value is None or value == {}


def weak_bool(value: Any) -> bool | None:
    """mapstructure's weakly typed bool: strconv.ParseBool forms, numbers; None if invalid."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    return None


@dataclass(frozen=True, slots=True)
class Provider:
    key: str  # lower-cased provider key, as zot sees it
    path: Path  # lower-case path of the provider object
    data: dict[str, Any]

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)


def providers(doc: Document) -> list[Provider]:
    """OpenID/OAuth2 providers zot will see (keys lower-cased, empty entries dropped)."""
    provs = doc.get(PROVIDERS_PATH)
    if not isinstance(provs, dict):
        return []
    out = []
    for key, value in provs.items():
        if dropped_by_viper(value):
            continue
        data = value if isinstance(value, dict) else {}
        out.append(Provider(str(key).lower(), (*PROVIDERS_PATH, key), data))
    return out


def openid_configured(doc: Document) -> bool:
    return bool(providers(doc))


def _extensions(doc: Document) -> dict[str, Any]:
    ext = doc.get(("extensions",))
    return ext if isinstance(ext, dict) else {}


def extension_enabled(doc: Document, name: str) -> bool:
    """Enabled as zot decides: present with `enable` not false; an empty object counts only
    when every entry under `extensions` is empty (zot restores empty objects only then)."""
    ext = _extensions(doc)
    if name not in ext:
        return False
    value = ext[name]
    if dropped_by_viper(value):
        return all(dropped_by_viper(v) for v in ext.values())
    if not isinstance(value, dict):
        return False
    if "enable" not in value:
        return True
    return weak_bool(value["enable"]) is not False


def htpasswd_enabled(doc: Document) -> bool:
    path = doc.get(("http", "auth", "htpasswd", "path"))
    return isinstance(path, str) and path != ""


def ldap_enabled(doc: Document) -> bool:
    return not dropped_by_viper(doc.get(("http", "auth", "ldap")))


def bearer_active(doc: Document) -> bool:
    bearer = doc.get(("http", "auth", "bearer"))
    if not isinstance(bearer, dict):
        return False
    if bearer.get("realm") and bearer.get("service") and (
        bearer.get("cert") or bearer.get("awssecretsmanager")
    ):
        return True
    oidc = bearer.get("oidc")
    return isinstance(oidc, list) and any(
        isinstance(o, dict) and o.get("issuer") and o.get("audiences") for o in oidc
    )


def mtls_enabled(doc: Document) -> bool:
    tls = doc.get(("http", "tls"))
    return isinstance(tls, dict) and all(tls.get(k) for k in ("cert", "key", "cacert"))


def apikey_enabled(doc: Document) -> bool:
    return weak_bool(doc.get(("http", "auth", "apikey"))) is True


def any_auth(doc: Document) -> bool:
    """Any authentication method zot would enable (ZOT122, ZOT215)."""
    return (
        htpasswd_enabled(doc)
        or ldap_enabled(doc)
        or openid_configured(doc)
        or apikey_enabled(doc)
        or bearer_active(doc)
        or mtls_enabled(doc)
    )


def keycloak_realm(issuer: Any) -> str | None:
    """The realm name of a Keycloak issuer URL (`…/realms/<name>`, optional `/auth`), else None."""
    if not isinstance(issuer, str):
        return None
    try:
        parts = urlsplit(issuer)
    except ValueError:
        return None
    m = _KEYCLOAK_PATH.match(parts.path)
    if m is None or m.group("rest") not in (None, "/"):
        return None
    return m.group("realm")


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    h = host.lower().strip("[]")
    return (
        h == "localhost"
        or h.endswith(".localhost")
        or h == "::1"
        or re.fullmatch(r"127(?:\.\d{1,3}){3}", h) is not None
    )
