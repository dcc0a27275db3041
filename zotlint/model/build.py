"""build_model: documents → deployments, secrets and their links (once per run).

The join is a sequence of sources (``zotlint.model.sources``), each one module reading one shape
of repository into a shared ``BuildContext``. Order matters where a later source needs what an
earlier one found: Applications first (they tell which directories they deploy, so manifests
there get the Application's namespace), then the other deployment sources, values files nothing
deploys last; configs are attached once every deployment exists; then the objects that provide
Secrets (they need the deployments' release names) and the pinned operator versions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from zotlint.model.deployment import CONFIG_KEY, Deployment, Model
from zotlint.model.offchart import apptemplate, configlink, fleet, generators, manifest
from zotlint.model.sources import (
    argo_app,
    argo_appset,
    configs,
    eso_pins,
    flux,
    helm_templates,
    kustomize,
    local_charts,
    objects,
)
from zotlint.model.sources.base import BuildContext

if TYPE_CHECKING:
    from zotlint.project import Project

__all__ = ["CONFIG_KEY", "SOURCES", "Deployment", "Model", "build_model"]

# Each step reads one source into the context; a new source is one module and one line here.
SOURCES: tuple[Callable[[BuildContext], None], ...] = (
    argo_app.read,
    argo_appset.read,
    flux.read,
    kustomize.read_helm_charts,
    local_charts.read_standalone,
    manifest.read,
    apptemplate.read,
    fleet.read,
    configs.attach,
    configlink.attach,
    objects.read,
    helm_templates.read,
    generators.apply_keys,
    eso_pins.read_chart_pins,
)


def build_model(project: Project) -> Model:
    """Build the deployment model of a project (one pass over its documents)."""
    ctx = BuildContext(project)
    for step in SOURCES:
        step(ctx)
    ctx.model.deployments = ctx.deployments
    ctx.model.apps = ctx.apps
    return ctx.model
