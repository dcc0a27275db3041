"""An ExternalSecret syncs in a later Argo CD wave than the zot workload that mounts its Secret.

## What it does
Within one Argo CD Application, compares the `argocd.argoproj.io/sync-wave` annotation of each
ExternalSecret manifest the Application deploys from this repository with that of the zot
Deployment or StatefulSet that mounts the Secret the ExternalSecret creates (`target.name`, else
its own name), and reports when the ExternalSecret's wave is higher. Zot's workload is the
upstream chart's (its wave comes from the `deploymentAnnotations` value) or a Deployment or
StatefulSet manifest running an upstream zot image. A missing or non-integer annotation is wave
0, as Argo CD reads it. ExternalSecrets in another Application are not compared: the pod starts
as soon as the Secret exists, whichever Application creates it.

## Why it matters
Argo CD applies wave N+1 only when every resource of wave N is healthy. Zot's pod cannot start
without the Secret it mounts, so its workload never becomes healthy and the ExternalSecret of
the later wave is never applied: the first sync stalls until someone intervenes.

## With Flux
Flux has no sync waves: ordering is `dependsOn` between Kustomizations and HelmReleases, and a
HelmRelease retries until the Secret exists. Nothing is reported for Flux.
## Example
One Application syncs zot's Deployment (wave 0) before the ExternalSecret that creates the
Secret it mounts (wave 1):

`infra/argocd/zot.yaml`:
```yaml
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: zot
spec:
  source:
    repoURL: https://github.com/acme/gitops.git
    targetRevision: main
    path: infra/zot
  destination:
    server: https://kubernetes.default.svc
    namespace: zot
```

`infra/zot/deployment.yaml`:
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: zot
  namespace: zot
spec:
  template:
    spec:
      containers:
        - name: zot
          image: ghcr.io/project-zot/zot:v2.1.18
          volumeMounts:
            - {name: oidc, mountPath: /secret-oidc}
      volumes:
        - name: oidc
          secret: {secretName: zot-oidc}
```

`infra/zot/external-secret.yaml`:
```yaml
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: zot-oidc
  namespace: zot
  annotations:
    argocd.argoproj.io/sync-wave: "1"
spec:
  secretStoreRef: {name: aws}
  target: {name: zot-oidc}
  data:
    - secretKey: credentials.json
      remoteRef: {key: platform/zot/oidc}
```

## Fix
Sync the ExternalSecret before zot:

`infra/zot/external-secret.yaml`:
```yaml
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: zot-oidc
  namespace: zot
  annotations:
    argocd.argoproj.io/sync-wave: "-1"
spec:
  secretStoreRef: {name: aws}
  target: {name: zot-oidc}
  data:
    - secretKey: credentials.json
      remoteRef: {key: platform/zot/oidc}
```

## References
- Argo CD sync waves: argoproj/argo-cd@37ee0097 `docs/user-guide/sync-waves.md` lines 102-111;
  gitops-engine
  `pkg/sync/syncwaves/waves.go` lines 12-21 (non-integer waves ignored)
- project-zot chart `templates/deployment.yaml`, `statefulset.yaml` (`deploymentAnnotations`)
"""

from typing import Any

from zotlint.document import Document, Kind, Ref
from zotlint.knowledge.argo import GitOps
from zotlint.model.argo import App
from zotlint.model.chart import at_least, is_upstream_image
from zotlint.model.env import known_mismatch
from zotlint.records import dataclass
from zotlint.rule import PROJECT, Context, rule

WAVE = "argocd.argoproj.io/sync-wave"


@dataclass
class _Workload:
    label: str
    wave: int
    ref: Ref | None  # where the wave is written (None: the default 0)
    secrets: set[str]
    namespace: str | None


@rule(
    id="ZOT606",
    name="secret-synced-after-zot",
    severity="warning",
    scope=[PROJECT],
    tags=["gitops", "argocd", "eso"],
)
def check(ctx: Context) -> None:
    gitops = GitOps.of(ctx.project, ctx.model)
    model = ctx.model
    for app in gitops.apps:
        docs = gitops.app_docs(app)
        workloads = _chart_workloads(app) + _manifest_workloads(docs)
        if not workloads:
            continue
        for es in docs:
            if not es.is_a(Kind.EXTERNAL_SECRET) or not isinstance(es.data, dict):
                continue
            if es.data.get("kind") != "ExternalSecret":
                continue
            target = _target(es.data)
            wave, wave_ref = _wave(es, ("metadata", "annotations"))
            es_ns = model.scope_of(es).namespace
            for w in workloads:
                if target not in w.secrets or known_mismatch(es_ns, w.namespace):
                    continue
                if wave <= w.wave:
                    continue
                where = wave_ref or w.ref
                if where is None:
                    continue
                name = f'Application "{app.name}"' if app.name else "the same Application"
                related = [(r, "zot's sync wave") for r in (w.ref,) if r is not None and r != where]
                if where is not wave_ref:
                    related.append((es.ref(("metadata", "name")), "the ExternalSecret (wave 0)"))
                ctx.report(
                    where,
                    f'ExternalSecret "{_name(es.data)}" syncs after the zot workload that mounts '
                    f'its Secret: it (sync wave {wave}) creates Secret "{target}", which '
                    f"{w.label} (sync wave {w.wave}) mounts, in {name}; Argo CD "
                    f"applies wave {wave} only after zot is healthy, and zot's pod waits for the "
                    f"missing Secret, so the first sync stalls; give the ExternalSecret a lower "
                    f"wave than zot's workload",
                    related=related,
                    identity=w.label,
                )


def _name(data: dict[str, Any]) -> str:
    meta = data.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    return name if isinstance(name, str) else "?"


def _target(data: dict[str, Any]) -> str:
    spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
    target = spec.get("target") if isinstance(spec.get("target"), dict) else {}
    name = target.get("name")
    return name if isinstance(name, str) and name else _name(data)


def _parse_wave(value: Any) -> int:
    # Argo CD ignores a non-integer annotation (wave 0).
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return 0
    return 0


def _wave(doc: Document, annotations: tuple[str, ...]) -> tuple[int, Ref | None]:
    path = (*annotations, WAVE)
    if not doc.has(path):
        return 0, None
    return _parse_wave(doc.get(path)), doc.ref(path)


def _chart_workloads(app: App) -> list[_Workload]:
    out = []
    for dep in app.deployments:
        path = ("deploymentAnnotations", WAVE)
        secrets = {v.source_name for v in dep.pod.volumes if v.kind == "secret" and v.source_name}
        # Charts before 0.1.63 ignore deploymentAnnotations: the workload is in wave 0.
        honoured = not dep.upstream or at_least(dep.chart_version, "0.1.63")
        out.append(
            _Workload(
                f"zot's {dep.pod.kind} (chart release {dep.release or '?'})",
                _parse_wave(dep.values.get(path)) if honoured else 0,
                dep.values.ref(path) if honoured else None,
                secrets,
                dep.namespace,
            )
        )
    return out


def _manifest_workloads(docs: list[Document]) -> list[_Workload]:
    out = []
    for doc in docs:
        data = doc.data
        if not isinstance(data, dict) or data.get("kind") not in ("Deployment", "StatefulSet"):
            continue
        pod = _dig(data, "spec", "template", "spec")
        containers = pod.get("containers") if isinstance(pod, dict) else None
        if not isinstance(containers, list) or not any(
            isinstance(c, dict) and is_upstream_image(c.get("image")) for c in containers
        ):
            continue
        wave, ref = _wave(doc, ("metadata", "annotations"))
        meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        ns = meta.get("namespace") if isinstance(meta.get("namespace"), str) else None
        out.append(
            _Workload(f'zot\'s {data["kind"]} "{_name(data)}"', wave, ref, _secret_names(pod), ns)
        )
    return out


def _secret_names(pod: Any) -> set[str]:
    out: set[str] = set()
    volumes = pod.get("volumes") if isinstance(pod, dict) else None
    for vol in volumes if isinstance(volumes, list) else []:
        name = _dig(vol, "secret", "secretName")
        if isinstance(name, str):
            out.add(name)
        sources = _dig(vol, "projected", "sources")
        for s in sources if isinstance(sources, list) else []:
            sname = _dig(s, "secret", "name")
            if isinstance(sname, str):
                out.add(sname)
    return out


def _dig(data: Any, *keys: str) -> Any:
    for k in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(k)
    return data
