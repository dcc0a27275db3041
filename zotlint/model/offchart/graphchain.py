"""`zotlint graph` for an off-chart workload: the chain to the config zot serves.

`serve <path>` (or the image default) → the mount that covers it → the volume → the object
that holds the key (a ConfigMap, a kustomize generator entry, an ExternalSecret template) → the
config document. Shown before the chains of the files the config reads.
"""

from __future__ import annotations

from zotlint.model.graphsteps import UNKNOWN, Chain, Step
from zotlint.model.graphsteps import where as _where
from zotlint.model.links import FOUND, MISSING, StartFile
from zotlint.model.offchart.deployment import WorkloadDeployment
from zotlint.model.pod import normalise


def config_chain(dep: WorkloadDeployment) -> Chain:
    wl = dep.workload
    assert wl is not None
    raw = wl.config_path or "?"
    path = normalise(wl.config_path) or raw
    ch = Chain(StartFile("config (serve)", raw, path, (), True))
    where = _where(wl.config_path_ref) or _where(wl.image_ref)
    origin = "args" if wl.config_path_ref is not None else "image default"
    ch.steps.append(Step("provider", f"zot serve {raw} ({origin})", FOUND, where))
    mount = dep.pod.mount_for(path) if wl.config_path else None
    if mount is None:
        status = UNKNOWN if dep.config_source in ("image-default", "unknown") else MISSING
        ch.steps.append(Step("mount", f"no mount covers {raw}", status, note=dep.config_source))
        return ch
    label = f"mount {mount.mount_path}" + (f" (subPath {mount.sub_path})" if mount.sub_path else "")
    ch.steps.append(Step("mount", label, FOUND, _where(mount.path_ref)))
    vol = mount.volume
    if vol is None:
        ch.steps.append(Step("volume", f"no volume named {mount.label}", MISSING))
        return ch
    src = f" → {vol.kind} {vol.source_name}" if vol.source_name else f" ({vol.kind})"
    ch.steps.append(Step("volume", f"volume {vol.label}{src}", FOUND, _where(vol.name_ref)))
    if dep.config is None:
        ch.steps.append(Step("secret", "the config document is not in the repository", UNKNOWN))
        return ch
    if dep.config_via is not None:
        text, ref = dep.config_via
        ch.steps.append(Step("secret", text, FOUND, _where(ref)))
    ch.steps.append(Step("key", f"config {dep.config.host.source.rel}", FOUND))
    return ch
