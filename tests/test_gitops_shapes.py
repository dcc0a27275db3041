"""Fixture repositories of the GitOps shapes teams use (Flux, ApplicationSets, kustomize
helmCharts, umbrella charts): every rule runs on each `fail` repo and must report exactly its
planted problems (``# expect:`` comments, as in tests/rules), and nothing at warning or above on
the corrected `pass` twin."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zotlint.config import Settings
from zotlint.engine import load_project, run
from zotlint.files.helm import plain_documents, renders_manifest, templated_secret
from zotlint.findings import Severity
from zotlint.model.links import MISSING, UNKNOWN, follow, start_files, volume_sources
from zotlint.testing import _matches, expectations

REPOS = Path(__file__).parent / "repos"


def _shapes() -> list[Path]:
    return sorted(p for p in REPOS.iterdir() if p.is_dir())


def _serious(case: Path) -> list:
    result = run([case], Settings(), root=case)
    assert not result.errors, result.errors
    return [f for f in result.visible() if f.severity >= Severity.WARNING]


@pytest.mark.parametrize("shape", _shapes(), ids=lambda p: p.name)
def test_fail_repo_reports_its_planted_problems(shape: Path) -> None:
    case = shape / "fail"
    got = _serious(case)
    exps = [e for e in expectations(case, case) if not e.todo]
    assert exps, "a fail repo plants at least one problem"
    unmatched = list(got)
    missing = []
    for e in exps:
        hit = next((f for f in unmatched if _matches(e, f)), None)
        if hit is None:
            missing.append(e.describe())
        else:
            unmatched.remove(hit)
    unexpected = [
        f"{f.location.file}:{f.location.start_line}:{f.location.start_col} {f.rule_id} {f.message}"
        for f in unmatched
    ]
    assert not missing and not unexpected, f"missing: {missing}\nunexpected: {unexpected}"


@pytest.mark.parametrize("shape", _shapes(), ids=lambda p: p.name)
def test_corrected_twin_is_clean(shape: Path) -> None:
    got = _serious(shape / "pass")
    assert not got, [f"{f.location.file}:{f.location.start_line} {f.rule_id}" for f in got]


# -- Helm umbrella charts: plain manifests in templates/ (zotlint.files.helm) ------------------


def test_template_documents_decided_one_by_one() -> None:
    text = (
        "kind: Plain\n"  # 1
        "---\n"
        "{{- if .Values.a }}\n"  # 3: opens a block
        "kind: Templated\n"
        "---\n"
        "kind: InsideTheBlock\n"  # 6: no action, but only rendered if .Values.a
        "{{- end }}\n"
        "---\n"
        "kind: Plain2\n"  # 9
        "data: {k: v}\n"
        "---\n"
        '{{/* a comment "}}" spanning\n'
        "---\n"
        "two documents */}}\n"
        "kind: AfterComment\n"
        "---\n"
        "name: '{{ \"}}\" }}'\n"  # a `}}` inside a quoted string ends no action
        "---\n"
        "kind: Last\n"  # 19
    )
    out = plain_documents(text)
    assert len(out) == len(text)
    assert out.count("\n") == text.count("\n")
    kept = [line for line in out.splitlines() if line.strip()]
    assert kept == [
        "kind: Plain",
        "---",
        "---",
        "---",
        "kind: Plain2",
        "data: {k: v}",
        "---",
        "---",
        "---",
        "---",
        "kind: Last",
    ]
    assert out.splitlines()[8] == "kind: Plain2"  # same line as in the file


@pytest.mark.parametrize(
    "text",
    [
        "kind: A\n---\nkind: B {{ .x\n",  # an action never closed
        "kind: A\n---\n{{ end }}\nkind: B\n",  # an `end` too many
        "kind: A\n---\n{{ if .x }}\nkind: B\n",  # a block never closed
        "kind: A\n---\nkind: B\nname: {{ `raw\n",  # a raw string never closed
    ],
)
def test_invalid_template_is_blank_whole(text: str) -> None:
    # Helm fails on the file: nothing in it is a manifest zotlint can read.
    assert plain_documents(text).strip() == ""


def test_text_without_action_is_unchanged() -> None:
    text = "apiVersion: v1\nkind: Secret\n---\nkind: ConfigMap\n"
    assert plain_documents(text) is text


@pytest.mark.parametrize(
    ("name", "renders"),
    [
        ("externalsecret.yaml", True),
        ("store.YML", True),
        ("_partial.yaml", False),  # helm pkg/engine: partials are never rendered
        ("NOTES.txt", False),  # helm pkg/action: the notes are not a manifest
        ("_helpers.tpl", False),
        ("config.json", False),  # rendered by Helm, but zotlint reads only YAML there
    ],
)
def test_which_template_files_are_read(name: str, renders: bool) -> None:
    assert renders_manifest(name) is renders


def test_umbrella_template_documents_read_at_their_lines() -> None:
    case = REPOS / "umbrella" / "fail"
    rel = "charts/platform/templates/eso/externalsecrets.yaml"
    ld = load_project([case], Settings(), root=case)
    lf = next(f for f in ld.loaded if f.source.rel == rel)
    assert lf.helm_template
    assert not lf.problems  # the templated ConfigMap is unknown, not a syntax error
    manifests = [
        (d.data["kind"], d.data["metadata"]["name"], lf.source.position(d.span(("kind",)).start))
        for d in lf.documents
        if isinstance(d.data, dict)
    ]
    assert manifests == [
        ("ExternalSecret", "zot-oidc", (13, 7)),
        ("ExternalSecret", "zot-session-keys", (28, 7)),
    ]
    rels = {f.source.rel for f in ld.loaded}
    assert "charts/platform/templates/_htpasswd.yaml" not in rels  # a partial
    assert "charts/platform/templates/NOTES.txt" not in rels
    # Helm installs an object without a namespace in the release's: the Application's.
    model = ld.facts.model
    (dep,) = model.deployments
    secrets = model.secrets.secrets("zot-oidc", dep.namespace, dep.env)
    assert [(s.kind, s.scope.namespace) for s in secrets] == [("external-secret", "registry")]


# -- Secrets matched by namespace (zotlint.model.links.volume_sources) --------------------------


def test_same_name_secret_of_unknown_namespace_does_not_hide_a_missing_key() -> None:
    # eso-namespace/fail: zot's namespace has the Secret without the key, a same-name
    # ExternalSecret of unknown namespace has it; the one in zot's namespace decides.
    case = REPOS / "eso-namespace" / "fail"
    ld = load_project([case], Settings(), root=case)
    model = ld.facts.model
    (dep,) = model.deployments
    vol = next(v for v in dep.pod.volumes if v.source_name == "zot-oidc")
    same, other, _ = volume_sources(model, dep, vol)
    assert [s.scope.namespace for s in same] == ["registry"]
    assert [s.scope.namespace for s in other] == [None]
    chain = next(
        follow(model, dep, f) for f in start_files(dep.config) if f.what.endswith("credentialsFile")
    )
    assert (chain.key_status, chain.certain) == (MISSING, True)


def test_candidates_of_unknown_namespace_that_disagree_leave_the_key_unknown(
    tmp_path: Path,
) -> None:
    # The deployment's namespace is unknown (no Application deploys the values): the Secret may
    # be either namespace's, one with the key and one without.
    src = REPOS / "eso-namespace" / "fail"
    shutil.copytree(src, tmp_path / "repo")
    repo = tmp_path / "repo"
    dep_file = repo / "registry" / "deployment.yaml"
    dep_file.write_text(dep_file.read_text().replace("  namespace: registry\n", ""))
    legacy = repo / "legacy" / "externalsecret.yaml"
    legacy.write_text(
        legacy.read_text().replace(
            "  name: zot-oidc\n", "  name: zot-oidc\n  namespace: legacy\n", 1
        )
    )
    ld = load_project([repo], Settings(), root=repo)
    model = ld.facts.model
    (dep,) = model.deployments
    assert dep.namespace is None
    chain = next(
        follow(model, dep, f) for f in start_files(dep.config) if f.what.endswith("credentialsFile")
    )
    assert len(chain.sources) == 2
    assert (chain.key_status, chain.certain) == (UNKNOWN, False)
    result = run([repo], Settings(), root=repo)
    assert not [f for f in result.findings if f.rule_id == "ZOT204"]


def test_templated_secret_names_read_from_the_text() -> None:
    doc = (
        "apiVersion: external-secrets.io/v1\n"
        "kind: ExternalSecret\n"
        "metadata:\n"
        '  name: "zot-oidc"  # the object\n'
        "  namespace: registry\n"
        "spec:\n"
        "  refreshInterval: {{ .Values.refresh }}\n"
        "  target:\n"
        "    name: {{ .Release.Name }}-oidc\n"
    )
    found = templated_secret(doc)
    assert found is not None
    assert (found.kind, found.names, found.computed, found.namespace) == (
        "ExternalSecret",
        frozenset({"zot-oidc"}),
        True,
        "registry",
    )
    # A value padded with a long run of blanks is read in one pass (the line's rest, stripped).
    padded = (
        "kind: Secret\nmetadata:\n  name: zot" + " " * 50_000 + "\n  namespace: a" + " " * 50_000
    )
    found = templated_secret(padded + "{{ x }}\n")
    assert found is not None and (found.names, found.namespace) == (frozenset({"zot"}), None)
    assert templated_secret("kind: ConfigMap\nmetadata:\n  name: {{ .x }}\n") is None
    assert templated_secret("kind: {{ .Values.kind }}\nmetadata:\n  name: a\n") is None


def _umbrella_with(tmp_path: Path, name: str, text: str) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(REPOS / "umbrella" / "pass", repo)
    (repo / "charts/platform/templates/htpasswd.yaml").unlink()
    (repo / "charts/platform/templates" / name).write_text(text)
    return repo


_RANGED = (
    "{{- range .Values.secrets }}\n"
    "---\n"
    "apiVersion: external-secrets.io/v1\n"
    "kind: ExternalSecret\n"
    "metadata:\n"
    "  name: {{ .name }}\n"
    "{{- end }}\n"
)


def test_secret_a_template_names_by_computation_is_unknown_not_missing(tmp_path: Path) -> None:
    # The chart's Application installs it in `registry`: a templated ExternalSecret there with
    # a computed name may create zot-htpasswd, so no ZOT205 ("created by nothing").
    repo = _umbrella_with(tmp_path, "ranged.yaml", _RANGED)
    result = run([repo], Settings(), root=repo)
    assert not [f for f in result.findings if f.rule_id == "ZOT205"]
    model = load_project([repo], Settings(), root=repo).facts.model
    (dep,) = model.deployments
    vol = next(v for v in dep.pod.volumes if v.source_name == "zot-htpasswd")
    (src,) = volume_sources(model, dep, vol)[0]
    assert (src.label, src.scope.namespace, src.keys) == ("Helm template", "registry", None)
    assert src.ref.doc.source.position(src.ref.span().start) == (2, 1)


def test_computed_names_in_an_unknown_namespace_leave_the_finding(tmp_path: Path) -> None:
    # No Application installs this other chart: its namespace is unknown, and a Secret of any
    # name anywhere is not evidence enough; ZOT205 still reports zot-htpasswd.
    repo = _umbrella_with(tmp_path, "labels.yaml", "kind: ConfigMap\n")
    other = repo / "other"
    other.mkdir()
    (other / "Chart.yaml").write_text("apiVersion: v2\nname: other\nversion: 1.0.0\n")
    (other / "templates").mkdir()
    (other / "templates" / "ranged.yaml").write_text(_RANGED)
    result = run([repo], Settings(), root=repo)
    got = [(f.rule_id, f.location.file, f.location.start_line) for f in result.findings]
    assert ("ZOT205", "charts/platform/values.yaml", 23) in got
