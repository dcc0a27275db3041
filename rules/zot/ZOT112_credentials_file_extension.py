"""A credentials or session-keys file whose extension zot cannot decode: zot will not start.

## What it does
Reports the path of an OpenID provider `credentialsFile`, of `http.auth.sessionKeysFile` and of
`http.auth.ldap.credentialsFile` (keys in any letter case) whose extension — the text after the
last `.` of the file name, as Go's `filepath.Ext` sees it — is not exactly one of `json`,
`yaml`, `yml`, `toml`, `env`, `dotenv`. That includes no extension at all (`/secret/oidc`, the
usual shape of a Kubernetes Secret key), upper case (`.JSON`), and the formats current viper
no longer decodes by default (`.hcl`, `.ini`, `.properties`). Empty paths are not reported (zot
then reads no file).

## Why it matters
Zot reads these files with viper, which picks the decoder from the file extension and, unlike
for zot's main config, tries no other format. Any other extension fails with `Unsupported Config
Type` at start: `zot verify` and `zot serve` stop with `invalid server config`, and the pod
crash-loops although the file is present and well-formed.

## Example
```json at=http.auth.openid.providers
"oidc": {"credentialsFile": "/secret-oidc/credentials", "issuer": "https://sso.example.com/realms/main"}
```

## Fix
Give the file an extension that matches its content — for a mounted Secret, name the Secret key
(or the volume's `items[].path`) accordingly:
```json at=http.auth.openid.providers
"oidc": {"credentialsFile": "/secret-oidc/credentials.json", ...}
```

## References
- zot `pkg/cli/server/root.go` `readSecretFile` (`SetConfigFile` + `ReadInConfig`)
- viper `viper.go` `ReadInConfig` (`UnsupportedConfigError`), `UPGRADE.md` v1.20 (HCL, INI,
  Java properties removed from the core codecs); zot v2.1.20 uses viper v1.21
- project-zot/zot@6d19b445 `pkg/cli/server/root.go` lines 1422-1464 (`readSecretFile`); spf13/viper
  v1.21.0
  `viper.go` lines 1589-1591 (`UnsupportedConfigError`)
"""

from typing import Any

from zotlint.document import Document, Kind, Path
from zotlint.knowledge.zot import ldap_enabled, providers
from zotlint.rule import Context, rule

SUPPORTED_EXTENSIONS = ("json", "yaml", "yml", "toml", "env", "dotenv")


@rule(
    id="ZOT112",
    name="credentials-file-extension",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["correctness"],
    precision="very-high",
)
def check(ctx: Context, doc: Document) -> None:
    paths: list[tuple[Path, str, str]] = []  # path, what it is, whose
    for p in providers(doc):
        if isinstance(doc.get(p.path), dict):
            whose = f' of provider "{doc.key_text(p.path)}"'
            paths.append(((*p.path, "credentialsfile"), "credentialsFile", whose))
    paths.append((("http", "auth", "sessionkeysfile"), "sessionKeysFile", ""))
    if ldap_enabled(doc):
        paths.append((("http", "auth", "ldap", "credentialsfile"), "LDAP credentialsFile", ""))
    for path, label, whose in paths:
        value: Any = doc.get(path)
        if not isinstance(value, str) or value == "":
            continue
        ext = _go_ext(value)
        if ext in SUPPORTED_EXTENSIONS:
            continue
        why = ""
        if ext == "":
            what = "has no file extension"
        elif ext.lower() in SUPPORTED_EXTENSIONS:
            what = f'has the extension ".{ext}" in the wrong case'
            why = ", and viper matches extensions case-sensitively"
        else:
            what = f'has the extension ".{ext}", which zot cannot decode'
        ctx.report(
            doc.ref(path),
            f'The {label}{whose} {what}: it is "{value}"{why}; zot picks the format from the '
            f"extension (.json, .yaml, .yml, .toml, .env, .dotenv) and refuses to start with "
            f"'Unsupported Config Type'; name the file (for a mounted Secret, its key) e.g. "
            f'"{_suggest(value, ext)}"',
        )


def _go_ext(path: str) -> str:
    """Go's filepath.Ext without the dot: the suffix after the last '.' of the last element."""
    name = path.rsplit("/", 1)[-1]
    i = name.rfind(".")
    return name[i + 1 :] if i >= 0 else ""


def _suggest(path: str, ext: str) -> str:
    if ext.lower() in SUPPORTED_EXTENSIONS:
        return path[: len(path) - len(ext)] + ext.lower()
    if ext == "":
        return path.removesuffix(".") + ".json"
    return path[: len(path) - len(ext)] + "json"
