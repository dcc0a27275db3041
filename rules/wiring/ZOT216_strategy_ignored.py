"""`strategy` has no effect: with `persistence` the chart renders a StatefulSet.

## What it does
Reports a `strategy` the user's values set (other than the chart's default
`{type: RollingUpdate}`) while `persistence` is truthy after the merge and the chart is 0.1.68
or newer: the chart then renders a StatefulSet, and only its Deployment template reads
`strategy`. Upstream project-zot chart only.

## Why it matters
A StatefulSet has `updateStrategy`, not `strategy`: `type: Recreate`, often set so that a
ReadWriteOnce volume is released before the new pod starts, is silently dropped. StatefulSets
replace pods one at a time anyway, so the intent usually holds — but the values say something
the cluster never sees.

## Example
```yaml
image:
  repository: ghcr.io/project-zot/zot
persistence: true
strategy:
  type: Recreate
```

## Fix
Remove `strategy` (a StatefulSet already stops the old pod before starting the new one):
```yaml
image:
  repository: ghcr.io/project-zot/zot
persistence: true
```

## References
- project-zot/helm-charts commit dd9fa257 (StatefulSet when `persistence`, chart 0.1.68);
  `templates/deployment.yaml` is the only template reading `.Values.strategy`
"""

from zotlint.model import Deployment
from zotlint.model.chart import at_least
from zotlint.model.values import truthy
from zotlint.rule import DEPLOYMENT, Context, rule


@rule(id="ZOT216", name="strategy-ignored", severity="note", scope=[DEPLOYMENT], tags=["wiring"])
def check(ctx: Context, dep: Deployment) -> None:
    v = dep.values
    if not at_least(dep.chart_version, "0.1.68") or not truthy(v.get(("persistence",))):
        return
    origin = v.origin(("strategy",))
    strategy = v.get(("strategy",))
    if origin is None or strategy in ({"type": "RollingUpdate"}, None, {}):
        return
    ctx.report(
        origin.ref("key"),
        "strategy is ignored: with persistence the chart renders a StatefulSet, which has "
        "no strategy (it replaces pods one at a time)",
        related=[(v.ref(("persistence",)), "persistence")],
    )
