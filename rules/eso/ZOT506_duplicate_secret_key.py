"""Two `data[]` entries of one ExternalSecret write the same `secretKey`.

## What it does
Reports the second `data[]` entry whose `secretKey` repeats an earlier one, in ExternalSecret
manifests and wrapper-chart `externalSecrets:` entries. The message says what happens for the
ExternalSecret's `target.deletionPolicy`.

## Why it matters
ESO's admission webhook rejects the ExternalSecret (`duplicate secretKey found: …`) when
`deletionPolicy` is `Retain` (the default); with `Delete` or `Merge` it is accepted and the
later entry silently overwrites the earlier one, so the Secret holds a different value than the
first entry suggests.

## Example
`zot/external-secret.yaml`:
```yaml
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: zot-oidc
  namespace: zot
spec:
  secretStoreRef: {name: aws-secretsmanager, kind: SecretStore}
  target: {name: zot-oidc}
  data:
    - secretKey: credentials.json
      remoteRef: {key: platform/zot/oidc}
    - secretKey: credentials.json
      remoteRef: {key: platform/zot/oidc-v2}
```

## Fix
Give each entry its own `secretKey`, or remove the stale one:

`zot/external-secret.yaml`:
```yaml
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: zot-oidc
  namespace: zot
spec:
  secretStoreRef: {name: aws-secretsmanager, kind: SecretStore}
  target: {name: zot-oidc}
  data:
    - secretKey: credentials.json
      remoteRef: {key: platform/zot/oidc-v2}
```

## References
- external-secrets `apis/externalsecrets/v1/externalsecret_validator.go` ("duplicate secretKey
  found")
"""

from zotlint.model.report import Once
from zotlint.rule import PROJECT, Context, rule


@rule(
    id="ZOT506",
    name="duplicate-secret-key",
    severity="error",
    scope=[PROJECT],
    tags=["eso", "correctness"],
)
def check(ctx: Context) -> None:
    once = Once(ctx)
    for es in ctx.model.secrets.external_secrets:
        seen: dict[str, int] = {}
        for entry in es.data:
            if entry.secret_key is None:
                continue
            first = seen.setdefault(entry.secret_key, entry.index)
            if first == entry.index:
                continue
            if es.deletion_policy in ("Delete", "Merge"):
                outcome = (
                    f"with deletionPolicy {es.deletion_policy} ESO accepts it and this "
                    f"later entry silently wins"
                )
            else:
                outcome = (
                    "ESO's webhook rejects the ExternalSecret (deletionPolicy Retain, "
                    "the default): 'duplicate secretKey found'"
                )
            once.report(
                es.doc.ref(entry.path + ("secretKey",)),
                f"secretKey '{entry.secret_key}' is already written by data[{first}]: {outcome}",
                related=[(es.doc.ref(es.spec_path + ("data", first, "secretKey")), "first entry")],
            )
