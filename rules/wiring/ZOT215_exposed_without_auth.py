"""Zot is reachable from outside the cluster and anonymous users can push.

## What it does
Reports a deployment that is exposed — `ingress.enabled`, `httproute.enabled`,
`service.type: LoadBalancer`, or a NodePort service (the chart's default when `service.type` is
unset) — while the zot config it runs enables no authentication (no `htpasswd.path`, `ldap`,
OpenID provider, `apikey`, active `bearer`, nor client certificates through `http.tls.cacert`)
and either has no `accessControl` or an `anonymousPolicy` granting `create`, `update` or
`delete`. The config that runs is the embedded one when the chart mounts it, the chart's
default config (no auth) when `configFiles` keeps its default, and the image's built-in config
(no auth) when `mountConfig` is off. Upstream project-zot chart only.

## Why it matters
Anyone who reaches the registry can push and overwrite images — a supply-chain hole. A NodePort
service is reachable on every node's address, often from outside the cluster network.

## Example
```yaml
ingress:
  enabled: true
mountConfig: true
configFiles:
  config.json: |-
    {"storage": {"rootDirectory": "/var/lib/registry"}, "http": {"port": "5000"}}
```

## Fix
Enable an authentication method (htpasswd, OpenID…) with access control, or keep the service
internal:
```yaml
service:
  type: ClusterIP
```

## References
- zot docs, "Authentication and authorization" (no auth means full access)
- project-zot/helm-charts `values.yaml`: `service.type: NodePort` default
"""

from typing import Any

from zotlint.knowledge.zot import any_auth
from zotlint.model import Deployment
from zotlint.model.values import truthy
from zotlint.rule import DEPLOYMENT, Context, rule

_WRITE = {"create", "update", "delete"}


@rule(
    id="ZOT215",
    name="exposed-without-auth",
    severity="warning",
    scope=[DEPLOYMENT],
    tags=["wiring", "security"],
    security_severity=8.0,
)
def check(ctx: Context, dep: Deployment) -> None:
    cfg = dep.config
    if dep.config_source in ("values", "configmap"):
        if cfg is None or any_auth(cfg) or not _anonymous_push(cfg.get(("http", "accesscontrol"))):
            return
        runs = "its zot config enables no authentication"
    elif dep.config_source == "chart-default":
        if dep.values.user_layers_setting(("configFiles",)):
            # `configFiles: {}` meant an external ConfigMap: which one wins is unknown
            # (ZOT214 reports the collision).
            return
        runs = "it runs the chart's default config, which enables no authentication"
    elif dep.config_source == "image-default":
        runs = (
            "mountConfig is off, so it runs the image's built-in config, which enables "
            "no authentication"
        )
    else:
        return
    v = dep.values
    how, ref = _exposure(dep)
    if ref is None:
        return
    related = (
        [(cfg.ref(("http",), "key"), "zot's http config")]
        if cfg is not None and (dep.config_source in ("values", "configmap"))
        else []
    )
    ctx.report(
        ref,
        f"Zot is reachable from outside the cluster without authentication: it is exposed "
        f"({how}) and {runs}, so anonymous users can push and overwrite images",
        related=related + [(v.ref(("mountConfig",)), "mountConfig")],
    )


def _exposure(dep: Any) -> tuple[str, Any]:
    v = dep.values
    if truthy(v.get(("ingress", "enabled"))):
        return "ingress.enabled", v.ref(("ingress", "enabled")) or dep.top_ref()
    if truthy(v.get(("httproute", "enabled"))):
        return "httproute.enabled", v.ref(("httproute", "enabled")) or dep.top_ref()
    stype = v.get(("service", "type"))
    if stype == "LoadBalancer":
        return "service.type: LoadBalancer", v.ref(("service", "type")) or dep.top_ref()
    if stype == "NodePort" or stype is None:
        ref = v.ref(("service", "type"))
        if ref is None:
            return (
                "a NodePort service, the chart's default when service.type is unset; use "
                "service.type: ClusterIP for internal use",
                dep.top_ref(),
            )
        return "service.type: NodePort", ref
    return "", None


def _anonymous_push(access: Any) -> bool:
    """No accessControl at all, or an anonymousPolicy that grants a write action."""
    if not isinstance(access, dict) or not access:
        return True
    repos = access.get("repositories")
    if not isinstance(repos, dict):
        return False
    for rules in repos.values():
        if not isinstance(rules, dict):
            continue
        anon = rules.get("anonymouspolicy")
        if isinstance(anon, list) and _WRITE & {str(a).lower() for a in anon}:
            return True
    return False
