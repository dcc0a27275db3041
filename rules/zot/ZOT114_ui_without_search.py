"""`extensions.ui` is enabled but `extensions.search` is not: zot will not start.

## What it does
Reports `extensions.ui` (key in any letter case) when the UI is enabled and search is not, both
decided as zot decides it (see ZOT113): present with `enable` not false (weakly typed:
`"false"`, `0` are false); an empty `{}` counts only when every entry under `extensions` is
empty. So `"search": {}` beside a non-empty extension entry counts as not enabled, while
`"ui": {}, "search": {}` alone enables both.

## Why it matters
Zot refuses to start with `failed to enable ui, search extension must be enabled` (`zot verify`
fails too), and the pod crash-loops. The UI is built on the search extension's GraphQL API.

## Example
```json
"extensions": {"ui": {"enable": true}, "search": {}}
```
(`search: {}` is dropped by viper because `ui` is not empty.)

## Fix
```json
"extensions": {"ui": {"enable": true}, "search": {"enable": true}}
```

## References
- zot `pkg/cli/server/root.go` `validateExtensionsConfig`, `applyDefaultValues`
- zot tests "Test missing extensions for UI to work", "Test extension are implicitly enabled"
  (`pkg/cli/server/extensions_test.go`)
"""

from zotlint.document import Document, Kind
from zotlint.knowledge.zot import extension_enabled, extension_state
from zotlint.rule import Context, rule


@rule(
    id="ZOT114",
    name="ui-without-search",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["ui", "correctness"],
    precision="very-high",
)
def check(ctx: Context, doc: Document) -> None:
    if not extension_enabled(doc, "ui") or extension_enabled(doc, "search"):
        return
    ctx.report(
        doc.ref(("extensions", "ui"), "key"),
        f"The UI extension is enabled but search is not: {extension_state(doc, 'search')}; zot "
        f"refuses to start with 'failed to enable ui, search extension must be enabled'; add "
        f'"search": {{"enable": true}} under extensions',
    )
