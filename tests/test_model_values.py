"""Helm/Argo CD value merging with provenance (zotlint.model.values)."""

from __future__ import annotations

from pathlib import Path

from zotlint.config import Settings
from zotlint.document import Document, Kind
from zotlint.engine import load_project
from zotlint.model import build_model
from zotlint.model.values import (
    Layer,
    merge,
    parameter_path,
    parameter_value,
    truthy,
)
from zotlint.source.text import SourceFile


def _doc(data: dict) -> Document:  # type: ignore[type-arg]
    return Document(SourceFile("v.yaml", ""), Kind.ZOT_VALUES, data, {})


def _layer(data: dict, **kw) -> Layer:  # type: ignore[no-untyped-def, type-arg]
    return Layer(_doc(data), (), kw.pop("source", "file"), data, **kw)


DEFAULTS = {
    "configFiles": {"config.json": "{}"},
    "secretFiles": {"htpasswd": "admin:x"},
    "extraVolumes": [],
    "image": {"repository": "zot", "tag": "v1"},
}


def test_maps_merge_lists_and_scalars_replace_later_wins() -> None:
    a = _layer({"image": {"tag": "v2"}, "extraVolumes": [{"name": "a"}, {"name": "b"}]})
    b = _layer({"image": {"pullPolicy": "Always"}, "extraVolumes": [{"name": "c"}]})
    m = merge(DEFAULTS, [a, b])
    assert m.get(("image",)) == {"repository": "zot", "tag": "v2", "pullPolicy": "Always"}
    assert m.get(("extraVolumes",)) == [{"name": "c"}]
    assert m.origin(("image", "tag")).layer is a  # type: ignore[union-attr]
    assert m.origin(("image", "pullPolicy")).layer is b  # type: ignore[union-attr]
    assert m.origin(("image", "repository")) is None  # chart default
    # the replaced list's items now come from b only
    assert m.origin(("extraVolumes", 0, "name")).layer is b  # type: ignore[union-attr]
    assert m.origin(("extraVolumes", 1)) is None


def test_empty_map_keeps_defaults_null_deletes_them() -> None:
    m = merge(DEFAULTS, [_layer({"configFiles": {}, "secretFiles": None})])
    assert m.get(("configFiles",)) == {"config.json": "{}"}
    assert not m.has(("secretFiles",))
    assert ("secretFiles",) in m.deleted


def test_null_inside_values_object_is_stripped() -> None:
    m = merge(DEFAULTS, [_layer({"secretFiles": None}, source="valuesObject", strips_null=True)])
    assert m.get(("secretFiles",)) == {"htpasswd": "admin:x"}


def test_null_then_map_merges_with_defaults_as_helm_does() -> None:
    # helm -f a -f b: b's map replaces a's null, then the result is coalesced with defaults
    m = merge(DEFAULTS, [_layer({"configFiles": None}), _layer({"configFiles": {"x": "1"}})])
    assert m.get(("configFiles",)) == {"config.json": "{}", "x": "1"}


def test_user_layers_setting() -> None:
    a = _layer({"mountConfig": True})
    b = _layer({"mountConfig": False})
    m = merge(DEFAULTS, [a, b])
    assert [la for la, _ in m.user_layers_setting(("mountConfig",))] == [a, b]
    assert m.get(("mountConfig",)) is False


def test_go_template_truth() -> None:
    assert truthy({"enabled": False}) and truthy("false")
    assert not truthy({}) and not truthy("") and not truthy(0) and not truthy(None)
    assert truthy(True) and not truthy(False) and truthy([1])


def test_set_parameters() -> None:
    assert parameter_path("a.b\\.c") == ("a", "b.c")
    assert parameter_path("a[0].b") is None
    assert parameter_value("true", False) is True
    assert parameter_value("5000", False) == 5000
    assert parameter_value("5000", True) == "5000"


def test_position_of_a_value_set_in_the_second_value_file(tmp_path: Path) -> None:
    (tmp_path / "apps").mkdir()
    (tmp_path / "zot" / "values").mkdir(parents=True)
    (tmp_path / "apps" / "zot.yaml").write_text(
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: zot\n"
        "spec:\n  sources:\n    - repoURL: https://zotregistry.dev/helm-charts\n"
        "      chart: zot\n      targetRevision: 0.1.122\n      helm:\n        valueFiles:\n"
        "          - $values/zot/values/common.yaml\n          - $values/zot/values/dev.yaml\n"
        "    - repoURL: https://example.com/gitops.git\n      ref: values\n"
        "  destination:\n    namespace: zot\n"
    )
    (tmp_path / "zot" / "values" / "common.yaml").write_text(
        "# zot common values\nmountConfig: true\nmountSecret: false\nimage:\n  tag: v2.1.5\n"
    )
    (tmp_path / "zot" / "values" / "dev.yaml").write_text(
        "# zot dev overrides\nreplicaCount: 2\n\nmountSecret: true\n"
    )
    project = load_project([tmp_path], Settings(), root=tmp_path).project
    (dep,) = build_model(project).deployments
    ref = dep.values.ref(("mountSecret",))
    assert ref is not None and ref.doc.source.rel == "zot/values/dev.yaml"
    assert ref.doc.source.position(ref.span().start) == (4, 14)
    common = dep.values.ref(("image", "tag"))
    assert common is not None and common.doc.source.rel == "zot/values/common.yaml"
    assert common.doc.source.position(common.span().start) == (5, 8)
    assert dep.values.get(("mountSecret",)) is True
    assert dep.env == "dev" and dep.namespace == "zot" and dep.release == "zot"
