"""The values set `configFiles` but `mountConfig` is off: zot runs the image's built-in config.

## What it does
Reports a user values layer (a values file, Argo CD inline values or parameters — not the
chart's defaults) that sets a non-empty `configFiles` while `mountConfig` is falsy after the
Helm merge (Go-template truth: `false`, `""`, `0`, null or absent). Upstream project-zot chart
only, from chart 0.1.22 (older charts read neither key).

Reported once, at the line to edit: the user layer that sets the falsy `mountConfig` (a shared
`common.yaml` read by every environment is one finding, not one per environment), else — when
no user layer sets `mountConfig` — the `configFiles` key of the last layer that sets it.

## Why it matters
The chart renders the `<release>-config` ConfigMap and mounts it at `/etc/zot` only when
`mountConfig` is true. Without it the carefully written `config.json` is ignored and zot starts
with the config baked into the image: no authentication, no access control, default storage.

## With Flux
The layers of a Flux HelmRelease (`valuesFrom` in order, then `spec.values`) count as user
layers too; when a `valuesFrom` object is not in the repository the merged `mountConfig` is
unknown and nothing is reported.
## Example
```yaml
configFiles:
  config.json: |-
    {"http": {"auth": {"htpasswd": {"path": "/secret/htpasswd"}}}}
```

## Fix
```yaml
mountConfig: true
configFiles:
  config.json: |-
    …
```

## References
- project-zot/helm-charts `charts/zot/templates/configmap.yaml` (`if and .Values.mountConfig
  .Values.configFiles`) and `deployment.yaml` (the `/etc/zot` mount)
- project-zot/helm-charts@b4760c26 `charts/zot/templates/configmap.yaml` line 1, `deployment.yaml`
  lines 76-79, 134-138
"""

from zotlint.model import Deployment
from zotlint.model.chart import at_least
from zotlint.model.values import truthy
from zotlint.rule import DEPLOYMENT, Context, rule


@rule(
    id="ZOT207",
    name="config-not-mounted",
    severity="error",
    scope=[DEPLOYMENT],
    tags=["wiring", "correctness", "security"],
)
def check(ctx: Context, dep: Deployment) -> None:
    if not at_least(dep.chart_version, "0.1.22"):
        return
    v = dep.values
    if truthy(v.get(("mountConfig",))):
        return
    setters = [(la, val) for la, val in v.user_layers_setting(("configFiles",)) if truthy(val)]
    if not setters:
        return
    layer, _ = setters[-1]
    mc = v.get(("mountConfig",))
    config_files = layer.ref(("configFiles",), "key")
    if v.user_set(("mountConfig",)):
        state = f"is {_yaml(mc)}"
        where = v.ref(("mountConfig",))
        related = [(config_files, "configFiles")]
    else:
        state = "is not set (the chart's default is false)"
        where, related = None, []
    ctx.report(
        where or config_files,
        f"configFiles is set but mountConfig {state} after the merge: the chart renders no "
        f"ConfigMap and mounts nothing at /etc/zot, so zot runs the image's built-in config "
        f"(no authentication); set mountConfig: true",
        related=related,
    )


def _yaml(value: object) -> str:
    """The value as YAML writes it (`false`, `null`, `""`), not as Python prints it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value == "":
        return '""'
    return str(value)
