"""Zot configs written inside an ExternalSecret template.

ESO builds the target Secret from `spec.target.template.data` (each value a Go template) and
from `templateFrom` entries (ConfigMap or Secret keys holding templates; `templateAs: Values`,
the default, makes each key a Secret key). Three of the surveyed repos keep zot's whole
`config.json` there, its OIDC client secret filled in by ESO. Such a value is parsed as a zot
config with every `{{ … }}` action an unknown value (zotlint.model.offchart.gotemplate), its
positions in the ExternalSecret file (or the template ConfigMap's), and the Secret it becomes is
the one the pod mounts: the other keys of the same template (credentials files, htpasswd,
certificates) are that Secret's keys (ExternalSecret.keys()).

References: external-secrets `apis/externalsecrets/v1/externalsecret_types.go`
(`ExternalSecretTemplate.Data`, `TemplateFrom{ConfigMap,Secret,Literal,Target}`,
`TemplateScope` Values/KeysAndValues) and `pkg/template/v2/template.go` (Go text/template);
https://external-secrets.io/latest/guides/templating/.
"""

from __future__ import annotations

from typing import Any

from zotlint.classify import is_zot_config
from zotlint.document import Document, Kind, Path
from zotlint.records import dataclass
from zotlint.source.loader import LoadedFile, parse_embedded
from zotlint.source.problems import Limits

CONFIG_NAMES = ("config.json", "config.yaml", "config.yml")


@dataclass(eq=False)
class TemplateConfig:
    """A zot config that ESO renders into Secret key ``key`` of ``target``."""

    key: str
    doc: Document
    host: Document  # the ExternalSecret (or template ConfigMap) document
    path: Path  # path of the template value in ``host``


def parse_template_value(
    host: Document, path: Path, key: str, value: str, limits: Limits
) -> Document | None:
    """The zot config a template value holds, or None when it is not one (or cannot be
    parsed even with its actions masked: then it stays unknown, never a syntax error — what ESO
    renders may well be valid)."""
    named = key.lower() in CONFIG_NAMES
    if not named and not (value.lstrip().startswith("{") or "storage" in value.lower()):
        return None
    # Imported here: few repositories have ESO templates, and start-up pays for every import.
    from zotlint.model.offchart.gotemplate import has_actions, mask

    text: str | None = None
    if has_actions(value):
        masked = mask(value)
        if masked is None:
            return None
        text = masked.text
    out = LoadedFile(host.source)
    emb = parse_embedded(out, host, path, key, value, report_errors=False, limits=limits, text=text)
    if emb is None or not isinstance(emb.data, dict):
        return None
    if not named and not is_zot_config(emb.data):
        return None
    emb.kind = Kind.ZOT_CONFIG
    emb.kinds = frozenset({Kind.ZOT_CONFIG})
    emb.case_insensitive = True
    emb.meta["rendered_by"] = "external-secrets"
    return emb


def template_data_configs(
    doc: Document, spec_path: Path, spec: dict[str, object], limits: Limits
) -> list[TemplateConfig]:
    """Configs in `target.template.data` of one ExternalSecret spec."""
    target = spec.get("target")
    if not isinstance(target, dict):
        return []
    template = target.get("template")
    if not isinstance(template, dict):
        return []
    data = template.get("data")
    if not isinstance(data, dict):
        return []
    out: list[TemplateConfig] = []
    for key, value in data.items():
        if not isinstance(key, str) or not isinstance(value, str):
            continue
        path = spec_path + ("target", "template", "data", key)
        emb = parse_template_value(doc, path, key, value, limits)
        if emb is not None:
            out.append(TemplateConfig(key, emb, doc, path))
    return out


def template_from_refs(spec: dict[str, object]) -> list[tuple[str, str, list[str]]]:
    """(kind "configMap" | "secret", object name, keys) of `templateFrom` entries rendered as
    values (`templateAs: Values`, the default)."""
    target = spec.get("target")
    template = target.get("template") if isinstance(target, dict) else None
    entries = template.get("templateFrom") if isinstance(template, dict) else None
    if not isinstance(entries, list):
        return []
    out: list[tuple[str, str, list[str]]] = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        for kind in ("configMap", "secret"):
            ref = entry.get(kind)
            if not isinstance(ref, dict) or not isinstance(ref.get("name"), str):
                continue
            keys: list[str] = []
            items = ref.get("items")
            if isinstance(items, list):
                for it in items:
                    if not isinstance(it, dict) or not isinstance(it.get("key"), str):
                        continue
                    if it.get("templateAs", "Values") == "Values":
                        keys.append(it["key"])
            out.append((kind, ref["name"], keys))
    return out


def template_configs(project: Any) -> list[TemplateConfig]:
    """Zot configs in the `target.template.data` of every ExternalSecret manifest (once per
    run)."""

    def compute() -> list[TemplateConfig]:
        out: list[TemplateConfig] = []
        for doc in project.documents(Kind.EXTERNAL_SECRET):
            data = doc.data
            if not isinstance(data, dict) or data.get("kind") != "ExternalSecret":
                continue
            spec = data.get("spec")
            if isinstance(spec, dict):
                out += template_data_configs(doc, ("spec",), spec, project.limits)
        return out

    return project.cached(("zotlint.model.offchart.esotemplate", "configs"), compute)


def template_from_keys(project: Any) -> frozenset[tuple[str, str]]:
    """(ConfigMap name, key) pairs that ExternalSecrets render as templates (`templateFrom`
    with `templateAs: Values`): a zot config there is filled in by ESO, its `{{ }}` replaced."""

    def compute() -> frozenset[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        for doc in project.documents(Kind.EXTERNAL_SECRET):
            data = doc.data
            spec = data.get("spec") if isinstance(data, dict) else None
            if isinstance(spec, dict):
                for kind, name, keys in template_from_refs(spec):
                    if kind == "configMap":
                        out.update((name, k) for k in keys)
        return frozenset(out)

    return project.cached(("zotlint.model.offchart.esotemplate", "template-from"), compute)
