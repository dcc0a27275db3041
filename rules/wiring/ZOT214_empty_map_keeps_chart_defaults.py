"""`configFiles: {}` or `secretFiles: {}` keeps the chart's defaults: Helm merges maps.

## What it does
Reports `configFiles: {}` while `mountConfig` is truthy, and `secretFiles: {}` while
`mountSecret` is truthy (after the merge), when the chart's default key (`config.json`,
`htpasswd`) survives the merge. Also reports `configFiles: null` / `secretFiles: null` written
inside an Argo CD `helm.valuesObject`, where Argo CD strips the null before Helm sees it.
Upstream project-zot chart only.

## Why it matters
Helm merges user maps into the chart's defaults; an empty map deletes nothing. The chart still
renders `<release>-config` with its default no-auth `config.json`, or `<release>-secret` with
the `admin:admin` / `user:user` htpasswd — colliding with the ConfigMap or Secret the team
manages outside the chart (Argo CD fights over it, or the chart's copy wins).

## With Flux
In a Flux HelmRelease, `spec.values` and `valuesFrom` layers keep a `null` (helm-controller
merges them as maps, then Helm coalesces with the chart defaults), so a `null` there deletes the
default as it does in a values file; an empty map keeps the defaults, as everywhere.
## Example
```yaml
mountSecret: true
secretFiles: {}
```

## Fix
Only `null` removes a default (and only outside `valuesObject`):
```yaml
mountSecret: true
secretFiles: null
```

## References
- helm/helm `pkg/chart/common/util/coalesce.go`: maps merged, `null` deletes a default key
- argoproj/argo-cd#16312: `null` inside `valuesObject` is dropped
- project-zot/helm-charts@b4760c26 `charts/zot/values.yaml` lines 156-167 (`configFiles`) and
  217-221 (`secretFiles`):
  the defaults an empty map keeps
"""

from zotlint.model import Deployment
from zotlint.model.values import truthy
from zotlint.rule import DEPLOYMENT, Context, rule

_PAIRS = (
    ("configFiles", "mountConfig", "config.json", "ConfigMap", "default no-auth config.json"),
    ("secretFiles", "mountSecret", "htpasswd", "Secret", "admin:admin / user:user htpasswd"),
)


@rule(
    id="ZOT214",
    name="empty-map-keeps-chart-defaults",
    severity="error",
    scope=[DEPLOYMENT],
    tags=["wiring", "security"],
)
def check(ctx: Context, dep: Deployment) -> None:
    v = dep.values
    for files, flag, default_key, kind, what in _PAIRS:
        if not truthy(v.get((flag,))):
            continue
        merged = v.get((files,))
        if not isinstance(merged, dict) or default_key not in merged:
            continue
        if v.origin((files, default_key)) is not None:
            continue
        for layer, value in v.user_layers_setting((files,)):
            stripped = value is None and layer.strips_null
            if value != {} and not stripped:
                continue
            how = (
                "null inside valuesObject is stripped by Argo CD"
                if stripped
                else "an empty map deletes nothing (Helm merges maps)"
            )
            suffix = "config" if files == "configFiles" else "secret"
            ctx.report(
                layer.ref((files,), "key"),
                f"{files}: {'null' if stripped else '{}'} keeps the chart's defaults: "
                f"{how}, so with {flag} on the chart still renders its {kind} "
                f"{dep.release or '<release>'}-{suffix} with the {what}; use {files}: null in "
                f"a values file",
            )
