"""An Application's Helm value file does not exist in the repository.

## What it does
Resolves every `helm.valueFiles` entry of every Argo CD Application source as Argo CD does and
reports the entry when no file of the scan is there: `$<ref>/…` from the root of the source with
that `ref` (only when that source is this repository), a path starting with `/` from this
repository's root, any other path from the source's `path`, after substituting the Argo CD
build variables the Application tells (`$ARGOCD_APP_NAME`, `$ARGOCD_APP_NAMESPACE`,
`$ARGOCD_APP_SOURCE_PATH`, …). A `$<name>/…` entry when no source has `ref: <name>` is reported
too. Skipped: URLs, glob patterns that match a file, ApplicationSet placeholders, variables
whose value the repository does not tell, entries relative to a chart from a Helm repository,
and sources that are not this repository. With `ignoreMissingValueFiles: true` the message says
that Argo CD skips the file silently.

zotlint reads no git metadata, so a source is this repository when its `path` is a directory of
the scan, when another `$<ref>/…` file through it exists (or its folder, two or more levels
deep), or when its `repoURL` equals that of such a source. Paths are matched by suffix, so a scan
of a sub-folder still finds `infra/zot/values/dev.yaml`.

## Why it matters
Argo CD's manifest generation fails (`no such file or directory`) and the Application stays
out of sync with a ComparisonError; with `ignoreMissingValueFiles: true` it renders without the
file, so zot runs with the chart defaults instead of the repository's settings.

## With Flux
A Flux HelmRelease has no value files: `spec.valuesFrom` names ConfigMaps and Secrets that
helm-controller reads from the cluster (fluxcd/helm-controller `internal/chartutil/values.go`
`ChartValuesFromReferences`). One that is not in the repository may be created elsewhere, so
the model treats its values as unknown and this rule reports nothing for Flux.
## Example
The Application lists `prod.yaml`; only `dev.yaml` exists:

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
          - $values/infra/zot/values/prod.yaml
    - repoURL: https://github.com/acme/gitops.git
      targetRevision: main
      ref: values
  destination:
    server: https://kubernetes.default.svc
    namespace: zot
```

`infra/zot/values/dev.yaml`:
```yaml
image:
  tag: v2.1.18
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
Point the entry at the file that exists (or add the file):

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
- Argo CD multiple sources, `ref` and `$values`: argoproj/argo-cd@37ee0097
  `docs/user-guide/multiple_sources.md`
  lines 56-90; `reposerver/repository/repository.go` `getResolvedValueFiles` (errors at lines
  597-610, 880-895; missing files 1461-1570)
- Argo CD build environment (`docs/user-guide/build-environment.md`)
"""

from zotlint.knowledge.argo import GitOps
from zotlint.rule import PROJECT, Context, rule


@rule(
    id="ZOT602",
    name="missing-value-file",
    severity="error",
    scope=[PROJECT],
    tags=["gitops", "argocd", "correctness"],
)
def check(ctx: Context) -> None:
    gitops = GitOps.of(ctx.project, ctx.model)
    for app in gitops.apps:
        name = f'Application "{app.name}"' if app.name else "this Application"
        for src in app.sources:
            skip = src.helm.get("ignoreMissingValueFiles") is True
            outcome = (
                "Argo CD skips it silently (ignoreMissingValueFiles: true), so its settings "
                "are not applied"
                if skip
                else 'Argo CD fails to generate the manifests ("no such file or directory") '
                "and the Application does not sync"
            )
            for vf in gitops.value_files(app, src):
                ref = app.ref((*src.helm_path, "valueFiles", vf.index))
                if vf.kind == "no-ref":
                    ctx.report(
                        ref,
                        f"A value file of {name} refers to a source that does not exist: "
                        f'the entry "{vf.entry}" starts with ${vf.ref_name}, but no source of the '
                        f"Application has `ref: {vf.ref_name}`, so Argo CD cannot resolve it; "
                        f"add `ref: {vf.ref_name}` to the source of the repository "
                        f"that holds the file",
                    )
                    continue
                if gitops.exists(vf):
                    continue
                where = {
                    "ref": f"from the root of the `ref: {vf.ref_name}` source",
                    "root": "from the repository root",
                    "source": f"relative to the source's path {src.dir_path or '.'}",
                }[vf.kind]
                ctx.report(
                    ref,
                    f"A value file of {name} is not in this repository: "
                    f'the entry "{vf.entry}" resolves to {vf.target} ({where}); {outcome}',
                )
