"""The zot image is older than a config key the repository uses.

## What it does
For each zot config a deployment runs, takes the zot version from the deployment's
`image.tag` (merged values, Argo CD inline values included) or, when the tag is not set, from
the pinned chart's app version, and reports every config key (matched case-insensitively, as
zot reads them) that the first zot release to accept it is newer than that version: for example
`credentialsFile` in an OpenID provider before v2.1.6, `claimMapping` before v2.1.11,
`callbackAllowOrigins` before v2.1.15. Only the outermost such key is reported. Not judged:
tags that are not versions (`latest`, a digest alone), custom (non project-zot) images, v1
images, standalone configs with no deployment, and charts whose version the repository does
not pin when the tag comes from the chart. Keys no zot release knows are ZOT115's.

## Why it matters
Zot decodes its config strictly: a key the running version does not know stops it at start
(`failed to load config due to unknown keys` / `has invalid keys`), so the pod crash-loops
after an upgrade of the config without an upgrade of the image.

## With Flux
For a Flux HelmRelease the tag comes from the merged `spec.valuesFrom` and `spec.values`, and
the chart's app version from `spec.chart.spec.version` or the OCIRepository tag it references.
## Example
Zot v2.1.5 does not know the provider key `credentialsFile` (v2.1.6 added it):

`values.yaml`:
```yaml
image:
  tag: v2.1.5
extraVolumes:
  - name: oidc
    secret: {secretName: zot-oidc}
extraVolumeMounts:
  - {name: oidc, mountPath: /secret-oidc}
mountConfig: true
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "5000",
               "externalUrl": "https://registry.example.com",
               "auth": {"openid": {"providers": {"oidc": {
                 "issuer": "https://sso.example.com/realms/platform",
                 "credentialsFile": "/secret-oidc/credentials.json",
                 "scopes": ["openid", "profile", "email"]}}}}}
    }
```

## Fix
Run a zot release that knows the key (or drop the key):

`values.yaml`:
```yaml
image:
  tag: v2.1.18
extraVolumes:
  - name: oidc
    secret: {secretName: zot-oidc}
extraVolumeMounts:
  - {name: oidc, mountPath: /secret-oidc}
mountConfig: true
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "5000",
               "externalUrl": "https://registry.example.com",
               "auth": {"openid": {"providers": {"oidc": {
                 "issuer": "https://sso.example.com/realms/platform",
                 "credentialsFile": "/secret-oidc/credentials.json",
                 "scopes": ["openid", "profile", "email"]}}}}}
    }
```

## References
- zot `pkg/api/config/config.go` (the config structs) at every release tag v2.0.0 … v2.1.20,
  read for the release that added each key; encoded in zotlint/data/zot_config_keys.py
- Unknown keys are fatal: project-zot/zot@6d19b445 `pkg/cli/server/root.go` lines 1312-1317 ("failed
  to load
  config due to unknown keys"), test "Test verify config with unknown keys" (`root_test.go`)
- project-zot/helm-charts `charts/zot/Chart.yaml` `appVersion` at each `zot-0.1.x` tag (the
  chart version → default zot image)
"""

import functools
from typing import Any

from zotlint.data.zot_config_keys import (
    KEYS,
    MAP_ENTRIES,
    UNRELEASED,
    V2_0_0,
    lookup,
    requires_newer_zot,
)
from zotlint.data.zot_versions import chart_app_version, parse_version
from zotlint.document import Document, Kind, Path, Ref
from zotlint.knowledge.zot import dropped_by_viper
from zotlint.model import Deployment
from zotlint.model.chart import is_upstream_image
from zotlint.model.report import Once
from zotlint.rule import Context, rule


@rule(
    id="ZOT604",
    name="config-key-needs-newer-zot",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["gitops", "version", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    once = Once(ctx)
    runs = [r for d in ctx.model.for_config(doc) if (r := _zot_version(d)) is not None]
    # The oldest image decides: every key it lacks stops that deployment.
    runs.sort(key=lambda r: parse_version(r[0]) or ())
    for tag, source, where in runs:
        for path in _too_new(doc, tag):
            needed = requires_newer_zot(path, tag)
            info = lookup(path)
            name = ".".join(str(p) for p in doc.real_path(path))
            since = (
                "no zot release accepts it yet (it is on zot's main branch only)"
                if needed == UNRELEASED
                else f"zot accepts it from {needed}"
            )
            fix = "remove the key" if needed == UNRELEASED else f"run zot {needed} or newer"
            once.report(
                doc.ref(path, "key"),
                f"Zot {tag} does not know `{name}`: the version comes from {source}, and "
                f"{since}; zot stops at start "
                f'with "failed to load config due to unknown keys"; {fix}',
                related=[(where, "the zot version")] if where is not None else [],
                identity=info.dotted if info else name,
            )


def _zot_version(dep: Deployment) -> tuple[str, str, Ref | None] | None:
    """(tag, where it comes from, its location) of the image a deployment runs."""
    if not is_upstream_image(dep.image_repository):
        return None
    if dep.values.user_set(("image", "tag")) and dep.image_tag:
        tag, source, ref = dep.image_tag, "image.tag", dep.values.ref(("image", "tag"))
    else:
        if dep.chart.kind == "assumed" or dep.chart.version is None:
            return None
        tag = chart_app_version(dep.chart.version) or ""
        source, ref = f"the app version of chart {dep.chart.version}", dep.chart.ref
    version = parse_version(tag)
    if version is None or version < (2,):
        return None
    return tag, source, ref


def _too_new(doc: Document, tag: str) -> list[Path]:
    """Outermost lower-case key paths whose first release is newer than ``tag``."""
    out: list[Path] = []
    root = doc.lower_view()[0]
    stack: list[tuple[Path, Any]] = [((), root)]
    while stack:
        path, value = stack.pop()
        items: list[tuple[Path, Any]] = []
        if isinstance(value, dict):
            items = [((*path, k), v) for k, v in value.items() if isinstance(k, str)]
            items = [(p, v) for p, v in items if not dropped_by_viper(v)]
        elif isinstance(value, list):
            items = [((*path, i), v) for i, v in enumerate(value)]
        for child, v in reversed(items):
            if isinstance(child[-1], str):
                info = lookup(child)  # type: ignore[arg-type]
                if info is None:
                    continue  # unknown key (ZOT115) or inside a free-form map
                needed = requires_newer_zot(child, tag)  # type: ignore[arg-type]
                if needed is not None and needed != V2_0_0:
                    out.append(child)
                    continue
                if not _newer_below(info.path, tag):
                    continue  # no key below it is newer than the image: nothing to report
            if isinstance(v, (dict, list)):  # a scalar has nothing below it
                stack.append((child, v))
    return out


def _newer_below(pattern: tuple[str, ...], tag: str) -> bool:
    """Whether any key of the table below ``pattern`` (a known key's pattern path) is one that
    ``tag`` predates. A key's answer depends on its pattern only (``lookup`` of a concrete path
    below a key resolves to a pattern below the key's), so a subtree with none is not walked:
    most of a config (storage, log, http.address, the original keys) holds nothing newer."""
    key = (pattern, tag)
    found = _NEWER_BELOW.get(key)
    if found is None:
        found = _NEWER_BELOW[key] = any(
            (needed := requires_newer_zot(below, tag)) is not None and needed != V2_0_0
            for below in _patterns_below(pattern)
        )
    return found


_NEWER_BELOW: dict[tuple[tuple[str, ...], str], bool] = {}


@functools.cache
def _patterns_below(pattern: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Every pattern of the key table strictly below ``pattern`` (``lookup`` of each is its
    own row: tests/test_zot604_pruning.py)."""
    n = len(pattern)
    return tuple(p for p in (*KEYS, *MAP_ENTRIES) if len(p) > n and p[:n] == pattern)
