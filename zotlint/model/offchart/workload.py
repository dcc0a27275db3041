"""A zot pod written outside the zot chart: what every off-chart source reads into.

Plain manifests (`offchart.manifest`), bjw-s app-template values (`offchart.apptemplate`) and
Fleet bundles produce a ``Workload``: the zot container's image, its argv, the config path zot
serves from, and the pod's volumes and mounts (zotlint.model.pod types, with references to where
each name and path is written), the service account and the namespace. The model turns each
into a Deployment (chart kind "manifest" / "app-template"), so the wiring rules and the chain
(path → mount → volume → Secret/ConfigMap → ExternalSecret) work as for the chart.

The config path: Kubernetes runs `command` (else the image ENTRYPOINT) with `args` (else the
image CMD, unless `command` is set); zot's image has ENTRYPOINT `/usr/bin/zot` and CMD
`serve /etc/zot/config.json` (project-zot/zot `build/Dockerfile` @0d6bdc83). The path is the
argument after `serve`; an argv with `$(VAR)` references (kubelet expansion) or no `serve`
leaves it unknown.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from zotlint.document import Document, Ref
from zotlint.lazyregex import lazy_compile
from zotlint.model.pod import Pod, Volume
from zotlint.records import dataclass

DEFAULT_CONFIG = "/etc/zot/config.json"
IMAGE_ENTRYPOINT = ("/usr/bin/zot",)
IMAGE_CMD = ("serve", DEFAULT_CONFIG)

# zot images by name: ghcr.io/project-zot/zot*, and zot's own builds however they are mirrored or
# built locally (`registry.local/zot-linux-amd64`, `zot-minimal:latest` in zot's examples).
_ZOT_IMAGE = lazy_compile(
    r"(?:^|/)(?:project-zot/zot(?:-[a-z0-9-]+)?|zot(?:-minimal)?|zot-(?:linux|minimal)-[a-z0-9-]+)$"
)
_KUBELET_VAR = lazy_compile(r"(?<!\$)\$\([A-Za-z_][A-Za-z0-9_]*\)")


def split_image(image: Any) -> tuple[str | None, str | None]:
    """(repository, tag) of an image reference (`repo:tag@digest`)."""
    if not isinstance(image, str) or not image.strip():
        return None, None
    ref = image.strip().split("@", 1)[0]
    head, _, last = ref.rpartition("/")
    if ":" in last:
        name, tag = last.split(":", 1)
        return (f"{head}/{name}" if head else name), tag or None
    return ref, None


def is_zot_image(image: Any) -> bool:
    repo, _ = split_image(image)
    return repo is not None and _ZOT_IMAGE.search(repo.lower()) is not None


@dataclass(eq=False)
class Workload:
    """One zot container and its pod, from a manifest or a generic chart's values."""

    source: str  # "manifest" | "app-template"
    kind: str  # Deployment | StatefulSet | DaemonSet
    name: str | None
    doc: Document  # the document the pod is written in
    name_ref: Ref | None
    namespace: str | None = None
    namespace_ref: Ref | None = None
    image: str | None = None
    image_ref: Ref | None = None
    argv: list[Any] | None = None  # None: not known (templated values)
    config_path: str | None = DEFAULT_CONFIG
    config_path_ref: Ref | None = None
    pod: Pod = field(default_factory=lambda: Pod("Deployment"))
    service_account: str | None = "default"
    container: str = "zot"
    annotations: dict[str, Any] = field(default_factory=dict)
    layers: list[Document] = field(default_factory=list)  # every document values came from

    @property
    def image_repository(self) -> str | None:
        return split_image(self.image)[0]

    @property
    def image_tag(self) -> str | None:
        return split_image(self.image)[1]


def config_path(command: Any, args: Any) -> tuple[str | None, int | None, str]:
    """(config path, index in `args` or in `command` where it is written, "args" | "command" |
    "image") from a container's `command` and `args`; (None, None, …) when unknown."""
    cmd = command if isinstance(command, list) else None
    arg = args if isinstance(args, list) else None
    if (command is not None and cmd is None) or (args is not None and arg is None):
        return None, None, "unknown"
    if cmd is None and arg is None:
        return DEFAULT_CONFIG, None, "image"
    argv: list[tuple[Any, str, int]] = []
    if cmd is not None:
        argv += [(v, "command", i) for i, v in enumerate(cmd)]
    else:
        argv += [(v, "image", -1) for v in IMAGE_ENTRYPOINT]
    if arg is not None:
        argv += [(v, "args", i) for i, v in enumerate(arg)]
    elif cmd is None:
        argv += [(v, "image", -1) for v in IMAGE_CMD]
    for n, (v, _, _) in enumerate(argv):
        if not isinstance(v, str):
            return None, None, "unknown"
        if _KUBELET_VAR.search(v) or "{{" in v:
            return None, None, "unknown"
        if v == "serve" and n + 1 < len(argv):
            path, where, idx = argv[n + 1]
            if (
                not isinstance(path, str)
                or path.startswith("-")
                or _KUBELET_VAR.search(path)
                or "{{" in path
            ):
                return None, None, "unknown"
            return path, (idx if idx >= 0 else None), where
    return None, None, "unknown"


def volume_items(raw: Any) -> list[tuple[str, str]] | None:
    if not isinstance(raw, list):
        return None
    return [(str(it.get("key")), str(it.get("path"))) for it in raw if isinstance(it, dict)]


def add_volume(pod: Pod, vol: Volume) -> None:
    pod.volumes.append(vol)
    if vol.name is not None:
        pod._by_name.setdefault(vol.name, vol)


def link_mounts(pod: Pod) -> None:
    for m in pod.mounts:
        if m.volume is None:
            m.volume = pod.volume(m.name)
