"""A `# zotlint: disable…` comment suppressed nothing.

## What it does
After all rules ran, reports every suppression comment whose rule produced no finding on the
lines it covers (like ruff's RUF100), and every suppression that names an unknown rule. Only
rules that were selected for the run are considered, so `--select` does not make every other
suppression look unused.

## Why it matters
A stale suppression hides the next real problem on that line, and nobody remembers why it was
added.

## Example
```yaml
http:
  # zotlint: disable=ZOT101 -- externalUrl set by the ingress  <- nothing to suppress any more
  externalUrl: https://registry.example.com
```

## Fix
Fix: safe (a suppression that matches nothing changes no result when it goes: `--fix` removes
the unused code from the comment, or the whole comment when none of its codes is used, with
its line when the comment is alone on it).

Delete the comment, or correct the rule ID it names:
```yaml
http:
  externalUrl: https://registry.example.com
```

## References
- ruff RUF100 (unused-noqa), https://docs.astral.sh/ruff/rules/unused-noqa/
"""

from zotlint.rule import ENGINE, rule
from zotlint.source.problems import ProblemKind


@rule(
    id="ZOT005",
    name="unused-suppression",
    severity="warning",
    scope=[ENGINE],
    problems=[ProblemKind.UNUSED_SUPPRESSION],
    tags=["input"],
    precision="very-high",
)
def check() -> None:
    """Findings come from the suppression pass in zotlint.engine, as the problem kind above."""
