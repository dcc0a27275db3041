"""Two keys of one object differ only in letter case, with different values: one is lost.

## What it does
Reports the second of two keys in the same object of a zot config that are equal once
lower-cased (`externalUrl` and `externalURL`, `Storage` and `storage`), anywhere in the config
(free-form driver maps and list items included, since viper lower-cases those keys too), when
their values differ as zot would see them.

Not reported when both keys hold the same value (whichever wins, zot gets the same config), nor
for a key written twice with the same spelling (ZOT003, duplicate-key).

## Why it matters
Zot reads keys case-insensitively: viper lower-cases every key before zot decodes the config.
Two spellings of one key collapse into one entry and only one value survives. Which one depends
on Go's map iteration order, so it can change from one start to the next: the registry may run
with the other `externalUrl`, a different storage root or a different provider than the one a
reviewer reads.

## Example
```json
{
  "storage": {"rootDirectory": "/var/lib/registry"},
  "http": {
    "externalUrl": "https://registry.example.com",
    "externalURL": "https://old-registry.example.com"
  }
}
```

## Fix
Keep one spelling and delete the other:
```json
"http": {"externalUrl": "https://registry.example.com"}
```

## References
- spf13/viper `util.go` `insensitiviseMap`: every map key lower-cased, including keys in lists
- spf13/viper v1.21.0 `util.go` (`insensitiviseMap`) and `viper.go` (keys stored lower-cased);
  zot reads its config through viper (`pkg/cli/server/root.go` `LoadConfiguration`)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from zotlint.document import Document, Kind, Path
from zotlint.rule import Context, rule


@rule(
    id="ZOT116",
    name="case-colliding-keys",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["config", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    if not doc.has_case_collisions():
        return  # the lower-cased view (built for every config) merged no two keys
    # The as-written data: the lower-cased view has already merged the colliding keys.
    for path, value in _objects(doc.data):
        _check_object(ctx, doc, path, value)


def _objects(data: Any) -> Iterator[tuple[Path, dict[Any, Any]]]:
    """Every mapping of ``data`` with its path, in document order (``Document.walk``'s order
    restricted to mappings), iteratively; paths are built for containers only."""
    if not isinstance(data, (dict, list)):
        return
    if isinstance(data, dict):
        yield (), data
    stack: list[tuple[Path, Iterator[tuple[Any, Any]]]] = [((), _items(data))]
    while stack:
        path, items = stack[-1]
        for k, v in items:
            if isinstance(v, dict):
                child = (*path, k)
                yield child, v
                stack.append((child, iter(v.items())))
                break  # descend; this level resumes where it stopped
            if isinstance(v, list):
                stack.append(((*path, k), enumerate(v)))
                break
        else:
            stack.pop()


def _items(value: dict[Any, Any] | list[Any]) -> Iterator[tuple[Any, Any]]:
    return iter(value.items()) if isinstance(value, dict) else enumerate(value)


def _check_object(ctx: Context, doc: Document, path: Path, obj: dict[Any, Any]) -> None:
    first: dict[str, Any] = {}
    for key in obj:
        if not isinstance(key, str):
            continue
        low = key.lower()
        if low not in first:
            first[low] = key
            continue
        other = first[low]
        if _seen(obj[other]) == _seen(obj[key]):
            continue
        ctx.report(
            doc.ref((*path, key), "key"),
            f"`{key}` and `{other}` are the same key to zot, which lower-cases keys: only one of "
            f"their two different values survives, and which one follows Go's random map order, "
            f"so it can change between restarts; keep one spelling and delete the other",
            related=[(doc.ref((*path, other), "key"), f"`{other}` is set here")],
            identity=key,
        )


def _seen(value: Any) -> str:
    """The value as zot receives it: nested keys lower-cased, compared as canonical JSON."""
    return json.dumps(_lower(value), sort_keys=True, default=str)


def _lower(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k).lower(): _lower(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower(v) for v in value]
    return value
