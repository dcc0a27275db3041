"""The model on whole repositories: links, scopes, the guide's layout, `zotlint graph`."""

from __future__ import annotations

import json
import time
from pathlib import Path

from click.testing import CliRunner

from zotlint.cli import cli
from zotlint.config import Settings
from zotlint.engine import load_project, run
from zotlint.model import build_model
from zotlint.model.graph import render
from zotlint.model.links import FOUND, MISSING, follow, start_files

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "examples" / "guide"


def _project(root: Path):  # type: ignore[no-untyped-def]
    return load_project([root], Settings(), root=root).project


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def test_guide_deployment_is_linked_end_to_end() -> None:
    model = build_model(_project(GUIDE))
    (dep,) = model.deployments
    assert (dep.key, dep.env, dep.namespace, dep.release) == ("zot", "dev", "zot", "zot")
    assert dep.chart.version == "0.1.122" and dep.chart.upstream
    assert dep.config_source == "values" and dep.config is not None
    assert dep.image_tag == "v2.1.20"
    files = {f.what: f for f in start_files(dep.config)}
    chain = follow(model, dep, files["oidc credentialsFile"])
    assert chain.key == "credentials.json" and chain.key_status == FOUND and chain.certain
    (es,) = chain.external_secrets
    assert es.listed and es.scope.namespace == "zot" and es.scope.env == "dev"
    assert chain.data_entry(es).property == "credentials.json"  # type: ignore[union-attr]
    ht = follow(model, dep, files["htpasswd.path"])
    assert ht.chart_source == "secretFiles" and ht.key_status == FOUND
    (store,) = model.secrets.stores
    assert (store.name, store.scope.namespace, store.sa_name) == (
        "aws-secretsmanager",
        "zot",
        "zot-sa",
    )
    assert [a.role_arn is not None for a in model.secrets.accounts("zot-sa", "zot", "dev")] == [
        True
    ]


def test_guide_yields_zot501_and_nothing_of_zot201_to_zot205() -> None:
    result = run(
        [GUIDE],
        Settings(select=["ZOT201", "ZOT202", "ZOT203", "ZOT204", "ZOT205", "ZOT501"]),
        root=GUIDE,
    )
    got = [(f.rule_id, f.location.file, f.location.start_line) for f in result.visible()]
    assert got == [("ZOT501", "infra/deployments/config/external-secret/values/dev.yaml", 24)]
    (finding,) = result.visible()
    assert "Omit property to get the whole JSON document" in finding.message
    assert {r.location.file for r in finding.related} == {
        "infra/deployments/core/zot/values/dev.yaml"
    }


def test_unknown_namespace_never_produces_a_mismatch(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "zot/values.yaml": "mountConfig: true\nexternalSecrets:\n"
            "  - secretName: zot-oidc\n    mountPath: /oidc\n",
            "eso/es.yaml": "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\n"
            "metadata:\n  name: zot-oidc\n  namespace: elsewhere\nspec:\n"
            "  secretStoreRef: {name: vault}\n  data:\n    - secretKey: a\n"
            "      remoteRef: {key: k}\n",
        },
    )
    result = run([tmp_path], Settings(select=["ZOT503", "ZOT205"]), root=tmp_path)
    assert result.visible() == []
    (dep,) = build_model(_project(tmp_path)).deployments
    assert dep.namespace is None


def test_known_namespaces_that_differ_are_a_mismatch(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "zot/values.yaml": "namespace: zot\nmountConfig: true\nexternalSecrets:\n"
            "  - secretName: zot-oidc\n    mountPath: /oidc\n",
            "eso/es.yaml": "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\n"
            "metadata:\n  name: zot-oidc\n  namespace: elsewhere\nspec:\n"
            "  secretStoreRef: {name: vault}\n  data:\n    - secretKey: a\n"
            "      remoteRef: {key: k}\n",
        },
    )
    result = run([tmp_path], Settings(select=["ZOT503", "ZOT205"]), root=tmp_path)
    assert [(f.rule_id, f.location.file, f.location.start_line) for f in result.visible()] == [
        ("ZOT503", "eso/es.yaml", 5)
    ]


def test_environments_do_not_link(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "envs/prod/zot.yaml": "namespace: zot\nmountConfig: true\nexternalSecrets:\n"
            "  - secretName: zot-oidc\n    mountPath: /oidc\n",
            "envs/dev/es.yaml": "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\n"
            "metadata:\n  name: zot-oidc\n  namespace: zot\nspec:\n"
            "  secretStoreRef: {name: vault}\n  data:\n    - secretKey: a\n"
            "      remoteRef: {key: k}\n",
        },
    )
    model = build_model(_project(tmp_path))
    (dep,) = model.deployments
    assert dep.env == "prod"
    assert model.secrets.secrets("zot-oidc", "zot", "prod") == []
    assert len(model.secrets.secrets("zot-oidc", "zot", "dev")) == 1


def test_missing_mount_in_chain(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "values.yaml": "mountConfig: true\nconfigFiles:\n  config.json: |-\n"
            '    {"http": {"auth": {"sessionKeysFile": "/nowhere/keys.json"}}}\n',
        },
    )
    model = build_model(_project(tmp_path))
    (dep,) = model.deployments
    (f,) = start_files(dep.config)  # type: ignore[arg-type]
    assert follow(model, dep, f).mount is None
    assert "MISSING" in render(model, "text")
    assert MISSING in json.loads(render(model, "json"))[0]["chains"][0]["status"]


def test_graph_command_formats() -> None:
    runner = CliRunner()
    for fmt, needle in (("text", "BROKEN"), ("mermaid", "--x"), ("json", '"broken"')):
        out = runner.invoke(cli, ["graph", str(GUIDE), "--format", fmt])
        assert out.exit_code == 0, out.output
        assert needle in out.output
    mermaid = runner.invoke(cli, ["graph", str(GUIDE), "--format", "mermaid"]).output
    assert mermaid.startswith("flowchart LR") and "classDef broken" in mermaid
    data = json.loads(runner.invoke(cli, ["graph", str(GUIDE), "--format", "json"]).output)
    chain = data[0]["chains"][0]
    assert [link["kind"] for link in chain["links"]] == [
        "provider",
        "mount",
        "volume",
        "secret",
        "key",
        "external-secret",
        "remote",
        "store",
        "sa",
    ]


def test_build_stays_linear(tmp_path: Path) -> None:
    def build(n: int) -> float:
        root = tmp_path / str(n)
        files = {}
        for i in range(n):
            files[f"envs/e{i}/zot.yaml"] = (
                f"namespace: ns{i}\nmountConfig: true\nexternalSecrets:\n"
                f"  - secretName: s{i}\n    mountPath: /s\n"
            )
            files[f"envs/e{i}/es.yaml"] = (
                "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\n"
                f"metadata:\n  name: s{i}\n  namespace: ns{i}\nspec:\n"
                "  secretStoreRef: {name: vault}\n  data:\n    - secretKey: a\n"
                "      remoteRef: {key: k}\n"
            )
        _write(root, files)
        project = _project(root)
        start = time.perf_counter()
        model = build_model(project)
        assert len(model.deployments) == n
        return time.perf_counter() - start

    small, large = build(100), build(800)
    # Pairwise joins would make 8x the documents cost ~64x; allow generous noise.
    assert large < small * 24 + 0.5


APP_PATH = (
    "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: {name}\n"
    "spec:\n  source:\n    repoURL: https://example.com/gitops.git\n    path: {path}\n"
    "    helm:\n      valueFiles:\n        - {values}\n"
    "  destination:\n    namespace: {ns}\n"
)


def test_umbrella_repackaged_and_kustomize_charts(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "argocd/registry.yaml": APP_PATH.format(
                name="registry", path="charts/registry", values="values-prod.yaml", ns="registry"
            ),
            "charts/registry/Chart.yaml": "apiVersion: v2\nname: registry\nversion: 1.0.0\n"
            "dependencies:\n  - name: zot\n    version: 0.1.60\n"
            "    repository: https://zotregistry.dev/helm-charts\n",
            "charts/registry/values.yaml": "zot:\n  mountConfig: true\n",
            "charts/registry/values-prod.yaml": "zot:\n  mountSecret: true\n",
            "argocd/mirror.yaml": APP_PATH.format(
                name="mirror", path="charts/mirror", values="values.yaml", ns="mirror"
            ),
            "charts/mirror/Chart.yaml": "apiVersion: v2\nname: mirror\nversion: 2.0.0\n",
            "charts/mirror/values.yaml": "mountConfig: true\nzotConfig: {}\n",
            "kustomize/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\n"
            "kind: Kustomization\nnamespace: zot-k\nhelmCharts:\n"
            "  - name: zot\n    repo: https://zotregistry.dev/helm-charts\n"
            "    version: 0.1.98\n    releaseName: zk\n"
            "    valuesInline:\n      mountConfig: true\n",
        },
    )
    deps = {d.key: d for d in build_model(_project(tmp_path)).deployments}
    umbrella = deps["registry"]
    assert (umbrella.chart.kind, umbrella.chart.version, umbrella.chart.upstream) == (
        "umbrella",
        "0.1.60",
        True,
    )
    assert umbrella.values.get(("mountConfig",)) is True
    ref = umbrella.values.ref(("mountSecret",))
    assert ref is not None and ref.doc.source.rel == "charts/registry/values-prod.yaml"
    assert ref.path == ("zot", "mountSecret")
    assert umbrella.namespace == "registry" and umbrella.release == "registry"
    mirror = deps["mirror"]
    assert mirror.chart.kind == "local" and not mirror.chart.upstream
    kust = deps["kustomize/kustomization.yaml"]
    assert (kust.chart.version, kust.release, kust.namespace) == ("0.1.98", "zk", "zot-k")
    assert [m.name for m in kust.pod.mounts] == ["data", "zk-config"]


def test_wrapper_chart_entries_take_the_application_namespace(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "argocd/eso.yaml": APP_PATH.format(
                name="eso-config", path="eso", values="values/dev.yaml", ns="platform"
            ),
            "eso/Chart.yaml": "apiVersion: v2\nname: eso-config\nversion: 0.1.0\n",
            "eso/values/dev.yaml": "secretStores:\n  - name: aws\n    provider: aws\n"
            "externalSecrets:\n  - name: a\n    secretStoreRef: {name: aws}\n"
            "    data:\n      - secretKey: k\n        remoteRef: {key: r}\n"
            "  - name: b\n    namespace: zot\n    secretStoreRef: {name: aws}\n"
            "    data:\n      - secretKey: k\n        remoteRef: {key: r}\n",
        },
    )
    model = build_model(_project(tmp_path))
    assert model.deployments == []
    a, b = model.secrets.external_secrets
    assert (a.scope.namespace, a.scope.env) == ("platform", "dev")
    assert a.scope.namespace_ref is not None
    assert a.scope.namespace_ref.doc.source.rel == "argocd/eso.yaml"
    assert b.scope.namespace == "zot"
    (store,) = model.secrets.stores
    assert store.scope.namespace == "platform" and store.provider == "aws"
