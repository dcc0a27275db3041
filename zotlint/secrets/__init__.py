"""Committed-secret detection (ZOT3xx): pure detectors over text and values.

- `placeholder`: the shared placeholder set (`<…>`, `${…}`, `{{ … }}`, `ENC[…]`, `changeme`…).
- `entropy`: "random enough under a credential key", and look-alikes (digests, SHAs, UUIDs…).
- `patterns`: shaped credentials (AWS key IDs, private keys, `zak_`, GitHub/GitLab tokens, JWTs,
  passwords in URLs) and the pattern scrub every output goes through.
- `keys`: which key names hold a credential.
- `htpasswd`: htpasswd entries, hash formats, the chart's default entries (by digest).
- `scan`: one pass over a project that the ZOT3xx rules share (`ctx.secrets`).

Nothing here prints or returns a secret as text: values travel as `zotlint.redact.Sensitive`,
and a detection's identity (its part of a finding's fingerprint) names what and where, never a
hash of the value: a baseline alone hashes values, through its own salted PBKDF2.
"""

from __future__ import annotations
