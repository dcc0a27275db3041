"""Which key names hold a credential (RULES.md ZOT305: the whole name, never a mere part)."""

from __future__ import annotations

import re
from functools import lru_cache

from zotlint.secrets.placeholder import normalize

# Whole names, compared after lower-casing and dropping `-`, `_`, `.`.
CREDENTIAL_NAMES = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "token",
        "secret",
        "apikey",
        "accesskey",
        "secretaccesskey",
        "awssecretaccesskey",
        "privatekey",
        "clientsecret",
        "bindpassword",
        "authtoken",
        "accesstoken",
        "refreshtoken",
        "bearertoken",
        "apitoken",
        "apisecret",
        "sessiontoken",
        "idtoken",
        "authkey",
        "masterkey",
        "signingkey",
        "encryptionkey",
        "passphrase",
        "credential",
        "auth",
        "secretid",
    }
)
# Upper-snake environment variables name the secret in their last words (`DB_PASSWORD`,
# `AWS_SECRET_ACCESS_KEY`, Django's `SECRET_KEY`); only there does `SECRET_KEY` mean a key.
_ENV_EXTRA = frozenset({"secretkey"})
_CAMEL = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
CLIENT_SECRET = "clientsecret"
SESSION_KEYS = frozenset({"hashkey", "encryptkey"})


# A key about a digest of a secret, not the secret (`checksum/secret`, `secretHash`).
_DIGEST_WORDS = frozenset({"checksum", "hash", "digest", "sha", "sha256", "md5", "fingerprint"})


def _words(key: str) -> list[str]:
    out: list[str] = []
    for seg in re.split(r"[-_./]", key):
        out.extend(_CAMEL.findall(seg) or ([seg] if seg else []))
    return out


_STEMS = re.compile(r"pass|pwd|secret|token|key|auth|cred|phrase", re.IGNORECASE)
# The same words for str.find on lower-cased ASCII text (a case-insensitive regex scan costs
# several times as much); `phrase` only ever comes as `passphrase`.
STEM_WORDS = ("pass", "pwd", "secret", "token", "key", "auth", "cred")


@lru_cache(maxsize=8192)
def credential_key(key: str) -> str | None:
    """The normalized credential name ``key`` ends in, or None.

    `adminPassword`, `DB_PASSWORD` and `client-secret` name credentials; `secretKey`,
    `secretName`, `passwordKey`, `tokenUrl`, `clientSecretFile` and `credentialsFile` only
    mention one (the credential word is not their last word)."""
    if not key or len(key) > 100 or _STEMS.search(key) is None:
        return None
    whole = normalize(key)
    if whole in CREDENTIAL_NAMES:
        return whole
    words = _words(key)
    if any(w.lower() in _DIGEST_WORDS for w in words):
        return None
    env = key.isupper() or bool(re.fullmatch(r"[A-Z0-9_]+", key))
    for i in range(1, len(words)):
        tail = "".join(words[i:]).lower()
        if tail in CREDENTIAL_NAMES or (env and tail in _ENV_EXTRA):
            return tail
    if env and whole in _ENV_EXTRA:
        return whole
    return None


# Last words of a key that says what a value identifies or where it is, not a credential:
# `DB_USER`, `smtpHost`, `ADMIN_EMAIL`, `bucketName`, `CLIENT_ID`. detect-secrets' keyword
# plugin and gitleaks' generic rule judge a value by its key the same way: only under a key
# with a credential word (password, secret, token, key…) is it a credential.
_COORDINATES = frozenset(
    {
        "user",
        "username",
        "login",
        "email",
        "host",
        "hostname",
        "port",
        "url",
        "uri",
        "endpoint",
        "name",
        "region",
        "bucket",
        "database",
        "namespace",
        "id",
    }
)
# The same words glued to the name before them (`PGUSER`, `dbhost`); not `id` (`paid`).
_GLUED = tuple(sorted(_COORDINATES - {"id"}))


@lru_cache(maxsize=8192)
def names_coordinate(key: str) -> bool:
    """A key whose value identifies something or says where it is (`DB_USER`, `smtpHost`,
    `PGPORT`, `bucketName`) and that names no credential (`USER_PASSWORD` does)."""
    if not key or len(key) > 100 or credential_key(key) is not None:
        return False
    words = _words(key)
    if words and words[-1].lower() in _COORDINATES:
        return True
    return normalize(key).endswith(_GLUED)


def is_client_secret(key: str) -> bool:
    """zot's `clientsecret` in any spelling (`clientSecret`, `OIDC_CLIENT_SECRET`)."""
    return credential_key(key) == CLIENT_SECRET


def is_aws_secret_key(key: str) -> bool:
    return (credential_key(key) or "").endswith("secretaccesskey")
