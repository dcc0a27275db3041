"""A credential (token, key, password) is committed in plain text.

## What it does
Reports credentials not covered by ZOT301–ZOT304, in every text file zotlint reads (YAML,
JSON, `.env`, `.properties`, Terraform, shell, and fenced code blocks in Markdown):
- by shape, anywhere: AWS access key IDs (`AKIA…`, `ASIA…`), private key blocks
  (`-----BEGIN … PRIVATE KEY-----` with a real body), zot API keys (`zak_` + 32 hex), GitHub
  tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), GitLab tokens (`glpat-`,
  `gldt-`, `glrt-`…), JWTs (the header must decode to JSON with `alg`), and passwords in URLs
  (`scheme://user:password@host`);
- by key: a random-looking value under a key whose name *is* a credential name —
  `password`, `passwd`, `token`, `secret`, `apiKey`, `accessKey`, `secretAccessKey`,
  `privateKey`, `bindPassword`, and names ending in one (`adminPassword`, `DB_PASSWORD`,
  `AWS_SECRET_ACCESS_KEY`); never keys that merely contain such a word (`secretKey`,
  `secretName`, `secretStoreRef`, `passwordKey`, `usernameKey`, `tokenUrl`,
  `clientSecretFile`, `credentialsFile`). Random-looking: at least 8 characters, no spaces,
  not a readable label (`zot-registry-creds`), with enough character variety and entropy;
- Keycloak realm users' `credentials[].value` of type `password`.

Never reported: image digests (`sha256:…`, `image@sha256:…`), git commit hashes (40 hex), ARNs,
UUIDs, paths, URLs without a password, e-mail addresses, versions, and the shared placeholder
and reference set (`zotlint/secrets/placeholder.py`) — `<…>`, `${VAR}`, `$(env:VAR)`,
`${vault.…}`, `<path:…>`, `{{ … }}`, `{UPPER_SNAKE}`, `ENC[…]` (and any file with a top-level
`sops:` block), Grafana `$__file{…}`/`$__env{…}`/`$__vault{…}`, Argo CD `$key`/`$secret:key`,
a Kubernetes name under a key that names a Secret (Bitnami-style `existingSecret:
pg-credentials`, `…SecretName`, `…SecretRef`), `**********`, `changeme`, values containing
PLACEHOLDER, REPLACE, TODO, EXAMPLE or `xxx` (unless the word is buried in a random string:
`paRRSmQ1GIT5todoT7t9NEaa` is a password), repeated or sequential characters. Credentials in
YAML `#` comments are reported too, at the comment's line. The message shows the kind, the
length and at most the first and last character.

## Why it matters
Anything in git is readable by everyone with access to the repository, in every clone and
forever in history; tokens found in public repositories are abused within minutes.

## Example
`ldap.yaml` (a random password, made up for this page):
```yaml
ldap:
  bindDN: cn=zot,ou=services,dc=example,dc=com
  bindPassword: FIDtekoe5pWoDs7JiTGJRYT3
```

## Fix
Rotate the credential first (removing it from the file does not remove it from history), then
load it at deploy time: an ExternalSecret, a SealedSecret, SOPS, or an environment variable
placeholder:

`ldap.yaml`:
```yaml
ldap:
  credentialsFile: /secret-ldap/ldap.json   # written by External Secrets Operator
```

## References
- gitleaks and detect-secrets rule sets (token shapes); GitHub, GitLab and AWS token format
  documentation
- zot `pkg/api/constants`: API keys are `zak_` + 32 hex characters
"""

from zotlint.rule import PROJECT, Context, rule
from zotlint.secrets.detection import DetectionKind

# The detections this rule reports (zotlint.secrets).
CONSUMES = (
    DetectionKind.SHAPED_TOKEN,
    DetectionKind.KEYED_CREDENTIAL,
    DetectionKind.S3_SECRET_KEY,
    DetectionKind.KEYCLOAK_USER_PASSWORD,
)


@rule(
    id="ZOT305",
    name="committed-credential",
    severity="error",
    scope=[PROJECT],
    tags=["secrets", "security"],
    precision="high",
    security_severity=8.0,
)
def check(ctx: Context) -> None:
    for d in ctx.secrets.of(*CONSUMES):
        key = d.extra.get("key")
        under = f" under `{key}`" if key else ""
        if d.detail:
            under += f" ({d.detail})"
        ctx.report(
            d.ref,
            f"{d.label}{under} committed in plain text: {d.secret}; rotate it and load it from "
            f"a secret manager at deploy time",
            identity=d.identity,
            secrets=d.secrets,
        )
