"""The keyword pre-filter decides which files are parsed at load; the model parses a skipped
values file on demand; every YAML file is still syntax-checked (ZOT001)."""

from __future__ import annotations

import concurrent.futures
import os
from pathlib import Path

import pytest

from zotlint.classify import wants_parse
from zotlint.config import Settings
from zotlint.engine import load_project, run
from zotlint.model import build_model
from zotlint.source.loader import load
from zotlint.source.problems import Limits, ProblemKind

APP = (
    "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: zot\n"
    "spec:\n  sources:\n    - repoURL: https://zotregistry.dev/helm-charts\n"
    "      chart: zot\n      targetRevision: 0.1.122\n      helm:\n        valueFiles:\n"
    "          - $values/zot/values/common.yaml\n          - $values/zot/values/prod.yaml\n"
    "    - repoURL: https://example.com/gitops.git\n      ref: values\n"
    "  destination:\n    namespace: zot\n"
)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        # the word zot alone: another app's network policy, a hostname in a comment
        ("networkPolicy:\n  ingress:\n    - from:\n        - name: zot\n", False),
        ("# pulls from zot.example.com\nreplicaCount: 2\n", False),
        # the shapes that make a document zot's
        ("zot:\n  replicaCount: 2\n", True),
        ('"zot": {}\n', True),
        ("image:\n  repository: ghcr.io/project-zot/zot-linux-amd64\n", True),
        ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: zot\n", True),
        ('{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "zot"}}', True),
        ("STORAGE:\n  RootDir: /var/lib/zot\nHTTP:\n  port: 5000\n", True),
        ('{\n  "Storage": {"dedupe": true, "gc": "/zot"}\n}', True),
        # API groups count only in an apiVersion
        ("crds:\n  # see external-secrets.io/v1 docs\n  create: true\n", False),
        ("rbac:\n  - apiGroups: [argoproj.io]\n", False),
        ("apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\n", True),
        ('"apiVersion": "argoproj.io/v1alpha1"', True),
        ("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\n", True),
        # strong keywords need no confirmation
        ("configFiles:\n  config.json: '{}'\n", True),
        ("kind: Secret\napiVersion: v1\n", True),
    ],
)
def test_wants_parse(text: str, parsed: bool) -> None:
    assert wants_parse(text.encode()) is parsed


def _repo(tmp_path: Path, prod: str) -> Path:
    (tmp_path / "apps").mkdir()
    (tmp_path / "zot" / "values").mkdir(parents=True)
    (tmp_path / "apps" / "zot.yaml").write_text(APP)
    (tmp_path / "zot" / "values" / "common.yaml").write_text(
        "mountConfig: true\nmountSecret: false\n"
    )
    (tmp_path / "zot" / "values" / "prod.yaml").write_text(prod)
    return tmp_path


def test_a_values_file_without_keywords_is_parsed_when_an_application_names_it(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path, "# prod overrides\nreplicaCount: 3\nservice:\n  port: 5050\n")
    assert not wants_parse((root / "zot/values/prod.yaml").read_bytes())
    project = load_project([root], Settings(), root=root).project
    (dep,) = build_model(project).deployments
    assert dep.values.get(("replicaCount",)) == 3
    ref = dep.values.ref(("service", "port"))
    assert ref is not None and ref.doc.source.rel == "zot/values/prod.yaml"
    assert ref.doc.source.position(ref.span().start) == (4, 9)
    # parsed for the model only: no rule sees it among the project's documents
    assert all(d.source.rel != "zot/values/prod.yaml" for d in project.documents())
    assert project.documents_at("zot/values/prod.yaml") == [ref.doc]


def test_a_broken_values_file_nobody_parses_is_still_a_syntax_error(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "values.yaml").write_text(
        "tolerations:\n  - key: dedicated\n    operator: Equal\n   value: x\n    effect: N\n"
    )
    (tmp_path / "other" / "fine.yaml").write_text("a: 1\n---\nb: [1, 2]\n")
    result = run([tmp_path], Settings(), root=tmp_path)
    found = [(f.rule_id, f.location.file, f.location.start_line) for f in result.findings]
    assert found == [("ZOT001", "other/values.yaml", 4)]


def test_syntax_check_reports_each_broken_document_of_a_stream() -> None:
    text = "a: 1\n---\nb: [1\n---\nc: 3\n---\nd: {x\n"
    lf = load("s.yaml", text.encode(), Limits())
    assert not lf.documents and not lf.parsed
    # an unclosed flow collection is reported where it was opened
    found = [(p.kind, lf.source.position(p.span.start)) for p in lf.problems]
    assert found == [(ProblemKind.YAML_SYNTAX, (3, 4)), (ProblemKind.YAML_SYNTAX, (7, 4))]


def test_a_deep_file_nobody_parses_is_neither_checked_nor_a_crash() -> None:
    text = "x: " + "[" * 5000 + "]" * 5000 + "\n"
    lf = load("deep.yaml", text.encode(), Limits())
    assert lf.problems == [] and not lf.documents


def test_other_charts_value_files_are_not_parsed_on_demand(tmp_path: Path) -> None:
    (tmp_path / "apps").mkdir()
    (tmp_path / "minio").mkdir()
    (tmp_path / "apps" / "minio.yaml").write_text(
        APP.replace("name: zot", "name: minio")
        .replace("chart: zot", "chart: minio")
        .replace("zot/values/common.yaml", "minio/values.yaml")
        .replace("zot/values/prod.yaml", "minio/prod.yaml")
    )
    (tmp_path / "minio" / "values.yaml").write_text("replicaCount: 4\n")
    (tmp_path / "minio" / "prod.yaml").write_text("replicaCount: 5\n")
    project = load_project([tmp_path], Settings(), root=tmp_path).project
    assert build_model(project).deployments == []
    assert project._deferred == {}


def test_a_local_chart_source_with_zot_values_takes_its_other_layers_too(tmp_path: Path) -> None:
    (tmp_path / "apps").mkdir()
    (tmp_path / "registry").mkdir()
    (tmp_path / "apps" / "registry.yaml").write_text(
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: registry\n"
        "spec:\n  source:\n    repoURL: https://example.com/gitops.git\n"
        "    path: registry\n    helm:\n      valueFiles:\n        - zot.yaml\n"
        "        - prod.yaml\n  destination:\n    namespace: registry\n"
    )
    (tmp_path / "registry" / "zot.yaml").write_text("mountConfig: true\nmountSecret: false\n")
    (tmp_path / "registry" / "prod.yaml").write_text("replicaCount: 3\n")
    project = load_project([tmp_path], Settings(), root=tmp_path).project
    (dep,) = build_model(project).deployments
    assert dep.values.get(("replicaCount",)) == 3
    ref = dep.values.ref(("replicaCount",))
    assert ref is not None and ref.doc.source.rel == "registry/prod.yaml"
    assert ref.doc.source.position(ref.span().start) == (1, 15)


def _broken_tree(root: Path) -> None:
    for i in range(30):
        (root / f"app{i}").mkdir()
        body = "replicaCount: 1\nresources:\n  limits:\n    cpu: 1\n" * 200
        broken = "tolerations:\n  - key: a\n   value: x\n" if i % 7 == 3 else ""
        (root / f"app{i}" / "values.yaml").write_text(body + broken)
        (root / f"app{i}" / "stream.yaml").write_text("a: 1\n---\nb: [1\n---\nc: {x\n" * (i % 2))
    (root / "app5" / "db.env").write_text("DB_PASSWORD=q8Zr3vK1mX0pL7tWc2Yh\n")
    (root / "app6" / "values.yaml").write_text(
        "auth:\n  token: ghp_Q9d8s7f6g5h4j3k2l1z0x9c8v7b6n5m4a3s2\n"
    )


@pytest.mark.parametrize("jobs", [1, 2])
def test_syntax_errors_are_the_same_with_a_worker_process(
    tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zotlint import runtime

    monkeypatch.setattr(runtime, "PARALLEL_MIN_FILES", 0)  # a worker for 61 files
    submitted: list[int] = []
    submit = concurrent.futures.ProcessPoolExecutor.submit

    def counting(self: concurrent.futures.ProcessPoolExecutor, *args: object) -> object:
        submitted.append(args[3] - args[2])  # type: ignore[operator]  # (chunk, start, end)
        return submit(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(concurrent.futures.ProcessPoolExecutor, "submit", counting)
    _broken_tree(tmp_path)
    result = run([tmp_path], Settings(), root=tmp_path, jobs=jobs)
    # the worker triaged every file, or there was none
    assert sum(submitted) == (len(result.files) if jobs == 2 else 0) and len(result.files) == 61
    found = sorted(
        (f.location.file, f.location.start_line) for f in result.findings if f.rule_id == "ZOT001"
    )
    assert found == sorted(
        [(f"app{i}/values.yaml", 803) for i in (3, 10, 17, 24)]
        + [(f"app{i}/stream.yaml", n) for i in range(1, 30, 2) for n in (3, 5)]
    )
    secrets = sorted((f.rule_id, f.location.file) for f in result.findings if f.rule_id >= "ZOT3")
    assert secrets == [("ZOT305", "app5/db.env"), ("ZOT305", "app6/values.yaml")]


def test_the_worker_and_this_process_never_triage_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file is read and triaged by one process: the worker (from the last chunk back) or
    the main process (from the first on). A worker that started where the main process starts
    was on the chunk the main process reached, and both did it."""
    from zotlint import engine, runtime

    log = tmp_path.parent / f"{tmp_path.name}-worker.log"
    triage_file = runtime.triage_file

    def logging_triage(c, *args):  # type: ignore[no-untyped-def]
        with open(log, "a", encoding="utf-8") as fh:  # appended from the forked worker
            fh.write(c.rel + "\n")
        return triage_file(c, *args)

    here: list[str] = []
    read_candidate = engine.read_candidate

    def logging_read(c, limits, force, answer=None, split=None):  # type: ignore[no-untyped-def]
        if answer is None:  # this process reads and triages it itself
            here.append(c.rel)
        return read_candidate(c, limits, force, answer, split)

    monkeypatch.setattr(runtime, "triage_file", logging_triage)
    monkeypatch.setattr(engine, "read_candidate", logging_read)
    monkeypatch.setattr(runtime, "PARALLEL_MIN_FILES", 0)
    for i in range(12):
        (tmp_path / f"app{i}").mkdir()
        for j in range(25):
            (tmp_path / f"app{i}" / f"v{j}.yaml").write_text(f"replicaCount: {j}\n" * 50)
    load_project([tmp_path], Settings(), root=tmp_path, jobs=2)
    worker = log.read_text(encoding="utf-8").split() if log.exists() else []
    assert not set(worker) & set(here)
    assert sorted(worker + here) == sorted(
        f"app{i}/v{j}.yaml" for i in range(12) for j in range(25)
    )


def test_this_process_takes_a_chunk_the_worker_was_sent_but_has_not_begun(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The executor hands the worker one chunk beyond the one it is on, and a task sent cannot
    be cancelled: this process waited for both where the two met. A chunk is claimed when it
    is begun, so this process takes the sent one and waits for the one chunk in progress."""
    import time

    from zotlint import runtime

    log = tmp_path.parent / f"{tmp_path.name}-slow.log"
    triage_file = runtime.triage_file
    main = os.getpid()

    def slow_triage(c, *args):  # type: ignore[no-untyped-def]
        if os.getpid() != main:  # the worker: 2.5 s a chunk, this process is far ahead
            time.sleep(0.05)
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(c.rel + "\n")
        return triage_file(c, *args)

    get = runtime.Triage.get

    def after_the_worker_began(self: runtime.Triage, i: int) -> object:
        deadline = time.monotonic() + 60
        while i == 0 and not log.exists() and time.monotonic() < deadline:
            time.sleep(0.01)  # under load the worker may start after this process is done
        return get(self, i)

    monkeypatch.setattr(runtime, "triage_file", slow_triage)
    monkeypatch.setattr(runtime.Triage, "get", after_the_worker_began)
    monkeypatch.setattr(runtime, "PARALLEL_MIN_FILES", 0)
    chunk = runtime._TRIAGE_CHUNK
    for i in range(4 * chunk):
        (tmp_path / f"v{i:03}.yaml").write_text(f"replicaCount: {i}\n")
    ld = load_project([tmp_path], Settings(), root=tmp_path, jobs=2)
    assert len(ld.loaded) == 4 * chunk
    worker = log.read_text(encoding="utf-8").split()
    assert sorted(worker) == [f"v{i:03}.yaml" for i in range(3 * chunk, 4 * chunk)]


def test_a_worker_that_cannot_start_leaves_the_check_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no processes here")

    from zotlint import runtime

    monkeypatch.setattr(runtime, "PARALLEL_MIN_FILES", 0)
    monkeypatch.setattr(concurrent.futures.ProcessPoolExecutor, "submit", refuse)
    _broken_tree(tmp_path)
    result = run([tmp_path], Settings(), root=tmp_path, jobs=2)
    assert len([f for f in result.findings if f.rule_id == "ZOT001"]) == 4 + 15 * 2
