"""`extraArgs` replaces the image's command without `serve <config path>`.

## What it does
Reports a non-empty `extraArgs` list (chart 0.1.63 and later, which passes it as the
container's `args`) that does not contain the item `serve` followed by a config path. A single
item `"serve /etc/zot/config.json"` is one argument, not two, and is reported too. Upstream
project-zot chart only.

## Why it matters
The image runs `ENTRYPOINT ["/usr/bin/zot"]` with `CMD ["serve", "/etc/zot/config.json"]`.
Kubernetes `args` replace `CMD` entirely, so `extraArgs: ["--log-level=debug"]` makes zot run
without the `serve` sub-command: it prints its usage and exits, and the pod crash-loops.

## Example
```yaml
image:
  repository: ghcr.io/project-zot/zot
extraArgs:
  - verify
```

## Fix
Keep the sub-command and the config path:
```yaml
image:
  repository: ghcr.io/project-zot/zot
extraArgs: ["serve", "/etc/zot/config.json"]
```

## References
- project-zot/helm-charts `charts/zot/templates/deployment.yaml` (`args` from `extraArgs`)
- project-zot/zot@6d19b445 `build/Dockerfile` lines 46-49: `ENTRYPOINT ["/usr/bin/zot"]`,
  `CMD ["serve", "/etc/zot/config.json"]`; project-zot/helm-charts@b4760c26
  `charts/zot/templates/deployment.yaml`
  lines 63-66
"""

from zotlint.model import Deployment
from zotlint.model.chart import at_least
from zotlint.rule import DEPLOYMENT, Context, rule


@rule(
    id="ZOT211",
    name="extra-args-without-serve",
    severity="error",
    scope=[DEPLOYMENT],
    tags=["wiring", "correctness"],
)
def check(ctx: Context, dep: Deployment) -> None:
    if not at_least(dep.chart_version, "0.1.63"):
        return
    args = dep.values.get(("extraArgs",))
    if not isinstance(args, list) or not args:
        return
    items = [str(a).strip() for a in args]
    if any(a == "serve" and i + 1 < len(items) and items[i + 1] for i, a in enumerate(items)):
        return
    ref = dep.values.ref(("extraArgs",), "key")
    if ref is None:
        return
    glued = next((a for a in items if a.startswith("serve ")), None)
    hint = f" ('{glued}' is one argument: split it into 'serve' and the path)" if glued else ""
    ctx.report(
        ref,
        f"extraArgs has no 'serve' followed by a config path: it replaces the image's "
        f"arguments (serve /etc/zot/config.json){hint}, so zot starts without a server and "
        f"exits",
    )
