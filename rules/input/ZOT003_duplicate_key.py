"""The same key appears twice in one mapping or object.

## What it does
Reports the second occurrence of a key repeated in one YAML mapping or JSON object, in values
files, manifests and the embedded zot config (mapped back into the host file).

## Why it matters
Helm keeps the last value silently, and so does zot for a JSON config, so the first value you
see is not the one deployed. A YAML zot config with a duplicate key stops zot at start.

## Example
```yaml
http:
  externalUrl: https://registry-dev.example.com
  externalUrl: https://registry.example.com   # ZOT003: this one wins
```

## Fix
Delete one of the two keys; keep the value you mean:
```yaml
http:
  externalUrl: https://registry.example.com
```

## References
- YAML 1.2.2 §3.2.1.1: mapping keys are unique
- RFC 8259 §4: names within an object SHOULD be unique
"""

from zotlint.document import Document
from zotlint.rule import DOCUMENT, Context, rule


@rule(
    id="ZOT003",
    name="duplicate-key",
    severity="error",
    scope=[DOCUMENT],
    tags=["input", "correctness"],
    precision="very-high",
)
def check(ctx: Context, doc: Document) -> None:
    # The n-th repetition of a key is its identity: counted in one pass in source order (a
    # count per duplicate was quadratic: 12,000 repeated keys took 70 s).
    seen: dict[object, int] = {}
    ordinal: dict[int, int] = {}
    for index, (path, _, _second) in sorted(
        enumerate(doc.duplicates), key=lambda item: item[1][2].start
    ):
        seen[path] = seen.get(path, 0) + 1
        ordinal[index] = seen[path]
    for index, (path, first, second) in enumerate(doc.duplicates):
        line = doc.source.position(first.start)[0]
        ctx.report(
            doc.ref_span(path, second),
            f"duplicate key '{path[-1]}' (first defined on line {line}); the last one wins",
            related=[(doc.ref_span(path, first), "first definition")],
            identity=str(ordinal[index]),
        )
