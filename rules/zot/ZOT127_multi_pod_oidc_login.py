"""Several zot pods serve OpenID logins without shared session keys and storage: logins fail.

## What it does
Reports where the repo sets the number of zot pods when OpenID is configured and more than one
pod serves the same zot config:
- chart values: `replicaCount` > 1 (only when the values file sets it; the chart default is 1),
  for the config embedded in `configFiles` (also under `zot:` in umbrella values);
- a config in a ConfigMap: `spec.replicas` > 1 of the Deployment/StatefulSet that mounts it, or
  `maxReplicas` > 1 of a HorizontalPodAutoscaler scaling that workload.

Not reported when clients stick to one pod (an `affinity`/`sticky`/`upstream-hash-by`/session
persistence annotation on the chart's ingress, service or httproute, or a Service selecting the
pods with `sessionAffinity: ClientIP`), or when both `http.auth.sessionKeysFile` and a remote
`storage.storageDriver` are set. Standalone configs (no pod count in the repo) are not checked.

## Why it matters
The OIDC login spans two requests: the redirect to the IdP and the callback. Zot keeps the
state cookie signed with its session keys — random per pod unless `sessionKeysFile` is shared
(a redis `sessionDriver` does not help: it forbids `sessionKeysFile`) — and, with local
storage, keeps the login session on the pod's own disk. When the callback reaches another pod,
the cookie cannot be decoded (`securecookie: the value is not valid`) and the login fails; with
two pods about half of the logins fail, at random.

## Example
```yaml
replicaCount: 3
configFiles:
  config.json: |
    {"http": {"auth": {"openid": {"providers": {"oidc": {"issuer": "https://sso.example.com/realms/main"}}}}}}
```

## Fix
Run one pod (`replicaCount: 1`), or enable sticky sessions on the ingress
(`nginx.ingress.kubernetes.io/affinity: cookie`):
```yaml
replicaCount: 1
```
or share the keys and the storage:
```json
"storage": {"storageDriver": {"name": "s3", "bucket": "zot", "region": "eu-west-1"}},
"http": {"auth": {"sessionKeysFile": "/secret-session/sessionKeys.json"}}
```

## References
- zot `pkg/api/controller.go`: random session keys when `sessionKeysFile` is not set
- zot `pkg/api/cookiestore.go`: local session store under `<rootDirectory>/_sessions`
- zot `pkg/cli/server/root.go`: redis session driver forbids `sessionKeysFile`
- zot issue #2526 (`securecookie: the value is not valid`)
"""

from zotlint.document import Document, Kind
from zotlint.knowledge.zot import dropped_by_viper, openid_configured
from zotlint.replicas import zot_replicas
from zotlint.rule import Context, rule


@rule(
    id="ZOT127",
    name="multi-pod-oidc-login",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "availability"],
)
def check(ctx: Context, doc: Document) -> None:
    if not openid_configured(doc):
        return
    pods = zot_replicas(doc, ctx.project)
    if pods is None or pods.count <= 1 or pods.sticky:
        return
    keys = doc.get(("http", "auth", "sessionkeysfile"))
    shared_keys = isinstance(keys, str) and keys != ""
    driver = doc.get(("storage", "storagedriver"))
    remote = isinstance(driver, dict) and not dropped_by_viper(driver)
    if shared_keys and remote:
        return
    missing = []
    if not shared_keys:
        missing.append(
            "without http.auth.sessionKeysFile each pod signs the OIDC state cookie "
            "with its own random key"
        )
    if not remote:
        missing.append("with local storage the login session lives on one pod's disk")
    ctx.report(
        pods.ref,
        f"{pods.count} zot pods ({pods.source}) serve OpenID logins with no client affinity: "
        f"{'; '.join(missing)}, so a login fails whenever the IdP callback reaches another "
        "pod; run one pod, enable sticky sessions, or set sessionKeysFile and a remote "
        "storageDriver",
        related=[(doc.ref(("http", "auth", "openid"), "key"), "OpenID is configured here")],
    )
