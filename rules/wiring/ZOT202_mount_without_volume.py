"""An `extraVolumeMounts` entry names a volume the pod does not have.

## What it does
Reports an `extraVolumeMounts[].name` that matches no `extraVolumes[]` entry and no volume the
chart makes itself: the data volume, `<release>-config` (mountConfig), `<release>-secret`
(mountSecret) and one volume per chart `externalSecrets[].secretName`. When the release name is
unknown (a values file that no Application deploys), a name ending in `-config`, `-secret`,
`-pvc` or `-volume` that could be the chart's own is not reported. Upstream project-zot chart
only.

## Why it matters
The API server rejects the pod: `spec.containers[0].volumeMounts[0].name: Not found:
"zot-oidc"`. The Deployment or StatefulSet exists but never gets a pod.

## Example
```yaml
image:
  repository: ghcr.io/project-zot/zot
extraVolumes:
  - name: oidc-credentials
    secret:
      secretName: zot-oidc
extraVolumeMounts:
  - name: oidc-creds
    mountPath: /secret-oidc
```

## Fix
Use the same name in both lists:
```yaml
image:
  repository: ghcr.io/project-zot/zot
extraVolumes:
  - name: oidc-credentials
    secret:
      secretName: zot-oidc
extraVolumeMounts:
  - name: oidc-credentials
    mountPath: /secret-oidc
```

## References
- Kubernetes API validation: a volumeMount must name a volume of the pod
- project-zot/helm-charts `charts/zot/templates/deployment.yaml`: chart-made volumes
"""

from zotlint.model import Deployment
from zotlint.model.values import truthy
from zotlint.rule import DEPLOYMENT, Context, rule


@rule(
    id="ZOT202",
    name="mount-without-volume",
    severity="error",
    scope=[DEPLOYMENT],
    tags=["wiring", "correctness"],
)
def check(ctx: Context, dep: Deployment) -> None:
    pod = dep.pod
    suffixes = ["-pvc", "-volume"]
    if truthy(dep.values.get(("mountConfig",))):
        suffixes.append("-config")
    if truthy(dep.values.get(("mountSecret",))):
        suffixes.append("-secret")
    names = [v.name for v in pod.volumes if v.name]
    for m in pod.mounts:
        if m.container != "zot" or not m.values_path or m.values_path[0] != "extraVolumeMounts":
            continue
        if m.name is None or m.name_ref is None or pod.volume(m.name) is not None:
            continue
        if dep.release is None and m.name.endswith(tuple(suffixes)):
            continue
        ctx.report(
            m.name_ref,
            f"volumeMount '{m.name}' names no volume of the pod: its volumes are "
            f"{', '.join(names) or 'none'}, so the API server rejects the pod",
        )
