"""A Deployment of the model built from an off-chart workload (manifest, app-template, Fleet).

It has no chart values of its own (``values`` holds the generic chart's merged values, or
nothing for a manifest) and ``chart.upstream`` is False, so the rules about the zot chart's
values stay silent on it; its pod is known exactly, which is what the wiring rules need
(``pod_known``). Image and tag come from the zot container.
"""

from __future__ import annotations

from zotlint.document import Document, Ref
from zotlint.model.chart import ChartInfo
from zotlint.model.deployment import Deployment
from zotlint.model.offchart.workload import Workload
from zotlint.model.values import Layer, MergedValues, merge
from zotlint.records import dataclass


@dataclass(eq=False)
class WorkloadDeployment(Deployment):
    workload: Workload | None = None
    # How the config was found (for `zotlint graph`): ("configMapGenerator zot-config", ref).
    config_via: tuple[str, Ref | None] | None = None

    @property
    def image_repository(self) -> str | None:
        return self.workload.image_repository if self.workload is not None else None

    @property
    def image_tag(self) -> str | None:
        return self.workload.image_tag if self.workload is not None else None


def pod_known(dep: Deployment) -> bool:
    """Whether the model knows the zot pod as it runs: the upstream chart's rendering, or a pod
    written out (manifest) or rendered from a generic chart's values (app-template)."""
    return dep.upstream or (isinstance(dep, WorkloadDeployment) and dep.workload is not None)


def workload_deployment(
    wl: Workload,
    *,
    key: str,
    values: MergedValues | None = None,
    chart_name: str,
    namespace: str | None,
    namespace_ref: Ref | None,
    env: str | None,
    primary: Document,
    release: str | None = None,
    release_ref: Ref | None = None,
    complete: bool = True,
) -> WorkloadDeployment:
    dep = WorkloadDeployment(
        key=key,
        values=values if values is not None else merge({}, []),
        chart=ChartInfo(kind=wl.source, upstream=False, name=chart_name),
        release=release,
        release_ref=release_ref,
        namespace=namespace,
        namespace_ref=namespace_ref,
        env=env,
        primary=primary,
        complete=complete,
        pod=wl.pod,
        workload=wl,
    )
    return dep


def single_layer(doc: Document, root: tuple[str | int, ...], data: dict) -> MergedValues:  # type: ignore[type-arg]
    return merge({}, [Layer(doc, root, "file", data)])
