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
mountConfig: true
mountSecret: true
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "5000",
               "auth": {"htpasswd": {"path": "/secret/htpasswd"}}}
    }
```

## Fix
Provide your own htpasswd (from a secret manager) and drop the chart's, pointing
`htpasswd.path` at it:
```yaml
mountConfig: true
mountSecret: false
externalSecrets:
  - secretName: zot-htpasswd
    mountPath: /secret-htpasswd
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "5000",
               "auth": {"htpasswd": {"path": "/secret-htpasswd/htpasswd"}}}
    }
```

## References
- project-zot/helm-charts `charts/zot/values.yaml` (`secretFiles.htpasswd`, "admin:admin &
  user:user") and `templates/secret.yaml`
"""

from zotlint.knowledge.default_htpasswd import default_htpasswd_in_use
from zotlint.model.report import Once
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
    for use in default_htpasswd_in_use(ctx.model):
        dep, cfg, v = use.dep, use.config, use.dep.values
        secret = f"{dep.release}-secret" if dep.release else "<release>-secret"
        once.report(
            use.mount_secret,
            f"mountSecret serves the chart's sample htpasswd: it renders it into {secret} "
            f"({'copied verbatim in secretFiles' if use.copied else 'secretFiles is not replaced'}"
            "), and zot reads it from /secret/htpasswd, so admin:admin and user:user log in",
            related=[
                (cfg.ref(("http", "auth", "htpasswd", "path")), "htpasswd.path"),
                (v.ref(("secretFiles", "htpasswd")), "the sample htpasswd"),
            ],
        )
