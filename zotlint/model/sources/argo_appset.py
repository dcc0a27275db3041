"""Source: Argo CD ApplicationSets, expanded (``zotlint.knowledge.argo_appset``) into the
Applications they generate, each then read exactly as an Application (``argo_app``).

A generated Application is a Document over the ApplicationSet's file whose data is the rendered
template and whose positions are the template's: a finding about `helm.valueFiles[1]` lands on
the template line a person edits, and ``App.generated_from`` is the list element (or git file)
that produced it. When the generators cannot be expanded statically, the value files the template
names (`{{…}}` read as `*`) are marked as deployed-by-something-unknown, so they are not judged
as values files nothing deploys.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from zotlint.document import Document, Kind, Path
from zotlint.lazyregex import lazy_compile
from zotlint.model.argo import read_app
from zotlint.model.env import env_from_name, env_from_path
from zotlint.model.sources import argo_app

if TYPE_CHECKING:
    from zotlint.model.sources.base import BuildContext

TEMPLATE: Path = ("spec", "template")
_TAG = lazy_compile(r"\{\{.*?\}\}")


def _generated_doc(appset: Document, data: dict[str, Any], number: int) -> Document:
    return Document(
        source=appset.source,
        kind=Kind.ARGO_APP,
        data=data,
        index=appset.index.under(TEMPLATE),
        syntax=appset.syntax,
        number=appset.number,
        kinds=frozenset({Kind.ARGO_APP}),
        meta={"applicationset": appset, "element": number},
        scalars={},
    )


def read(ctx: BuildContext) -> None:
    for doc in ctx.project.documents(Kind.ARGO_APPSET):
        if not isinstance(doc.data, dict) or doc.data.get("kind") != "ApplicationSet":
            continue
        # Imported here: few repositories have ApplicationSets, and start-up pays for imports.
        from zotlint.knowledge.argo_appset import expand

        exp = expand(doc, ctx.project.all_paths, ctx.project.documents_at)
        if not exp.known:
            _consume_template_files(ctx, doc)
            continue
        for n, (rendered, params) in enumerate(exp.apps):
            data = {
                "apiVersion": doc.data.get("apiVersion"),
                "kind": "Application",
                **rendered,
            }
            vdoc = _generated_doc(doc, data, n)
            app = read_app(vdoc)
            if app is None:
                continue
            app.generated_from = params.origin
            app.env = (
                env_from_name(app.name) or _env_of(params.values) or env_from_path(doc.source.rel)
            )
            ctx.apps.append(app)
            for src in app.sources:
                argo_app.app_source(ctx, app, src)


def _env_of(values: dict[str, Any]) -> str | None:
    for key in ("env", "environment", "stage"):
        v = values.get(key)
        if isinstance(v, str) and (e := env_from_name(v)):
            return e
    return None


def _consume_template_files(ctx: BuildContext, doc: Document) -> None:
    """The template's value files, with every `{{…}}` read as `*`: some Application the
    repository cannot show deploys them, so they are not values files nothing deploys."""
    tmpl = doc.get(TEMPLATE)
    if not isinstance(tmpl, dict):
        return
    spec = tmpl.get("spec") if isinstance(tmpl.get("spec"), dict) else {}
    sources = spec.get("sources") if isinstance(spec.get("sources"), list) else [spec.get("source")]
    patterns: list[re.Pattern[str]] = []
    for src in sources:
        if not isinstance(src, dict):
            continue
        helm = src.get("helm") if isinstance(src.get("helm"), dict) else {}
        base = src.get("path") if isinstance(src.get("path"), str) else ""
        for entry in helm.get("valueFiles") or []:
            if not isinstance(entry, str) or "://" in entry:
                continue
            e = entry.strip()
            if e.startswith("$"):
                e = e.partition("/")[2]
            elif not e.startswith("/") and base:
                e = base.rstrip("/") + "/" + e
            e = e.lstrip("/")
            parts = _TAG.split(e)
            rx = "[^/]*".join(re.escape(p) for p in parts)
            # Paths may be relative to a sub-folder the scan starts in: match by suffix.
            patterns.append(re.compile(r"(?:^|.*/)" + rx + "$"))
    if not patterns:
        return
    for rel in ctx.project.all_paths:
        if any(p.match(rel) for p in patterns):
            for d in ctx.project.documents_at(rel):
                ctx.consumed.add(id(d))
