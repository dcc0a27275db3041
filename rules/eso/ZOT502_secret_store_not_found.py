"""An ExternalSecret's `secretStoreRef` names no store the repository defines for it.

## What it does
Reports `secretStoreRef.name` when no SecretStore of that name exists in the ExternalSecret's
own namespace (`kind` omitted means SecretStore), or no ClusterSecretStore of that name when
`kind: ClusterSecretStore`, among the stores the repository defines for the same environment —
manifests and wrapper-chart `secretStores:` lists alike — or when the ClusterSecretStore's
`conditions` exclude the ExternalSecret's namespace. Only when the repository defines at least
one store of that kind; an unknown namespace or environment matches any store.

## Why it matters
A namespaced SecretStore is looked up in the ExternalSecret's namespace only. The sync fails
with `could not get SecretStore "<name>", secretstores.external-secrets.io "<name>" not
found` (or `using cluster store … is not allowed from namespace …`), and the Secret zot mounts is
never created. The store may live elsewhere (another repository, a cluster bootstrap), so this
is a warning.

## Example
The ExternalSecret names `aws-secrets-manager`; the store is `aws-secretsmanager`:

`zot/secret-store.yaml`:
```yaml
apiVersion: external-secrets.io/v1
kind: SecretStore
metadata:
  name: aws-secretsmanager
  namespace: zot
spec:
  provider:
    aws:
      service: SecretsManager
      region: eu-west-1
      auth:
        jwt:
          serviceAccountRef: {name: zot-sa}
```

`zot/external-secret.yaml`:
```yaml
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: zot-oidc
  namespace: zot
spec:
  secretStoreRef: {name: aws-secrets-manager, kind: SecretStore}
  target: {name: zot-oidc}
  data:
    - secretKey: session-keys.json
      remoteRef: {key: platform/zot/session-keys}
```

## Fix
Reference the store by its exact name and kind, in the same namespace:

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
    - secretKey: session-keys.json
      remoteRef: {key: platform/zot/session-keys}
```

## References
- external-secrets `pkg/controllers/secretstore/client_manager.go` (namespaced lookup,
  ClusterSecretStore conditions)
"""

from zotlint.model.links import store_for
from zotlint.model.report import Once
from zotlint.rule import PROJECT, Context, rule


@rule(id="ZOT502", name="secret-store-not-found", severity="warning", scope=[PROJECT], tags=["eso"])
def check(ctx: Context) -> None:
    model = ctx.model
    once = Once(ctx)
    for es in model.secrets.external_secrets:
        if es.store_name is None:
            continue
        found, any_of_kind = store_for(model, es)
        if found or not any_of_kind:
            continue
        ns = es.scope.namespace
        denied = [
            s for s in model.secrets.find_stores(es.store_kind, es.store_name, ns, es.scope.env)
        ]
        if denied:
            msg = (
                f"ClusterSecretStore '{es.store_name}' does not allow namespace {ns}: its "
                f"conditions exclude it, so ESO refuses the ExternalSecret"
            )
            related = [(denied[0].ref(("conditions",), "key"), "the store's conditions")]
        else:
            where = f" in namespace {ns}" if es.store_kind == "SecretStore" and ns else ""
            env = f" for environment {es.scope.env}" if es.scope.env else ""
            msg = (
                f"{es.store_kind} '{es.store_name}' is not defined in this repository: no "
                f"{es.store_kind} of that name{where} is defined{env}, and the sync fails with "
                f"'could not get {es.store_kind}'. The store may live elsewhere"
            )
            related = []
        once.report(es.ref(("secretStoreRef", "name")), msg, related=related)
