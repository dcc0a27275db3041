"""ApplicationSet expansion (zotlint.knowledge.argo_appset) and the Applications it feeds the
model."""

from __future__ import annotations

from pathlib import Path

from zotlint.config import Settings
from zotlint.engine import load_project
from zotlint.knowledge.argo_appset import render_string, sanitize_name


def _project(root: Path, files: dict[str, str]):  # type: ignore[no-untyped-def]
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return load_project([root], Settings(), root=root).facts


def _appset(generators: str, name: str, values: str, ns: str, go: bool = False) -> str:
    return (
        "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: zot}\nspec:\n"
        + ("  goTemplate: true\n" if go else "")
        + f"  generators:\n{generators}"
        + "  template:\n"
        + f"    metadata: {{name: '{name}'}}\n"
        + "    spec:\n      source:\n        repoURL: https://zotregistry.dev/helm-charts\n"
        + "        chart: zot\n        targetRevision: 0.1.60\n"
        + f"        helm:\n          valueFiles: ['{values}']\n"
        + f"      destination: {{namespace: '{ns}'}}\n"
    )


VALUES = "mountConfig: true\nservice: {type: ClusterIP}\n"


def test_render_fasttemplate_and_go() -> None:
    assert render_string("zot-{{env}}", {"env": "dev"}, False) == "zot-dev"
    assert render_string("zot-{{ .env }}", {"env": "dev"}, True) == "zot-dev"
    assert (
        render_string("{{ index .path.segments 1 }}", {"path": {"segments": ["a", "b"]}}, True)
        == "b"
    )
    assert sanitize_name("My_App/X") == "my-app-x"


def test_list_generator_generates_one_app_per_element(tmp_path: Path) -> None:
    gens = "    - list:\n        elements:\n          - {env: dev}\n          - {env: prod}\n"
    p = _project(
        tmp_path,
        {
            "argocd/zot.yaml": _appset(
                gens, "zot-{{.env}}", "/values/{{.env}}.yaml", "zot-{{.env}}", go=True
            ),
            "values/dev.yaml": VALUES,
            "values/prod.yaml": VALUES,
        },
    )
    deps = {d.key: (d.namespace, d.env, d.release) for d in p.model.deployments}
    assert deps == {
        "zot-dev": ("zot-dev", "dev", "zot-dev"),
        "zot-prod": ("zot-prod", "prod", "zot-prod"),
    }
    app = p.model.apps[1]
    assert app.generated_from is not None and app.generated_from.path[-1] == 1
    # The value-file entry points at the template line of the ApplicationSet.
    ref = app.ref(("spec", "source", "helm", "valueFiles", 0))
    assert ref.doc.source.position(ref.span().start)[0] == 19


def test_git_files_and_directories(tmp_path: Path) -> None:
    files_gen = "    - git:\n        repoURL: x\n        files: [{path: 'envs/*/config.json'}]\n"
    dirs_gen = (
        "    - git:\n        repoURL: x\n        directories:\n"
        "          - {path: 'stacks/*'}\n          - {path: stacks/old, exclude: true}\n"
    )
    p = _project(
        tmp_path,
        {
            "a/zot.yaml": _appset(
                files_gen, "zot-{{env}}", "/envs/{{path.basename}}/values.yaml", "{{ns}}"
            ),
            "envs/dev/config.json": '{"env": "dev", "ns": "reg-dev"}',
            "envs/dev/values.yaml": VALUES,
            "b/zot.yaml": _appset(
                dirs_gen, "z-{{.path.basename}}", "/{{.path.path}}/values.yaml", "ns", go=True
            ),
            "stacks/one/values.yaml": VALUES,
            "stacks/old/values.yaml": VALUES,
        },
    )
    keys = sorted((d.key, d.namespace) for d in p.model.deployments)
    # stacks/old is excluded: nothing this ApplicationSet generates deploys it.
    assert keys == [("stacks/old/values.yaml", None), ("z-one", "ns"), ("zot-dev", "reg-dev")]


def test_matrix_and_merge(tmp_path: Path) -> None:
    gens = (
        "    - matrix:\n        generators:\n"
        "          - list: {elements: [{env: dev}, {env: prod}]}\n"
        "          - list: {elements: [{region: eu}]}\n"
        "    - merge:\n        mergeKeys: [env]\n        generators:\n"
        "          - list: {elements: [{env: qa, region: us}]}\n"
        "          - list: {elements: [{env: qa, region: ap}]}\n"
    )
    p = _project(
        tmp_path,
        {
            "zot.yaml": _appset(gens, "zot-{{env}}-{{region}}", "/v.yaml", "n"),
            "v.yaml": VALUES,
        },
    )
    assert sorted(d.key for d in p.model.deployments) == ["zot-dev-eu", "zot-prod-eu", "zot-qa-ap"]


def test_runtime_generators_leave_apps_unknown_and_files_not_standalone(tmp_path: Path) -> None:
    gens = "    - clusters: {selector: {matchLabels: {env: prod}}}\n"
    p = _project(
        tmp_path,
        {
            "zot.yaml": _appset(
                gens, "zot-{{name}}", "/values/{{metadata.labels.env}}.yaml", "zot"
            ),
            "values/prod.yaml": "configFiles:\n  config.json: '{}'\n",
        },
    )
    assert p.model.deployments == []
    assert p.model.apps == []
