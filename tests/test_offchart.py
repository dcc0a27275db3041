"""Units of zotlint.model.offchart: template masking, generators, argv, the model links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zotlint.config import Settings
from zotlint.engine import load_project
from zotlint.model.offchart.deployment import WorkloadDeployment
from zotlint.model.offchart.generators import unsuffixed
from zotlint.model.offchart.gotemplate import mask
from zotlint.model.offchart.substitution import template_actions
from zotlint.model.offchart.workload import config_path, is_zot_image, split_image

REPOS = Path(__file__).parent / "repos"


# -- Go template actions --------------------------------------------------------------------------


def test_mask_keeps_length_and_makes_json() -> None:
    text = '{"a": "{{ .x }}", "b": {{ .y | toJson }}, "c": "{{ .z | replace \\"a\\" \\"b\\" }}"}'
    m = mask(text)
    assert m is not None
    assert len(m.text) == len(text)
    data = json.loads(m.text)
    assert data["a"] == "{{ .x }}"  # kept as written inside a string
    assert data["b"].startswith("{{") and data["b"].endswith("}}")  # unknown string value
    assert data["c"].startswith("{{") and data["c"].endswith("}}")
    assert [a.quoted for a in m.actions] == [True, False, True]


def test_mask_blanks_control_actions() -> None:
    text = '{"a": 1{{ if .b }}, "b": 2{{ end }}}'
    m = mask(text)
    assert m is not None and json.loads(m.text) == {"a": 1, "b": 2}


def test_mask_unclosed_action_is_unknown() -> None:
    assert mask('{"a": "{{ .x"}') is None


def test_template_actions_scan_is_linear_on_unclosed_input() -> None:
    assert template_actions("{{" * 50_000) == []
    assert template_actions("a {{ .x }} b {{ .y }}") == ["{{ .x }}", "{{ .y }}"]


# -- images and argv -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image", "zot"),
    [
        ("ghcr.io/project-zot/zot-linux-amd64:v2.1.2", True),
        ("ghcr.io/project-zot/zot:v2.1.2@sha256:abc", True),
        ("registry.local/mirror/zot-minimal-linux-arm64:v2", True),
        ("ghcr.io/mendhak/http-https-echo:35", False),
        ("zot-minimal:latest", True),
        ("docker.io/library/zotero:1", False),
        ("example.com/zot-helper:1", False),
    ],
)
def test_zot_images(image: str, zot: bool) -> None:
    assert is_zot_image(image) is zot


def test_split_image() -> None:
    assert split_image("localhost:5000/zot:v2@sha256:x") == ("localhost:5000/zot", "v2")
    assert split_image("zot") == ("zot", None)


@pytest.mark.parametrize(
    ("command", "args", "expected"),
    [
        (None, None, ("/etc/zot/config.json", None, "image")),
        (None, ["serve", "/config/zot.json"], ("/config/zot.json", 1, "args")),
        (["/usr/bin/zot", "serve", "/c.json"], None, ("/c.json", 2, "command")),
        (["zot"], ["serve", "/c.json"], ("/c.json", 1, "args")),
        (["sh", "-c", "zot serve /c.json"], None, (None, None, "unknown")),
        (None, ["serve", "$(CONFIG)"], (None, None, "unknown")),
        (None, "{{ .Values.args }}", (None, None, "unknown")),
    ],
)
def test_config_path(command: object, args: object, expected: tuple[object, ...]) -> None:
    assert config_path(command, args) == expected


def test_hash_suffix() -> None:
    assert unsuffixed("zot-config-7f9hkm2bt5") == "zot-config"
    assert unsuffixed("zot-config") is None
    assert unsuffixed("zot-config-abcdefghij") is None  # a, e, i, j are not in kustomize's alphabet


# -- the model -------------------------------------------------------------------------------------


def _model(path: Path):  # type: ignore[no-untyped-def]
    ld = load_project([path], Settings(), root=path)
    return ld.facts.model


def test_app_template_under_flux_links_the_generated_config() -> None:
    model = _model(REPOS / "app-template-flux" / "pass")
    deps = [d for d in model.deployments if isinstance(d, WorkloadDeployment)]
    assert len(deps) == 1, [d.key for d in model.deployments]  # the echo release is not zot
    dep = deps[0]
    assert dep.chart.kind == "app-template" and not dep.upstream
    assert dep.namespace == "registry"
    assert dep.image_repository == "ghcr.io/project-zot/zot-linux-amd64"
    assert dep.image_tag == "v2.1.2"
    assert dep.config_source == "workload"
    assert dep.config is not None and dep.config.source.rel == "apps/zot/config.json"
    mount = dep.pod.mount_for("/etc/zot/config.json")
    assert mount is not None and mount.sub_path == "config.json"
    session = model.secrets.secrets("zot-session", "registry")
    assert [s.keys for s in session] == [frozenset({"session.json"})]


def test_plain_deployment_links_the_externalsecret_template() -> None:
    model = _model(REPOS / "eso-deployment" / "pass")
    (dep,) = model.deployments
    assert isinstance(dep, WorkloadDeployment)
    assert dep.chart.kind == "manifest"
    assert dep.pod.service_account == "zot"
    assert dep.config is not None
    assert dep.config.source.rel == "externalsecret-config.yaml"
    assert dep.config.meta.get("rendered_by") == "external-secrets"
    # The unquoted `{{ .issuer | toJson }}` parsed as an unknown string.
    issuer = dep.config.get(("http", "auth", "openid", "providers", "oidc", "issuer"))
    assert isinstance(issuer, str) and issuer.startswith("{{")
    assert model.for_config(dep.config) == [dep]


def test_hashed_name_in_a_rendered_manifest_matches_its_generator(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
        "namespace: registry\nconfigMapGenerator:\n  - name: zot-config\n"
        "    files: [config.json]\n"
    )
    (tmp_path / "config.json").write_text(
        '{"storage": {"rootDirectory": "/var/lib/registry"}, "http": {"port": "5000"}}'
    )
    (tmp_path / "deploy.yaml").write_text(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: zot, namespace: registry}\n"
        "spec:\n  template:\n    spec:\n      containers:\n"
        "        - name: zot\n          image: ghcr.io/project-zot/zot:v2.1.2\n"
        "          volumeMounts: [{name: cfg, mountPath: /etc/zot}]\n"
        "      volumes: [{name: cfg, configMap: {name: zot-config-7f9hkm2bt5}}]\n"
    )
    model = _model(tmp_path)
    (dep,) = model.deployments
    assert dep.config is not None and dep.config.source.rel == "config.json"
    assert dep.pod.kind == "StatefulSet"


def test_chart_ref_to_a_helmchart_resolves_app_template(tmp_path: Path) -> None:
    (tmp_path / "hr.yaml").write_text(
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmChart\n"
        "metadata: {name: app-template, namespace: registry}\n"
        "spec:\n  chart: app-template\n  version: 3.7.3\n"
        "  sourceRef: {kind: HelmRepository, name: bjw-s}\n---\n"
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
        "metadata: {name: zot, namespace: registry}\n"
        "spec:\n  chartRef: {kind: HelmChart, name: app-template}\n  values:\n"
        "    controllers:\n      main:\n        containers:\n          main:\n"
        "            image: {repository: ghcr.io/project-zot/zot, tag: v2.1.2}\n"
    )
    model = _model(tmp_path)
    (dep,) = model.deployments
    assert isinstance(dep, WorkloadDeployment) and dep.chart.kind == "app-template"
    assert dep.namespace == "registry" and dep.release == "zot"
    assert dep.config_source == "image-default"


def test_graph_shows_the_generated_config_chain() -> None:
    from zotlint.model.graph import build

    model = _model(REPOS / "app-template-flux" / "pass")
    (entry,) = [e for e in build(model) if isinstance(e.deployment, WorkloadDeployment)]
    first = entry.chains[0]
    assert first.file.what == "config (serve)"
    labels = [s.label for s in first.steps]
    assert labels[1] == "mount /etc/zot/config.json (subPath config.json)"
    assert labels[2] == "volume config → configMap zot-config"
    assert labels[3] == "configMapGenerator zot-config (key config.json)"
    assert first.steps[3].where == "apps/zot/kustomization.yaml:10"
    assert labels[4] == "config apps/zot/config.json"
    assert all(c.status == "found" for c in entry.chains)
