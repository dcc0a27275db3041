"""An `extraVolumes` entry that no container of the pod mounts.

## What it does
Reports an `extraVolumes[]` entry whose `name` appears in no volumeMount of the pod: not in
`extraVolumeMounts` (the zot container), not in `extraContainers[].volumeMounts`, not in
`initContainers[].volumeMounts`. Upstream project-zot chart only.

## Why it matters
The volume is declared but nothing sees its files: usually a typo in the mount's name, or a
mount that was deleted while its volume stayed. The Secret it reads must still exist, or the
pod waits for it.

## Example
```yaml
image:
  repository: ghcr.io/project-zot/zot
extraVolumes:
  - name: oidc-credentials
    secret:
      secretName: zot-oidc
extraVolumeMounts: []
```

## Fix
Mount it where the zot config expects the files, or remove the volume:
```yaml
image:
  repository: ghcr.io/project-zot/zot
extraVolumeMounts:
  - name: oidc-credentials
    mountPath: /secret-oidc
```

## References
- project-zot/helm-charts `charts/zot/templates/deployment.yaml`: `extraVolumes` and
  `extraVolumeMounts` are passed through verbatim
"""

from zotlint.model import Deployment
from zotlint.rule import DEPLOYMENT, Context, rule


@rule(
    id="ZOT203", name="volume-not-mounted", severity="warning", scope=[DEPLOYMENT], tags=["wiring"]
)
def check(ctx: Context, dep: Deployment) -> None:
    mounted = {m.name for m in dep.pod.mounts if m.name}
    for v in dep.pod.volumes:
        if not v.values_path or v.values_path[0] != "extraVolumes":
            continue
        if v.name is None or v.name_ref is None or v.name in mounted:
            continue
        ctx.report(
            v.name_ref,
            f"Volume '{v.name}' is mounted by no container of the pod: no extraVolumeMounts, "
            f"extraContainers or initContainers entry mounts it, so its files are not visible "
            f"to zot",
        )
