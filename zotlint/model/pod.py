"""The zot pod as the upstream chart renders it, computed from merged values without Helm.

Volumes and mounts in the order the chart emits them (templates/deployment.yaml and
statefulset.yaml): the data volume at `/var/lib/registry`, `<release>-config` at `/etc/zot`
(mountConfig), `<release>-secret` at `/secret` (mountSecret), one volume per chart
`externalSecrets[]` item (named after the Secret, mounted at its `mountPath`), then
`extraVolumes` / `extraVolumeMounts` verbatim. Sidecars (`extraContainers`) and
`initContainers` contribute mounts of their own containers.

Names that derive from the release are None when the release name is unknown (a values file
that no Application or kustomization deploys); rules then skip comparisons that need them.
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Callable
from dataclasses import field
from functools import lru_cache
from typing import Any

from zotlint.document import Path, Ref
from zotlint.model.chart import at_least
from zotlint.model.values import MergedValues, truthy
from zotlint.records import dataclass

DATA_PATH = "/var/lib/registry"
CONFIG_PATH = "/etc/zot"
SECRET_PATH = "/secret"


@dataclass(eq=False)
class Volume:
    """A pod volume. ``source_name`` is the Secret/ConfigMap/claim it reads."""

    name: str | None  # None: derived from an unknown release name
    kind: str  # "secret" | "configMap" | "pvc" | "emptyDir" | "other"
    source_name: str | None = None
    chart: str | None = None  # chart-made: "data" | "config" | "secret" | "external-secret"
    items: list[tuple[str, str]] | None = None  # (key, path) when `items` limits the files
    optional: bool = False
    values_path: Path | None = None  # chart path of the entry in the merged values
    name_ref: Ref | None = None  # where the user wrote the name (None: chart-made)
    source_ref: Ref | None = None  # where the user wrote the Secret/ConfigMap name
    label: str = ""  # display name ("<release>-config" when the release is unknown)


@dataclass(eq=False)
class Mount:
    """A volumeMount of one container (`zot`, `extra:<name>` or `init:<name>`)."""

    name: str | None
    mount_path: str
    container: str = "zot"
    sub_path: str | None = None
    chart: str | None = None
    values_path: Path | None = None
    name_ref: Ref | None = None
    path_ref: Ref | None = None
    volume: Volume | None = None
    label: str = ""

    def covers(self, path: str) -> bool:
        """Whether a file path is inside this mount (a subPath mount covers only itself)."""
        mp = normalise(self.mount_path)
        if mp is None:
            return False
        if self.sub_path:
            return path == mp
        return path == mp or mp == "/" or path.startswith(mp + "/")

    def key_for(self, path: str) -> str:
        """The volume key a file path names through this mount (`/m/a.json` → `a.json`)."""
        mp = normalise(self.mount_path) or ""
        if self.sub_path:
            return self.sub_path
        return path[len(mp) :].lstrip("/") if mp != "/" else path.lstrip("/")


@dataclass(eq=False)
class Pod:
    kind: str  # "Deployment" | "StatefulSet"
    volumes: list[Volume] = field(default_factory=list)
    mounts: list[Mount] = field(default_factory=list)
    service_account: str | None = None  # None: default name from an unknown release
    service_account_created: bool = True
    _by_name: dict[str, Volume] = field(default_factory=dict, repr=False)

    def volume(self, name: str | None) -> Volume | None:
        if name is None:
            return None
        return self._by_name.get(name)

    def zot_mounts(self) -> list[Mount]:
        return [m for m in self.mounts if m.container == "zot"]

    def mount_for(self, path: str) -> Mount | None:
        """The zot container's mount that provides ``path``: the deepest covering mountPath,
        as nested mounts shadow their parents."""
        best: Mount | None = None
        best_len = -1
        for m in self.zot_mounts():
            if m.covers(path):
                n = len(normalise(m.mount_path) or "")
                if n > best_len:
                    best, best_len = m, n
        return best

    def nearest_mount(self, path: str) -> Mount | None:
        """The user-written zot mount whose path looks most like the directory of ``path``
        (for messages: `/secrets/oidc/x` → the mount at `/secret-oidc`)."""
        target = posixpath.dirname(path)
        best: Mount | None = None
        best_score = 0.0
        for m in self.zot_mounts():
            mp = normalise(m.mount_path)
            if mp is None or m.path_ref is None:
                continue
            score = difflib.SequenceMatcher(None, mp, target).ratio()
            if score > best_score:
                best, best_score = m, score
        return best


def normalise(path: Any) -> str | None:
    """An absolute in-pod path without `.`/`..`, duplicate or trailing slashes; None when the
    value is not an absolute literal path (relative, empty, templated)."""
    if not isinstance(path, str):
        return None
    return _normalise(path)


# Every start file of every deployment is matched against each of its mounts: the same few
# mount paths, normalised again each time.
@lru_cache(maxsize=4096)
def _normalise(path: str) -> str | None:
    p = path.strip()
    if not p.startswith("/") or "{{" in p or "${" in p:
        return None
    out = posixpath.normpath(p)
    return "/" if out == "//" else out


def render(
    values: MergedValues,
    release: str | None,
    chart_version: str | None,
) -> Pod:
    """The pod the chart renders for ``values`` (upstream chart semantics)."""
    persistence = truthy(values.get(("persistence",)))
    statefulset = persistence and at_least(chart_version, "0.1.68")
    pod = Pod(kind="StatefulSet" if statefulset else "Deployment")
    rel = release
    label_rel = release or "<release>"

    def add_volume(v: Volume) -> None:
        pod.volumes.append(v)
        if v.name is not None:
            pod._by_name.setdefault(v.name, v)

    # The data volume.
    if statefulset:
        pvc_name = values.get(("pvc", "name"))
        if at_least(chart_version, "0.1.101"):
            claim = (
                pvc_name
                if isinstance(pvc_name, str) and pvc_name
                else (f"{rel}-pvc" if rel else None)
            )
        else:
            claim = f"{rel}-pvc" if rel else None
        vol = Volume(
            claim, "pvc", source_name=claim, chart="data", label=claim or f"{label_rel}-pvc"
        )
        add_volume(vol)
        pod.mounts.append(Mount(claim, DATA_PATH, chart="data", volume=vol, label=vol.label))
    elif at_least(chart_version, "0.1.68"):
        vol = Volume("data", "emptyDir", chart="data", label="data")
        add_volume(vol)
        pod.mounts.append(Mount("data", DATA_PATH, chart="data", volume=vol, label="data"))
    elif persistence:
        name = f"{rel}-volume" if rel else None
        vol = Volume(name, "pvc", chart="data", label=name or f"{label_rel}-volume")
        add_volume(vol)
        pod.mounts.append(Mount(name, DATA_PATH, chart="data", volume=vol, label=vol.label))

    if truthy(values.get(("mountConfig",))):
        name = f"{rel}-config" if rel else None
        vol = Volume(
            name, "configMap", source_name=name, chart="config", label=name or f"{label_rel}-config"
        )
        add_volume(vol)
        pod.mounts.append(
            Mount(
                name,
                CONFIG_PATH,
                chart="config",
                volume=vol,
                label=vol.label,
                name_ref=values.ref(("mountConfig",)),
                path_ref=values.ref(("mountConfig",)),
            )
        )
    if truthy(values.get(("mountSecret",))):
        name = f"{rel}-secret" if rel else None
        vol = Volume(
            name, "secret", source_name=name, chart="secret", label=name or f"{label_rel}-secret"
        )
        add_volume(vol)
        pod.mounts.append(
            Mount(
                name,
                SECRET_PATH,
                chart="secret",
                volume=vol,
                label=vol.label,
                name_ref=values.ref(("mountSecret",)),
                path_ref=values.ref(("mountSecret",)),
            )
        )

    ext = values.get(("externalSecrets",)) if at_least(chart_version, "0.1.29") else None
    if isinstance(ext, list):
        for i, item in enumerate(ext):
            if not isinstance(item, dict):
                continue
            base = ("externalSecrets", i)
            sname = item.get("secretName")
            sname = sname if isinstance(sname, str) and sname else None
            vol = Volume(
                sname,
                "secret",
                source_name=sname,
                chart="external-secret",
                values_path=base,
                name_ref=values.ref(base + ("secretName",)),
                source_ref=values.ref(base + ("secretName",)),
                label=sname or "?",
            )
            add_volume(vol)
            mp = item.get("mountPath")
            if isinstance(mp, str):
                pod.mounts.append(
                    Mount(
                        sname,
                        mp,
                        chart="external-secret",
                        values_path=base,
                        name_ref=values.ref(base + ("secretName",)),
                        path_ref=values.ref(base + ("mountPath",)),
                        volume=vol,
                        label=sname or "?",
                    )
                )

    if at_least(chart_version, "0.1.39"):
        extra = values.get(("extraVolumes",))
        if isinstance(extra, list):
            for i, item in enumerate(extra):
                if isinstance(item, dict):
                    add_volume(_extra_volume(values, ("extraVolumes", i), item))
        for i, item in enumerate(_list(values.get(("extraVolumeMounts",)))):
            if isinstance(item, dict):
                pod.mounts.append(_mount(values, ("extraVolumeMounts", i), item, "zot"))
    for key, prefix in (("extraContainers", "extra"), ("initContainers", "init")):
        for i, c in enumerate(_list(values.get((key,)))):
            if not isinstance(c, dict):
                continue
            cname = f"{prefix}:{c.get('name')}"
            for j, item in enumerate(_list(c.get("volumeMounts"))):
                if isinstance(item, dict):
                    pod.mounts.append(_mount(values, (key, i, "volumeMounts", j), item, cname))

    for m in pod.mounts:
        if m.volume is None:
            m.volume = pod.volume(m.name)

    sa_create = truthy(values.get(("serviceAccount", "create")))
    sa_name = values.get(("serviceAccount", "name"))
    pod.service_account_created = sa_create
    if isinstance(sa_name, str) and sa_name:
        pod.service_account = sa_name
    elif sa_create:
        pod.service_account = fullname(values, release)
    else:
        pod.service_account = "default"
    return pod


def fullname(values: MergedValues, release: str | None) -> str | None:
    """The chart's `zot.fullname` helper (release name plus chart name, unless overridden)."""
    override = values.get(("fullnameOverride",))
    if isinstance(override, str) and override:
        return override[:63].rstrip("-")
    if release is None:
        return None
    name = values.get(("nameOverride",))
    name = name if isinstance(name, str) and name else "zot"
    full = release if name in release else f"{release}-{name}"
    return full[:63].rstrip("-")


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _extra_volume(values: MergedValues, base: Path, item: dict[str, Any]) -> Volume:
    return spec_volume(values.ref, base, item)


def spec_volume(ref: Callable[[Path], Ref | None], base: Path, item: dict[str, Any]) -> Volume:
    """A pod `volumes[]` entry written at ``base`` (``ref`` locates a path of it)."""
    name = item.get("name") if isinstance(item.get("name"), str) else None
    kind, src, src_key, items, optional = "other", None, None, None, False
    for k, key_field in (
        ("secret", "secretName"),
        ("configMap", "name"),
        ("persistentVolumeClaim", "claimName"),
    ):
        spec = item.get(k)
        if isinstance(spec, dict):
            kind = {"persistentVolumeClaim": "pvc"}.get(k, k)
            s = spec.get(key_field)
            src = s if isinstance(s, str) else None
            src_key = (k, key_field)
            optional = spec.get("optional") is True
            raw = spec.get("items")
            if isinstance(raw, list):
                items = [
                    (str(it.get("key")), str(it.get("path"))) for it in raw if isinstance(it, dict)
                ]
            break
    else:
        if "emptyDir" in item:
            kind = "emptyDir"
    return Volume(
        name,
        kind,
        source_name=src,
        items=items,
        optional=optional,
        values_path=base,
        name_ref=ref(base + ("name",)),
        source_ref=ref(base + src_key) if src_key else None,
        label=name or "?",
    )


def _mount(values: MergedValues, base: Path, item: dict[str, Any], container: str) -> Mount:
    return spec_mount(values.ref, base, item, container)


def spec_mount(
    ref: Callable[[Path], Ref | None], base: Path, item: dict[str, Any], container: str
) -> Mount:
    """A container `volumeMounts[]` entry written at ``base``."""
    name = item.get("name") if isinstance(item.get("name"), str) else None
    mp = item.get("mountPath")
    sub = item.get("subPath")
    return Mount(
        name,
        mp if isinstance(mp, str) else "",
        container=container,
        sub_path=sub if isinstance(sub, str) and sub else None,
        values_path=base,
        name_ref=ref(base + ("name",)),
        path_ref=ref(base + ("mountPath",)),
        label=name or "?",
    )
