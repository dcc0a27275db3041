"""A `sessionDriver` zot rejects (no `name`, not `redis`/`local`, or redis with sessionKeysFile).

## What it does
Reports `http.auth.sessionDriver` (as zot sees it, after viper drops nulls and empty objects)
when:
- it has keys but no `name`: reported at the `sessionDriver` key;
- its `name` is not exactly `redis` or `local` (case-sensitive: `Redis` fails): at the value;
- its `name` is `redis` and `http.auth.sessionKeysFile` is set: at the `sessionKeysFile` key.

An empty `sessionDriver: {}` is dropped by viper before zot reads it and is not reported.

## Why it matters
Zot refuses to start (and `zot verify` fails) with `must provide session driver name!`,
`session store driver <name> is not allowed!` or `session keys not supported when redis
session driver is used!`.

## Example
```json at=http
"auth": {
  "sessionKeysFile": "/secret/sessionKeys.json",
  "sessionDriver": {"name": "Redis", "url": "redis://redis:6379"}
}
```

## Fix
Use `local` (the default) with `sessionKeysFile`, or `redis` without it:
```json at=http
"auth": {"sessionDriver": {"name": "redis", "url": "redis://redis:6379"}}
```

## References
- zot `pkg/cli/server/root.go` (session store validation)
- zot test table "Test session store config" (`pkg/cli/server/root_test.go`)
"""

from zotlint.data.zot_config_keys import SESSION_DRIVER_NAMES
from zotlint.document import Document, Kind
from zotlint.knowledge.zot import viper_present
from zotlint.rule import Context, rule


@rule(
    id="ZOT125",
    name="invalid-session-driver",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["oidc", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    path = ("http", "auth", "sessiondriver")
    driver = doc.get(path)
    if not isinstance(driver, dict) or not viper_present(driver):
        return
    name = driver.get("name")
    if not viper_present(name):
        ctx.report(
            doc.ref(path, "key"),
            "sessionDriver has no `name`: zot refuses to start (must provide session driver "
            'name!); set "name": "local" or "name": "redis"',
        )
        return
    if name not in SESSION_DRIVER_NAMES:
        ctx.report(
            doc.ref((*path, "name")),
            f'sessionDriver name "{name}" is not "redis" or "local" (compared case-sensitively): '
            f"zot refuses to start (session store driver {name} is not allowed!)",
        )
        return
    keys = ("http", "auth", "sessionkeysfile")
    if name == "redis" and isinstance(doc.get(keys), str) and doc.get(keys) != "":
        ctx.report(
            doc.ref(keys, "key"),
            "sessionKeysFile together with the redis sessionDriver: zot refuses to start "
            "(session keys not supported when redis session driver is used!); remove "
            "sessionKeysFile or use the local driver",
            related=[(doc.ref((*path, "name")), "redis session driver")],
        )
