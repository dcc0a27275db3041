"""A volume name that is not a DNS-1123 label: the API server rejects the pod.

## What it does
Reports a chart `externalSecrets[].secretName` — which the chart also uses as the pod volume's
name — and an `extraVolumes[].name` that is not a DNS-1123 label: at most 63 characters, lower
case letters, digits and `-`, starting and ending with a letter or digit. Secret names may
contain dots; volume names may not. Upstream project-zot chart only.

## Why it matters
`spec.volumes[2].name: Invalid value: "zot.oidc": a lowercase RFC 1123 label must consist of
lower case alphanumeric characters or '-'`: the Deployment or StatefulSet never gets a pod.

## Example
```yaml
image:
  repository: ghcr.io/project-zot/zot
externalSecrets:
  - secretName: zot.oidc-credentials
    mountPath: /secret-oidc
```

## Fix
Rename the Secret (its ExternalSecret target too), or mount it through `extraVolumes`, where
the volume name is yours:
```yaml
image:
  repository: ghcr.io/project-zot/zot
extraVolumes:
  - name: oidc
    secret: {secretName: zot.oidc-credentials}
```

## References
- project-zot/helm-charts `charts/zot/templates/deployment.yaml`: `name: {{ .secretName }}`
- Kubernetes `IsDNS1123Label` validation of volume names
"""

import re

from zotlint.model import Deployment
from zotlint.rule import DEPLOYMENT, Context, rule

_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


@rule(
    id="ZOT217",
    name="invalid-volume-name",
    severity="error",
    scope=[DEPLOYMENT],
    tags=["wiring", "correctness"],
)
def check(ctx: Context, dep: Deployment) -> None:
    for vol in dep.pod.volumes:
        if vol.chart != "external-secret" and not (
            vol.values_path and vol.values_path[0] == "extraVolumes"
        ):
            continue
        name = vol.name
        if name is None or vol.name_ref is None or "{{" in name:
            continue
        if len(name) <= 63 and _LABEL.match(name):
            continue
        why = (
            "longer than 63 characters"
            if len(name) > 63
            else "not a DNS-1123 label (lower-case letters, digits and '-' only)"
        )
        source = (
            "externalSecrets[].secretName becomes the volume name"
            if vol.chart == "external-secret"
            else "extraVolumes[].name"
        )
        ctx.report(
            vol.name_ref,
            f"A volume name is {why.split(' (')[0]}: '{name}' ({source}) is "
            f"{why}, so the API server rejects the pod",
        )
