"""The file a config path names is not a key of the Secret or ConfigMap mounted there.

## What it does
Follows each path the zot config reads at start (see ZOT201) to the mount that provides it and
the Secret or ConfigMap behind the volume, and reports when the file name is not one of its
keys. Only when the key set is fully known: a Secret manifest (`data` and `stringData`); a
SealedSecret (`encryptedData`); the chart's `secretFiles`/`configFiles` after the Helm merge; an
ExternalSecret with `creationPolicy` Owner or Orphan, whose keys are computed as ESO's
`applyTemplate` does: without a template, `data[].secretKey` plus what each `dataFrom` writes;
with `target.template.data` or `templateFrom` and `mergePolicy: Replace` (the default), only the
template's keys (so `dataFrom` does not matter); with `Merge`, both. A `dataFrom.extract` writes
one key per property of the remote JSON, known only when the remote value is in the repository
(an ESO `fake` provider store), renamed by `rewrite[].regexp`; `find`, generators, `transform`
rewrites and `templateFrom` items rendered `KeysAndValues` leave the key set unknown, never
empty. A volume with `items`
exposes only `items[].path`; a `subPath` mount exposes one key. Secrets are matched by name
within the deployment's namespace and environment (an unknown one matches any). A kustomize
`secretGenerator`/`configMapGenerator` has the keys of its `files` (`key=path` or the file's
base name), `literals` and `envs` (unknown with `behavior: merge`; kubernetes-sigs/kustomize
`api/types/kvpairsources.go`), and a hash-suffixed name still names its generator. Also for zot
outside its chart (manifests, app-template, Fleet; see ZOT201).

## Why it matters
A Secret volume shows one file per key. With the config reading
`/secret-oidc/credentials.json` and the Secret holding only `clientsecret`, the file does not
exist and zot stops at start.

## Example
`zot/externalsecret.yaml`:
```yaml
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: zot-oidc
  namespace: zot
spec:
  secretStoreRef: {name: aws-secretsmanager, kind: SecretStore}
  target: {name: zot-oidc}
  data:
    - secretKey: clientsecret
      remoteRef: {key: platform/zot/oidc, property: clientsecret}
```

`zot/values.yaml`:
```yaml
namespace: zot
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
Make the Secret hold the file the config reads (for ESO: `secretKey: credentials.json` with the
whole JSON document), or point the config at a key that exists:

`zot/externalsecret.yaml`:
```yaml
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: zot-oidc
  namespace: zot
spec:
  secretStoreRef: {name: aws-secretsmanager, kind: SecretStore}
  target: {name: zot-oidc}
  data:
    - secretKey: credentials.json
      remoteRef: {key: platform/zot/oidc}
```

## References
- Kubernetes: Secret volumes project each key as a file; `items` and `subPath` restrict them
- ESO `apis/externalsecrets/v1/externalsecret_types.go`: `target.template`, `mergePolicy`
- ESO `pkg/controllers/externalsecret/externalsecret_controller_template.go` `applyTemplate`
  (template data over templateFrom; provider data only with `Merge` or without template data)
"""

from zotlint.model.links import MISSING, config_reads, follow
from zotlint.model.report import Best
from zotlint.rule import PROJECT, Context, rule


@rule(
    id="ZOT204",
    name="mounted-key-missing",
    severity="error",
    scope=[PROJECT],
    tags=["wiring", "secrets", "correctness"],
)
def check(ctx: Context) -> None:
    model = ctx.model
    best = Best(ctx)
    for dep, cfg, f in config_reads(model, mounted=True):
        chain = follow(model, dep, f)
        if chain.key_status != MISSING or chain.mount is None or chain.volume is None:
            continue
        vol = chain.volume
        related = [(chain.mount.path_ref, f"mounted at {chain.mount.mount_path}")]
        if chain.items_missing:
            paths = ", ".join(p for _, p in vol.items or []) or "none"
            related.append((vol.name_ref, "the volume's items"))
            msg = (
                f"{f.what} reads a file its volume does not expose: it reads {f.raw}, but "
                f"volume '{vol.label}' exposes only its items ({paths}) under "
                f"{chain.mount.mount_path}"
            )
        elif chain.chart_source is not None:
            files = dep.values.get((chain.chart_source,))
            keys = ", ".join(sorted(map(str, files))) if isinstance(files, dict) else ""
            related.append(
                (dep.values.ref((chain.chart_source,), "key"), f"{chain.chart_source} keys")
            )
            what = "Secret" if chain.chart_source == "secretFiles" else "ConfigMap"
            msg = (
                f"{f.what} reads a key the chart's {what} does not have: it reads {f.raw}, but "
                f"'{vol.label}' mounted at {chain.mount.mount_path} has no key '{chain.key}' "
                f"({chain.chart_source} keys: {keys or 'none'})"
            )
        else:
            keys = sorted({k for s in chain.sources for k in (s.keys or ())})
            for s in chain.sources:
                related.append((s.keys_ref or s.ref, f"keys of {s.label} {s.name}"))
            kind = "ConfigMap" if vol.kind == "configMap" else "Secret"
            msg = (
                f"{f.what} reads a key its {kind} does not have: it reads {f.raw}, but "
                f"{kind} '{vol.source_name}' mounted at {chain.mount.mount_path} has no key "
                f"'{chain.key}' "
                f"(its keys: {', '.join(keys) or 'none'}): the file does not exist and "
                f"zot stops at start"
            )
        severity = None
        if not chain.certain:
            # Matched by name across an unknown namespace or environment.
            msg += (
                ". The Secret was matched by name only (a namespace or environment is "
                "not known); it may be another object of that name"
            )
            severity = "warning"
        best.offer(
            int(chain.certain), cfg.ref(f.config_path), msg, related=related, severity=severity
        )
    best.flush()
