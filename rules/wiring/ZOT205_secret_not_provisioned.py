"""A Secret the zot pod mounts is created by nothing in the repository.

## What it does
Reports a secret volume of the zot pod — an `extraVolumes[].secret.secretName`, a chart
`externalSecrets[].secretName`, or `<release>-secret` when `mountSecret` is on and the chart
renders no Secret because `secretFiles` is null or empty after the merge — whose Secret nothing
in the repository creates for the deployment's namespace and environment: no ExternalSecret
target (manifest or wrapper-chart list), Secret (SOPS-encrypted included), SealedSecret,
cert-manager `Certificate.spec.secretName`, Vault Secrets Operator destination, kustomize
`secretGenerator`, or chart `secretFiles`. Volumes with `optional: true` are skipped, and so is a
Secret an ExternalSecret creates in another namespace (ZOT503 reports that). An unknown
namespace or environment matches any.

## Why it matters
Until the Secret exists the pod stays in `ContainerCreating` with `MountVolume.SetUp failed …
secret "zot-oidc" not found`. The Secret may be created outside the repository (by hand, by
Terraform, by another repository): the finding is a warning and says so.

## Example
```yaml
image:
  repository: ghcr.io/project-zot/zot
externalSecrets:
  - secretName: zot-oidc
    mountPath: /secret-oidc
# …and no ExternalSecret, Secret or SealedSecret named zot-oidc anywhere
```

## Fix
Add the ExternalSecret (or SealedSecret) that creates the Secret, in zot's namespace, with the
same name:
```yaml
image:
  repository: ghcr.io/project-zot/zot
target:
  name: zot-oidc
```

## References
- Kubernetes: a pod waits for the Secrets its volumes name unless `optional: true`
- project-zot/helm-charts `charts/zot/templates/secret.yaml`: `<release>-secret` is rendered only
  when `mountSecret` and `secretFiles` are both truthy
"""

from zotlint.model.links import volume_sources
from zotlint.model.offchart.deployment import pod_known
from zotlint.model.report import Once
from zotlint.rule import PROJECT, Context, rule


@rule(
    id="ZOT205",
    name="secret-not-provisioned",
    severity="warning",
    scope=[PROJECT],
    tags=["wiring", "secrets"],
)
def check(ctx: Context) -> None:
    model = ctx.model
    once = Once(ctx)
    for dep in model.deployments:
        if not pod_known(dep) or not dep.complete:
            continue
        for vol in dep.pod.volumes:
            if vol.kind != "secret" or vol.optional or vol.source_name is None:
                continue
            same, other, files_key = volume_sources(model, dep, vol)
            if files_key is not None or same:
                continue
            if any(s.kind == "external-secret" for s in other):
                continue
            ref = vol.source_ref or (
                dep.values.ref(("mountSecret",)) if vol.chart == "secret" else None
            )
            if ref is None:
                continue
            where = []
            if dep.namespace:
                where.append(f"namespace {dep.namespace}")
            if dep.env:
                where.append(f"environment {dep.env}")
            scope = f" for {' and '.join(where)}" if where else ""
            why = (
                "; mountSecret is on but secretFiles is empty, so the chart renders no Secret"
                if vol.chart == "secret"
                else ""
            )
            once.report(
                ref,
                f"Secret '{vol.source_name}' is created by nothing in this repository: no "
                f"ExternalSecret, Secret, SealedSecret or Certificate creates it{scope}{why}; "
                f"the pod waits in ContainerCreating until it exists. It may be created outside "
                f"the repository",
                related=[(dep.namespace_ref, "zot's namespace")],
            )
