"""A file zot parses (its config, a credentials or session-keys file) or a Keycloak realm export
cannot be parsed in the format that will be used for it.

## What it does
Parses the zot config (the embedded `configFiles."config.json"` or a standalone config file) in
the format zot chooses from the file name's extension: `.json` as JSON (strict, as Go's
`encoding/json`), `.yaml`/`.yml` as YAML. Reports the exact character where parsing fails;
inside an embedded document the position is mapped back into the host YAML file. A standalone
`.json` file that zotlint reads (for example a Keycloak realm export) is reported the same way.
(Alias: `json-syntax-error`.)

## Why it matters
Zot reads its config once at start and exits on a syntax error: the pod crash-loops after the
sync, and every SSO change in that config is lost with it.

## Example
```yaml
configFiles:
  config.json: |
    {
      "http": {"port": "5000",}
    }
```
The trailing comma after `"5000"` is invalid JSON.

## Fix
Correct the JSON at the reported character: trailing commas, comments and single quotes are not
JSON. A JSON linter in your editor catches these as you type.
```yaml
configFiles:
  config.json: |
    {
      "http": {"port": "5000"}
    }
```

## References
- RFC 8259, The JavaScript Object Notation (JSON) Data Interchange Format
- zot `pkg/cli/server/root.go` (the config is read with viper, by extension)
"""

from zotlint.rule import ENGINE, rule
from zotlint.source.problems import ProblemKind


@rule(
    id="ZOT002",
    name="config-syntax-error",
    severity="error",
    scope=[ENGINE],
    problems=[ProblemKind.CONFIG_SYNTAX],
    tags=["input"],
    aliases=["json-syntax-error"],
    precision="very-high",
)
def check() -> None:
    """Findings come from the loader (zotlint.source.loader), as the problem kind above."""
