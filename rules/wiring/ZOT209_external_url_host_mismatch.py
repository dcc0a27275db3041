"""The host of `externalUrl` is not a host the chart's Ingress or HTTPRoute serves.

## What it does
When `ingress.enabled` (or `httproute.enabled`) is truthy after the merge, compares the host of
the zot config's `http.externalUrl` (lower-cased, port dropped) with `ingress.hosts[].host`
(plain strings when the legacy `ingress.path` is set) and `httproute.hostnames` (a leading `*.`
matches exactly one label). Reported when none matches and no other Ingress or HTTPRoute in the
repository (same namespace and environment) routes to zot's Service. Upstream project-zot chart
only.

## Why it matters
Zot builds the OAuth callback from `externalUrl`: the browser is sent back to a host the
ingress does not route to zot (or a certificate that does not match), so the login never
completes. A forgotten `chart-example.local` default host is the usual cause.

## Example
```yaml
mountConfig: true
ingress:
  enabled: true
  hosts:
    - host: registry.example.com
      paths: [{path: /}]
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "5000",
               "externalUrl": "https://zot.example.com",
               "auth": {"htpasswd": {"path": "/secret/htpasswd"}}}
    }
```

## Fix
Serve the host users type (and Keycloak redirects to), or make `externalUrl` name the host the
Ingress serves:
```yaml
mountConfig: true
ingress:
  enabled: true
  hosts:
    - host: zot.example.com
      paths: [{path: /}]
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "5000",
               "externalUrl": "https://zot.example.com",
               "auth": {"htpasswd": {"path": "/secret/htpasswd"}}}
    }
```

## References
- project-zot/helm-charts `charts/zot/templates/ingress.yaml`, `httproute.yaml`
- zot `pkg/api/authn.go`: callback URL from `externalUrl`
"""

from collections import defaultdict
from typing import Any

from zotlint.document import Kind
from zotlint.knowledge.zot import ZotConfig
from zotlint.model import Deployment
from zotlint.model.env import compatible
from zotlint.model.pod import fullname
from zotlint.model.values import truthy
from zotlint.rule import DEPLOYMENT, Context, rule

_ANY_ZOT = "\x00zot"  # key of routes whose backend name contains "zot"


@rule(
    id="ZOT209",
    name="external-url-host-mismatch",
    severity="error",
    scope=[DEPLOYMENT],
    tags=["wiring", "oidc", "correctness"],
)
def check(ctx: Context, dep: Deployment) -> None:
    cfg = dep.repo_config
    if cfg is None:
        return
    v = dep.values
    ingress = truthy(v.get(("ingress", "enabled")))
    route = truthy(v.get(("httproute", "enabled")))
    if not (ingress or route):
        return
    zot = ZotConfig.of(cfg)
    host = zot.external_host
    if host is None:
        return
    served: list[str] = []
    if ingress:
        served += _ingress_hosts(v.get(("ingress",)))
    if route:
        names = v.get(("httproute", "hostnames"))
        served += (
            [h.lower() for h in names if isinstance(h, str)] if isinstance(names, list) else []
        )
    if any(_match(pattern, host) for pattern in served):
        return
    svc = fullname(v, dep.release)
    # Once per run, not per deployment: every Ingress and HTTPRoute by backend Service name.
    routes = ctx.project.cached((__name__, "routes"), lambda: _routes(ctx))
    # Without a release name the Service name is unknown: any zot-named backend counts.
    candidates = routes.get(svc, []) if svc else routes.get(_ANY_ZOT, [])
    if any(compatible(ns, dep.namespace) and compatible(env, dep.env) for ns, env in candidates):
        return
    where = ("ingress", "hosts") if ingress else ("httproute", "hostnames")
    ctx.report(
        zot.external_url_ref(),
        f"externalUrl's host is not served by the chart's "
        f"{'Ingress' if ingress else 'HTTPRoute'}: {host} is not among its hosts "
        f"({', '.join(served) or 'none'}), so the OAuth callback lands on a host that does "
        f"not route to zot",
        related=[(v.ref(where) or v.ref(where[:1], "key"), "hosts the chart serves")],
    )


def _ingress_hosts(ingress: Any) -> list[str]:
    if not isinstance(ingress, dict):
        return []
    out = []
    for h in ingress.get("hosts") or []:
        if isinstance(h, dict) and isinstance(h.get("host"), str):
            out.append(h["host"].lower())
        elif isinstance(h, str):
            out.append(h.lower())
    return out


def _match(pattern: str, host: str) -> bool:
    if pattern.startswith("*."):
        head, _, rest = host.partition(".")
        return bool(head) and rest == pattern[2:]
    return pattern == host


def _routes(ctx: Context) -> dict[str, list[tuple[str | None, str | None]]]:
    """Other Ingresses and HTTPRoutes by backend Service name: (namespace, environment)."""
    model = ctx.model
    out: dict[str, list[tuple[str | None, str | None]]] = defaultdict(list)
    for doc in ctx.project.documents(Kind.K8S_OBJECT):
        data = doc.data
        if not isinstance(data, dict) or data.get("kind") not in ("Ingress", "HTTPRoute"):
            continue
        names: set[str] = set()
        stack: list[Any] = [data.get("spec")]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                svc = node.get("service")
                if isinstance(svc, dict) and isinstance(svc.get("name"), str):
                    names.add(svc["name"])
                if "backendRefs" in node or node.get("kind") in (None, "Service"):
                    ref_name = node.get("name")
                    if isinstance(ref_name, str) and ("port" in node or "weight" in node):
                        names.add(ref_name)
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
        scope = model.scope_of(doc)
        for name in names:
            out[name].append((scope.namespace, scope.env))
        if any("zot" in n for n in names):
            out[_ANY_ZOT].append((scope.namespace, scope.env))
    return out
