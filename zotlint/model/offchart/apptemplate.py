"""zot run by the bjw-s app-template chart (the bjw-s common library), read from its values.

The largest group of surveyed repos runs zot this way: a generic controller whose container
runs a zot image, the config mounted from a ConfigMap by `persistence`. The pod is computed from
merged values the way the common library renders it (bjw-s-labs/helm-charts
`charts/library/common/templates/lib/pod/fields/_volumes.tpl` and
`lib/container/fields/_volumeMounts.tpl` @14e97010):

- `controllers.<id>` (`enabled` default true; `type` deployment | statefulset | daemonset | …)
  → `containers.<id>`: `image.repository`/`image.tag`, `command`, `args`;
- `persistence.<id>` (`enabled` default true), one volume named `<id>`; `type`
  `persistentVolumeClaim` (default; `existingClaim`), `configMap` / `secret` (`name`, tpl'd;
  or `identifier` of an object the chart makes itself), `emptyDir`, `hostPath`, `nfs`,
  `custom`, …; `items` as for a pod volume;
- the volume belongs to a controller when it has `globalMounts`, or `advancedMounts.<controller>`,
  or neither; mounts of a container are `globalMounts` then
  `advancedMounts.<controller>.<container>`, each `path` (default `/<id>`, `hostPath` for a
  hostPath item — a mount without `path` reuses the previous mount's) and `subPath`; an item
  with neither list is mounted at its default path in every container.

Names the chart derives itself (its fullname for a claim, `identifier` objects) and templated
names stay unknown.
"""

from __future__ import annotations

from typing import Any

from zotlint.document import Document, Path
from zotlint.model.offchart.workload import (
    Workload,
    add_volume,
    config_path,
    is_zot_image,
    link_mounts,
    volume_items,
)
from zotlint.model.pod import Mount, Pod, Volume
from zotlint.model.values import MergedValues

CHART_NAMES = ("app-template",)
_KINDS = {"deployment": "Deployment", "statefulset": "StatefulSet", "daemonset": "DaemonSet"}


def is_app_template(chart: Any) -> bool:
    """A chart reference naming app-template (`app-template`, `bjw-s/app-template`,
    `oci://ghcr.io/bjw-s-labs/helm/app-template`)."""
    return isinstance(chart, str) and chart.rstrip("/").rsplit("/", 1)[-1] in CHART_NAMES


def zot_controllers(data: Any) -> list[tuple[str, str]]:
    """(controller, container) identifiers whose container runs a zot image."""
    out: list[tuple[str, str]] = []
    controllers = data.get("controllers") if isinstance(data, dict) else None
    if not isinstance(controllers, dict):
        return out
    for cid, ctrl in controllers.items():
        if not isinstance(ctrl, dict) or ctrl.get("enabled") is False:
            continue
        containers = ctrl.get("containers")
        if not isinstance(containers, dict):
            continue
        for kid, c in containers.items():
            if isinstance(c, dict) and is_zot_image(_image(c.get("image"))):
                out.append((str(cid), str(kid)))
    return out


def read_app_template(
    values: MergedValues, primary: Document, controller: str, container: str
) -> Workload:
    """The workload of one zot container of app-template values."""
    cbase: Path = ("controllers", controller)
    kbase: Path = cbase + ("containers", container)
    ctrl = values.get(cbase)
    ctrl = ctrl if isinstance(ctrl, dict) else {}
    c = values.get(kbase)
    c = c if isinstance(c, dict) else {}
    kind = _KINDS.get(str(ctrl.get("type") or "deployment").lower(), "Deployment")
    wl = Workload(
        source="app-template",
        kind=kind,
        name=controller,
        doc=primary,
        name_ref=values.ref(cbase, "key"),
        image=_image(c.get("image")),
        image_ref=values.ref(kbase + ("image", "repository")) or values.ref(kbase + ("image",)),
        container=container,
        layers=[la.doc for la in values.layers],
    )
    path, idx, where = config_path(c.get("command"), c.get("args"))
    wl.config_path = path
    if where in ("args", "command") and idx is not None:
        wl.config_path_ref = values.ref(kbase + (where, idx))
    wl.pod = _pod(values, controller, container, kind)
    wl.service_account = _service_account(values, ctrl)
    wl.pod.service_account = wl.service_account
    return wl


def _image(image: Any) -> str | None:
    if isinstance(image, str):
        return image
    if not isinstance(image, dict) or not isinstance(image.get("repository"), str):
        return None
    tag = image.get("tag")
    return (
        f"{image['repository']}:{tag}"
        if isinstance(tag, (str, int, float))
        else image["repository"]
    )


def _service_account(values: MergedValues, ctrl: dict[str, Any]) -> str | None:
    sa = ctrl.get("serviceAccount")
    if isinstance(sa, dict):
        name = sa.get("name")
        if isinstance(name, str) and name and "{{" not in name:
            return name
        return None  # an identifier of an account the chart names itself
    return "default" if not values.get(("serviceAccount",)) else None


def _pod(values: MergedValues, controller: str, container: str, kind: str) -> Pod:
    pod = Pod(kind="StatefulSet" if kind == "StatefulSet" else "Deployment")
    persistence = values.get(("persistence",))
    if not isinstance(persistence, dict):
        return pod
    for pid in persistence:
        item = persistence[pid]
        if not isinstance(item, dict) or item.get("enabled") is False:
            continue
        pid = str(pid)
        base: Path = ("persistence", pid)
        glob = item.get("globalMounts")
        adv = item.get("advancedMounts")
        has_glob = bool(glob)
        has_adv = bool(adv)
        adv_ctrl = adv.get(controller) if isinstance(adv, dict) else None
        if not (has_glob or (has_adv and adv_ctrl) or (not has_glob and not has_adv)):
            continue
        vol = _volume(values, base, pid, item)
        add_volume(pod, vol)
        ptype = str(item.get("type") or "persistentVolumeClaim")
        default = item.get("hostPath") if ptype == "hostPath" else f"/{pid}"
        mount_path = default if isinstance(default, str) else f"/{pid}"
        mounts: list[tuple[Path, Any]] = []
        if has_glob or has_adv:
            if isinstance(glob, list):
                mounts += [(base + ("globalMounts", i), m) for i, m in enumerate(glob)]
            own = adv_ctrl.get(container) if isinstance(adv_ctrl, dict) else None
            if isinstance(own, list):
                mounts += [
                    (base + ("advancedMounts", controller, container, i), m)
                    for i, m in enumerate(own)
                ]
            for mpath, m in mounts:
                if not isinstance(m, dict):
                    continue
                if isinstance(m.get("path"), str) and m["path"]:
                    mount_path = m["path"]
                    path_ref = values.ref(mpath + ("path",))
                else:
                    path_ref = values.ref(mpath) or values.ref(base, "key")
                sub = m.get("subPath")
                pod.mounts.append(
                    Mount(
                        pid,
                        mount_path,
                        sub_path=sub if isinstance(sub, str) and sub else None,
                        values_path=mpath,
                        name_ref=values.ref(base, "key"),
                        path_ref=path_ref,
                        volume=vol,
                        label=pid,
                    )
                )
        else:
            pod.mounts.append(
                Mount(
                    pid,
                    mount_path,
                    values_path=base,
                    name_ref=values.ref(base, "key"),
                    path_ref=values.ref(base, "key"),
                    volume=vol,
                    label=pid,
                )
            )
    link_mounts(pod)
    return pod


def _volume(values: MergedValues, base: Path, pid: str, item: dict[str, Any]) -> Volume:
    ptype = str(item.get("type") or "persistentVolumeClaim")
    kind, src, src_path = "other", None, None
    if ptype == "persistentVolumeClaim":
        kind = "pvc"
        if isinstance(item.get("existingClaim"), str):
            src, src_path = item["existingClaim"], base + ("existingClaim",)
    elif ptype in ("configMap", "secret"):
        kind = ptype
        if isinstance(item.get("name"), str):
            src, src_path = item["name"], base + ("name",)
    elif ptype == "emptyDir":
        kind = "emptyDir"
    if isinstance(src, str) and "{{" in src:
        src = None  # tpl'd by the chart
    return Volume(
        pid,
        kind,
        source_name=src,
        items=volume_items(item.get("items")),
        optional=False,
        values_path=base,
        name_ref=values.ref(base, "key"),
        source_ref=values.ref(src_path) if src_path else None,
        label=pid,
    )


def add(
    ctx: Any,
    values: MergedValues,
    *,
    key: str,
    primary: Document,
    namespace: str | None,
    namespace_ref: Any,
    env: str | None,
    release: str | None,
    release_ref: Any,
    complete: bool,
) -> None:
    """One Deployment per zot container of app-template values (none for another app)."""
    from zotlint.model.offchart.deployment import workload_deployment

    for controller, container in zot_controllers(values.data):
        wl = read_app_template(values, primary, controller, container)
        dep = workload_deployment(
            wl,
            key=key if controller == "main" else f"{key} ({controller})",
            values=values,
            chart_name="app-template",
            namespace=namespace,
            namespace_ref=namespace_ref,
            env=env,
            primary=primary,
            release=release,
            release_ref=release_ref,
            complete=complete,
        )
        ctx.deployments.append(dep)
        for la in values.layers:
            ctx.model._by_doc.setdefault(id(la.doc), []).append(dep)
            if la.doc.parent is not None:
                ctx.model._by_doc.setdefault(id(la.doc.host), []).append(dep)


def read(ctx: Any) -> None:
    """Model build step: app-template values deployed by an Argo CD Application or a Flux
    HelmRelease (its layers as zotlint.model.sources.flux reads them: valuesFrom in order, then
    values), or in a values file nothing else deploys."""
    from zotlint.document import Kind
    from zotlint.model.sources.flux import helm_releases
    from zotlint.model.values import Layer, merge

    seen: set[int] = set()
    for app in ctx.apps:
        for src in app.sources:
            if not is_app_template(src.chart):
                continue
            layers, complete = _argo_layers(ctx, app, src)
            if not layers:
                continue
            values = merge({}, layers)
            if not zot_controllers(values.data):
                continue
            seen.update(id(la.doc) for la in layers)
            ns, ns_ref = app.helm_namespace(src)
            add(
                ctx,
                values,
                key=app.name or app.rel,
                primary=layers[-1].doc,
                namespace=ns,
                namespace_ref=ns_ref,
                env=app.env,
                release=app.release_name(src),
                release_ref=app.ref(("metadata", "name")) if app.name else None,
                complete=complete,
            )
    for hr in helm_releases(ctx):
        if not is_app_template(hr.chart.name) or not hr.layers:
            continue
        values = merge({}, hr.layers)
        if not zot_controllers(values.data):
            continue
        add(
            ctx,
            values,
            key=hr.name or hr.rel,
            primary=hr.doc,
            namespace=hr.release_namespace,
            namespace_ref=hr.release_namespace_ref,
            env=hr.env,
            release=hr.release,
            release_ref=hr.release_ref,
            complete=hr.complete,
        )
        seen.update(id(la.doc) for la in hr.layers)
        seen.add(id(hr.doc))
    for doc in ctx.project.documents(Kind.OTHER):
        if doc.parent is not None or id(doc) in seen or id(doc) in ctx.consumed:
            continue
        if not isinstance(doc.data, dict) or not zot_controllers(doc.data):
            continue
        sc = ctx.scope(doc)
        add(
            ctx,
            merge({}, [Layer(doc, (), "file", doc.data)]),
            key=doc.source.rel,
            primary=doc,
            namespace=sc.namespace,
            namespace_ref=sc.namespace_ref,
            env=sc.env,
            release=None,
            release_ref=None,
            complete=True,
        )


def _argo_layers(ctx: Any, app: Any, src: Any) -> tuple[list[Any], bool]:
    """Value files then inline values of an Application source, merged as Argo CD does."""
    from zotlint.document import Kind
    from zotlint.model.argo import value_file_target
    from zotlint.model.values import Layer

    layers: list[Any] = []
    complete = True
    files = src.helm.get("valueFiles")
    for entry in files if isinstance(files, list) else []:
        if not isinstance(entry, str):
            continue
        target = value_file_target(app, src, entry)
        rel = ctx.resolve_file(target[0], app.rel) if target is not None else None
        doc = ctx.doc_at(rel, Kind.OTHER)[0] if rel is not None else None
        if doc is None or not isinstance(doc.data, dict):
            complete = False
            continue
        layers.append(Layer(doc, (), "file", doc.data))
    hp = src.helm_path
    vo = src.helm.get("valuesObject")
    if isinstance(vo, dict):
        layers.append(Layer(app.doc, hp + ("valuesObject",), "valuesObject", vo, strips_null=True))
    elif isinstance(src.helm.get("values"), str):
        emb = ctx.parse_inline(app.doc, hp + ("values",), src.helm["values"])
        if emb is not None and isinstance(emb.data, dict):
            layers.append(Layer(emb, (), "values", emb.data))
    elif isinstance(src.helm.get("values"), dict):
        layers.append(Layer(app.doc, hp + ("values",), "values", src.helm["values"]))
    return layers, complete
