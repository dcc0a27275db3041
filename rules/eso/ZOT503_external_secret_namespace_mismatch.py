"""The ExternalSecret creating a Secret zot mounts lives in another namespace than zot.

## What it does
Follows each secret volume of a zot deployment to the objects that create its Secret and
reports an ExternalSecret whose target has that name but whose namespace differs from zot's,
when nothing creates the Secret in zot's namespace. Only when both namespaces are known (from
the manifest, the wrapper-list entry, the Application's `destination.namespace`, a
kustomization or the chart's `namespace` value) and the environments do not differ.

## Why it matters
An ExternalSecret creates its Secret in its own namespace, and a pod can only mount Secrets of
its namespace: zot waits in `ContainerCreating` with `secret "…" not found` while the Secret
sits in the wrong namespace.

## Example
Zot runs in the namespace `zot`; the ExternalSecret creates its Secret in `external-secrets`:

`zot/values.yaml`:
```yaml
namespace: zot
mountConfig: true
externalSecrets:
  - secretName: zot-oidc
    mountPath: /secret-oidc
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "5000",
               "auth": {"sessionKeysFile": "/secret-oidc/session-keys.json"}}
    }
```

`zot/external-secret.yaml`:
```yaml
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: zot-oidc
  namespace: external-secrets
spec:
  secretStoreRef: {name: aws-secretsmanager, kind: SecretStore}
  target: {name: zot-oidc}
  data:
    - secretKey: session-keys.json
      remoteRef: {key: platform/zot/session-keys}
```

## Fix
Create the ExternalSecret in zot's namespace (with a SecretStore there, or a
ClusterSecretStore):

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
- external-secrets: the target Secret is created in the ExternalSecret's namespace
- Kubernetes: secret volumes resolve in the pod's namespace
"""

from zotlint.model.links import volume_sources
from zotlint.model.report import Once
from zotlint.rule import PROJECT, Context, rule


@rule(
    id="ZOT503",
    name="external-secret-namespace-mismatch",
    severity="error",
    scope=[PROJECT],
    tags=["eso", "wiring"],
)
def check(ctx: Context) -> None:
    model = ctx.model
    once = Once(ctx)
    for dep in model.deployments:
        if dep.namespace is None or not dep.complete:
            continue
        for vol in dep.pod.volumes:
            if vol.kind != "secret" or vol.source_name is None:
                continue
            same, other, files_key = volume_sources(model, dep, vol)
            if same or files_key is not None:
                continue
            for src in other:
                es = src.external_secret
                if es is None or es.scope.namespace is None or es.scope.namespace_ref is None:
                    continue
                once.report(
                    es.scope.namespace_ref,
                    f"ExternalSecret creates zot's Secret in another namespace: "
                    f"ExternalSecret '{es.label}' creates Secret '{vol.source_name}' in namespace "
                    f"{es.scope.namespace}, but zot ({dep.key}) runs in namespace "
                    f"{dep.namespace} and can only mount Secrets of its own namespace",
                    related=[
                        (vol.source_ref, "the volume that mounts it"),
                        (dep.namespace_ref, "zot's namespace"),
                    ],
                )
