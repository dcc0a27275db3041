"""The chart's default htpasswd in use (ZOT218), shared with ZOT302 so that one problem gives
one finding: where ZOT218 reports the merged-in default at `mountSecret`, ZOT302 stays silent.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from zotlint.document import Document, Ref
from zotlint.model.chart import DEFAULT_HTPASSWD_HASHES
from zotlint.model.pod import SECRET_PATH, normalise
from zotlint.model.values import truthy
from zotlint.records import dataclass

if TYPE_CHECKING:
    from zotlint.model.deployment import Deployment, Model


@dataclass(frozen=True, slots=True)
class DefaultInUse:
    dep: Deployment
    config: Document
    mount_secret: Ref  # `mountSecret` in the values layer that sets it
    copied: bool  # the sample is copied verbatim into the user's secretFiles


def default_htpasswd_in_use(model: Model) -> Iterator[DefaultInUse]:
    """Deployments whose zot reads the chart's sample htpasswd (admin:admin, user:user) from
    `/secret/htpasswd`, rendered by `mountSecret` into `<release>-secret`."""
    for dep in model.deployments:
        cfg = dep.config
        if cfg is None or not dep.upstream or not dep.complete:
            continue
        if dep.config_source not in ("values", "configmap"):
            continue
        v = dep.values
        if not truthy(v.get(("mountSecret",))):
            continue
        htpasswd = v.get(("secretFiles", "htpasswd"))
        if not isinstance(htpasswd, str) or not any(h in htpasswd for h in DEFAULT_HTPASSWD_HASHES):
            continue
        if normalise(cfg.get(("http", "auth", "htpasswd", "path"))) != SECRET_PATH + "/htpasswd":
            continue
        mount = dep.pod.mount_for(SECRET_PATH + "/htpasswd")
        if mount is None or mount.chart != "secret":
            continue
        ref = v.ref(("mountSecret",))
        if ref is None:
            continue
        copied = v.origin(("secretFiles", "htpasswd")) is not None
        yield DefaultInUse(dep, cfg, ref, copied)
