"""The pod as the chart renders it (zotlint.model.pod) and path resolution."""

from __future__ import annotations

from typing import Any

from zotlint.document import Document, Kind
from zotlint.model.chart import chart_defaults
from zotlint.model.pod import fullname, normalise, render
from zotlint.model.resolve import PathIndex
from zotlint.model.values import Layer, merge
from zotlint.source.text import SourceFile


def _layer(data: dict[str, Any]) -> Layer:
    return Layer(Document(SourceFile("v.yaml", ""), Kind.ZOT_VALUES, data, {}), (), "file", data)


def _pod(values: dict, release: str | None = "zot", version: str | None = None):  # type: ignore[no-untyped-def, type-arg]
    merged = merge(chart_defaults(version), [_layer(values)])
    return merged, render(merged, release, version)


def test_chart_mounts_in_order() -> None:
    _, pod = _pod(
        {
            "mountConfig": True,
            "mountSecret": True,
            "externalSecrets": [{"secretName": "zot-tls", "mountPath": "/tls"}],
            "extraVolumes": [{"name": "oidc", "secret": {"secretName": "zot-oidc"}}],
            "extraVolumeMounts": [{"name": "oidc", "mountPath": "/secret-oidc"}],
        }
    )
    assert [(m.name, m.mount_path) for m in pod.mounts] == [
        ("data", "/var/lib/registry"),
        ("zot-config", "/etc/zot"),
        ("zot-secret", "/secret"),
        ("zot-tls", "/tls"),
        ("oidc", "/secret-oidc"),
    ]
    assert pod.volume("oidc").source_name == "zot-oidc"  # type: ignore[union-attr]
    assert pod.mount_for("/secret-oidc/credentials.json").name == "oidc"  # type: ignore[union-attr]
    assert pod.mount_for("/secret-oidcx/a") is None
    assert pod.service_account == "zot"


def test_nested_mount_wins() -> None:
    _, pod = _pod(
        {
            "mountConfig": True,
            "extraVolumes": [{"name": "s", "secret": {"secretName": "s"}}],
            "extraVolumeMounts": [{"name": "s", "mountPath": "/etc/zot/secrets"}],
        }
    )
    assert pod.mount_for("/etc/zot/secrets/k").name == "s"  # type: ignore[union-attr]
    assert pod.mount_for("/etc/zot/config.json").chart == "config"  # type: ignore[union-attr]


def test_statefulset_and_unknown_release() -> None:
    _, pod = _pod({"persistence": True, "mountSecret": True}, release=None)
    assert pod.kind == "StatefulSet"
    assert [m.name for m in pod.mounts] == [None, None]  # names derive from the release
    _, old = _pod({"persistence": True}, version="0.1.60")
    assert old.kind == "Deployment" and old.mounts[0].name == "zot-volume"


def test_fullname_and_service_account() -> None:
    merged, pod = _pod({"serviceAccount": {"create": False}}, release="registry")
    assert fullname(merged, "registry") == "registry-zot"
    assert pod.service_account == "default"


def test_normalise() -> None:
    assert normalise("/secrets/server-cert/") == "/secrets/server-cert"
    assert normalise("/a/./b/../c") == "/a/c"
    assert normalise("secrets/x") is None and normalise("") is None
    assert normalise("/x/{{ .Values.y }}") is None


def test_path_index_suffix_lookup() -> None:
    idx = PathIndex(
        [
            "repo-a/infra/zot/values/dev.yaml",
            "repo-b/infra/zot/values/dev.yaml",
            "solo/values/prod.yaml",
        ]
    )
    assert idx.file("/values/prod.yaml") == "solo/values/prod.yaml"
    assert idx.file("infra/zot/values/dev.yaml", near="repo-b/argocd/zot.yaml") == (
        "repo-b/infra/zot/values/dev.yaml"
    )
    assert idx.file("infra/zot/values/dev.yaml", near="elsewhere/app.yaml") is None  # a tie
    assert idx.directory("infra/zot", near="repo-a/x.yaml") == "repo-a/infra/zot"
    assert idx.file("../outside.yaml") is None
