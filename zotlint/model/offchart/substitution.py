"""What replaces `${VAR}` / `{{ … }}` text in a file before zot reads it.

zot expands nothing in its config (viper reads the file as is), so a variable left in it
becomes the value. Something in the repository may replace it first:

- Flux kustomize-controller `postBuild`: after `kustomize build` of a Kustomization's `path`,
  every resource is run through envsubst with `substitute` (inline) and `substituteFrom`
  (ConfigMap/Secret keys) — only when there is at least one variable source, and never in a
  resource labelled or annotated `kustomize.toolkit.fluxcd.io/substitute: disabled`
  (fluxcd/pkg `kustomize/kustomize_varsub.go` @0180cac2: `SubstituteVariables`,
  `DisabledValue`; drone/envsubst: an unset variable becomes empty, `$${X}` escapes). The
  postBuild may be the Kustomization's own or patched into it by a parent Kustomization whose
  build contains it (`spec.patches` targeting kind Kustomization).
- ESO's template engine for `{{ … }}` in `target.template` (zotlint.model.offchart.esotemplate).
- Helm for files of a chart's `templates/`.
- An Argo CD Application whose source uses a config-management `plugin`.
- A script, CI workflow or Makefile in the scan naming the file next to `envsubst`, `sed`,
  `gomplate`, `ytt`, `j2`/`jinja`, `consul-template` or `yq`.

``Replacers.replaced(rel, labels)`` answers for one file (and the labels/annotations of the
object it becomes); None when nothing does.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import field
from typing import TYPE_CHECKING, Any

from zotlint.document import Document, Kind, Ref
from zotlint.lazyregex import lazy_compile
from zotlint.model.resolve import scanned_paths
from zotlint.records import dataclass

if TYPE_CHECKING:
    from zotlint.project import Project

SUBSTITUTE_KEY = "kustomize.toolkit.fluxcd.io/substitute"
DISABLED = "disabled"
FLUX_GROUP = "kustomize.toolkit.fluxcd.io/"

# `${VAR}`, `${VAR:=default}`, `${VAR:-x}` …, and `$(VAR)`; `$${VAR}` is envsubst's escape for
# a literal `${VAR}` (reported even where Flux substitutes: that is what it leaves behind).
VARIABLE = re.compile(
    r"\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:=\-+?#%/^,][^}]{0,200})?\}"  # ${VAR}, ${VAR:=x}
    r"|\$\([A-Za-z_][A-Za-z0-9_]*\)"  # $(VAR)
)
_TOOLS = lazy_compile(r"\b(?:envsubst|sed|gomplate|ytt|j2|jinja2?|consul-template|yq|tpl|mo|esh)\b")
_SCRIPT_SUFFIXES = (".sh", ".bash", ".zsh", ".ps1", ".mk", "makefile", "dockerfile", "justfile")


@dataclass(eq=False)
class FluxKustomization:
    doc: Document
    name: str | None
    path: str | None  # repository directory it builds (None: unknown)
    substitutes: bool  # postBuild has at least one variable source
    patches_children: bool = False  # adds postBuild to the Kustomizations it builds
    ref: Ref | None = None


@dataclass(eq=False)
class Replacement:
    """What replaces variables in one file."""

    by: str  # "flux" | "plugin" | "script" | "helm"
    ref: Ref | None = None
    note: str = ""


@dataclass(eq=False)
class Replacers:
    kustomizations: list[FluxKustomization] = field(default_factory=list)
    plugin_dirs: list[tuple[str, Ref]] = field(default_factory=list)
    scripts: list[tuple[str, str]] = field(default_factory=list)  # (rel, lower-cased text)
    chart_dirs: set[str] = field(default_factory=set)

    def flux(self, rel: str) -> FluxKustomization | None:
        """The Flux Kustomization with substitution whose build contains ``rel``."""
        best: FluxKustomization | None = None
        for k in self.kustomizations:
            if not k.substitutes or k.path is None:
                continue
            inside = k.path == "" or rel == k.path or rel.startswith(k.path + "/")
            if inside and (best is None or len(k.path) > len(best.path or "")):
                best = k
        return best

    def builds(self, rel: str) -> bool:
        """Whether any Flux Kustomization builds ``rel`` (with or without substitution)."""
        return any(
            k.path is not None and (k.path == "" or rel.startswith(k.path + "/"))
            for k in self.kustomizations
        )

    def replaced(self, rel: str, labels: dict[str, Any] | None = None) -> Replacement | None:
        d = posixpath.dirname(rel)
        while d:
            if d in self.chart_dirs and rel.startswith(d + "/templates/"):
                return Replacement("helm", note="a Helm chart template")
            d = posixpath.dirname(d)
        disabled = bool(labels) and str((labels or {}).get(SUBSTITUTE_KEY)) == DISABLED
        k = self.flux(rel)
        if k is not None and not disabled:
            return Replacement("flux", k.ref, f"Flux Kustomization {k.name or '?'} postBuild")
        for pdir, ref in self.plugin_dirs:
            if pdir == "" or rel.startswith(pdir + "/"):
                return Replacement("plugin", ref, "an Argo CD config-management plugin")
        base = posixpath.basename(rel).lower()
        for srel, text in self.scripts:
            if base in text and _names_tool_near(text, base):
                return Replacement("script", None, f"{srel} rewrites it")
        return None

    def disabled_by(self, rel: str, labels: dict[str, Any] | None) -> FluxKustomization | None:
        """The Kustomization that would substitute ``rel`` but for the `disabled` mark."""
        if not labels or str(labels.get(SUBSTITUTE_KEY)) != DISABLED:
            return None
        return self.flux(rel)


def _names_tool_near(text: str, base: str) -> bool:
    """The file's name on a line (or its continuation) that also runs a templating tool."""
    for m in re.finditer(re.escape(base), text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        line = text[max(0, start - 200) : (end if end >= 0 else len(text)) + 200]
        if _TOOLS.search(line):
            return True
    return False


def read_replacers(project: Project) -> Replacers:
    out = Replacers()
    paths = scanned_paths(project)
    kdocs = [
        d
        for d in project.documents(Kind.K8S_OBJECT)
        if isinstance(d.data, dict)
        and d.data.get("kind") == "Kustomization"
        and str(d.data.get("apiVersion") or "").startswith(FLUX_GROUP)
    ]
    for d in kdocs:
        spec = d.data.get("spec") if isinstance(d.data.get("spec"), dict) else {}
        raw = spec.get("path")
        path: str | None = None
        if isinstance(raw, str):
            clean = posixpath.normpath(raw.strip().lstrip("./") or ".")
            path = "" if clean in (".", "") else paths.directory(clean, d.source.rel)
        elif raw is None:
            path = ""
        post = spec.get("postBuild") if isinstance(spec.get("postBuild"), dict) else {}
        meta = d.data.get("metadata") if isinstance(d.data.get("metadata"), dict) else {}
        k = FluxKustomization(
            d,
            meta.get("name") if isinstance(meta.get("name"), str) else None,
            path,
            _has_vars(post),
            ref=d.ref(("spec", "postBuild")) if post else d.ref(("metadata", "name")),
        )
        patches = spec.get("patches")
        if isinstance(patches, list):
            for p in patches:
                if not isinstance(p, dict):
                    continue
                target = p.get("target") if isinstance(p.get("target"), dict) else {}
                text = p.get("patch")
                if (
                    target.get("kind") in (None, "Kustomization")
                    and isinstance(text, str)
                    and "postBuild" in text
                    and "substitute" in text
                ):
                    k.patches_children = True
        out.kustomizations.append(k)
    # A parent's patch gives every Kustomization its build contains a postBuild.
    for parent in [k for k in out.kustomizations if k.patches_children and k.path is not None]:
        for child in out.kustomizations:
            rel = child.doc.source.rel
            if child is not parent and (
                parent.path == "" or rel.startswith((parent.path or "") + "/")
            ):
                child.substitutes = True
                child.ref = child.ref or parent.ref
    for d in project.documents(Kind.ARGO_APP):
        spec = d.data.get("spec") if isinstance(d.data, dict) else None
        if not isinstance(spec, dict):
            continue
        sources = spec.get("sources") if isinstance(spec.get("sources"), list) else []
        single = spec.get("source")
        for i, src in enumerate([single, *sources]):
            if isinstance(src, dict) and "plugin" in src and isinstance(src.get("path"), str):
                pdir = paths.directory(src["path"].strip("./") or ".", d.source.rel)
                where = ("spec", "source") if i == 0 else ("spec", "sources", i - 1)
                if pdir is not None:
                    out.plugin_dirs.append((pdir, d.ref(where + ("plugin",))))
    for d in project.documents(Kind.HELM_CHART):
        out.chart_dirs.add(posixpath.dirname(d.source.rel))
    for f in project.files:
        rel = f.source.rel
        low = rel.lower()
        if (
            low.endswith(_SCRIPT_SUFFIXES)
            or "/.github/workflows/" in "/" + low
            or (low.startswith(".gitlab-ci"))
        ):
            text = f.source.text.lower()
            if _TOOLS.search(text):
                out.scripts.append((rel, text))
    return out


def _has_vars(post: dict[str, Any]) -> bool:
    sub = post.get("substitute")
    frm = post.get("substituteFrom")
    return (isinstance(sub, dict) and bool(sub)) or (isinstance(frm, list) and bool(frm))


def replacers(project: Project) -> Replacers:
    """``read_replacers`` once per run."""
    return project.cached(
        ("zotlint.model.offchart.substitution", "replacers"), lambda: read_replacers(project)
    )


def config_labels(project: Project, doc: Document) -> dict[str, Any]:
    """Labels and annotations of the object a zot config becomes: its host manifest (a
    ConfigMap, an ExternalSecret, a HelmRelease), or for a standalone file the objects kustomize
    generators make of it (a `disabled` on any of them counts)."""
    from zotlint.model.offchart.generators import generators_of_file

    out: dict[str, Any] = {}
    host = doc.host
    if host is not doc or doc.parent is not None:
        meta = host.data.get("metadata") if isinstance(host.data, dict) else None
        if isinstance(meta, dict):
            for k in ("labels", "annotations"):
                if isinstance(meta.get(k), dict):
                    out.update(meta[k])
        return out
    for gen, _ in generators_of_file(project, doc.source.rel):
        for k, v in gen.annotations.items():
            if (k == SUBSTITUTE_KEY and str(v) == DISABLED) or k not in out:
                out[k] = v
    return out


def template_actions(value: str) -> list[str]:
    """The `{{ … }}` actions of a value, in one linear scan (a lazy regex would rescan the rest
    of the text from every unclosed `{{`)."""
    out: list[str] = []
    i = value.find("{{")
    while i >= 0:
        end = value.find("}}", i + 2)
        if end < 0:
            break
        out.append(value[i : end + 2])
        i = value.find("{{", end + 2)
    return out


def replaced_token(token: str, repl: Replacement | None, esotemplated: bool) -> bool:
    """Whether something replaces one `${…}` / `$(…)` / `{{ … }}` before zot reads it."""
    if token.startswith("{{"):
        return esotemplated or (repl is not None and repl.by in ("helm", "plugin", "script"))
    if repl is None:
        return False
    if repl.by in ("plugin", "script"):
        return True
    return repl.by == "flux" and token.startswith("${")
