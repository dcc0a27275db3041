"""An OIDC client secret is committed in plain text.

## What it does
Reports a non-empty OIDC client secret in any committed file:
- zot's `clientsecret` (any spelling: `clientSecret`, `client_secret`, `OIDC_CLIENT_SECRET`) —
  inline in a zot config provider (standalone, in chart values `configFiles`, or in a
  ConfigMap), in a credentials file (`{"clientid": …, "clientsecret": …}`), in a `.env`, or in
  a multi-line string of an ExternalSecret template;
- a Keycloak client `secret` and an identity provider's `config.clientSecret` in a realm export
  or import, also under a `KeycloakRealmImport`'s `spec.realm`. Keycloak's older generated
  secrets are UUIDs: here a UUID *is* the secret.

Also a secret in a YAML `#` comment (a commented-out block is committed all the same), reported
at the comment's line. The advice about zot's `credentialsFile` is given only when the file is
zot's (a zot config or zot chart values, or a credentials file spelling zot's `clientsecret`);
another app's client secret (Grafana's `client_secret`) gets generic advice.

Not reported: the shared placeholder and reference set (`zotlint/secrets/placeholder.py`) —
`**********` (Keycloak's masked export), `${VAR}`, `${vault.…}`, keycloak-config-cli
`$(env:…)`/`$(file:…)`, `<…>`, `{{ … }}`, `{UPPER_SNAKE}`, SOPS `ENC[…]` (and every value of a
file with a top-level `sops:` block), Grafana `$__file{…}`/`$__env{…}`/`$__vault{…}`, Argo CD
`$key`/`$secret:key` references (`$oidc.keycloak.clientSecret`), a Secret's name under a key
that names one (`existingSecret`), values containing PLACEHOLDER, CHANGEME, REPLACE, TODO or
EXAMPLE (unless the word is buried in a random string), a value that only repeats
the key (`"clientsecret": "client_secret"`), values shorter than 4 characters, and absolute
file paths (a path there is a misconfiguration, not a secret). Secrets inside a
`kind: Secret` are ZOT303. The message shows the kind, the length and at most the first and
last character; the value never appears in any output.

## Why it matters
Whoever can read the repository — every clone, fork, CI log and backup — can act as the
client: exchange authorization codes, and with a service-account-enabled client obtain tokens
directly. Removing the line later does not help; the secret stays in git history until rotated.

## Example
```json
{"clientid": "zot", "clientsecret": "Wq3…(32 random characters)…9Zk"}
```

## Fix
Rotate the secret in Keycloak (Clients → zot → Credentials → Regenerate), store it in your
secret manager, and let External Secrets Operator write the credentials file that zot reads
through `credentialsFile`:
```json
"oidc": {"issuer": "https://sso.example.com/realms/main",
         "credentialsFile": "/secret-oidc/credentials.json", "scopes": ["openid"]}
```
In realm exports, keep the masked `**********` or use `${vault.zot-client-secret}`.

## References
- zot `pkg/cli/server/root.go`: `credentialsFile` is read with `readSecretFile` and overrides
  inline `clientid`/`clientsecret`
- Keycloak Server Administration Guide, "Confidential client credentials"; realm export masks
  secrets as `**********` (`StripSecretsUtils`)
- Keycloak, "Vault SPI" (`${vault.key}` in realm configuration)
"""

from zotlint.rule import PROJECT, Context, rule
from zotlint.secrets.detection import DetectionKind

# The detections this rule reports (zotlint.secrets): the secret scan decides what a value is,
# this rule what to say about it.
CONSUMES = (
    DetectionKind.OIDC_CLIENT_SECRET,
    DetectionKind.KEYCLOAK_CLIENT_SECRET,
    DetectionKind.IDP_CLIENT_SECRET,
)


@rule(
    id="ZOT301",
    name="committed-client-secret",
    severity="error",
    scope=[PROJECT],
    tags=["secrets", "security", "oidc"],
    precision="high",
    security_severity=8.5,
)
def check(ctx: Context) -> None:
    for d in ctx.secrets.of(*CONSUMES):
        where = f" ({d.detail})" if d.detail else ""
        if d.kind is DetectionKind.OIDC_CLIENT_SECRET and d.extra.get("zot"):
            fix = (
                "rotate it and give zot a credentialsFile written from your secret manager "
                "(External Secrets Operator)"
            )
        elif d.kind is DetectionKind.OIDC_CLIENT_SECRET:
            fix = (
                "rotate it at the identity provider and load it from a secret manager or a "
                "Secret at deploy time"
            )
        else:
            fix = "rotate it in Keycloak and import it as `${vault.…}` or an environment variable"
        ctx.report(
            d.ref,
            f"{d.label}{where} committed in plain text: {d.secret}; anyone who can read the "
            f"repository can use it — {fix}",
            identity=d.identity,
            secrets=d.secrets,
        )
