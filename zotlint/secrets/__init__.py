"""Committed-secret detection (ZOT3xx): what a secret is, where it is, never its value.

Entry point: `scan.scan_project(loaded) -> detection.SecretScan`, typed `Detection`s
(`DetectionKind`) that the ZOT3xx rules consume, each rule file naming the kinds it reports.

- `detection`: `DetectionKind`, `Detection`, `SecretScan`.
- `scan`: the pass over a loaded project; `walker`: the structural walk of one document;
  `textpass`: the pass over a file's raw text; `spans`: one detection per secret;
  `context`: what the detectors of one file share.
- `detectors/`: one module per kind of secret (credentials under keys, session keys, htpasswd,
  Keycloak realms, Kubernetes Secrets, shaped tokens, text pairs).
- Facts the detectors share: `placeholder` (the placeholder and reference set: `<…>`, `${…}`,
  `{{ … }}`, `ENC[…]`, `changeme`…), `entropy` ("random enough under a credential key", and
  look-alikes), `patterns` (shaped credentials: AWS key IDs, private keys, `zak_`, GitHub/GitLab
  tokens, JWTs, passwords in URLs), `keys` (which key names hold a credential), `htpasswd`
  (entries, hash formats, the chart's default entries by digest).

Nothing here prints or returns a secret as text: values travel as `zotlint.redact.Sensitive`,
and a detection's identity (its part of a finding's fingerprint) names what and where, never a
hash of the value: a baseline alone hashes values, through its own salted PBKDF2.
"""
