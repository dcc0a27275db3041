"""An Application that deploys zot or its secrets tracks a branch other than the main one.

## What it does
Reports the `targetRevision` of an Argo CD Application source (single `source` or an entry of
`sources`, including a `ref: values` source) that is this repository and whose Application
deploys zot (the chart, or zot's values) or the Secrets zot mounts (ExternalSecrets, stores or
Secrets the deployment model links to zot's volumes), when the revision is a branch other than
the configured ones (option `branches`, default `main`, `master`, `HEAD`; an absent
`targetRevision` means `HEAD`). Not reported: tags that look like versions (`v1.2.3`,
`1.4.0-rc1`, `refs/tags/…`), commit SHAs, ApplicationSet placeholders, and Helm chart sources
(their `targetRevision` is a chart version).

zotlint cannot ask git which repository it scans, so a source counts as this repository when its
`path` is a directory of the scan, when a `$<ref>/…` value file through it exists in the scan,
or when its `repoURL` equals that of such a source.

## Why it matters
Argo CD deploys what the tracked revision holds. An Application left on a feature branch after
the change was merged keeps deploying the branch: fixes merged to `main` never reach the
cluster, and the branch may be deleted, which breaks the sync.

## With Flux
Argo CD only. Flux tracks a branch through a GitRepository's `spec.ref`, which this rule does
not read: nothing is reported for Flux.
## Example
The Application takes zot's values from a feature branch of this repository:

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
      targetRevision: feature/zot-sso
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
Track the main branch:

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

Or, when a long-lived environment branch is intended, list it in the rule's options
(`.zotlint.yaml`: `rules: {ZOT601: {options: {branches: [main, release]}}}`).

## References
- Argo CD `ApplicationSource.targetRevision`: argoproj/argo-cd@37ee0097
  `pkg/apis/application/v1alpha1/types.go`
  lines 196-224; `docs/user-guide/multiple_sources.md` lines 56-90
- Argo CD docs, "Tracking and Deployment Strategies"
"""

import re
from dataclasses import field

from zotlint.knowledge.argo import GitOps
from zotlint.knowledge.eso import ExternalSecret
from zotlint.model import Model
from zotlint.model.argo import App
from zotlint.model.links import store_for, store_query, zot_sources
from zotlint.records import dataclass
from zotlint.rule import PROJECT, Context, rule

_TAG = re.compile(r"^(?:refs/tags/.+|[vV]?\d+(?:\.\d+)+(?:[-+.][0-9A-Za-z.+-]*)?)$")
_SHA = re.compile(r"^[0-9a-fA-F]{7,40}$")


@dataclass(frozen=True)
class Options:
    branches: list[str] = field(default_factory=lambda: ["main", "master", "HEAD"])


@rule(
    id="ZOT601",
    name="stale-target-revision",
    severity="note",
    scope=[PROJECT],
    options=Options,
    tags=["gitops", "argocd"],
)
def check(ctx: Context) -> None:
    branches: list[str] = ctx.options.branches or ["main"]
    gitops = GitOps.of(ctx.project, ctx.model)
    secret_docs = _zot_secret_docs(ctx.model)
    for app in gitops.apps:
        local = [s for s in app.sources if gitops.is_local(app, s)]
        if not local or not _deploys_zot(gitops, app, secret_docs):
            continue
        for src in local:
            rev = src.target_revision
            if rev is None or _pinned(rev, branches):
                continue
            what = "zot" if app.deployments else "the Secrets zot mounts"
            name = f'Application "{app.name}"' if app.name else "this Application"
            ctx.report(
                app.ref((*src.path, "targetRevision")),
                f"{name} tracks another branch than {branches[0]}: it deploys {what} from "
                f'branch "{rev}" of this repository ({src.repo_url or "repoURL not set"}), so '
                f"changes merged to {branches[0]} are not applied until it tracks {branches[0]}; "
                f"set targetRevision: {branches[0]}, or "
                f"list the branch in ZOT601's `branches` option if it is meant to be tracked",
            )


def _pinned(rev: str, branches: list[str]) -> bool:
    r = rev.strip()
    if "{{" in r or "$" in r:
        return True
    bare = r.removeprefix("refs/heads/")
    return bare in branches or r in branches or bool(_TAG.match(r) or _SHA.match(r))


def _deploys_zot(gitops: GitOps, app: App, secret_docs: set[int]) -> bool:
    return bool(app.deployments) or any(id(d) in secret_docs for d in gitops.app_docs(app))


def _zot_secret_docs(model: Model) -> set[int]:
    """Documents defining the Secrets a zot pod mounts, and the stores their ExternalSecrets
    read from."""
    out: set[int] = set()
    # Each store query once (one name often covers hundreds of ExternalSecrets); the sources
    # of zot's volumes come from the model, each once.
    external: dict[tuple[str, str | None, str | None, str | None], ExternalSecret] = {}
    zot = zot_sources(model)
    for src in zot.sources:
        if id(src) not in zot.via_secret:
            continue
        out.add(id(src.ref.doc.host))
        es = src.external_secret
        if es is not None:
            external.setdefault(store_query(es), es)
    for es in external.values():
        out.update(id(store.doc.host) for store in store_for(model, es)[0])
    return out
