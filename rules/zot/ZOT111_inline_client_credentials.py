"""OIDC `clientid`/`clientsecret` written inline in zot's config instead of a `credentialsFile`.

## What it does
Reports, once per provider under `http.auth.openid.providers`, its inline `clientid` and
`clientsecret` keys (any letter case, value not `null`), at the first of them (the other one is
a related location):
- without a `credentialsFile`: zot ≥ v2.1.6 logs them as deprecated in favour of
  `credentialsFile`;
- next to a `credentialsFile`: zot ignores them, because the file's values overwrite them.

The zot version is the `image.tag` of the chart values that embed the config. When it is older
than v2.1.6 (which has no `credentialsFile`), nothing is reported; when the repo does not say
(standalone config, tag left to the chart default, `latest`), a current zot is assumed.

The secret value is never shown. A committed inline secret (non-empty, not a placeholder) is
ZOT301's, reported at its value with the same `credentialsFile` advice; this rule then speaks
only about the `clientid`, so one problem gives one finding.

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
from zotlint.knowledge.zot import credentials_file, providers, zot_image_tag
from zotlint.redact import Sensitive
from zotlint.rule import Context, rule
from zotlint.secrets.detectors.credentials import client_secret_value

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
        inline = [n for n in ("clientid", "clientsecret") if p.get(n) is not None]
        secret = p.get("clientsecret")
        if isinstance(secret, str) and client_secret_value(secret, "clientsecret"):
            # ZOT301 reports the committed secret at its value, with the credentialsFile
            # advice: one problem, one finding.
            inline.remove("clientsecret")
        if not inline:
            continue
        paths = [(*p.path, name) for name in inline]
        keys = " and ".join(f'"{doc.key_text(path)}"' for path in paths)
        provider = doc.key_text(p.path)
        file = credentials_file(p)
        if file is not None:
            message = (
                f'inline {keys} of provider "{provider}" {"is" if len(paths) == 1 else "are"} '
                f"ignored: zot reads the client ID and secret from credentialsFile {file} and "
                f"overwrites the inline values; remove {keys}"
            )
        else:
            message = (
                f'{keys} of provider "{provider}" {"is" if len(paths) == 1 else "are"} inline: '
                f"zot ≥ v2.1.6 logs {'it' if len(paths) == 1 else 'them'} as deprecated ('use "
                f"the new OpenID provider "
                f"credentialsfile instead of clientid and clientsecret'); move clientid and "
                f"clientsecret into a mounted credentialsFile"
            )
        secrets = [Sensitive(secret, "client secret")] if isinstance(secret, str) and secret else []
        ctx.report(
            doc.ref(paths[0], "key"),
            message,
            related=[(doc.ref(path, "key"), "also inline") for path in paths[1:]],
            identity=p.key,
            secrets=secrets,
        )
