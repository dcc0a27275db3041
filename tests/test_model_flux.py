"""Flux HelmRelease reading (zotlint.model.sources.flux): release name, namespace, chart
identity and values layers, as helm-controller computes them."""

from __future__ import annotations

from pathlib import Path

from zotlint.config import Settings
from zotlint.engine import load_project
from zotlint.knowledge.flux import shorten_release_name


def _model(root: Path, files: dict[str, str]):  # type: ignore[no-untyped-def]
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return load_project([root], Settings(), root=root).facts.model


def _hr(spec: str, name: str = "zot", ns: str = "registry") -> str:
    return (
        "apiVersion: helm.toolkit.fluxcd.io/v2beta2\nkind: HelmRelease\n"
        f"metadata:\n  name: {name}\n  namespace: {ns}\nspec:\n{spec}"
    )


CHART = (
    "  chart:\n    spec:\n      chart: zot\n      version: 0.1.60\n"
    "      sourceRef: {kind: HelmRepository, name: zot}\n"
)


def test_release_name_and_namespace_follow_helm_controller(tmp_path: Path) -> None:
    m = _model(
        tmp_path,
        {
            "a.yaml": _hr(CHART + "  values: {mountConfig: true}\n"),
            "b.yaml": _hr(CHART + "  targetNamespace: prod\n", name="zot-b"),
            "c.yaml": _hr(CHART + "  releaseName: reg\n  targetNamespace: x\n", name="zot-c"),
        },
    )
    got = {d.key: (d.release, d.namespace, d.chart.kind, d.chart.version) for d in m.deployments}
    assert got == {
        "zot": ("zot", "registry", "flux", "0.1.60"),
        "zot-b": ("prod-zot-b", "prod", "flux", "0.1.60"),
        "zot-c": ("reg", "x", "flux", "0.1.60"),
    }


def test_long_release_names_are_shortened_like_flux() -> None:
    name = "a" * 60
    short = shorten_release_name(name)
    assert len(short) == 53 and short.startswith("a" * 40 + "-")
    assert shorten_release_name("zot") == "zot"


def test_values_from_in_order_then_values_last(tmp_path: Path) -> None:
    cm = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s, namespace: registry}\n"
        "data:\n  %s: |\n    service:\n      type: %s\n"
    )
    m = _model(
        tmp_path,
        {
            "cm1.yaml": cm % ("one", "values.yaml", "NodePort"),
            "cm2.yaml": cm % ("two", "custom.yaml", "LoadBalancer"),
            "cm3.yaml": "apiVersion: v1\nkind: ConfigMap\n"
            "metadata: {name: three, namespace: registry}\ndata:\n  tag: v2.1.0\n",
            "hr.yaml": _hr(
                CHART + "  valuesFrom:\n    - {kind: ConfigMap, name: one}\n"
                "    - {kind: ConfigMap, name: two, valuesKey: custom.yaml}\n"
                "    - {kind: ConfigMap, name: three, valuesKey: tag, targetPath: image.tag}\n"
                "  values:\n    replicaCount: 2\n"
            ),
        },
    )
    (dep,) = m.deployments
    assert dep.complete
    assert [la.source for la in dep.layers] == ["flux-valuesFrom"] * 3 + ["flux-values"]
    assert dep.values.get(("service", "type")) == "LoadBalancer"
    assert dep.values.get(("image", "tag")) == "v2.1.0"
    ref = dep.values.ref(("service", "type"))
    assert ref is not None and ref.doc.source.rel == "cm2.yaml"
    assert ref.doc.source.position(ref.span().start) == (7, 13)


def test_values_not_in_the_repository_are_unknown(tmp_path: Path) -> None:
    sops = (
        "apiVersion: v1\nkind: Secret\nmetadata: {name: enc, namespace: registry}\n"
        "stringData:\n  values.yaml: ENC[AES256_GCM,data:abc,type:str]\nsops:\n  version: 3.8.1\n"
    )
    m = _model(
        tmp_path,
        {
            "s.yaml": sops,
            "a.yaml": _hr(CHART + "  valuesFrom:\n    - {kind: Secret, name: enc}\n"),
            "b.yaml": _hr(CHART + "  valuesFrom:\n    - {kind: ConfigMap, name: nowhere}\n", "b"),
        },
    )
    assert [d.complete for d in m.deployments] == [False, False]


def test_other_charts_are_not_zot(tmp_path: Path) -> None:
    other = (
        "  chart:\n    spec:\n      chart: app-template\n      version: 3.5.1\n"
        "      sourceRef: {kind: HelmRepository, name: bjw-s}\n"
        "  values:\n    controllers:\n      main:\n        containers:\n          main:\n"
        "            image: {repository: ghcr.io/project-zot/zot-linux-amd64, tag: v2.1.1}\n"
    )
    m = _model(tmp_path, {"hr.yaml": _hr(other)})
    # No zot-chart deployment: the zot container runs from app-template values
    # (zotlint.model.offchart.apptemplate), never judged by the zot chart's tables.
    assert [(d.chart.kind, d.upstream) for d in m.deployments] == [("app-template", False)]


def test_oci_chart_ref(tmp_path: Path) -> None:
    oci = (
        "apiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: OCIRepository\n"
        "metadata: {name: zot-chart, namespace: registry}\n"
        "spec:\n  url: oci://ghcr.io/project-zot/helm-charts/zot\n  ref: {tag: 0.1.65}\n"
    )
    m = _model(
        tmp_path,
        {
            "oci.yaml": oci,
            "hr.yaml": _hr(
                "  chartRef: {kind: OCIRepository, name: zot-chart}\n"
                "  values: {mountConfig: true}\n"
            ),
        },
    )
    (dep,) = m.deployments
    assert dep.chart.version == "0.1.65"
    assert dep.chart.ref is not None and dep.chart.ref.doc.source.rel == "oci.yaml"
