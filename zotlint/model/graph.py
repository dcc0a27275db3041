"""`zotlint graph`: the chain the model found for each file a deployment's zot config reads.

provider → path → mount → volume → Secret → ExternalSecret → remote key → SecretStore →
service account → IAM role (trust ok / broken) → its policies (cover the remote keys: yes / no /
too broad), each link marked found, missing or broken, as text, Mermaid or JSON.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from zotlint.data.iam import ROLE_ARN_ANNOTATION as ROLE_ARN
from zotlint.escape import mermaid, terminal
from zotlint.model.build import Deployment, Model
from zotlint.model.chart import DEFAULT_HTPASSWD_HASHES
from zotlint.model.graphsteps import BROKEN, UNKNOWN, Chain, Step
from zotlint.model.graphsteps import where as _where
from zotlint.model.iam import graph_steps
from zotlint.model.links import (
    FOUND,
    MISSING,
    StartFile,
    account_for,
    follow,
    start_files,
    store_for,
)
from zotlint.model.offchart.deployment import WorkloadDeployment
from zotlint.model.offchart.graphchain import config_chain
from zotlint.records import dataclass
from zotlint.scope import in_scope

if TYPE_CHECKING:
    from zotlint.project import Project


@dataclass
class Entry:
    deployment: Deployment
    chains: list[Chain]
    note: str = ""


def build(model: Model, project: Project | None = None) -> list[Entry]:
    out = []
    for dep in model.deployments:
        cfg = dep.config
        if cfg is None:
            note = {
                "image-default": "mountConfig is off: zot runs the image's built-in config",
                "chart-default": "zot runs the chart's default config (no files to follow)",
            }.get(dep.config_source, "no zot config in the repository for this deployment")
            if not dep.complete:
                note = "a value file it layers was not found in the scan: " + note
            pre = [config_chain(dep)] if isinstance(dep, WorkloadDeployment) else []
            out.append(Entry(dep, pre, note))
            continue
        chains = [_chain(model, dep, f, project) for f in start_files(cfg)]
        if isinstance(dep, WorkloadDeployment):
            chains.insert(0, config_chain(dep))
        note = "" if chains else "the zot config reads no files at start"
        if dep.config_source == "image-default":
            note = "mountConfig is off: the chart does not mount this config"
        out.append(Entry(dep, chains, note))
    return out


def _chain(model: Model, dep: Deployment, f: StartFile, project: Project | None = None) -> Chain:
    assert dep.config is not None
    ch = Chain(f)
    ch.steps.append(
        Step("provider", f"{f.what} {f.raw}", FOUND, _where(dep.config.ref(f.config_path)))
    )
    link = follow(model, dep, f)
    if link.mount is None:
        ch.steps.append(Step("mount", f"no mount covers {f.path}", MISSING))
        return ch
    m = link.mount
    mount_label = f"mount {m.mount_path}" + (f" (subPath {m.sub_path})" if m.sub_path else "")
    ch.steps.append(Step("mount", mount_label, FOUND, _where(m.path_ref)))
    vol = link.volume
    if vol is None:
        status = UNKNOWN if m.name is None else BROKEN
        ch.steps.append(Step("volume", f"no volume named {m.label}", status, _where(m.name_ref)))
        return ch
    src = f" → {vol.kind} {vol.source_name}" if vol.source_name else f" ({vol.kind})"
    ch.steps.append(Step("volume", f"volume {vol.label}{src}", FOUND, _where(vol.name_ref)))
    if vol.kind not in ("secret", "configMap"):
        return ch
    kind = "Secret" if vol.kind == "secret" else "ConfigMap"
    if link.chart_source is not None:
        ch.steps.append(
            Step(
                "secret",
                f"{kind} {vol.label} rendered by the chart from {link.chart_source}",
                FOUND,
                _where(dep.values.ref((link.chart_source,), "key")),
            )
        )
    elif link.sources:
        names = ", ".join(
            f"{s.label} {s.name}" + (f" (ns {s.scope.namespace})" if s.scope.namespace else "")
            for s in link.sources
        )
        note = "" if link.certain else "matched by name only"
        ch.steps.append(
            Step(
                "secret",
                f"{kind} {vol.source_name} ← {names}",
                FOUND,
                _where(link.sources[0].ref),
                note,
            )
        )
    elif link.elsewhere:
        other = link.elsewhere[0]
        ch.steps.append(
            Step(
                "secret",
                f"{kind} {vol.source_name} exists only in namespace {other.scope.namespace}",
                BROKEN,
                _where(other.ref),
            )
        )
        return ch
    else:
        ch.steps.append(
            Step(
                "secret",
                f"{kind} {vol.source_name} created by nothing in the repository",
                MISSING,
                _where(vol.source_ref),
                "may be created outside the repository",
            )
        )
        return ch
    key_status = {FOUND: FOUND, MISSING: BROKEN}.get(link.key_status, UNKNOWN)
    note = ""
    if link.chart_source == "secretFiles" and link.key == "htpasswd":
        sample = dep.values.get(("secretFiles", "htpasswd"))
        if isinstance(sample, str) and any(h in sample for h in DEFAULT_HTPASSWD_HASHES):
            key_status, note = BROKEN, "the chart's sample admin:admin htpasswd (ZOT218)"
    ch.steps.append(Step("key", f"key {link.key}", key_status, note=note))
    for es in link.external_secrets:
        ch.steps.append(
            Step(
                "external-secret",
                f"ExternalSecret {es.label}"
                + (f" (ns {es.scope.namespace})" if es.scope.namespace else ""),
                FOUND,
                _where(es.obj_ref()),
            )
        )
        entry = link.data_entry(es)
        if es.produces(link.key or ""):
            ch.steps.append(
                Step(
                    "remote",
                    f"target.template renders {link.key}",
                    FOUND,
                    _where(es.ref(("target", "template", "data"))),
                )
            )
        elif entry is not None:
            label = f"remote key {entry.remote_key}"
            status = FOUND
            note = ""
            if entry.property is not None:
                label += f" property {entry.property}"
                if f.whole_document and not (
                    es.template_keys is not None and es.merge_policy != "Merge"
                ):
                    status, note = BROKEN, "property extracts one key of a whole document (ZOT501)"
            ch.steps.append(Step("remote", label, status, _where(es.doc.ref(entry.path)), note))
        stores, any_kind = store_for(model, es)
        if stores:
            st = stores[0]
            ch.steps.append(Step("store", f"{st.kind} {st.name}", FOUND, _where(st.ref())))
            if st.sa_name:
                accounts, _ = account_for(model, st)
                with_role = [a for a in accounts if a.role_arn]
                if with_role:
                    ch.steps.append(
                        Step(
                            "sa",
                            f"service account {st.sa_name} ({ROLE_ARN})",
                            FOUND,
                            _where(with_role[0].ref),
                        )
                    )
                    if project is not None:
                        for kind, label, status, ref, note in graph_steps(project, model, st):
                            ch.steps.append(Step(kind, label, status, _where(ref), note))
                elif accounts:
                    ch.steps.append(
                        Step(
                            "sa",
                            f"service account {st.sa_name} without {ROLE_ARN}",
                            BROKEN,
                            _where(accounts[0].ref),
                        )
                    )
                else:
                    ch.steps.append(
                        Step(
                            "sa",
                            f"service account {st.sa_name} not in the repository",
                            MISSING,
                            _where(st.sa_ref),
                            "may be created elsewhere",
                        )
                    )
                    if project is not None:  # e.g. by eksctl, with the role the repo defines
                        for kind, label, status, ref, note in graph_steps(project, model, st):
                            ch.steps.append(Step(kind, label, status, _where(ref), note))
        elif es.store_name:
            status = MISSING if any_kind else UNKNOWN
            ch.steps.append(
                Step(
                    "store",
                    f"{es.store_kind} {es.store_name} not in the repository",
                    status,
                    _where(es.ref(("secretStoreRef", "name"))),
                )
            )
    return ch


# -- where a deployment comes from -------------------------------------------------------------


def provenance(dep: Deployment) -> list[tuple[str, str | None]]:
    """(label, file:line) of each object between the repository and the deployment: the
    ApplicationSet element and the Application it generates, a Flux HelmRelease and its chart
    source, then the values layers in merge order."""
    out: list[tuple[str, str | None]] = []
    for app in dep.apps:
        appset = app.doc.meta.get("applicationset") if app.generated_from is not None else None
        if appset is not None:
            name = appset.get(("metadata", "name"))
            out.append((f"ApplicationSet {name or '?'} element", _where(app.generated_from)))
            out.append(
                (f"Application {app.name or '?'} (generated)", _where(app.ref(("metadata",))))
            )
        else:
            out.append((f"Application {app.name or '?'}", _where(app.ref(("metadata", "name")))))
    hr = dep.flux
    if hr is not None:
        out.append((f"Flux HelmRelease {hr.name or '?'}", _where(hr.ref(("metadata", "name")))))
        c = hr.chart
        src = f" from {c.source_kind} {c.source_name}" if c.source_kind else ""
        where = _where(c.version_ref) or (_where(c.source_doc.ref(())) if c.source_doc else None)
        out.append((f"chart {c.name or '?'} {c.version_spec or '(version unknown)'}{src}", where))
    if dep.kustomization is not None:
        out.append(("kustomize helmCharts", _where(dep.kustomization.ref(("helmCharts",)))))
    for layer in dep.layers:
        out.append((f"values ({layer.source})", _where(layer.ref(()))))
    return out


def _files(entry: Entry) -> set[str]:
    """The files an entry shows: its values, config, provenance and every link of its chains."""
    dep = entry.deployment
    out = {dep.primary.source.rel}
    if dep.config is not None:
        out.add(dep.config.source.rel)
    wheres = [w for _, w in provenance(dep)]
    wheres += [s.where for ch in entry.chains for s in ch.steps]
    out.update(w.rsplit(":", 1)[0] for w in wheres if w)
    return out


# -- rendering ---------------------------------------------------------------------------------

_MARK = {FOUND: "ok", MISSING: "MISSING", BROKEN: "BROKEN", UNKNOWN: "?"}


def title(dep: Deployment) -> str:
    """A deployment's heading: its key, with environment, namespace and chart version."""
    extra = []
    if dep.env:
        extra.append(f"env {dep.env}")
    if dep.namespace:
        extra.append(f"namespace {dep.namespace}")
    if dep.chart.version:
        extra.append(f"chart {dep.chart.version}")
    return dep.key + (f" ({', '.join(extra)})" if extra else "")


def render_text(entries: list[Entry]) -> str:
    if not entries:
        return "No zot deployment found.\n"
    t = terminal  # every name, path, key and note here comes from the repository
    lines: list[str] = []
    for e in entries:
        lines.append(f"deployment {t(title(e.deployment))}")
        lines.append(f"  values: {t(e.deployment.primary.source.rel)}")
        for label, where in provenance(e.deployment):
            lines.append(f"  from    {t(label)}" + (f"  [{t(where)}]" if where else ""))
        if e.note:
            lines.append(f"  ({t(e.note)})")
        for ch in e.chains:
            lines.append(f"  {t(ch.file.what)} {t(ch.file.raw)}: {_MARK[ch.status]}")
            for s in ch.steps[1:]:
                where = f"  [{t(s.where)}]" if s.where else ""
                note = f"  -- {t(s.note)}" if s.note else ""
                lines.append(f"    {_MARK[s.status]:<7} {t(s.label)}{where}{note}")
        lines.append("")
    return "\n".join(lines)


def _q(text: str) -> str:
    # Labels quote the repository (names, paths, keys): one line, nothing Mermaid or the
    # Markdown around a ```mermaid fence would read (zotlint.escape).
    return mermaid(text)


def render_mermaid(entries: list[Entry]) -> str:
    lines = ["flowchart LR"]
    styled: dict[str, list[str]] = {MISSING: [], BROKEN: []}
    for i, e in enumerate(entries):
        lines.append(f"  subgraph d{i}[{_q(title(e.deployment))}]")
        for k, (label, _) in enumerate(provenance(e.deployment)):
            lines.append(f"    d{i}p{k}[{_q(label)}]")
            if k:
                lines.append(f"    d{i}p{k - 1} --> d{i}p{k}")
        if not e.chains:
            lines.append(f"    d{i}n[{_q(e.note or 'no files to follow')}]")
        for j, ch in enumerate(e.chains):
            prev = None
            for k, s in enumerate(ch.steps):
                node = f"d{i}c{j}s{k}"
                lines.append(f"    {node}[{_q(s.label)}]")
                if prev is not None:
                    if s.status == MISSING:
                        lines.append(f"    {prev} -. missing .-> {node}")
                    elif s.status == BROKEN:
                        lines.append(f"    {prev} -- broken --x {node}")
                    else:
                        lines.append(f"    {prev} --> {node}")
                if s.status in styled:
                    styled[s.status].append(node)
                prev = node
        lines.append("  end")
    lines.append("  classDef missing stroke:#bf8700,stroke-width:2px,stroke-dasharray: 5 5")
    lines.append("  classDef broken stroke:#cf222e,stroke-width:3px,color:#cf222e")
    for status, nodes in styled.items():
        if nodes:
            lines.append(f"  class {','.join(nodes)} {status}")
    return "\n".join(lines) + "\n"


def render_json(entries: list[Entry]) -> str:
    out = []
    for e in entries:
        d = e.deployment
        out.append(
            {
                "deployment": d.key,
                "values": d.primary.source.rel,
                "environment": d.env,
                "namespace": d.namespace,
                "release": d.release,
                "chart": {
                    "kind": d.chart.kind,
                    "version": d.chart.version,
                    "upstream": d.chart.upstream,
                },
                "config": d.config_source,
                "sources": [{"label": lb, "where": w} for lb, w in provenance(d)],
                "note": e.note or None,
                "chains": [
                    {
                        "file": ch.file.raw,
                        "what": ch.file.what,
                        "status": ch.status,
                        "links": [s.as_dict() for s in ch.steps],
                    }
                    for ch in e.chains
                ],
            }
        )
    return json.dumps(out, indent=2) + "\n"


def render(
    model: Model,
    fmt: str,
    project: Project | None = None,
    scope: tuple[str, ...] | None = None,
) -> str:
    """``project``: also follow the service account to its IAM role and policies. ``scope``:
    only the deployments that show a file under one of these root-relative prefixes (a
    sub-path run: the whole repository is loaded, see zotlint.scope)."""
    entries = build(model, project)
    if scope is not None:
        entries = [e for e in entries if any(in_scope(rel, scope) for rel in _files(e))]
    if fmt == "mermaid":
        return render_mermaid(entries)
    if fmt == "json":
        return render_json(entries)
    return render_text(entries)
