"""Every key the zot server's config loader accepts, with its type and the release that added it.

Source: docs/reference/zot-config-keys.md (zot at v2.1.20-25-g6d19b445, with "since" marks read
from the config structs at every tag v2.0.0 … v2.1.20). Facts only, as plain literals: nothing
parses the docs at import time.

Why the table looks the way it does:

* zot reads its config through viper, which lower-cases every map key, and mapstructure matches
  struct fields case-insensitively, so every path here is lower-case and callers must lower-case
  what they look up. ``KeyInfo.spelling`` keeps the documented camelCase for messages.
* A user-chosen map key (sub-store route, provider, repository glob, group name, header) is the
  path element ``"*"``; an item of a list of objects is ``"[]"``.
* zot rejects unknown keys at start (``UnmarshalExact`` plus its own unused-key check), except
  inside free-form maps (``free_form=True``): the storage/cache/session driver maps, the sync
  ``oauth2CredentialHelper`` map (strict only when ``credentialHelper`` is ``oauth2``) and event
  sink entries, which a separate lenient decoder reads.
* ``since`` is the first final release whose config structs hold the path ("v2.0.0" = present
  since the first 2.x release); ``since_rc`` names an earlier release candidate that already had
  it; ``UNRELEASED`` marks keys added after the newest tag (v2.1.20).
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import Any, Final, Literal

from zotlint.data.memo import memoised
from zotlint.data.zot_versions import version_key
from zotlint.records import dataclass

V2_0_0: Final = "v2.0.0"
# Keys on zot's main branch after the newest tag. Any tagged image up to NEWEST_RELEASE lacks them.
UNRELEASED: Final = "unreleased"
NEWEST_RELEASE: Final = "v2.1.20"

KeyType = Literal["object", "map", "list", "string", "int", "bool", "duration", "any", "float"]


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """One key path of the zot config (or, for ``"*"`` paths, one user-chosen map entry)."""

    path: tuple[str, ...]  # lower-cased, with "*" for map keys and "[]" for list items
    spelling: str  # documented camelCase spelling of the last element
    type: KeyType
    since: str = V2_0_0
    free_form: bool = False  # contents are not validated by zot's loader
    since_rc: str | None = None  # release candidate that already had the key
    item: str | None = None  # element type of a list, value type of a map
    default: Any = None  # default the doc states, when there is a simple one

    @property
    def dotted(self) -> str:
        """The lower-case path joined with dots (``http.auth.openid.providers.*.issuer``)."""
        return ".".join(self.path)


def _k(
    dotted: str,
    type_: KeyType,
    since: str = V2_0_0,
    *,
    rc: str | None = None,
    item: str | None = None,
    free: bool = False,
    default: Any = None,
) -> KeyInfo:
    parts = dotted.split(".")
    return KeyInfo(
        path=tuple(p.lower() for p in parts),
        spelling=parts[-1],
        type=type_,
        since=since,
        free_form=free,
        since_rc=rc,
        item=item,
        default=default,
    )


# The 278 key paths of the reference tree, in its order. Repeated subtrees (storage keys under
# subPaths.<route>, policy keys under adminPolicy, TLS keys under cluster.tls) are listed again
# because each position is a separate key path.
_ROWS: Final[tuple[KeyInfo, ...]] = (
    _k("distSpecVersion", "string"),
    _k("goVersion", "string"),
    _k("commit", "string"),
    _k("releaseTag", "string"),
    _k("binaryType", "string"),
    _k("storage", "object"),
    _k("storage.rootDirectory", "string"),
    _k("storage.maxRepos", "int", "v2.1.16"),
    _k("storage.dedupe", "bool", default=True),
    _k("storage.remoteCache", "bool", default=False),
    _k("storage.redirectBlobURL", "bool", "v2.1.18"),
    _k("storage.gc", "bool", default=True),
    _k("storage.commit", "bool"),
    _k("storage.gcDelay", "duration", default="1h"),
    _k("storage.gcInterval", "duration", default="1h"),
    _k("storage.gcTimeWindow", "string", "v2.1.19"),
    _k("storage.retention", "object"),
    _k("storage.retention.dryRun", "bool"),
    _k("storage.retention.delay", "duration"),
    _k("storage.retention.policies", "list", item="object"),
    _k("storage.retention.policies.[].repositories", "list", item="string"),
    _k("storage.retention.policies.[].deleteReferrers", "bool"),
    _k("storage.retention.policies.[].deleteUntagged", "bool", default=True),
    _k("storage.retention.policies.[].keepTags", "list", item="object"),
    _k("storage.retention.policies.[].keepTags.[].patterns", "list", item="string"),
    _k("storage.retention.policies.[].keepTags.[].pulledWithin", "duration"),
    _k("storage.retention.policies.[].keepTags.[].pushedWithin", "duration"),
    _k("storage.retention.policies.[].keepTags.[].mostRecentlyPushedCount", "int"),
    _k("storage.retention.policies.[].keepTags.[].mostRecentlyPulledCount", "int"),
    _k("storage.retention.policies.[].keepUntagged", "object", "v2.1.19"),
    _k("storage.retention.policies.[].keepUntagged.pulledWithin", "duration", "v2.1.19"),
    _k("storage.retention.policies.[].keepUntagged.pushedWithin", "duration", "v2.1.19"),
    _k("storage.retention.policies.[].keepUntagged.mostRecentlyPushedCount", "int", "v2.1.19"),
    _k("storage.retention.policies.[].keepUntagged.mostRecentlyPulledCount", "int", "v2.1.19"),
    _k("storage.storageDriver", "map", free=True),
    _k("storage.cacheDriver", "map", free=True),
    _k("storage.gcMaxSchedulerDelay", "duration", "v2.1.11"),
    _k("storage.subPaths", "map", item="object"),
    _k("storage.subPaths.*.rootDirectory", "string"),
    _k("storage.subPaths.*.maxRepos", "int", "v2.1.16"),
    _k("storage.subPaths.*.dedupe", "bool", default=False),
    _k("storage.subPaths.*.remoteCache", "bool"),
    _k("storage.subPaths.*.redirectBlobURL", "bool", "v2.1.18"),
    _k("storage.subPaths.*.gc", "bool", default=False),
    _k("storage.subPaths.*.commit", "bool"),
    _k("storage.subPaths.*.gcDelay", "duration"),
    _k("storage.subPaths.*.gcInterval", "duration"),
    _k("storage.subPaths.*.gcTimeWindow", "string", "v2.1.19"),
    _k("storage.subPaths.*.retention", "object"),
    _k("storage.subPaths.*.retention.dryRun", "bool"),
    _k("storage.subPaths.*.retention.delay", "duration"),
    _k("storage.subPaths.*.retention.policies", "list", item="object"),
    _k("storage.subPaths.*.retention.policies.[].repositories", "list", item="string"),
    _k("storage.subPaths.*.retention.policies.[].deleteReferrers", "bool"),
    _k("storage.subPaths.*.retention.policies.[].deleteUntagged", "bool"),
    _k("storage.subPaths.*.retention.policies.[].keepTags", "list", item="object"),
    _k("storage.subPaths.*.retention.policies.[].keepTags.[].patterns", "list", item="string"),
    _k("storage.subPaths.*.retention.policies.[].keepTags.[].pulledWithin", "duration"),
    _k("storage.subPaths.*.retention.policies.[].keepTags.[].pushedWithin", "duration"),
    _k("storage.subPaths.*.retention.policies.[].keepTags.[].mostRecentlyPushedCount", "int"),
    _k("storage.subPaths.*.retention.policies.[].keepTags.[].mostRecentlyPulledCount", "int"),
    _k("storage.subPaths.*.retention.policies.[].keepUntagged", "object", "v2.1.19"),
    _k("storage.subPaths.*.retention.policies.[].keepUntagged.pulledWithin", "duration", "v2.1.19"),
    _k("storage.subPaths.*.retention.policies.[].keepUntagged.pushedWithin", "duration", "v2.1.19"),
    _k(
        "storage.subPaths.*.retention.policies.[].keepUntagged.mostRecentlyPushedCount",
        "int",
        "v2.1.19",
    ),
    _k(
        "storage.subPaths.*.retention.policies.[].keepUntagged.mostRecentlyPulledCount",
        "int",
        "v2.1.19",
    ),
    _k("storage.subPaths.*.storageDriver", "map", free=True),
    _k("storage.subPaths.*.cacheDriver", "map", free=True),
    _k("storage.subPaths.*.gcMaxSchedulerDelay", "duration", "v2.1.11"),
    _k("storage.fastRestart", "bool", "v2.1.18", default=False),
    _k("http", "object"),
    _k("http.address", "string", default="127.0.0.1"),
    _k("http.externalUrl", "string"),
    _k("http.port", "string", default="8080"),
    _k("http.allowOrigin", "string"),
    _k("http.readTimeout", "duration", "v2.1.17", default="60s"),
    _k("http.writeTimeout", "duration", "v2.1.17", default="60s"),
    _k("http.tls", "object"),
    _k("http.tls.cert", "string"),
    _k("http.tls.key", "string"),
    _k("http.tls.cacert", "string"),
    _k("http.auth", "object"),
    _k("http.auth.failDelay", "int", default=0),
    _k("http.auth.htpasswd", "object"),
    _k("http.auth.htpasswd.path", "string"),
    _k("http.auth.ldap", "object"),
    _k("http.auth.ldap.credentialsFile", "string"),
    _k("http.auth.ldap.port", "int"),
    _k("http.auth.ldap.insecure", "bool"),
    _k("http.auth.ldap.startTLS", "bool"),
    _k("http.auth.ldap.skipVerify", "bool"),
    _k("http.auth.ldap.subtreeSearch", "bool"),
    _k("http.auth.ldap.address", "string"),
    _k("http.auth.ldap.userGroupAttribute", "string"),
    _k("http.auth.ldap.baseDN", "string"),
    _k("http.auth.ldap.userAttribute", "string"),
    _k("http.auth.ldap.userFilter", "string", "v2.1.3", rc="v2.1.3-rc3"),
    _k("http.auth.ldap.cacert", "string"),
    _k("http.auth.bearer", "object"),
    _k("http.auth.bearer.realm", "string"),
    _k("http.auth.bearer.service", "string"),
    _k("http.auth.bearer.upstreamTokenEndpoint", "object", "v2.1.19"),
    _k("http.auth.bearer.upstreamTokenEndpoint.realm", "string", "v2.1.19"),
    _k("http.auth.bearer.upstreamTokenEndpoint.service", "string", "v2.1.19"),
    _k("http.auth.bearer.upstreamTokenEndpoint.allowInsecureHttp", "bool", "v2.1.19"),
    _k("http.auth.bearer.cert", "string"),
    _k("http.auth.bearer.oidc", "list", "v2.1.14", item="object"),
    _k("http.auth.bearer.oidc.[].issuer", "string", "v2.1.14"),
    _k("http.auth.bearer.oidc.[].audiences", "list", "v2.1.14", item="string"),
    _k("http.auth.bearer.oidc.[].claimMapping", "object", "v2.1.14"),
    _k("http.auth.bearer.oidc.[].claimMapping.variables", "list", "v2.1.14", item="object"),
    _k("http.auth.bearer.oidc.[].claimMapping.variables.[].name", "string", "v2.1.14"),
    _k("http.auth.bearer.oidc.[].claimMapping.variables.[].expression", "string", "v2.1.14"),
    _k("http.auth.bearer.oidc.[].claimMapping.validations", "list", "v2.1.14", item="object"),
    _k("http.auth.bearer.oidc.[].claimMapping.validations.[].expression", "string", "v2.1.14"),
    _k("http.auth.bearer.oidc.[].claimMapping.validations.[].message", "string", "v2.1.14"),
    _k("http.auth.bearer.oidc.[].claimMapping.username", "string", "v2.1.14"),
    _k("http.auth.bearer.oidc.[].claimMapping.groups", "string", "v2.1.14"),
    _k("http.auth.bearer.oidc.[].certificateAuthority", "string", "v2.1.15"),
    _k("http.auth.bearer.oidc.[].certificateAuthorityFile", "string", "v2.1.15"),
    _k("http.auth.bearer.oidc.[].skipIssuerVerification", "bool", "v2.1.14"),
    _k("http.auth.bearer.awsSecretsManager", "object", "v2.1.15"),
    _k("http.auth.bearer.awsSecretsManager.region", "string", "v2.1.15"),
    _k("http.auth.bearer.awsSecretsManager.secretName", "string", "v2.1.15"),
    _k("http.auth.bearer.awsSecretsManager.refreshInterval", "duration", "v2.1.15", default="1m"),
    _k("http.auth.openid", "object"),
    _k("http.auth.openid.providers", "map", item="object"),
    _k("http.auth.openid.providers.*.credentialsFile", "string", "v2.1.6"),
    _k("http.auth.openid.providers.*.name", "string"),
    _k("http.auth.openid.providers.*.clientid", "string"),
    _k("http.auth.openid.providers.*.clientsecret", "string"),
    _k("http.auth.openid.providers.*.keypath", "string"),
    _k("http.auth.openid.providers.*.issuer", "string"),
    _k("http.auth.openid.providers.*.authurl", "string", "v2.1.11"),
    _k("http.auth.openid.providers.*.tokenurl", "string", "v2.1.11"),
    _k("http.auth.openid.providers.*.scopes", "list", item="string"),
    _k("http.auth.openid.providers.*.claimMapping", "object", "v2.1.11"),
    _k("http.auth.openid.providers.*.claimMapping.username", "string", "v2.1.11", default="email"),
    _k("http.auth.openid.providers.*.claimMapping.groups", "string", "v2.1.17", default="groups"),
    _k("http.auth.openid.callbackAllowOrigins", "list", "v2.1.15", item="string"),
    _k("http.auth.apikey", "bool", default=False),
    _k("http.auth.sessionKeysFile", "string", "v2.1.2", rc="v2.1.2-rc1"),
    _k("http.auth.sessionHashKey", "string", "v2.1.2", rc="v2.1.2-rc1"),
    _k("http.auth.sessionEncryptKey", "string", "v2.1.2", rc="v2.1.2-rc1"),
    _k("http.auth.sessionDriver", "map", "v2.1.9", free=True),
    _k("http.auth.secureSession", "bool", "v2.1.11"),
    _k("http.auth.mtls", "object", "v2.1.12"),
    _k(
        "http.auth.mtls.identityAttributes",
        "list",
        "v2.1.12",
        item="string",
        default=("CommonName",),
    ),
    _k("http.auth.mtls.uriSanPattern", "string", "v2.1.12"),
    _k("http.auth.mtls.uriSanIndex", "int", "v2.1.12"),
    _k("http.auth.mtls.dnsSanIndex", "int", "v2.1.12"),
    _k("http.auth.mtls.emailSanIndex", "int", "v2.1.12"),
    _k("http.accessControl", "object"),
    _k("http.accessControl.repositories", "map", item="object"),
    _k("http.accessControl.repositories.*.policies", "list", item="object"),
    _k("http.accessControl.repositories.*.policies.[].users", "list", item="string"),
    _k("http.accessControl.repositories.*.policies.[].actions", "list", item="string"),
    _k("http.accessControl.repositories.*.policies.[].groups", "list", item="string"),
    _k(
        "http.accessControl.repositories.*.policies.[].conditions", "list", "v2.1.17", item="object"
    ),
    _k(
        "http.accessControl.repositories.*.policies.[].conditions.[].expression",
        "string",
        "v2.1.17",
    ),
    _k("http.accessControl.repositories.*.policies.[].conditions.[].message", "string", "v2.1.17"),
    _k("http.accessControl.repositories.*.defaultPolicy", "list", item="string"),
    _k("http.accessControl.repositories.*.anonymousPolicy", "list", item="string"),
    _k("http.accessControl.adminPolicy", "object"),
    _k("http.accessControl.adminPolicy.users", "list", item="string"),
    _k("http.accessControl.adminPolicy.actions", "list", item="string"),
    _k("http.accessControl.adminPolicy.groups", "list", item="string"),
    _k("http.accessControl.adminPolicy.conditions", "list", "v2.1.17", item="object"),
    _k("http.accessControl.adminPolicy.conditions.[].expression", "string", "v2.1.17"),
    _k("http.accessControl.adminPolicy.conditions.[].message", "string", "v2.1.17"),
    _k("http.accessControl.groups", "map", item="object"),
    _k("http.accessControl.groups.*.users", "list", item="string"),
    _k("http.accessControl.metrics", "object"),
    _k("http.accessControl.metrics.users", "list", item="string"),
    _k("http.accessControl.metrics.anonymousPolicy", "list", "v2.1.18", item="string"),
    _k("http.realm", "string"),
    _k("http.ratelimit", "object"),
    _k("http.ratelimit.rate", "int"),
    _k("http.ratelimit.methods", "list", item="object"),
    _k("http.ratelimit.methods.[].method", "string"),
    _k("http.ratelimit.methods.[].rate", "int"),
    _k("http.compat", "list", "v2.1.2", rc="v2.1.2-rc3", item="string"),
    _k("log", "object"),
    _k("log.level", "string", default="debug"),
    _k("log.output", "string"),
    _k("log.audit", "string"),
    _k("extensions", "object"),
    _k("extensions.search", "object"),
    _k("extensions.search.enable", "bool", default=True),
    _k("extensions.search.cve", "object"),
    _k("extensions.search.cve.updateInterval", "duration", default="2h"),
    _k("extensions.search.cve.trivy", "object"),
    _k(
        "extensions.search.cve.trivy.dbRepository",
        "string",
        default="ghcr.io/aquasecurity/trivy-db",
    ),
    _k(
        "extensions.search.cve.trivy.javaDBRepository",
        "string",
        default="ghcr.io/aquasecurity/trivy-java-db",
    ),
    _k(
        "extensions.search.cve.trivy.vulnSeveritySources",
        "list",
        "v2.1.16",
        item="string",
        default=("auto",),
    ),
    _k("extensions.search.cve.trivy.sbom", "object", "v2.1.18"),
    _k("extensions.search.cve.trivy.sbom.enable", "bool", "v2.1.18"),
    _k("extensions.search.cve.trivy.sbom.format", "string", "v2.1.18", default="spdx-json"),
    _k("extensions.sync", "object"),
    _k("extensions.sync.enable", "bool", default=True),
    _k("extensions.sync.credentialsFile", "string"),
    _k("extensions.sync.downloadDir", "string"),
    _k("extensions.sync.registries", "list", item="object"),
    _k("extensions.sync.registries.[].urls", "list", item="string"),
    _k("extensions.sync.registries.[].pollInterval", "duration"),
    _k("extensions.sync.registries.[].content", "list", item="object"),
    _k("extensions.sync.registries.[].content.[].prefix", "string"),
    _k("extensions.sync.registries.[].content.[].tags", "object"),
    _k("extensions.sync.registries.[].content.[].tags.regex", "string"),
    _k(
        "extensions.sync.registries.[].content.[].tags.excludeRegex",
        "string",
        "v2.1.3",
        rc="v2.1.3-rc2",
    ),
    _k("extensions.sync.registries.[].content.[].tags.semver", "bool"),
    _k("extensions.sync.registries.[].content.[].destination", "string"),
    _k("extensions.sync.registries.[].content.[].stripPrefix", "bool"),
    _k("extensions.sync.registries.[].tlsVerify", "bool", default=True),
    _k("extensions.sync.registries.[].onDemand", "bool"),
    _k("extensions.sync.registries.[].manifestCheckInterval", "duration", UNRELEASED),
    _k("extensions.sync.registries.[].certDir", "string"),
    _k("extensions.sync.registries.[].maxRetries", "int"),
    _k("extensions.sync.registries.[].retryDelay", "duration"),
    _k("extensions.sync.registries.[].maxRetryDelay", "duration", "v2.1.19"),
    _k("extensions.sync.registries.[].onlySigned", "bool"),
    _k("extensions.sync.registries.[].syncLegacyCosignTags", "bool", "v2.1.15", default=True),
    _k("extensions.sync.registries.[].credentialHelper", "string", "v2.1.3", rc="v2.1.3-rc2"),
    _k("extensions.sync.registries.[].oauth2CredentialHelper", "map", "v2.1.19", free=True),
    _k("extensions.sync.registries.[].preserveDigest", "bool", "v2.1.3", rc="v2.1.3-rc5"),
    _k("extensions.sync.registries.[].syncTimeout", "duration", "v2.1.11", default="3h"),
    _k("extensions.sync.registries.[].responseHeaderTimeout", "duration", "v2.1.12", default="30s"),
    _k("extensions.sync.registries.[].reqConcurrent", "int", UNRELEASED),
    _k("extensions.sync.registries.[].reqPerSec", "float", UNRELEASED),
    _k("extensions.sync.registries.[].disableHTTP2", "bool", UNRELEASED),
    _k("extensions.sync.registries.[].maxIdleConnsPerHost", "int", UNRELEASED),
    _k("extensions.metrics", "object"),
    _k("extensions.metrics.enable", "bool", default=True),
    _k("extensions.metrics.prometheus", "object"),
    _k("extensions.metrics.prometheus.path", "string", default="/metrics"),
    _k("extensions.scrub", "object"),
    _k("extensions.scrub.enable", "bool", default=True),
    _k("extensions.scrub.interval", "duration", default="24h"),
    _k("extensions.lint", "object"),
    _k("extensions.lint.enable", "bool"),
    _k("extensions.lint.mandatoryAnnotations", "list", item="string"),
    _k("extensions.ui", "object"),
    _k("extensions.ui.enable", "bool", default=True),
    _k("extensions.mgmt", "object"),
    _k("extensions.mgmt.enable", "bool"),
    _k("extensions.apikey", "object"),
    _k("extensions.apikey.enable", "bool"),
    _k("extensions.trust", "object"),
    _k("extensions.trust.enable", "bool", default=True),
    _k("extensions.trust.cosign", "bool"),
    _k("extensions.trust.notation", "bool"),
    _k("extensions.events", "object", "v2.1.3", rc="v2.1.3-rc6"),
    _k("extensions.events.enable", "bool", "v2.1.3", rc="v2.1.3-rc6"),
    _k("extensions.events.sinks", "list", "v2.1.3", rc="v2.1.3-rc6", item="object", free=True),
    _k("extensions.events.sinks.[].credentials", "object", "v2.1.3", rc="v2.1.3-rc6"),
    _k("extensions.events.sinks.[].credentials.username", "string", "v2.1.3", rc="v2.1.3-rc6"),
    _k("extensions.events.sinks.[].credentials.password", "string", "v2.1.3", rc="v2.1.3-rc6"),
    _k("extensions.events.sinks.[].credentials.file", "string", "v2.1.3", rc="v2.1.3-rc6"),
    _k("extensions.events.sinks.[].credentials.token", "string", "v2.1.5"),
    _k("extensions.events.sinks.[].tlsConfig", "object", "v2.1.3", rc="v2.1.3-rc6"),
    _k("extensions.events.sinks.[].tlsConfig.caCertFile", "string", "v2.1.3", rc="v2.1.3-rc6"),
    _k("extensions.events.sinks.[].tlsConfig.certFile", "string", "v2.1.3", rc="v2.1.3-rc6"),
    _k("extensions.events.sinks.[].tlsConfig.keyFile", "string", "v2.1.3", rc="v2.1.3-rc6"),
    _k("extensions.events.sinks.[].type", "string", "v2.1.3", rc="v2.1.3-rc6"),
    _k("extensions.events.sinks.[].address", "string", "v2.1.3", rc="v2.1.3-rc6"),
    _k("extensions.events.sinks.[].channel", "string", "v2.1.3", rc="v2.1.3-rc6"),
    _k("extensions.events.sinks.[].timeout", "duration", "v2.1.3", rc="v2.1.3-rc6"),
    _k("extensions.events.sinks.[].proxy", "string", "v2.1.3", rc="v2.1.3-rc6"),
    _k("extensions.events.sinks.[].headers", "map", "v2.1.5", item="string"),
    _k("scheduler", "object"),
    _k("scheduler.numWorkers", "int"),
    _k("cluster", "object", "v2.1.0", rc="v2.1.0-rc1"),
    _k("cluster.members", "list", "v2.1.0", rc="v2.1.0-rc1", item="string"),
    _k("cluster.hashKey", "string", "v2.1.0", rc="v2.1.0-rc1"),
    _k("cluster.tls", "object", "v2.1.0", rc="v2.1.0-rc1"),
    _k("cluster.tls.cert", "string", "v2.1.0", rc="v2.1.0-rc1"),
    _k("cluster.tls.key", "string", "v2.1.0", rc="v2.1.0-rc1"),
    _k("cluster.tls.cacert", "string", "v2.1.0", rc="v2.1.0-rc1"),
)

KEYS: Final[dict[tuple[str, ...], KeyInfo]] = {info.path: info for info in _ROWS}


# User-chosen map entries ("*" positions). They are not counted among the 278 key paths, but
# lookup() returns them so a walker can descend with the pattern path. Their spelling is the
# placeholder the doc uses, for messages.
def _w(dotted: str, label: str, type_: KeyType, since: str = V2_0_0) -> KeyInfo:
    return replace(_k(dotted, type_, since), spelling=label)


MAP_ENTRIES: Final[dict[tuple[str, ...], KeyInfo]] = {
    info.path: info
    for info in (
        _w("storage.subPaths.*", "<route>", "object"),
        _w("http.auth.openid.providers.*", "<provider>", "object"),
        _w("http.accessControl.repositories.*", "<repo glob>", "object"),
        _w("http.accessControl.groups.*", "<group name>", "object"),
        _w("extensions.events.sinks.[].headers.*", "<header>", "string", "v2.1.5"),
    )
}


def _build_children() -> dict[tuple[str, ...], dict[str, KeyInfo]]:
    children: dict[tuple[str, ...], dict[str, KeyInfo]] = {}
    for info in (*_ROWS, *MAP_ENTRIES.values()):
        children.setdefault(info.path[:-1], {})[info.path[-1]] = info
    return children


# Parent pattern path → {lower-case child name (or "*") → KeyInfo}. List items hang under the
# list's path plus "[]".
_CHILDREN: Final[dict[tuple[str, ...], dict[str, KeyInfo]]] = _build_children()

# --------------------------------------------------------------------------------------------
# Free-form maps: what zot or the drivers actually read inside them (the doc's *read:* lines).
# Not decoder keys; for notes such as "this driver key is never read".
# --------------------------------------------------------------------------------------------

REDIS_OPTION_KEYS: Final[frozenset[str]] = frozenset(
    {
        "addr", "client_name", "db", "protocol", "username", "password", "sentinel_username",
        "sentinel_password", "max_retries", "min_retry_backoff", "max_retry_backoff",
        "dial_timeout", "read_timeout", "write_timeout", "context_timeout_enabled", "pool_fifo",
        "pool_size", "pool_timeout", "min_idle_conns", "max_idle_conns", "max_active_conns",
        "conn_max_idle_time", "conn_max_lifetime", "max_redirects", "read_only",
        "route_by_latency", "route_randomly", "master_name", "disable_identity",
        "identity_suffix", "unstable_resp3",
    }
)  # fmt: skip
DYNAMODB_TABLE_KEYS: Final[frozenset[str]] = frozenset(
    {
        "cachetablename", "repometatablename", "repoblobsinfotablename", "imagemetatablename",
        "apikeytablename", "versiontablename", "userdatatablename",
    }
)  # fmt: skip
CACHE_DRIVER_READ_KEYS: Final[frozenset[str]] = frozenset(
    {"name", "endpoint", "region", "url", "keyprefix"} | DYNAMODB_TABLE_KEYS | REDIS_OPTION_KEYS
)
SESSION_DRIVER_READ_KEYS: Final[frozenset[str]] = frozenset(
    {"name", "url", "keyprefix"} | REDIS_OPTION_KEYS
)
# storageDriver parameters belong to the distribution driver; zot itself reads only these.
STORAGE_DRIVER_ZOT_KEYS: Final[frozenset[str]] = frozenset(
    {"name", "rootdirectory", "regionendpoint", "forcepathstyle"}
)
STORAGE_DRIVER_NAMES: Final[frozenset[str]] = frozenset({"s3", "gcs", "azure"})
SESSION_DRIVER_NAMES: Final[frozenset[str]] = frozenset({"redis", "local"})  # case-sensitive

# Keys of the strict oauth2 helper config (lower-case → documented spelling). When a registry's
# credentialHelper is "oauth2", zot decodes oauth2CredentialHelper again with unknown keys
# forbidden, so only these are accepted there.
OAUTH2_HELPER_KEYS: Final[dict[str, str]] = {
    "tokenurl": "tokenURL",
    "assertionfile": "assertionFile",
    "signingfile": "signingFile",
    "granttype": "grantType",
    "clientid": "clientID",
    "clientsecretfile": "clientSecretFile",
    "scopes": "scopes",
    "username": "username",
    # token-exchange grant only
    "audience": "audience",
    "subjecttokentype": "subjectTokenType",
    "requestedtokentype": "requestedTokenType",
}
OAUTH2_HELPER_PATH: Final = ("extensions", "sync", "registries", "[]", "oauth2credentialhelper")

# --------------------------------------------------------------------------------------------
# Side files: documents zot reads as a whole (their keys are not config keys). Lower-case key →
# spelling. Any other key in them is rejected.
# --------------------------------------------------------------------------------------------

LDAP_CREDENTIALS_KEYS: Final[dict[str, str]] = {"binddn": "bindDN", "bindpassword": "bindPassword"}
OPENID_CREDENTIALS_KEYS: Final[dict[str, str]] = {
    "clientid": "clientid",
    "clientsecret": "clientsecret",
}
SESSION_KEYS_FILE_KEYS: Final[dict[str, str]] = {"hashkey": "hashKey", "encryptkey": "encryptKey"}
# Both keys are required in the LDAP and OpenID credential files; either may be missing in the
# session keys file.
SIDE_FILE_KEYS_REQUIRED: Final[dict[str, bool]] = {
    "ldap_credentials": True,
    "openid_credentials": True,
    "session_keys": False,
}
OAUTH2_SIGNING_FILE_KEYS: Final[frozenset[str]] = frozenset(
    {"privatekeyfile", "algorithm", "keyid", "issuer", "subject", "audience"}
)

# Provider keys zot accepts under http.auth.openid.providers (compared lower-cased).
OPENID_PROVIDERS: Final[frozenset[str]] = frozenset({"oidc", "google", "gitlab"})
OAUTH2_PROVIDERS: Final[frozenset[str]] = frozenset({"github"})
PROVIDER_KEYS: Final[frozenset[str]] = OPENID_PROVIDERS | OAUTH2_PROVIDERS

# --------------------------------------------------------------------------------------------
# Easily confused spellings: wrong path (lower-case) → hint. A "*" element matches any key, but
# an exact entry wins. Only consulted for keys lookup() does not know.
# --------------------------------------------------------------------------------------------

CONFUSED: Final[dict[tuple[str, ...], str]] = {
    ("accesscontrol",): (
        "accessControl belongs under http (http.accessControl); a top-level accessControl is"
        " an unknown key."
    ),
    ("auth",): "auth belongs under http (http.auth); a top-level auth is an unknown key.",
    ("http", "accesscontrol", "defaultpolicy"): (
        "defaultPolicy exists only per repository glob: http.accessControl.repositories"
        ".<glob>.defaultPolicy."
    ),
    ("http", "accesscontrol", "anonymouspolicy"): (
        "anonymousPolicy exists only per repository glob (http.accessControl.repositories"
        ".<glob>.anonymousPolicy) and, for metrics, as accessControl.metrics.anonymousPolicy."
    ),
    ("http", "accesscontrol", "adminpolicy", "defaultpolicy"): (
        "adminPolicy is a single policy {users, actions, groups, conditions}; defaultPolicy"
        " exists only under http.accessControl.repositories.<glob>."
    ),
    ("http", "accesscontrol", "adminpolicy", "anonymouspolicy"): (
        "adminPolicy is a single policy {users, actions, groups, conditions}; anonymousPolicy"
        " exists only under http.accessControl.repositories.<glob>."
    ),
    ("http", "accesscontrol", "*"): (
        "Repository globs go under http.accessControl.repositories (the pre-v2 layout put them"
        " directly under accessControl)."
    ),
    ("http", "auth", "ldap", "binddn"): (
        "bindDN is not a config key (the field is unexported): put it in the file named by"
        " http.auth.ldap.credentialsFile, together with bindPassword."
    ),
    ("http", "auth", "ldap", "bindpassword"): (
        "bindPassword is not a config key (the field is unexported): put it in the file named"
        " by http.auth.ldap.credentialsFile, together with bindDN."
    ),
    ("http", "auth", "openid", "providers", "*", "callbackalloworigins"): (
        "callbackAllowOrigins sits at http.auth.openid level, next to providers, never per"
        " provider."
    ),
    ("http", "auth", "openid", "providers", "*", "claimmapping", "variables"): (
        "variables belongs to bearer.oidc[].claimMapping (CEL); a provider's claimMapping has"
        " only username and groups (claim names)."
    ),
    ("http", "auth", "openid", "providers", "*", "claimmapping", "validations"): (
        "validations belongs to bearer.oidc[].claimMapping (CEL); a provider's claimMapping has"
        " only username and groups (claim names)."
    ),
    ("http", "auth", "bearer", "oidc", "*"): (
        "bearer.oidc is a list of objects: write it as a list, one entry per issuer."
    ),
    ("http", "auth", "hashkey"): (
        "hashKey belongs in the file named by http.auth.sessionKeysFile, not in the config."
    ),
    ("http", "auth", "encryptkey"): (
        "encryptKey belongs in the file named by http.auth.sessionKeysFile, not in the config."
    ),
    ("storage", "subpaths", "*", "fastrestart"): (
        "fastRestart exists only at top level (storage.fastRestart), not per sub-store."
    ),
    ("storage", "subpaths", "*", "subpaths"): "Sub-stores cannot nest: subPaths is top level only.",
    ("extensions", "sync", "registries", "[]", "credentialsfile"): (
        "credentialsFile sits at sync level (extensions.sync.credentialsFile), not per registry."
    ),
    ("extensions", "sync", "registries", "[]", "url"): (
        "A sync registry takes urls, a list; there is no url."
    ),
    ("extensions", "search", "sbom"): (
        "sbom sits under extensions.search.cve.trivy.sbom, not under search."
    ),
    ("extensions", "search", "cve", "sbom"): (
        "sbom sits under extensions.search.cve.trivy.sbom, not under cve."
    ),
    ("extensions", "metrics", "path"): (
        "The metrics path is extensions.metrics.prometheus.path; there is no metrics.path."
    ),
}


# --------------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------------


@memoised
def _resolve(path: tuple[str, ...]) -> tuple[str, ...] | None:
    """Pattern path (with "*"/"[]") of a concrete lower-case path, or None when unknown."""
    pattern: tuple[str, ...] = ()
    current: KeyInfo | None = None
    for raw in path:
        elem = raw if isinstance(raw, str) else "[]"  # list indexes count as items
        if elem == "[]":
            if current is None or current.type != "list" or current.item != "object":
                return None
            pattern = (*pattern, "[]")
            current = None
            continue
        kids = _CHILDREN.get(pattern)
        if not kids:
            return None
        info = kids.get(elem.lower()) or kids.get("*")
        if info is None:
            return None
        pattern = info.path
        current = info
    return pattern


def lookup(path_lower: tuple[str, ...]) -> KeyInfo | None:
    """The KeyInfo of a key path, matching user map keys against "*" positions.

    ``("http", "auth", "openid", "providers", "oidc", "issuer")`` and the pattern
    ``("http", "auth", "openid", "providers", "*", "issuer")`` give the same KeyInfo. A path
    ending in "[]" (a list item, not a key) gives None.
    """
    return _lookup(path_lower)


@memoised
def _lookup(path_lower: tuple[str, ...]) -> KeyInfo | None:
    pattern = _resolve(path_lower)
    if not pattern or pattern[-1] == "[]":
        return None
    return KEYS.get(pattern) or MAP_ENTRIES.get(pattern)


def canonical(path_lower: tuple[str, ...]) -> tuple[str, ...] | None:
    """The pattern path of a known key (user map keys replaced by "*"), or None."""
    info = lookup(path_lower)
    return info.path if info else None


def children(parent_path_lower: tuple[str, ...]) -> dict[str, KeyInfo]:
    """Allowed child keys at a position, lower-case name → KeyInfo (for "did you mean").

    A map position yields ``{"*": …}``; for a list of objects the keys of its items are given,
    whether or not the caller appended "[]". Unknown or scalar positions yield ``{}``.
    """
    pattern = _resolve(parent_path_lower)
    if pattern is None:
        return {}
    kids = _CHILDREN.get(pattern)
    if kids is None and pattern:
        info = KEYS.get(pattern)
        if info is not None and info.type == "list" and info.item == "object":
            kids = _CHILDREN.get((*pattern, "[]"))
    return dict(kids or {})


def _free_form_ancestor(path: tuple[str, ...]) -> KeyInfo | None:
    for end in range(1, len(path)):
        info = lookup(path[:end])
        if info is not None and info.free_form:
            return info
    return None


def is_free_form(path_lower: tuple[str, ...], *, credential_helper: str | None = None) -> bool:
    """True when the path lies strictly inside a map whose contents zot does not validate.

    Pass the sync registry's ``credentialHelper`` value: with ``"oauth2"`` its
    ``oauth2CredentialHelper`` map is decoded strictly, so it is not free-form then (check its
    keys against OAUTH2_HELPER_KEYS).
    """
    info = _free_form_ancestor(path_lower)
    if info is None:
        return False
    return not (info.path == OAUTH2_HELPER_PATH and credential_helper == "oauth2")


def classify(
    path_lower: tuple[str, ...], *, credential_helper: str | None = None
) -> Literal["known", "free", "unknown"]:
    """ZOT115's view of one key: a known key, a key inside a free-form map, or unknown."""
    return _classify(path_lower, credential_helper)


@memoised
def _classify(
    path_lower: tuple[str, ...], credential_helper: str | None
) -> Literal["known", "free", "unknown"]:
    if lookup(path_lower) is not None:
        return "known"
    ancestor = _free_form_ancestor(path_lower)
    if ancestor is None:
        return "unknown"
    if ancestor.path == OAUTH2_HELPER_PATH and credential_helper == "oauth2":
        inner = path_lower[len(ancestor.path) :]
        return "known" if len(inner) == 1 and inner[0].lower() in OAUTH2_HELPER_KEYS else "unknown"
    return "free"


def since(path_lower: tuple[str, ...]) -> str | None:
    """First zot release that accepts the key ("v2.0.0" for original keys, UNRELEASED for keys
    newer than the newest tag), or None for an unknown key."""
    info = lookup(path_lower)
    return info.since if info else None


def requires_newer_zot(path_lower: tuple[str, ...], zot_version: str | None) -> str | None:
    """The release a key needs when the image ``zot_version`` predates it (ZOT604), else None.

    None also when the key is unknown or the version is not a release number (``latest``).
    A release candidate counts when ``since_rc`` says it already had the key.
    """
    info = lookup(path_lower)
    image = version_key(zot_version)
    if info is None or image is None:
        return None
    if info.since == UNRELEASED:
        newest = version_key(NEWEST_RELEASE)
        return info.since if newest is not None and image <= newest else None
    needed = version_key(info.since_rc or info.since)
    if needed is not None and image < needed:
        return info.since
    return None


def confused_hint(path_lower: tuple[str, ...]) -> str | None:
    """The hint for a known wrong spelling (CONFUSED), exact entries first, then "*" entries."""
    path = tuple(p.lower() for p in path_lower)
    if path in CONFUSED:
        return CONFUSED[path]
    for wrong, hint in CONFUSED.items():
        if len(wrong) == len(path) and "*" in wrong:
            concrete = tuple(p if w == "*" else w for w, p in zip(wrong, path, strict=True))
            if concrete == path and _wild_parent_known(wrong, path):
                return hint
    return None


def _wild_parent_known(wrong: tuple[str, ...], path: tuple[str, ...]) -> bool:
    # A "*" in the middle stands for a user map key: the concrete prefix must resolve there.
    return all(w != "*" or lookup(path[: i + 1]) is not None for i, w in enumerate(wrong[:-1]))


def suggest(path_lower: tuple[str, ...]) -> str | None:
    """A "did you mean" spelling for an unknown key: the closest allowed sibling, in its
    documented camelCase, or None. (Known structural mistakes: confused_hint.)"""
    if not path_lower:
        return None
    siblings = {k: v for k, v in children(path_lower[:-1]).items() if k != "*"}
    name = path_lower[-1].lower()
    matches = difflib.get_close_matches(name, list(siblings), n=1, cutoff=0.75)
    return siblings[matches[0]].spelling if matches else None
