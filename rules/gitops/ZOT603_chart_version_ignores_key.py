"""The pinned zot chart version predates a values key that decides what zot runs with.

## What it does
For every deployment of the upstream project-zot chart whose version the repository pins — an
Argo CD Application (`chart: zot` with `targetRevision`), an umbrella `Chart.yaml` dependency,
a kustomize `helmCharts` entry or a vendored chart — reports each values key the user sets that
the pinned version does not read yet, among the keys that change what zot itself runs with:
`mountConfig`, `configFiles`, `mountSecret`, `secretFiles`, `persistence`, `pvc` (before
0.1.22), `externalSecrets` (0.1.29), `env` (0.1.30), `extraVolumes`, `extraVolumeMounts`
(0.1.39), `extraArgs` (0.1.63), `extraContainers` (0.1.74), `httpGet.port` (0.1.79) and
`initContainers` (0.1.107). A version range (`0.1.x`, `>=0.1.60`, `~0.1.38`) is resolved to the
newest release it matches, as Argo CD and Helm do, so a range that admits a good version is not
reported. Values that change nothing when ignored (`false`, empty lists and maps,
`httpGet.port: 5000`) are not reported. Later keys that only touch labels, annotations,
scheduling or the objects in front of zot are ZOT213's. Repackaged charts and values files
without a pinned version are not judged.

## Why it matters
Helm does not validate values: the older chart renders without the key and nothing fails. Zot
then starts without its config file, its mounted credentials or its arguments, and the error
shows up far away (a login that never works, a default `admin:admin` registry, data on an
emptyDir).

## With Flux
The pinned version of a Flux HelmRelease is `spec.chart.spec.version` (a semver range, default
`*`, resolved to the newest match as source-controller does), or for `spec.chartRef` the
OCIRepository's `spec.ref.semver` or `spec.ref.tag`; keys set in its `spec.values` or in a
`valuesFrom` ConfigMap of the repository are checked like a values file's. A chart built from a
GitRepository path has no version to compare and is not checked.
## Example
The Application pins chart 0.1.38, which does not read `extraVolumes` and `extraVolumeMounts`
(0.1.39 added them):

`infra/argocd/zot.yaml`:
```yaml
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: zot
  namespace: argocd
spec:
  project: default
  sources:
    - repoURL: https://zotregistry.dev/helm-charts
      chart: zot
      targetRevision: 0.1.38
      helm:
        valueFiles:
          - $values/infra/zot/values/dev.yaml
    - repoURL: https://github.com/acme/gitops.git
      targetRevision: main
      ref: values
  destination:
    server: https://kubernetes.default.svc
    namespace: zot
```

`infra/zot/values/dev.yaml`:
```yaml
extraVolumes:
  - name: oidc
    secret: {secretName: zot-oidc}
extraVolumeMounts:
  - {name: oidc, mountPath: /secret-oidc}
mountConfig: true
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "5000",
               "externalUrl": "https://registry.example.com",
               "auth": {"openid": {"providers": {"oidc": {
                 "issuer": "https://sso.example.com/realms/platform",
                 "credentialsFile": "/secret-oidc/credentials.json",
                 "scopes": ["openid", "profile", "email"]}}}}}
    }
```

## Fix
Pin a chart release that reads the keys:

`infra/argocd/zot.yaml`:
```yaml
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: zot
  namespace: argocd
spec:
  project: default
  sources:
    - repoURL: https://zotregistry.dev/helm-charts
      chart: zot
      targetRevision: 0.1.122
      helm:
        valueFiles:
          - $values/infra/zot/values/dev.yaml
    - repoURL: https://github.com/acme/gitops.git
      targetRevision: main
      ref: values
  destination:
    server: https://kubernetes.default.svc
    namespace: zot
```

## References
- project-zot/helm-charts `charts/zot/Chart.yaml` and `values.yaml` at each `zot-0.1.x` release
  tag (the version that introduced each key), up to project-zot/helm-charts@b4760c26 (0.1.122)
- zotlint/data/zot_versions.py `CHART_KEY_SINCE`
- Argo CD `targetRevision` semver constraints for Helm sources: argoproj/argo-cd@37ee0097
  `pkg/apis/application/v1alpha1/types.go` lines 196-224 (`ApplicationSource`)
"""

from typing import Any

from zotlint.data.zot_versions import CHART_KEY_SINCE, parse_version
from zotlint.document import Ref
from zotlint.model.report import Once
from zotlint.model.values import Origin, truthy
from zotlint.rule import PROJECT, Context, rule


@rule(
    id="ZOT603",
    name="chart-version-ignores-key",
    severity="error",
    scope=[PROJECT],
    tags=["gitops", "chart", "correctness"],
)
def check(ctx: Context) -> None:
    once = Once(ctx)
    for dep in ctx.model.deployments:
        chart = dep.chart
        if not dep.upstream or chart.kind == "assumed" or chart.version is None:
            continue
        version = parse_version(chart.version)
        if version is None:
            continue
        pinned = (
            f"{chart.version}"
            if chart.spec is None or chart.spec.strip().lstrip("vV") == chart.version
            else f'{chart.version} (the newest release matching "{chart.spec}")'
        )
        for key, since in CHART_KEY_SINCE.items():
            need = parse_version(since)
            path = tuple(key.split("."))
            if need is None or version >= need or not dep.values.user_set(path):
                continue
            value = dep.values.get(path)
            if not _matters(key, value):
                continue
            origin = dep.values.origin(path)
            if origin is None:
                continue
            related = [(chart.ref, "the chart version")] if chart.ref is not None else []
            once.report(
                _key_ref(origin),
                f"The pinned zot chart does not read `{key}`: chart {pinned} ignores it, and the "
                f"chart honours it only from {since}; Helm renders zot without it, silently; pin "
                f"the chart to {since} or later",
                related=related,
                identity=key,
            )


def _matters(key: str, value: Any) -> bool:
    if key == "httpGet.port":
        # Older charts hard-code 5000, so asking for 5000 changes nothing.
        return value not in (None, 5000, "5000")
    return truthy(value)


def _key_ref(origin: Origin) -> Ref:
    layer = origin.layer
    if layer.pinned is not None:
        # A `helm.parameters` entry: point at its `name`.
        return layer.doc.ref(layer.pinned[:-1] + ("name",))
    return origin.ref("key")
