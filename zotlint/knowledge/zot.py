"""Zot's own reading of its config, shared by the rules: what counts as configured or enabled,
where zot is reached, and the redirect URI it sends.

Every function takes a zot-config Document (queried lower-case, as viper lowercases keys) and
follows RULES.md's cross-cutting definitions, so two rules never disagree about them.
``ZotConfig.of(doc)`` is the typed view rules read: ``external_url`` (as written) and its
parsed form, ``external_host``, ``host``, ``origin``, ``callback_uri(provider)``,
``providers``; each computed once per document.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any
from urllib.parse import SplitResult

from zotlint.document import Document, Path, Ref
from zotlint.knowledge.urls import http_url
from zotlint.messages import show
from zotlint.records import dataclass

OPENID_PROVIDERS = ("oidc", "google", "gitlab")  # OpenID Connect providers zot accepts
OAUTH2_PROVIDERS = ("github",)
PROVIDERS_PATH: Path = ("http", "auth", "openid", "providers")
EXTERNAL_URL: Path = ("http", "externalurl")
CALLBACK_PATH = "/zot/auth/callback/"  # zot's OAuth callback route, then the provider key
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


SUPPORTED_PROVIDERS = OPENID_PROVIDERS + OAUTH2_PROVIDERS


def accepted_key(key: str) -> str:
    """The provider key zot accepts that an entry under ``key`` is meant to be: the key itself
    when zot supports it; else `github`, `gitlab` or `google` when the key names one of them
    (`github-enterprise`), else the generic `oidc` (`keycloak`, `dex`, `azure`…)."""
    key = key.lower()
    if key in SUPPORTED_PROVIDERS:
        return key
    for named in ("github", "gitlab", "google"):
        if named in key:
            return named
    return "oidc"


@dataclass(frozen=True, slots=True)
class Provider:
    key: str  # lower-cased provider key, as zot sees it
    path: Path  # lower-case path of the provider object
    data: dict[str, Any]

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    @property
    def supported(self) -> bool:
        return self.key in SUPPORTED_PROVIDERS

    @property
    def meant(self) -> str:
        """The supported key this entry is checked as: an unsupported key (ZOT106) is checked
        as the provider it is meant to be, so one run reports every problem of the entry."""
        return accepted_key(self.key)

    @property
    def openid(self) -> bool:
        """An OpenID Connect provider (issuer, ID token), as meant."""
        return self.meant in OPENID_PROVIDERS

    def as_meant(self) -> str:
        """Words for a message about an entry checked under another key, else ""."""
        if self.supported:
            return ""
        return f' (checked as the "{self.meant}" provider it is meant to be; its key is ZOT106\'s)'


def providers(doc: Document) -> list[Provider]:
    """OpenID/OAuth2 providers zot will see (keys lower-cased, empty entries dropped)."""
    # Once per document: most zot rules ask, some once per provider or per deployment.
    return list(doc.cached(("zotlint.knowledge.zot", "providers"), lambda: tuple(_providers(doc))))


def _providers(doc: Document) -> list[Provider]:
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


def extension_state(doc: Document, name: str) -> str:
    """Why `extensions.<name>` is, or is not, enabled, in words for a finding's message."""
    ext = _extensions(doc)
    if name not in ext:
        return f"extensions.{name} is not set"
    value = ext[name]
    if dropped_by_viper(value):
        if all(dropped_by_viper(v) for v in ext.values()):
            return f"extensions.{name} is empty, which zot treats as enabled"
        return (
            f"extensions.{name} is empty and viper drops it, because another entry under "
            f"extensions is not empty"
        )
    if not isinstance(value, dict):
        return f"extensions.{name} is not an object"
    enable = value.get("enable")
    if "enable" in value and weak_bool(enable) is False:
        return f"extensions.{name}.enable is {show(enable)}, which zot reads as false"
    return f"extensions.{name} is enabled"


def htpasswd_enabled(doc: Document) -> bool:
    path = doc.get(("http", "auth", "htpasswd", "path"))
    return isinstance(path, str) and path != ""


def ldap_enabled(doc: Document) -> bool:
    return not dropped_by_viper(doc.get(("http", "auth", "ldap")))


def bearer_active(doc: Document) -> bool:
    bearer = doc.get(("http", "auth", "bearer"))
    if not isinstance(bearer, dict):
        return False
    if (
        bearer.get("realm")
        and bearer.get("service")
        and (bearer.get("cert") or bearer.get("awssecretsmanager"))
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


def extra_slashes(path: str) -> bool:
    """An `externalUrl` path made only of two or more `/` (`https://x//`): zot trims one, so its
    routes start with `//` (ZOT105's error, ZOT401's reason)."""
    return len(path) > 1 and path.strip("/") == ""


def credentials_file(provider: Provider) -> str | None:
    """The provider's `credentialsFile` when zot reads one: zot skips an empty path."""
    path = provider.get("credentialsfile")
    return path if isinstance(path, str) and path != "" else None


def policy_group_refs(doc: Document) -> list[tuple[Path, Any]]:
    """Every group a policy names (`repositories.<glob>.policies[].groups[]`,
    `adminPolicy.groups[]`): lower-case path of the list item and its value, kept verbatim."""
    acl = doc.get(("http", "accesscontrol"))
    if not isinstance(acl, dict):
        return []
    policies: list[tuple[Path, Any]] = []
    repos = acl.get("repositories")
    if isinstance(repos, dict):
        for pattern, repo in repos.items():
            pols = repo.get("policies") if isinstance(repo, dict) else None
            if isinstance(pols, list):
                base: Path = ("http", "accesscontrol", "repositories", pattern, "policies")
                policies.extend(((*base, i), pol) for i, pol in enumerate(pols))
    policies.append((("http", "accesscontrol", "adminpolicy"), acl.get("adminpolicy")))
    out: list[tuple[Path, Any]] = []
    for path, pol in policies:
        groups = pol.get("groups") if isinstance(pol, dict) else None
        if isinstance(groups, list):
            out.extend(((*path, "groups", i), g) for i, g in enumerate(groups))
    return out


def zot_image_tag(doc: Document) -> str | None:
    """`image.tag` of the chart values that embed this zot config, or None when the repo does
    not say (standalone file, ConfigMap, tag left to the chart's appVersion)."""
    from zotlint.classify import zot_values_root  # classify is loader-side; keep import lazy

    host = doc.parent
    if host is None:
        return None
    root = zot_values_root(host.data)
    if root is None:
        return None
    tag = host.get((*root, "image", "tag"))
    if isinstance(tag, (int, float)) and not isinstance(tag, bool):
        tag = str(tag)
    return tag.strip() if isinstance(tag, str) and tag.strip() else None


def viper_present(value: Any) -> bool:
    """True when the value survives viper: it rebuilds the settings from their leaves, and
    `null` or an object without a non-null leaf contributes none (ZOT119). Iterative, since
    a config may nest max-depth (up to 900) levels."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            stack.extend(v.values())
        elif v is not None:
            return True
    return False


def callback_from(url: str, provider_key: str) -> str:
    """The redirect URI zot builds from ``url`` verbatim: one trailing `/` trimmed, then
    `/zot/auth/callback/<key>` appended (zot `originFromConfig` and its callback route)."""
    return f"{url.removesuffix('/')}{CALLBACK_PATH}{provider_key.lower()}"


class ZotConfig:
    """A typed view of one zot config: where zot is reached and what it tells the IdP.

    ``ZotConfig.of(doc)`` gives the same view to every rule (once per document); the values
    are computed on first use. Paths stay lower-case, as viper reads them.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    @classmethod
    def of(cls, doc: Document) -> ZotConfig:
        return doc.cached(("zotlint.knowledge.zot", "ZotConfig"), lambda: cls(doc))

    @cached_property
    def external_url(self) -> Any:
        """`http.externalUrl` as written (None when absent)."""
        return self.doc.get(EXTERNAL_URL)

    @property
    def has_external_url(self) -> bool:
        return self.doc.has(EXTERNAL_URL)

    def external_url_ref(self, part: str = "value") -> Ref:
        return self.doc.ref(EXTERNAL_URL, part)

    @cached_property
    def external_url_parts(self) -> SplitResult | None:
        """`externalUrl` split, when it is an absolute http(s) URL with a host (``http_url``)."""
        return http_url(self.external_url)

    @cached_property
    def external_host(self) -> str | None:
        """The lower-case host of `externalUrl`, when it is a valid http(s) URL."""
        parts = self.external_url_parts
        return parts.hostname if parts is not None else None

    @cached_property
    def host(self) -> str | None:
        """Lower-case host of zot's origin: `externalUrl`, else `http.address`."""
        if self.external_host is not None:
            return self.external_host
        address = self.doc.get(("http", "address"))
        if isinstance(address, str) and address.strip():
            return address.strip().strip("[]").lower()
        return None

    @cached_property
    def origin(self) -> str | None:
        """The origin zot builds its redirect URIs from (zot `originFromConfig`): `externalUrl`
        minus one trailing `/`, else `http(s)://<address>:<port>` (https when `http.tls` is
        set). None when the result is not an absolute http(s) URL (ZOT103 reports that)."""
        doc = self.doc
        url = self.external_url
        if isinstance(url, str) and url != "":
            origin = url.removesuffix("/")
        elif url is None or url == "":
            address = doc.get(("http", "address"), "127.0.0.1")
            port = doc.get(("http", "port"), "8080")
            if isinstance(port, bool) or not isinstance(port, (str, int)):
                return None
            if not isinstance(address, str):
                return None
            host = f"[{address}]" if ":" in address else address
            scheme = "http" if dropped_by_viper(doc.get(("http", "tls"))) else "https"
            origin = f"{scheme}://{host}:{port}"
        else:
            return None
        return origin if http_url(origin) is not None else None

    def callback_uri(self, provider_key: str) -> str | None:
        """The redirect URI zot sends for a provider: `<origin>/zot/auth/callback/<key>`."""
        origin = self.origin  # already trimmed: `https://x//` keeps one `/` (ZOT105)
        return f"{origin}{CALLBACK_PATH}{provider_key.lower()}" if origin else None

    @property
    def providers(self) -> list[Provider]:
        return providers(self.doc)

    @property
    def openid_configured(self) -> bool:
        return openid_configured(self.doc)
