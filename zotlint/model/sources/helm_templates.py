"""Source: the documents of a chart's templates/ that Helm templates (zotlint.files.helm).

What they render is unknown, but one that creates a Secret (an ExternalSecret, a Secret, a
SealedSecret written out with template actions) may create the one a pod mounts: it is recorded
as a source of unknown keys, under each name it writes, or, when a name is itself a template
action, as a source of any name in its namespace, when that is known (used only when nothing else of
that name exists there). So no rule
calls such a Secret "created by nothing", and no key of it is called missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zotlint.document import Document, Kind
from zotlint.files.helm import templated_documents, templated_secret
from zotlint.model.provisioning import SecretSource

if TYPE_CHECKING:
    from zotlint.model.sources.base import BuildContext

COMPUTED_NAME = "(name computed by the template)"


def read(ctx: BuildContext) -> None:
    idx = ctx.model.secrets
    for lf in ctx.project.files:
        if not lf.helm_template:
            continue
        text = lf.source.text
        for start, end in templated_documents(text):
            found = templated_secret(text[start:end])
            if found is None:
                continue
            # A stand-in document spanning the templated one: where the graph points.
            doc = Document(lf.source, Kind.OTHER, {}, {(): (-1, -1, start, end)})
            sc = ctx.scope(doc, (found.namespace, None) if found.namespace else None)
            for name in sorted(found.names):
                idx.add_secret(SecretSource("helm-template", name, sc, doc.ref(())))
            if found.computed and sc.namespace is not None:
                # Only in a known namespace: one chart ranging over its values' Secrets must
                # not leave every Secret of the repository unknown.
                idx.add_unnamed(SecretSource("helm-template", COMPUTED_NAME, sc, doc.ref(())))
