"""A values key the upstream zot chart does not read: Helm ignores it silently.

## What it does
Walks every user values layer of a deployment (values files, the `zot:` section of an umbrella
chart's values, Argo CD `helm.values`/`valuesObject`/`parameters`, kustomize `valuesInline`)
and reports each key that no release of the upstream project-zot chart reads, with a "did you
mean" when a close or known key exists (`httpRoute` → `httproute`, `pvc.size` → `pvc.storage`,
`persistence.size`, `zotConfig` → `configFiles`). The key table comes from the `.Values`
references of the chart's templates plus values.yaml, per chart version. Free-form values
(`configFiles`, `secretFiles`, `env`, `resources`, annotation and label maps, `nodeSelector`,
`affinity`, `tolerations`, `extraVolumes`, `extraVolumeMounts`, `extraContainers`,
`initContainers`, `ingress.tls`, `httproute.rules`…) are never entered; `global` is always
allowed; `persistence.enabled` is left to ZOT212. A key that only a later chart version reads
is reported here too when it does not change what zot runs with (labels, annotations,
scheduling, `httproute`, `podDisruptionBudget`…: the pinned chart just ignores it); the late
keys that do change it (`extraVolumes`, `externalSecrets`, `extraArgs`…) are ZOT603's errors.
Not applied to other charts (a values file with whole sections the upstream chart never had is
taken as another chart's).

## Why it matters
Helm does not validate values: a misspelt key is dropped and the chart renders its default,
so the setting the team believes in (a storage size, an HTTPRoute, the zot config) never
reaches the cluster.

## With Flux
Flux HelmRelease `spec.values` and the values of a `valuesFrom` ConfigMap or Secret in the
repository are checked the same way, at their own lines (a `targetPath` entry at the key's
value). A HelmRelease of another chart (bjw-s app-template…) is never judged by this table.
## Example
```yaml
image:
  repository: ghcr.io/project-zot/zot
pvc:
  size: 50Gi
httpRoute:
  enabled: true
```

## Fix
```yaml
image:
  repository: ghcr.io/project-zot/zot
pvc:
  storage: 50Gi
httproute:
  enabled: true
```

## References
- project-zot/helm-charts `charts/zot/values.yaml` and `templates/*.yaml` (`.Values` references)
- zotlint/data/chart_values_keys.py (the key table per chart version)
"""

from typing import Any

from zotlint.data.chart_values_keys import check_key, key_since, suggest
from zotlint.data.zot_versions import CHART_KEY_SINCE
from zotlint.document import Path
from zotlint.model.report import Once
from zotlint.model.values import Layer, helm_get_values_header
from zotlint.rule import PROJECT, Context, rule


@rule(
    id="ZOT213",
    name="unknown-chart-value",
    severity="warning",
    scope=[PROJECT],
    tags=["wiring", "chart"],
)
def check(ctx: Context) -> None:
    once = Once(ctx)
    for dep in ctx.model.deployments:
        if not dep.upstream:
            continue
        for layer in dep.layers:
            saved = helm_get_values_header(layer)
            for path, status in _unknown(layer.data, dep.chart_version):
                if saved is not None and path == (saved,):
                    once.report(
                        _ref(layer, path),
                        f"'{saved}:' is the header `helm get values` prints, not a chart value: "
                        "this file was saved from a release; Helm reads the line as a key of that "
                        "name and ignores it. Remove the line"
                        + (
                            " (and keep only the values you set: computed values pin every "
                            "chart default of the release's version)"
                            if saved == "COMPUTED VALUES"
                            else ""
                        ),
                    )
                    continue
                dotted = ".".join("[]" if isinstance(p, int) else str(p) for p in path)
                dotted = dotted.replace(".[]", "[]")
                if status == "too_new":
                    msg = (
                        f"zot chart {dep.chart_version} does not read '{dotted}' yet (chart "
                        f"{key_since(path)} added it): Helm ignores it silently; upgrade the "
                        "chart or drop the key"
                    )
                    once.report(_ref(layer, path), msg)
                    continue
                hint = suggest(path)
                msg = f"the zot chart does not read '{dotted}': Helm ignores it silently"
                if hint:
                    msg += f"; did you mean '{hint}'?"
                if saved == "COMPUTED VALUES":
                    msg += (
                        " (the file is `helm get values --all` output: the key comes from the"
                        " chart version that release ran)"
                    )
                once.report(_ref(layer, path), msg)


def _ref(layer: Layer, path: Path):  # type: ignore[no-untyped-def]
    if layer.pinned is not None:
        # A `helm.parameters` entry: point at its `name`.
        return layer.doc.ref(layer.pinned[:-1] + ("name",))
    return layer.ref(path, "key")


def _unknown(data: Any, version: str | None) -> list[tuple[Path, str]]:
    """Keys no chart version reads ("unknown") and keys only later versions read that do not
    change what zot runs with ("too_new"; the ones that do are ZOT603's)."""
    out: list[tuple[Path, str]] = []
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            children: list[tuple[Path, Any]] = [
                (path + (k,), v) for k, v in value.items() if isinstance(k, str)
            ]
        elif isinstance(value, list) and path:
            children = [(path + (i,), v) for i, v in enumerate(value)]
        else:
            continue
        for child, v in reversed(children):
            if child == ("persistence", "enabled"):
                continue
            status = check_key(child, version)
            unknown = status == "unknown" and not isinstance(child[-1], int)
            late = status == "too_new" and not _zot603_key(child)
            if unknown or late:
                out.append((child, status))
            elif status in ("ok", "too_new"):
                stack.append((child, v))
    out.sort(key=lambda p: tuple(str(x) for x in p[0]))
    return out


def _zot603_key(path: Path) -> bool:
    # A key whose absence changes what zot runs with is reported by ZOT603 as an error, at its
    # own key or at any key below it.
    keys = [str(p) for p in path if not isinstance(p, int)]
    return any(".".join(keys[:n]) in CHART_KEY_SINCE for n in range(1, len(keys) + 1))
