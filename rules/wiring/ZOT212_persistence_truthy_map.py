"""`persistence` is a map or string that reads as false, but Go templates treat it as true.

## What it does
Reports a `persistence` value that is a non-empty map reading as false (`{enabled: false}`) or a
non-empty string reading as false (`"false"`, `"no"`, `"0"`, `"off"`). The upstream chart tests
`if .Values.persistence`: any non-empty map or string is true there. A map that reads as true
does what was meant; its sub-keys (`size`, `storageClass`) are not read (ZOT213). Upstream
project-zot chart only.

## Why it matters
The chart persists anyway: from chart 0.1.68 it renders a StatefulSet with a volume claim
template (creating a PersistentVolumeClaim the team thought it had disabled), before 0.1.68 a
Deployment with a PVC.

## Example
```yaml
image:
  repository: ghcr.io/project-zot/zot
persistence:
  enabled: false
```

## Fix
The key is a plain boolean:
```yaml
image:
  repository: ghcr.io/project-zot/zot
persistence: false
```

## References
- project-zot/helm-charts `charts/zot/templates/statefulset.yaml` (`if .Values.persistence`)
- Go `text/template`: truth of non-empty maps and strings
"""

from typing import Any

from zotlint.messages import show
from zotlint.model import Deployment
from zotlint.rule import DEPLOYMENT, Context, rule

_FALSE_WORDS = {"false", "no", "n", "0", "off", "f", "disabled"}


@rule(
    id="ZOT212",
    name="persistence-truthy-map",
    severity="warning",
    scope=[DEPLOYMENT],
    tags=["wiring", "correctness"],
)
def check(ctx: Context, dep: Deployment) -> None:
    value = dep.values.get(("persistence",))
    origin = dep.values.origin(("persistence",))
    if origin is None or not _reads_false(value):
        return
    shown = "a map" if isinstance(value, dict) else f"the string {show(value)}"
    ctx.report(
        origin.ref("key"),
        f"persistence reads as false, but the chart treats it as true: it is {shown}, and "
        f"the chart tests it as a Go template value, where any non-empty map or string is "
        f"true, so it persists anyway (a StatefulSet from chart 0.1.68). Use "
        f"persistence: false",
    )


def _reads_false(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in _FALSE_WORDS
    if isinstance(value, dict) and value:
        flag = value.get("enabled", value.get("enable"))
        if isinstance(flag, bool):
            return flag is False
        if isinstance(flag, (int, float)):
            return flag == 0
        if isinstance(flag, str):
            return flag.strip().lower() in _FALSE_WORDS
    return False
