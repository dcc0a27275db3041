"""An input was skipped because it is over a limit, or cannot be read safely; the message says
which.

## What it does
Reports every file or document zotlint refused to read, with the limit or reason named:
`max-file-size` (bytes on disk), `max-nodes` (nodes after YAML alias expansion, computed without
expanding, so an alias bomb is refused in milliseconds), `max-depth` (nesting), and
`max-embedded-size` (an embedded config). A symlink that points outside the scanned root is
not followed and is reported here, as is a file that cannot be opened. All limits are
configurable under `limits:` in `.zotlint.yaml`.

## Why it matters
A skipped file is not checked: a problem in it would go unnoticed. Saying so keeps a green run
honest. The limits themselves keep a hostile pull request from stalling CI.

## Example
Chart values with an alias bomb: six short lines that expand to 531,441 nodes, over the
default `max-nodes` (200,000):
```yaml
# zot chart values
mountConfig: true
a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
```

## Fix
Remove the alias bomb, or split or shrink the file:
```yaml
# zot chart values
mountConfig: true
a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: [*a, *a]
```
If the file is legitimate, raise the limit in `.zotlint.yaml`
(`limits: {max-nodes: 1000000}`, or `max-file-size` for a large file).

## References
- "Billion laughs" attack, https://en.wikipedia.org/wiki/Billion_laughs_attack
"""

from zotlint.rule import ENGINE, rule
from zotlint.source.problems import ProblemKind


@rule(
    id="ZOT004",
    name="input-too-large",
    severity="warning",
    scope=[ENGINE],
    problems=[ProblemKind.SKIPPED],
    tags=["input"],
    precision="very-high",
)
def check() -> None:
    """Findings come from the loader and file discovery, as the problem kind above."""
