"""The chart's sample htpasswd (`admin:admin`, `user:user`) is mounted and zot reads it.

## What it does
Reports `mountSecret` when it is truthy after the merge, `secretFiles.htpasswd` is still the
chart's sample file (not replaced, not set to `null`, or copied verbatim), and the zot config
the chart mounts reads `http.auth.htpasswd.path: /secret/htpasswd`. Upstream project-zot chart
only.

## Why it matters
The chart's values.yaml ships an htpasswd whose passwords are written in its own comment:
`admin:admin` and `user:user`. With `mountSecret: true` the chart renders it into
`<release>-secret` at `/secret/htpasswd`, and anyone can log in — as admin when the access
policy names `admin`.

## Example
```yaml
mountSecret: true
configFiles:
  config.json: |-
    {"http": {"auth": {"htpasswd": {"path": "/secret/htpasswd"}}}}
```

## Fix
Provide your own htpasswd (from a Secret manager), or drop the chart's:
```yaml
mountSecret: false
externalSecrets:
  - secretName: zot-htpasswd
    mountPath: /secret-htpasswd
```
and point `htpasswd.path` at `/secret-htpasswd/htpasswd`.

## References
- project-zot/helm-charts `charts/zot/values.yaml` (`secretFiles.htpasswd`, "admin:admin &
  user:user") and `templates/secret.yaml`
"""

from zotlint.model.chart import DEFAULT_HTPASSWD_HASHES
from zotlint.model.pod import SECRET_PATH, normalise
from zotlint.model.report import Once
from zotlint.model.values import truthy
from zotlint.rule import PROJECT, Context, rule


@rule(
    id="ZOT218",
    name="chart-default-htpasswd-in-use",
    severity="error",
    scope=[PROJECT],
    tags=["wiring", "security"],
    security_severity=9.0,
)
def check(ctx: Context) -> None:
    once = Once(ctx)
    for dep in ctx.project.model.deployments:
        cfg = dep.config
        if cfg is None or not dep.upstream or not dep.complete:
            continue
        if dep.config_source not in ("values", "configmap"):
            continue
        v = dep.values
        if not truthy(v.get(("mountSecret",))):
            continue
        htpasswd = v.get(("secretFiles", "htpasswd"))
        if not isinstance(htpasswd, str) or not any(h in htpasswd for h in DEFAULT_HTPASSWD_HASHES):
            continue
        if normalise(cfg.get(("http", "auth", "htpasswd", "path"))) != SECRET_PATH + "/htpasswd":
            continue
        mount = dep.pod.mount_for(SECRET_PATH + "/htpasswd")
        if mount is None or mount.chart != "secret":
            continue
        ref = v.ref(("mountSecret",))
        if ref is None:
            continue
        copied = v.origin(("secretFiles", "htpasswd")) is not None
        secret = f"{dep.release}-secret" if dep.release else "<release>-secret"
        once.report(
            ref,
            f"mountSecret renders the chart's sample htpasswd into {secret} "
            f"({'copied verbatim in secretFiles' if copied else 'secretFiles is not replaced'}"
            "), and zot reads it from /secret/htpasswd: admin:admin and user:user log in",
            related=[
                (cfg.ref(("http", "auth", "htpasswd", "path")), "htpasswd.path"),
                (v.ref(("secretFiles", "htpasswd")), "the sample htpasswd"),
            ],
        )
