"""A Kubernetes Secret with plain-text `data`/`stringData` is committed.

## What it does
Reports a `kind: Secret` (apiVersion `v1`) whose `data` or `stringData` holds at least one
credential in clear — `data` values are base64, an encoding, not encryption. Each entry is
judged by its content: a value with a shaped credential (token, private key, password in a URL)
always counts; keys that hold no credential by themselves (`url`, `type`, `name`, `project`,
`username`, `host`, `port`, `ca.crt`, `tls.crt`…, as in an Argo CD repository Secret) do not,
nor do keys whose last word says what a value identifies or where it is — a user name, login,
e-mail, host, port, URL, endpoint, name, region, bucket, database, namespace or ID (`DB_USER`,
`PGHOST`, `smtpPort`, `bucketName`, `CLIENT_ID`) — unless the key names a credential
(`USER_PASSWORD`, `SECRET_ID`), the way detect-secrets' keyword plugin and gitleaks'
`generic-api-key` judge a value by its key; an embedded JSON/YAML file counts only when it
holds a credential.

Not reported: SealedSecrets, SOPS-encrypted files (a `sops:` block, `ENC[…]` values), Helm
templates (files under `templates/` are not parsed; `{{ … }}` values are placeholders), and
Secrets whose every value is a placeholder (the shared ZOT3xx set plus Argo CD Vault Plugin
`<path:…#…>`). Reported once per Secret, at its first committed key; the message lists the
keys, never the values.

## Why it matters
Everything in the Secret is readable by whoever can read the repository, in every clone and
forever in git history. ESO, Sealed Secrets or SOPS exist so that the cluster — not git — holds
the value.

## With Flux
The same holds in a Flux repository: a Secret referenced by a GitRepository, a HelmRepository or
a HelmRelease `valuesFrom` is judged by its values like any other (Flux decrypts SOPS Secrets
itself, so an encrypted one is not reported).
## Example
```yaml
apiVersion: v1
kind: Secret
metadata: {name: zot-oidc}
stringData:
  credentials.json: '{"clientid": "zot", "clientsecret": "Wq3…(32 characters)…9Zk"}'
```

## Fix
Rotate the values, delete the manifest, and declare where the value comes from instead:
```yaml
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata: {name: zot-oidc}
spec:
  secretStoreRef: {name: aws, kind: SecretStore}
  target: {name: zot-oidc}
  data:
    - secretKey: credentials.json
      remoteRef: {key: core-platform/zot/oidc-client-secret}
```

## References
- Kubernetes documentation, "Secrets": "Kubernetes Secrets are, by default, stored unencrypted"
  and `data` is base64-encoded
- detect-secrets `detect_secrets/plugins/keyword.py` @ 010e929e (`DENYLIST`: a value counts
  under a key with a credential word) and gitleaks `cmd/generate/config/rules/generic.go`
  (`generic-api-key`: keywords plus entropy)
- External Secrets Operator, Sealed Secrets, SOPS and Argo CD Vault Plugin documentation
"""

from zotlint.rule import PROJECT, Context, rule
from zotlint.secrets.detection import DetectionKind

# The detections this rule reports (zotlint.secrets).
CONSUMES = (DetectionKind.KUBERNETES_SECRET,)


@rule(
    id="ZOT303",
    name="committed-kubernetes-secret",
    severity="error",
    scope=[PROJECT],
    tags=["secrets", "security", "kubernetes"],
    precision="high",
    security_severity=8.0,
)
def check(ctx: Context) -> None:
    for d in ctx.secrets.of(*CONSUMES):
        keys = d.extra["keys"]
        name = f" `{d.extra['name']}`" if d.extra["name"] else ""
        listed = ", ".join(f"`{k}`" for k in keys[:8]) + (", …" if len(keys) > 8 else "")
        kinds = d.extra["kinds"]
        holding = f", including {', '.join(kinds)}" if kinds else ""
        n = len(keys)
        b64 = "; base64 in `data` is an encoding, not encryption" if d.extra["in_data"] else ""
        ctx.report(
            d.ref,
            f"Secret{name} commits {n} value{'s' if n != 1 else ''} in plain text: "
            f"{'key' if n == 1 else 'keys'} {listed}"
            f"{holding}{b64}; anyone who can read the repository can read "
            f"{'it' if n == 1 else 'them'} — rotate, then use an ExternalSecret, a SealedSecret "
            f"or SOPS",
            identity=d.identity,
            secrets=d.secrets,
        )
