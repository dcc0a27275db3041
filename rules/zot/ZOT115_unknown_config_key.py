"""A zot config key that no zot release knows: zot refuses to start.

## What it does
Walks the zot config as zot reads it (every key lower-cased, as viper does) and reports each key
that no zot release accepts at its position, with a "did you mean" suggestion or, for the
common structural mistakes, where the key belongs: a top-level `accessControl` or `auth`,
`http.accessControl.defaultPolicy`/`anonymousPolicy` (they exist only under
`repositories.<glob>`), inline LDAP `bindDN`/`bindPassword` (they belong in the LDAP
`credentialsFile`), per-registry `credentialsFile`, `url` instead of `urls`, and so on.

Deliberately not reported:
- keys only newer zot releases know (`callbackAllowOrigins` on an old image…): ZOT604 says
  which release the image needs;
- keys inside free-form maps, which zot hands to a driver without checking them
  (`storageDriver`, `cacheDriver`, `sessionDriver`, and a sync registry's
  `oauth2CredentialHelper` unless its `credentialHelper` is `oauth2`, when zot decodes it
  strictly and its keys are checked here), and keys inside `extensions.events.sinks[]` entries,
  which a lenient decoder reads;
- a key whose value is `null`, `{}` or an object with nothing but those, outside a list item:
  viper drops it before zot decodes;
- keys below a value of the wrong type (ZOT117 reports the value).

## Why it matters
Zot decodes its config with `UnmarshalExact` and then rejects any unused key, so one misspelled
or misplaced key stops the server (and `zot verify`) with
`invalid server config: failed to load config due to unknown keys`. Key case does not matter
(`externalURL` and `externalurl` are the same key); the position does.

## Example
```json
{
  "storage": {"rootDirectory": "/var/lib/registry"},
  "http": {
    "address": "0.0.0.0",
    "port": "5000",
    "externalUrll": "https://registry.example.com",
    "accessControl": {"defaultPolicy": ["read"]}
  }
}
```

## Fix
Correct the spelling or move the key where zot reads it:
```json
"http": {
  "externalUrl": "https://registry.example.com",
  "accessControl": {"repositories": {"**": {"defaultPolicy": ["read"]}}}
}
```

## References
- zot `pkg/cli/server/root.go`: `UnmarshalExact` and "failed to load config due to unknown keys"
- zot `pkg/api/config/config.go`: the config structs (LDAP `bindDN`/`bindPassword` unexported)
- spf13/viper `viper.go`: keys lower-cased, empty objects and nulls dropped
- project-zot/zot@6d19b445 `pkg/api/config/config.go` (the structs behind
  zotlint/data/zot_config_keys.py, the
  key tree this rule uses); `pkg/cli/server/root.go` lines 1312-1317
"""

from __future__ import annotations

import difflib
from typing import Any

from zotlint.data.zot_config_keys import (
    OAUTH2_HELPER_KEYS,
    OAUTH2_HELPER_PATH,
    classify,
    confused_hint,
    lookup,
    suggest,
)
from zotlint.document import Document, Kind, Path
from zotlint.knowledge.zot import viper_present
from zotlint.rule import Context, rule


@rule(
    id="ZOT115",
    name="unknown-config-key",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["config", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    root, _ = doc.lower_view()
    if not isinstance(root, dict):
        return
    # Each entry carries its path as the key table spells it (_keys) and whether it lies in a
    # list, built as the walk descends rather than again for every key.
    stack: list[tuple[Path, tuple[str, ...], bool, dict[Any, Any]]] = [((), (), False, root)]
    while stack:
        path, keys, in_list, node = stack.pop()
        helper = _credential_helper(root, path)
        for key, value in node.items():
            if not in_list and not viper_present(value):
                continue
            child = (*path, key)
            child_keys = (*keys, "[]" if isinstance(key, int) else key)
            kind = classify(child_keys, credential_helper=helper)
            if kind == "free":
                continue
            if kind == "unknown":
                _report(ctx, doc, child, helper)
                continue
            info = lookup(child_keys)
            if info is None:
                continue  # a strict oauth2 helper key: its value is not checked here
            if info.type in ("object", "map") and isinstance(value, dict):
                stack.append((child, child_keys, in_list or isinstance(key, int), value))
            elif info.type == "list" and info.item == "object" and isinstance(value, list):
                item_keys = (*child_keys, "[]")
                stack.extend(
                    ((*child, i), item_keys, True, item)
                    for i, item in enumerate(value)
                    if isinstance(item, dict)
                )


def _keys(path: Path) -> tuple[str, ...]:
    """The path as the key table spells it: list indexes become "[]" (any item)."""
    return tuple("[]" if isinstance(p, int) else p for p in path)


def _credential_helper(root: dict[Any, Any], path: Path) -> str | None:
    """`credentialHelper` of the sync registry that holds `path`, if any."""
    prefix = ("extensions", "sync", "registries")
    if len(path) < 4 or path[:3] != prefix or not isinstance(path[3], int):
        return None
    cur: Any = root
    for p in path[:4]:
        try:
            cur = cur[p]
        except (KeyError, IndexError, TypeError):
            return None
    helper = cur.get("credentialhelper") if isinstance(cur, dict) else None
    return helper if isinstance(helper, str) else None


def _report(ctx: Context, doc: Document, path: Path, helper: str | None) -> None:
    written = doc.key_text(path)
    where = _dotted(doc, path[:-1])
    hint = confused_hint(_keys(path))
    guess = None if hint else suggest(_keys(path))
    strict_helper = helper == "oauth2" and _under_oauth2_helper(path)
    if strict_helper and guess is None:
        close = difflib.get_close_matches(str(path[-1]), list(OAUTH2_HELPER_KEYS), 1, 0.75)
        guess = OAUTH2_HELPER_KEYS[close[0]] if close else None
    place = f"under `{where}`" if where else "at the top level"
    msg = f"Zot does not know the config key `{written}`: it is {place}"
    if strict_helper:
        msg += " (credentialHelper is oauth2, so this map is decoded strictly)"
    msg += ", and zot refuses to start (failed to load config due to unknown keys)"
    if hint:
        msg += f". {hint}"
    elif guess:
        msg += f"; did you mean `{guess}`?"
    else:
        msg += "; remove it or correct its name and position"
    ctx.report(doc.ref(path, "key"), msg)


def _under_oauth2_helper(path: Path) -> bool:
    shape = tuple("[]" if isinstance(p, int) else p for p in path[: len(OAUTH2_HELPER_PATH)])
    return shape == OAUTH2_HELPER_PATH and len(path) == len(OAUTH2_HELPER_PATH) + 1


def _dotted(doc: Document, path: Path) -> str:
    out = ""
    for p in doc.real_path(path):
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out
