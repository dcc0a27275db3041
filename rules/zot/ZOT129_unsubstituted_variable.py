"""A `${VAR}`, `$(VAR)` or `{{ … }}` in a zot config value that nothing in the repository
replaces before zot reads the file.

## What it does
Looks at every string value of every zot config — standalone `config.json`, the chart's
`configFiles`, a ConfigMap's `config.json`, a config inside an ExternalSecret template — for
shell-style variables (`${VAR}`, `${VAR:=default}`, `$(VAR)`) and Go template actions
(`{{ … }}`), and reports the ones nothing replaces. Replaced, so not reported (the value is
unknown):
- a Flux Kustomization whose `postBuild` has `substitute` or `substituteFrom` and whose `path`
  builds the file — its own postBuild, or one a parent Kustomization patches into it — unless
  the object the file becomes (the ConfigMap, the generator's `options`/`generatorOptions`
  annotations or labels, the HelmRelease, the ExternalSecret) carries
  `kustomize.toolkit.fluxcd.io/substitute: disabled`;
- `{{ … }}` inside an ExternalSecret `target.template` (ESO renders it);
- files of a Helm chart's `templates/`;
- an Argo CD Application whose source uses a config-management `plugin` on the directory;
- a shell script, Makefile, Dockerfile or CI workflow in the scan that names the file on a
  line running `envsubst`, `sed`, `gomplate`, `ytt`, `j2`, `yq` or `consul-template`.

## Why it matters
zot expands no environment variables and renders no templates in its config: viper reads the
file as it is (zot @6d19b445 has no `os.ExpandEnv`). The literal text becomes the value: a
`clientsecret` of `${GITHUB_CLIENT_SECRET}` that the identity provider rejects, a sync URL
`https://${SECRET_DOMAIN}` that Go's URL parser refuses, which stops the sync extension. With
Flux substitution switched off for the resource (the annotation is often added so that other
`$` text survives), every variable in it reaches zot as written.

## Example
```json
{"http": {"auth": {"openid": {"providers": {"github": {
  "clientid": "zot", "clientsecret": "${GITHUB_CLIENT_SECRET}"}}}}}}
```

## Fix
Put the value in the file zot reads, rendered by something that runs before zot: a
`credentialsFile` mounted from a Secret (ESO, SOPS), an ExternalSecret `target.template`, or
Flux `postBuild.substituteFrom` on the Kustomization that builds the file (without the
`disabled` annotation):
```json
{"http": {"auth": {"openid": {"providers": {"github": {
  "credentialsFile": "/secret-github/credentials.json"}}}}}}
```

## References
- zot `pkg/cli/server/root.go` (`LoadConfiguration`: viper `ReadInConfig` and `Unmarshal`, no
  expansion)
- fluxcd/pkg `kustomize/kustomize_varsub.go` @0180cac2 (`SubstituteVariables`: skipped for
  `kustomize.toolkit.fluxcd.io/substitute: disabled`, only with variables, drone/envsubst)
- external-secrets `pkg/template/v2/template.go` (Go text/template over `target.template`)
"""

import re
from collections.abc import Iterator
from typing import Any

from zotlint.document import Document, Kind, Path
from zotlint.model.offchart.esotemplate import template_configs, template_from_keys
from zotlint.model.offchart.substitution import (
    SUBSTITUTE_KEY,
    VARIABLE,
    config_labels,
    replaced_token,
    replacers,
    template_actions,
)
from zotlint.model.report import Once
from zotlint.rule import PROJECT, Context, rule

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MAX_VALUES = 20_000  # values looked at per config (hostile input stays bounded)


@rule(
    id="ZOT129",
    name="unsubstituted-variable",
    severity="error",
    scope=[PROJECT],
    tags=["correctness", "gitops"],
)
def check(ctx: Context) -> None:
    project = ctx.project
    reps = replacers(project)
    once = Once(ctx)
    docs: list[Document] = list(project.documents(Kind.ZOT_CONFIG))
    docs += [tc.doc for tc in template_configs(project)]
    for doc in docs:
        host = doc.host
        if host.is_a(Kind.ARGO_APPSET):
            continue  # the ApplicationSet controller renders its template
        esotemplated = doc.meta.get("rendered_by") == "external-secrets" or _template_from(
            project, doc
        )
        rel = host.source.rel
        labels = config_labels(project, doc)
        repl = reps.replaced(rel, labels)
        for path, value in _strings(doc.data):
            found = [m.group(0) for m in VARIABLE.finditer(value)]
            found += template_actions(value)
            left = [t for t in found if not replaced_token(t, repl, esotemplated)]
            if not left:
                continue
            shown = ", ".join(dict.fromkeys(_short(v) for v in left))
            disabled = reps.disabled_by(rel, labels)
            related: list[tuple[Any, str]] = []
            if disabled is not None and any(t.startswith("${") for t in left):
                why = (
                    f"Flux Kustomization {disabled.name or '?'} would substitute it, but the "
                    f"resource is marked {SUBSTITUTE_KEY}: disabled"
                )
                related.append((disabled.ref, "the Kustomization's postBuild"))
            else:
                why = "nothing in the repository replaces it before zot reads the file"
            once.report(
                doc.ref(path),
                f"{shown} is not expanded by zot: {why}, so zot takes the literal text as the "
                f"value",
                related=related,
                identity=shown,
            )


def _template_from(project: Any, doc: Document) -> bool:
    """A config in a ConfigMap that an ExternalSecret uses as a `templateFrom` template."""
    p = doc.parent
    if p is None or not p.is_a(Kind.CONFIG_MAP) or len(doc.host_path) != 2:
        return False
    meta = p.data.get("metadata") if isinstance(p.data, dict) else None
    name = meta.get("name") if isinstance(meta, dict) else None
    return isinstance(name, str) and (name, str(doc.host_path[1])) in template_from_keys(project)


def _short(text: str) -> str:
    """The variable's name only (`${X:=default}` → `${X}`: a default may be a secret)."""
    if text.startswith("${"):
        m = _NAME.match(text, 2)
        return "${" + (m.group(0) if m else "") + "}"
    return text if len(text) <= 60 else text[:57] + "..."


def _strings(data: Any) -> list[tuple[Path, str]]:
    """Strings holding `$` or `{{`, with their paths, in document order (the first
    _MAX_VALUES). A path is built only for a container or a string kept: most values are
    neither."""
    if isinstance(data, str):
        return [((), data)] if "$" in data or "{{" in data else []
    out: list[tuple[Path, str]] = []
    if not isinstance(data, (dict, list)):
        return out
    stack: list[tuple[Path, Iterator[tuple[Any, Any]]]] = [((), _items(data))]
    while stack:
        path, items = stack[-1]
        for k, v in items:
            if isinstance(v, str):
                if "$" in v or "{{" in v:
                    out.append(((*path, k), v))
                    if len(out) >= _MAX_VALUES:
                        return out
            elif isinstance(v, (dict, list)):
                stack.append(((*path, k), _items(v)))
                break  # descend; this level resumes where it stopped
        else:
            stack.pop()
    return out


def _items(value: dict[Any, Any] | list[Any]) -> Iterator[tuple[Any, Any]]:
    return iter(value.items()) if isinstance(value, dict) else enumerate(value)
