"""The chart's probes target a port or scheme zot does not serve.

## What it does
Compares the port the chart gives the container and its probes — `httpGet.port` from chart
0.1.79, always 5000 before — with zot's `http.port` as integers (8080 when the config sets
none), and the probe scheme `httpGet.scheme` with the config: `HTTP` while `http.tls` is set,
or `HTTPS` while it is not. Upstream project-zot chart only. When the probe side comes from the
chart's defaults the finding points at the config's `http.port` (or `http.tls`).

## Why it matters
Liveness, readiness and startup probes fail: the pod never becomes ready and is restarted in a
loop, although zot itself runs fine.

## Example
```yaml
mountConfig: true
httpGet:
  port: 5000
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "8080"}
    }
```

## Fix
Make them agree (chart ≥ 0.1.79):
```yaml
mountConfig: true
httpGet:
  port: 8080
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "8080"}
    }
```

## References
- project-zot/helm-charts commit d6172a52 (containerPort and probes from `httpGet.port`),
  `values.yaml` (`httpGet.scheme`)
- zot `pkg/api/config`: default port 8080 when none is configured
"""

from typing import Any

from zotlint.model import Deployment
from zotlint.model.chart import at_least
from zotlint.rule import DEPLOYMENT, Context, rule


@rule(
    id="ZOT210",
    name="probe-port-mismatch",
    severity="error",
    scope=[DEPLOYMENT],
    tags=["wiring", "correctness"],
)
def check(ctx: Context, dep: Deployment) -> None:
    cfg = dep.repo_config
    if cfg is None:
        return
    v = dep.values
    raw = cfg.get(("http", "port"))
    zot_port = _int(raw) if raw is not None else 8080
    if zot_port is not None:
        probe = _int(v.get(("httpGet", "port"))) if at_least(dep.chart_version, "0.1.79") else 5000
        if probe is not None and probe != zot_port:
            ref = v.ref(("httpGet", "port"))
            if ref is None or not at_least(dep.chart_version, "0.1.79"):
                ref = cfg.ref(("http", "port")) if raw is not None else cfg.ref(("http",), "key")
            ctx.report(
                ref,
                f"the chart probes port {probe} but zot listens on {zot_port}"
                f"{'' if raw is not None else ' (its default)'}: probes fail and the pod "
                f"never becomes ready",
                related=[
                    (cfg.ref(("http", "port")) if raw is not None else None, "zot's http.port"),
                    (v.ref(("httpGet", "port")), "httpGet.port"),
                ],
                identity="port",
            )
    tls = cfg.get(("http", "tls"))
    has_tls = isinstance(tls, dict) and bool(tls)
    scheme = v.get(("httpGet", "scheme"))
    scheme = scheme.upper() if isinstance(scheme, str) else "HTTP"
    if scheme == "HTTP" and has_tls:
        ref = v.ref(("httpGet", "scheme")) or cfg.ref(("http", "tls"), "key")
        ctx.report(
            ref,
            "http.tls is set but the chart probes with scheme HTTP: zot "
            "answers TLS only and the probes fail; set httpGet.scheme: HTTPS",
            related=[(cfg.ref(("http", "tls"), "key"), "http.tls")],
            identity="scheme",
        )
    elif scheme == "HTTPS" and not has_tls:
        ref = v.ref(("httpGet", "scheme"))
        if ref is not None:
            ctx.report(
                ref,
                "httpGet.scheme is HTTPS but the zot config sets no http.tls: "
                "zot serves plain HTTP and the probes fail",
                identity="scheme",
            )


# A port has at most 5 digits. A longer value is not one the chart or zot reads as a port: it is
# unknown, and never converted (int() of a 64k-digit string raised ValueError and crashed the
# rule; Unicode digits such as "²" pass isdigit() but not int()).
_MAX_PORT_DIGITS = 10


def _int(value: Any) -> int | None:
    """A port number from the config or the values, or None when unknown."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value.bit_length() <= 32 else None
    if isinstance(value, str) and len(value) <= 2 * _MAX_PORT_DIGITS:
        digits = value.strip()
        if 0 < len(digits) <= _MAX_PORT_DIGITS and digits.isascii() and digits.isdigit():
            return int(digits)
    return None
