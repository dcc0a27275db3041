"""zot session keys (`hashKey`/`encryptKey`) are committed in plain text.

## What it does
Reports `hashKey` and `encryptKey` values in a sessionKeys document — an object whose only keys
are `hashKey` and/or `encryptKey` (any letter case): a standalone `sessionKeys.json`, or the
file a Secret/ExternalSecret template writes for zot's `sessionKeysFile`. Not zot's
`cluster.hashKey` (the scale-out routing key), which lives in the zot config next to other keys.
Placeholders (the shared ZOT3xx set, e.g. `{{ .hashKey }}`) are not secrets; values inside a
`kind: Secret` are ZOT303.

Also says when `encryptKey` is not 16, 24 or 32 bytes long.

## Why it matters
The hash key signs and the encrypt key encrypts zot's session cookies and OIDC state cookie:
with them anyone can forge a session cookie for any user. An `encryptKey` of another length is
not a valid AES key: every session cookie encode then fails and nobody can log in, although
`zot verify` passes.

## Example
`secrets/sessionKeys.json` (random keys, made up for this page):
```json
{
  "hashKey": "EzcTLWPp8lQqWNg5xR6Tb5k1xzst4WV8RHq0ChH4R7JFxzb3",
  "encryptKey": "ywZMz5eteEs5W98jXsf6F3g7Yjr1swQ3"
}
```

## Fix
Generate the keys outside git (`openssl rand -base64 48`, and exactly 32 bytes for
`encryptKey`), keep them in your secret manager, and let External Secrets Operator write the
file `sessionKeysFile` points at; the committed file holds references only:

`secrets/sessionKeys.json`:
```json
{"hashKey": "{{ .hashKey }}", "encryptKey": "{{ .encryptKey }}"}
```

## References
- zot `pkg/api/config/config.go`: `SessionKeys{HashKey, EncryptKey}` read from `sessionKeysFile`
- zot `pkg/api/authn.go`: gorilla `securecookie.New(hashKey, encryptKey)`; AES needs 16, 24
  or 32 bytes
- zot `examples/sessionKeys.json`
"""

from zotlint.rule import PROJECT, Context, rule
from zotlint.secrets.detection import DetectionKind

# The detections this rule reports (zotlint.secrets).
CONSUMES = (DetectionKind.SESSION_KEY,)


@rule(
    id="ZOT304",
    name="committed-session-keys",
    severity="error",
    scope=[PROJECT],
    tags=["secrets", "security", "sessions"],
    precision="high",
    security_severity=7.5,
)
def check(ctx: Context) -> None:
    for d in ctx.secrets.of(*CONSUMES):
        extra = f"; also, {d.detail}: every session cookie encode fails" if d.detail else ""
        ctx.report(
            d.ref,
            f"zot {d.label} committed in plain text: {d.secret}; with it anyone can forge "
            f"session cookies — rotate it and write sessionKeysFile from a secret manager{extra}",
            identity=d.identity,
            secrets=d.secrets,
        )
