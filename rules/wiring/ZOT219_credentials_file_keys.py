"""The content the repo gives a credentials or session-keys file has keys zot does not accept.

## What it does
For every secret file a zot config makes zot read strictly — an OpenID provider's
`credentialsFile`, `http.auth.ldap.credentialsFile` and `http.auth.sessionKeysFile` — follows
the file through the pod (mount → volume → Secret) to the content the repo writes into it,
wherever the repo shows it:
- an ExternalSecret's `target.template.data` entry for that Secret key (a Go template: the keys
  around the `{{ … }}` are read, the actions count as values), or the ConfigMap item its
  `target.template.templateFrom` names (`templateAs: Values`);
- a Secret's `stringData` or `data` (base64-decoded) entry;
- the chart's `secretFiles` (or `configFiles`) entry;
- a ConfigMap's `data` entry.

It reports, at the key of that entry (related: the config path), content whose top-level keys
zot rejects. Keys match case-insensitively, as mapstructure does (`clientSecret` =
`clientsecret`):
- OpenID `credentialsFile`: exactly `clientid` and `clientsecret`. An unknown key
  (`client_id`, `client-secret`, `secret`, a nested `oidc:` object) or a missing one (`{"clientid":
  "zot"}` alone) stops zot. A public PKCE client writes `"clientsecret": ""`: the key must be
  there, empty.
- LDAP `credentialsFile`: exactly `bindDN` and `bindPassword`.
- `sessionKeysFile`: only `hashKey` and `encryptKey`; a missing one is allowed (zot then keeps a
  generated key), an unknown one is not.
- Any of them with no key at all.

Unknown, never reported: content whose keys are not literal (a template `range`/`if`, a key
built by `{{ … }}`, the whole file from `{{ .creds | toJson }}`), content that is not one JSON
or YAML mapping (ZOT002's), and files whose content the repo does not show (an ExternalSecret
`data[]` entry copies the remote secret as is: ZOT501 looks at that case). When the Secret is
tied to the deployment by name only (unknown namespace), the finding is a warning.

## Why it matters
zot reads these files with viper and mapstructure (`readSecretFile`) and refuses to start on
any mismatch: `failed to load secret file due to unknown keys`, `… due to unset keys`, or
`… due to the absence of any key:value pair`. The pod crash-loops right after a sync, although
every object looked right: the ExternalSecret is `Ready`, the Secret exists, the mount path
matches.

## Example
`external-secret.yaml`:
```yaml
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: zot-oidc
spec:
  secretStoreRef: {name: aws}
  target:
    name: zot-oidc
    template:
      data:
        credentials.json: |
          {"client_id": "zot", "client_secret": "{{ .client_secret }}"}
  data:
    - secretKey: client_secret
      remoteRef: {key: platform/zot/oidc, property: clientsecret}
```

`values.yaml`:
```yaml
mountConfig: true
extraVolumes:
  - name: oidc
    secret: {secretName: zot-oidc}
extraVolumeMounts:
  - {name: oidc, mountPath: /secret-oidc}
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
Write exactly the keys zot decodes:

`external-secret.yaml`:
```yaml
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: zot-oidc
spec:
  secretStoreRef: {name: aws}
  target:
    name: zot-oidc
    template:
      data:
        credentials.json: |
          {"clientid": "zot", "clientsecret": "{{ .client_secret }}"}
  data:
    - secretKey: client_secret
      remoteRef: {key: platform/zot/oidc, property: clientsecret}
```

## References
- zot `pkg/cli/server/root.go` `readSecretFile` (viper `ReadInConfig`, mapstructure metadata:
  no keys, `Unused`, `Unset` with `checkUnsetFields`), `updateOpenIDConfig`,
  `updateLDAPConfig`, `loadSessionKeys`; `pkg/api/config/config.go` `OpenIDCredentials`,
  `LDAPCredentials`, `SessionKeys` (project-zot/zot@6d19b445fed1, `root.go` lines 1394-1464)
- go-viper/mapstructure: field names compared with `strings.EqualFold`
- External Secrets Operator `target.template.data` / `templateFrom` (Go templates)
"""

from zotlint.knowledge.credentials import FileShape, file_contents, literal_keys, shape_of
from zotlint.model.links import config_reads
from zotlint.model.report import Once
from zotlint.rule import PROJECT, Context, rule
from zotlint.secrets.placeholder import normalize


@rule(
    id="ZOT219",
    name="credentials-file-keys",
    severity="error",
    scope=[PROJECT],
    tags=["wiring", "oidc", "correctness"],
)
def check(ctx: Context) -> None:
    once = Once(ctx)
    for dep, cfg, sf in config_reads(ctx.model):
        shape = shape_of(sf)
        if shape is None:
            continue
        for content in file_contents(ctx.project, ctx.model, dep, sf):
            keys = literal_keys(content)
            if keys is None:
                continue
            problem = _problem(shape, keys)
            if problem is None:
                continue
            once.report(
                content.ref,
                f"Zot cannot load the {shape.label} written here: {content.where} writes "
                f"{sf.raw} with {problem}; zot reads this file strictly (viper + "
                f"mapstructure) and stops at start; "
                f"{_fix(shape)}",
                related=[(cfg.ref(sf.config_path), f"the {shape.label} zot reads")],
                identity=sf.what,
                severity=None if content.certain else "warning",
            )


def _problem(shape: FileShape, keys: list[str]) -> str | None:
    if not keys:
        return (
            "no key at all ('failed to load secret file due to the absence of any key:value pair')"
        )
    known = shape.lower()
    unknown = [k for k in keys if k.lower() not in known]
    present = {k.lower() for k in keys}
    missing = [k for k in shape.keys if k.lower() not in present] if shape.required else []
    parts = []
    if unknown:
        named = ", ".join(f'"{k}"{_hint(k, shape)}' for k in unknown)
        parts.append(
            f"the unknown key{'s' if len(unknown) > 1 else ''} {named} ('failed to load "
            f"secret file due to unknown keys')"
        )
    if missing:
        named = ", ".join(f'"{k}"' for k in missing)
        parts.append(f"no {named} ('failed to load secret file due to unset keys')")
    return " and ".join(parts) if parts else None


def _hint(key: str, shape: FileShape) -> str:
    n = normalize(key)
    for k in shape.keys:
        if normalize(k) == n:
            return f' (zot\'s key is "{k}")'
    return ""


def _fix(shape: FileShape) -> str:
    body = ", ".join(f'"{k}": …' for k in shape.keys)
    if shape.keys[0] == "clientid":
        return f'write exactly {{{body}}} (a public PKCE client writes "clientsecret": "")'
    if not shape.required:
        return f"write only {{{body}}} (either may be left out)"
    return f"write exactly {{{body}}}"
