"""Two volumeMounts of the zot container share a `mountPath`, or two pod volumes share a name.

## What it does
Renders the zot container's mounts as the upstream chart does — the data volume at
`/var/lib/registry`, `/etc/zot` (mountConfig), `/secret` (mountSecret), each chart
`externalSecrets[].mountPath`, then `extraVolumeMounts` — and reports the second mount with the
same `mountPath` string. Likewise the pod's volumes — `data` (Deployment) or the claim
(StatefulSet), `<release>-config`, `<release>-secret`, each `externalSecrets[].secretName`, then
`extraVolumes` — and the second volume with the same name (two chart `externalSecrets` items
with one `secretName` collide). Names that derive from an unknown release name are not
compared.

## Why it matters
The API server rejects the pod: `spec.containers[0].volumeMounts[3].mountPath: Invalid value:
"/secret": must be unique`, or `spec.volumes[4].name: Duplicate value: "data"`. The chart's
commented example (`name: data`, `mountPath: /var/lib/registry`) collides since chart 0.1.68.

## Example
```yaml
mountSecret: true
extraVolumeMounts:
  - name: htpasswd
    mountPath: /secret
```

## Fix
Give the extra mount its own path (`/secret-htpasswd`) and point the config there, or drop
`mountSecret`:
```yaml
mountSecret: true
extraVolumeMounts:
  - name: htpasswd
    mountPath: /secret-htpasswd
```

## References
- Kubernetes API validation of `volumeMounts[].mountPath` and `volumes[].name` uniqueness
- project-zot/helm-charts `charts/zot/templates/deployment.yaml`, `statefulset.yaml`;
  commit dd9fa257 (the `data` volume)
"""

from zotlint.model import Deployment
from zotlint.rule import DEPLOYMENT, Context, rule


@rule(
    id="ZOT208",
    name="duplicate-mount-path",
    severity="error",
    scope=[DEPLOYMENT],
    tags=["wiring", "correctness"],
)
def check(ctx: Context, dep: Deployment) -> None:
    paths: dict[str, str] = {}
    for m in dep.pod.zot_mounts():
        if not m.mount_path:
            continue
        first = paths.get(m.mount_path)
        if first is None:
            paths[m.mount_path] = m.label
            continue
        if m.path_ref is None:
            continue
        ctx.report(
            m.path_ref,
            f"mountPath {m.mount_path} is already mounted in the zot container "
            f"(volume '{first}'): the API server rejects the pod",
            identity="path",
        )
    names: dict[str, str] = {}
    for v in dep.pod.volumes:
        if v.name is None:
            continue
        if v.name not in names:
            names[v.name] = _what(v.chart)
            continue
        if v.name_ref is None:
            continue
        ctx.report(
            v.name_ref,
            f"volume name '{v.name}' is already used by {names[v.name]}: the API server "
            f"rejects the pod",
            identity="volume",
        )


def _what(chart: str | None) -> str:
    return {
        "data": "the chart's data volume",
        "config": "the chart's config volume",
        "secret": "the chart's secret volume",
        "external-secret": "a chart externalSecrets item",
    }.get(chart or "", "another extraVolumes entry")
