"""OIDC `clientid`/`clientsecret` written inline in zot's config instead of a `credentialsFile`.

## What it does
Reports each inline `clientid` and `clientsecret` key (any letter case, value not `null`) of a
provider under `http.auth.openid.providers`:
- without a `credentialsFile`: zot ≥ v2.1.6 logs them as deprecated in favour of
  `credentialsFile`;
- next to a `credentialsFile`: zot ignores them, because the file's values overwrite them.

The zot version is the `image.tag` of the chart values that embed the config. When it is older
than v2.1.6 (which has no `credentialsFile`), nothing is reported; when the repo does not say
(standalone config, tag left to the chart default, `latest`), a current zot is assumed.

The secret value is never shown. A non-empty inline secret is also ZOT301 (committed secret).

## Why it matters
Without a credentials file zot starts but logs `deprecated: use the new OpenID provider
credentialsfile instead of clientid and clientsecret.` on every start, and the client secret sits
in the config, which usually lives in git or a ConfigMap. With a credentials file the inline
values are dead text that suggests a client ID or secret zot does not use.

## Example
```json at=http.auth.openid.providers
"oidc": {
  "issuer": "https://sso.example.com/realms/main",
  "clientid": "zot",
  "clientsecret": "…",
  "scopes": ["openid", "email"]
}
```

## Fix
Mount a file holding both keys (`{"clientid": "zot", "clientsecret": "…"}`, e.g. from an
ExternalSecret) and point to it; remove the inline keys:
```json at=http.auth.openid.providers
"oidc": {
  "issuer": "https://sso.example.com/realms/main",
  "credentialsFile": "/secret-oidc/credentials.json",
  "scopes": ["openid", "email"]
}
```

## References
- zot `pkg/cli/server/root.go` `updateOpenIDConfig` (file values overwrite inline ones;
  deprecation warning otherwise), commit 06c1be11 "Read OpenID credentials from file", v2.1.6
- project-zot/zot@6d19b445 `pkg/cli/server/root.go` lines 1394-1420 (`credentialsFile` values
  overwrite inline
  ones, lines 1409-1412)
"""

from zotlint.data.zot_versions import parse_version
from zotlint.document import Document, Kind
from zotlint.redact import Sensitive
from zotlint.rule import Context, rule
from zotlint.zotconfig import credentials_file, providers, zot_image_tag

CREDENTIALS_FILE_SINCE = (2, 1, 6)


@rule(
    id="ZOT111",
    name="inline-client-credentials",
    severity="note",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "secrets"],
)
def check(ctx: Context, doc: Document) -> None:
    tag = zot_image_tag(doc)
    version = parse_version(tag)
    if version is not None and version < CREDENTIALS_FILE_SINCE:
        return
    for p in providers(doc):
        if not isinstance(doc.get(p.path), dict):
            continue
        file = credentials_file(p)
        for name in ("clientid", "clientsecret"):
            if p.get(name) is None:
                continue  # absent, or null (viper drops it)
            path = (*p.path, name)
            key = doc.key_text(path)
            value = p.get(name)
            secrets = (
                [Sensitive(value, "client secret")]
                if name == "clientsecret" and isinstance(value, str) and value
                else []
            )
            provider = doc.key_text(p.path)
            if file is not None:
                message = (
                    f'inline "{key}" of provider "{provider}" is ignored: zot reads the client ID '
                    f"and secret from credentialsFile {file} and overwrites the inline values; "
                    f'remove "{key}"'
                )
            else:
                message = (
                    f'"{key}" of provider "{provider}" is inline: zot ≥ v2.1.6 logs it as '
                    f"deprecated ('use the new OpenID provider credentialsfile instead of "
                    f"clientid and clientsecret'); move clientid and clientsecret into a mounted "
                    f"credentialsFile"
                )
            ctx.report(
                doc.ref(path, "key"),
                message,
                identity=f"{p.key}:{name}",
                secrets=secrets,
            )
