"""A YAML file, or one document of a `---` stream, cannot be parsed.

## What it does
Reports the exact position where the YAML parser gave up. Each document of a multi-document
stream is parsed on its own, so one broken document does not hide the others, and every other
file is still checked. Binary content and invalid UTF-8 in a `.yaml` file are reported here too.
Files that Helm renders rather than reads are not parsed: everything under `templates/` of a
directory that holds `Chart.yaml`, and `*.tpl` files.

## Why it matters
Helm and Argo CD reject the whole values file; the sync fails and nothing you changed is
applied. zotlint cannot check what it cannot read, so the other rules are silent on the broken
document.

## With Flux
With Flux, kustomize-controller cannot build the Kustomization holding the file, so nothing in it
is applied; a broken `values.yaml` key of a `valuesFrom` ConfigMap fails the HelmRelease.
## Example
```yaml
configFiles:
  config.json: |
    {"http": {"port": "5000"}}
   extraVolumes: []   # the indentation is wrong: error here
```

## Fix
Correct the syntax at the reported position (indentation, an unclosed quote or bracket, a tab
used for indentation):
```yaml
configFiles:
  config.json: |
    {"http": {"port": "5000"}}
extraVolumes: []
```

## References
- YAML 1.2.2 specification, https://yaml.org/spec/1.2.2/
"""

from zotlint.rule import ENGINE, rule
from zotlint.source.problems import ProblemKind


@rule(
    id="ZOT001",
    name="yaml-syntax-error",
    severity="error",
    scope=[ENGINE],
    problems=[ProblemKind.YAML_SYNTAX, ProblemKind.UNDECODABLE],
    tags=["input"],
    precision="very-high",
)
def check() -> None:
    """Findings come from the loader (zotlint.source.loader), as the problem kinds above."""
