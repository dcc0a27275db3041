"""Committed-secret detection (ZOT3xx): pure detectors over text and values.

- `placeholder`: the shared placeholder set (`<…>`, `${…}`, `{{ … }}`, `ENC[…]`, `changeme`…).
- `entropy`: "random enough under a credential key", and look-alikes (digests, SHAs, UUIDs…).
- `patterns`: shaped credentials (AWS key IDs, private keys, `zak_`, GitHub/GitLab tokens, JWTs,
  passwords in URLs) and the pattern scrub every output goes through.
- `keys`: which key names hold a credential.
- `htpasswd`: htpasswd entries, hash formats, the chart's default entries (by digest).
- `scan`: one pass over a project that the ZOT3xx rules share (`ctx.secrets`).

Nothing here prints or returns a secret as text: values travel as `zotlint.redact.Sensitive`.
"""

from __future__ import annotations

import hashlib

_SALT = b"zotlint-secret-identity-v1"


def secret_identity(value: str) -> str:
    """A line-free identity for a secret that does not reveal it: a salted, slow hash, so a
    baseline or fingerprint cannot be used to test guesses of a weak password cheaply."""
    return hashlib.pbkdf2_hmac("sha256", value.encode("utf-8"), _SALT, 2_000).hex()[:32]
