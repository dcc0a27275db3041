"""What the secret scan hands to rules: typed detections, and the scan's result.

A detection says what was found (its `DetectionKind`) and where; which rule reports it is the
rule's business: each ZOT3xx rule file names the kinds it consumes (rules/secrets).
"""

from __future__ import annotations

from dataclasses import field
from enum import Enum
from typing import Any

from zotlint.document import Ref
from zotlint.records import dataclass
from zotlint.redact import Sensitive
from zotlint.source.text import Span


class DetectionKind(Enum):
    """What a committed secret is, by what reveals it."""

    # zot's `clientsecret` (any spelling) or another app's OIDC client secret
    OIDC_CLIENT_SECRET = "oidc-client-secret"
    # a Keycloak realm export's client `secret`
    KEYCLOAK_CLIENT_SECRET = "keycloak-client-secret"
    # a Keycloak identity provider's `config.clientSecret`
    IDP_CLIENT_SECRET = "idp-client-secret"
    # one `user:hash` htpasswd entry
    HTPASSWD_ENTRY = "htpasswd-entry"
    # chart values whose `mountSecret` merges in the chart's default htpasswd
    CHART_DEFAULT_HTPASSWD = "chart-default-htpasswd"
    # a Kubernetes Secret with credentials in plain `data`/`stringData`
    KUBERNETES_SECRET = "kubernetes-secret"
    # a sessionKeys object's `hashKey`/`encryptKey`
    SESSION_KEY = "session-key"
    # a credential recognisable by its shape alone (token, private key, password in a URL)
    SHAPED_TOKEN = "shaped-token"
    # a random-looking value under a key that names a credential
    KEYED_CREDENTIAL = "keyed-credential"
    # zot's S3 storage driver `secretkey`
    S3_SECRET_KEY = "s3-secret-key"
    # a Keycloak realm user's password credential
    KEYCLOAK_USER_PASSWORD = "keycloak-user-password"


# Which detection wins when two overlap (lower first): the most specific account of a secret.
# A Secret holds everything in it; a named kind beats "a credential under some key".
_RANK = {
    DetectionKind.KUBERNETES_SECRET: 0,
    DetectionKind.OIDC_CLIENT_SECRET: 1,
    DetectionKind.KEYCLOAK_CLIENT_SECRET: 1,
    DetectionKind.IDP_CLIENT_SECRET: 1,
    DetectionKind.HTPASSWD_ENTRY: 1,
    DetectionKind.CHART_DEFAULT_HTPASSWD: 1,
    DetectionKind.SESSION_KEY: 1,
}


@dataclass(slots=True)
class Detection:
    """One committed secret (or, for CHART_DEFAULT_HTPASSWD, the chart's default merged in)."""

    kind: DetectionKind
    ref: Ref
    label: str  # words for the message ("OIDC client secret", "GitHub token"); never the value
    secret: Sensitive | None = None
    scrub: tuple[Sensitive, ...] = ()  # other forms of the value that may appear in output
    detail: str = ""  # words for the message; never the value
    claims: tuple[Span, ...] = ()  # spans no other detection may report
    text_pass: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    # Line-free and secret-free (set by the scan): what the detection is, numbered when one
    # place holds several (a file's text pass puts every token at the file's root).
    identity: str = ""

    @property
    def span(self) -> Span:
        return self.ref.span()  # computed once (Ref keeps it)

    @property
    def secrets(self) -> tuple[Sensitive, ...]:
        return ((self.secret,) if self.secret is not None else ()) + self.scrub

    def rank(self) -> tuple[int, int]:
        return (_RANK.get(self.kind, 2), 1 if self.text_pass else 0)


@dataclass(frozen=True)
class SecretScan:
    """Every committed secret in the loaded files, in file order, then text order."""

    detections: tuple[Detection, ...]

    def of(self, *kinds: DetectionKind) -> list[Detection]:
        """The detections of these kinds, in scan order."""
        wanted = set(kinds)
        return [d for d in self.detections if d.kind in wanted]
