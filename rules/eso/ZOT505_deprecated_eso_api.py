"""`external-secrets.io/v1beta1` ExternalSecret or SecretStore: no longer served by ESO.

## What it does
Reports the `apiVersion` of an ExternalSecret, SecretStore or ClusterSecretStore manifest (or
wrapper-list entry that spells one out) that is `external-secrets.io/v1beta1`. When the
repository pins the External Secrets Operator (its chart in an Application, a Chart.yaml
dependency or kustomize `helmCharts`) at 0.17 or later, the message says the manifest is
rejected; when it pins a version below 0.16, where `v1` does not exist yet, nothing is
reported.

## Why it matters
ESO added `v1` in 0.16.0 and stopped serving `v1beta1` in 0.17.0: the API server answers `no
matches for kind "ExternalSecret" in version "external-secrets.io/v1beta1"` unless the ESO
chart sets the deprecated `crds.unsafeServeV1Beta1: true`, and the Argo CD sync fails.

## With Flux
With Flux the HelmRelease or Kustomization applying the ExternalSecret fails the same way; an
`external-secrets` chart pinned by a Flux HelmRelease `spec.chart.spec.version` counts as the
pinned operator version.
## Example
```yaml
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
```

## Fix
Fix: safe when the repository pins ESO 0.16 or later (it serves `v1`, with the same fields:
external-secrets@cc5bfbc2 `apis/externalsecrets/v1`);
unsafe otherwise (`--unsafe-fixes`), since an ESO older
than 0.16 has no `v1`. Not offered when the object uses template engine `v1`.

The fields are the same in `v1`:
```yaml
apiVersion: external-secrets.io/v1
kind: ExternalSecret
```

## References
- external-secrets `config/crds/bases/external-secrets.io_externalsecrets.yaml` at v0.16.0 and
  v0.17.0 (`served:`), `deploy/charts/external-secrets/values.yaml` (`crds.unsafeServeV1Beta1`)
"""

from zotlint.data.zot_versions import parse_version
from zotlint.document import Document, Path
from zotlint.fix import SAFE, UNSAFE, Fix, replace_value
from zotlint.model.report import Once
from zotlint.rule import PROJECT, Context, rule

_OLD = "external-secrets.io/v1beta1"
_NEW = "external-secrets.io/v1"


@rule(
    id="ZOT505",
    name="deprecated-eso-api",
    severity="warning",
    scope=[PROJECT],
    tags=["eso", "deprecation"],
)
def check(ctx: Context) -> None:
    model = ctx.model
    once = Once(ctx)
    pinned = parse_version(model.eso_version) if model.eso_version else None
    if pinned is not None and pinned < (0, 16):
        return
    objects: list[tuple[Document, Path, str | None]] = [
        (es.doc, es.path, es.api_version) for es in model.secrets.external_secrets
    ]
    objects += [(s.doc, s.path, s.api_version) for s in model.secrets.stores]
    for doc, path, api in objects:
        if api != _OLD:
            continue
        if pinned is not None and pinned >= (0, 17):
            if model.eso_unsafe_v1beta1:
                tail = (
                    f"the pinned ESO {model.eso_version} serves it only through the "
                    f"deprecated crds.unsafeServeV1Beta1 switch, which ESO is removing"
                )
            else:
                tail = (
                    f"the pinned ESO {model.eso_version} does not serve it, so the API "
                    f"server rejects this manifest"
                )
        elif pinned is not None:
            tail = f"the pinned ESO {model.eso_version} still serves it, but 0.17 and later do not"
        else:
            tail = (
                "ESO 0.17 and later do not serve it unless the ESO chart sets "
                "crds.unsafeServeV1Beta1: true"
            )
        once.report(
            doc.ref(path + ("apiVersion",)),
            f"{_OLD} is deprecated: {tail}; use external-secrets.io/v1 (same fields)",
            related=[(model.eso_version_ref, "ESO version")],
            fix=_to_v1(doc, path, pinned),
        )


def _to_v1(doc: Document, path: Path, pinned: tuple[int, ...] | None) -> Fix | None:
    """Safe when the pinned ESO serves v1 (0.16 and later): the fields are the same. Unpinned,
    the cluster's ESO might predate v1: unsafe. Not offered for template engine v1, which only
    v1beta1 documents."""
    if str(doc.get(path + ("spec", "target", "template", "engineVersion"))) == "v1":
        return None
    return Fix(
        f"Change apiVersion to {_NEW}",
        (replace_value(doc.ref(path + ("apiVersion",)), _NEW),),
        SAFE if pinned is not None and pinned >= (0, 16) else UNSAFE,
    )
