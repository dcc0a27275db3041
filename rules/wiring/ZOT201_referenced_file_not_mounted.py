"""A file the zot config reads at start is not inside any volume mounted into the zot container.

## What it does
Follows every path the zot config makes zot read before it serves — OpenID `credentialsFile`
and `keypath`, `sessionKeysFile`, `htpasswd.path`, LDAP `credentialsFile` and `cacert`,
`http.tls.cert`/`key`/`cacert` — to the volume mounts of the zot container as the upstream
chart renders them from the merged values: `extraVolumeMounts`, chart `externalSecrets`
(`<mountPath>/<key>`), `mountSecret` (`/secret`), `mountConfig` (`/etc/zot`) and the data volume
(`/var/lib/registry`). A path is provided when it lies under a directory mount, or equals the
`mountPath` of a `subPath` mount. Relative and templated paths are skipped, and so are
deployments whose `image.repository` is not an upstream zot image (a custom image may ship the
file), charts other than project-zot's, and configs the chart does not mount (ZOT207).
zot outside its chart is followed the same way, from the pod as written or rendered: a
Deployment/StatefulSet/DaemonSet manifest, bjw-s app-template `persistence` mounts
(`globalMounts`/`advancedMounts`, bjw-s-labs/helm-charts common library
`lib/container/fields/_volumeMounts.tpl`), Fleet bundles; the config is the one zot serves
(`serve <path>`), found in a ConfigMap, a kustomize generator's file or an ExternalSecret
`target.template` (positions inside that file).

## Why it matters
Zot reads these files while it starts: a missing credentials or session-keys file stops it
(`open /secret-oidc/credentials.json: no such file or directory`), a missing TLS key makes it
panic, and the pod crash-loops.

## Example
```yaml
mountConfig: true
extraVolumes:
  - name: oidc
    secret: {secretName: zot-oidc}
extraVolumeMounts:
  - name: oidc
    mountPath: /secret-oidc
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "5000",
               "externalUrl": "https://registry.example.com",
               "auth": {"openid": {"providers": {"oidc": {
                 "issuer": "https://sso.example.com/realms/platform",
                 "credentialsFile": "/secrets/oidc/credentials.json",
                 "scopes": ["openid", "profile", "email"]}}}}}
    }
```

## Fix
Mount the Secret where the config looks, or point the config at the mount:
```yaml
mountConfig: true
extraVolumes:
  - name: oidc
    secret: {secretName: zot-oidc}
extraVolumeMounts:
  - name: oidc
    mountPath: /secret-oidc
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

## References
- project-zot/helm-charts `charts/zot/templates/deployment.yaml`, `statefulset.yaml`: volumes
  and volumeMounts
- zot `pkg/cli/server/root.go`: `readSecretFile` for `credentialsFile` and `sessionKeysFile`
"""

from zotlint.model.chart import is_upstream_image
from zotlint.model.links import config_reads
from zotlint.model.report import Once
from zotlint.rule import PROJECT, Context, rule


@rule(
    id="ZOT201",
    name="referenced-file-not-mounted",
    severity="error",
    scope=[PROJECT],
    tags=["wiring", "correctness"],
)
def check(ctx: Context) -> None:
    once = Once(ctx)
    for dep, cfg, f in config_reads(ctx.model, mounted=True):
        if not is_upstream_image(dep.image_repository):
            continue
        if dep.pod.mount_for(f.path) is not None:
            continue
        near = dep.pod.nearest_mount(f.path)
        mounts = sorted({m.mount_path for m in dep.pod.zot_mounts() if m.mount_path})
        related = []
        if near is not None and near.path_ref is not None:
            related.append((near.path_ref, f"nearest mount: {near.mount_path}"))
        once.report(
            cfg.ref(f.config_path),
            f"{f.what} is not inside any volume mounted into the zot container: "
            f"{f.raw} is under none of its mounts ({', '.join(mounts) or 'none'}), so zot "
            f"cannot read it at start and the pod crash-loops",
            related=related,
        )
