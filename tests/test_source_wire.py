"""A parsed file crosses from the triage worker to the main process as one marshal blob
(zotlint.source.wire): what arrives is what the loader built, or nothing (the main process then
parses the file itself)."""

from __future__ import annotations

import concurrent.futures
import sys
from pathlib import Path
from typing import Any

import hostile
import pytest

from zotlint import runtime
from zotlint.config import Settings
from zotlint.document import Document
from zotlint.engine import load_project, run
from zotlint.source import wire
from zotlint.source.loader import LoadedFile, load
from zotlint.source.problems import Limits, Problem, ProblemKind
from zotlint.source.text import Span

REPO = Path(__file__).resolve().parents[1]
LIMITS = Limits()

ALIASES = """\
base: &base
  repository: ghcr.io/project-zot/zot
  pullPolicy: IfNotPresent
image:
  <<: *base
  tag: v2.1.0
again: *base
numbers: [1, 1.5, .nan, -.inf, 0x1f, 0o17, ~, true, "true", 123456789012345678901234567890]
"""
EMBEDDED = """\
mountConfig: true
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "5000", "port": "5001"}
    }
  config.yaml: |
    storage: {rootDirectory: /tmp
image:
  tag: a
  tag: b
---
apiVersion: v1
kind: ConfigMap
metadata: {name: zot}
data:
  config.json: '{"http": {"externalUrl": "https://r.example.com"}, "storage": {}}'
--- [unclosed
---
zot: {}
"""


def _doc(d: Document, docs: list[Document]) -> tuple[Any, ...]:
    """Everything a Document carries, positions and types included (repr: 1, 1.0 and True
    differ; NaN equals itself), its parent by position."""
    return (
        d.kind,
        d.kinds,
        repr(d.data),
        sorted(d.index.items(), key=repr),
        d.index._width,
        d.syntax,
        d.number,
        None if d.parent is None else docs.index(d.parent),
        d.host_path,
        d.exact,
        d.duplicates,
        d.case_insensitive,
        d.scalars,
    )


def _problem(p: Problem) -> tuple[Any, ...]:
    return (p.kind, p.span, p.message, p.identity, p.related)


def _round_trip(lf: LoadedFile) -> tuple[list[Document], list[Problem]]:
    blob = wire.dumps(lf.source, lf.documents, lf.problems)
    assert blob is not None, lf.source.rel
    return wire.rebuild(lf.source, wire.decode(blob))


def _assert_same(lf: LoadedFile) -> tuple[list[Document], list[Problem]]:
    docs, problems = _round_trip(lf)
    assert [_doc(d, docs) for d in docs] == [_doc(d, lf.documents) for d in lf.documents]
    assert [_problem(p) for p in problems] == [_problem(p) for p in lf.problems]
    assert all(d.source is lf.source for d in docs) and all(p.source is lf.source for p in problems)
    return docs, problems


def test_document_fields_are_all_carried() -> None:
    """A field added to Document must be carried (or shipping stays off until it is)."""
    assert wire.COMPLETE


def test_aliases_types_embedded_documents_and_problems_arrive_as_loaded() -> None:
    for rel, text in (("a.yaml", ALIASES), ("values.yaml", EMBEDDED)):
        lf = load(rel, text.encode(), LIMITS, force=True)
        docs, _ = _assert_same(lf)
    # values.yaml: the host, its two embedded configs (one broken), a ConfigMap and its config,
    # a syntax error, one more document
    assert len(lf.documents) == 5 and len(lf.problems) == 2
    assert [d.parent is docs[0] for d in docs[:2]] == [False, True]


def test_shared_data_stays_shared_and_keys_arrive_interned() -> None:
    lf = load("a.yaml", ALIASES.encode(), LIMITS, force=True)
    (doc,), _ = _round_trip(lf)
    assert doc.data["again"] is doc.data["base"]  # an alias is one object, as loaded
    keys: list[str] = []
    stack = [doc.data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            keys.extend(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    assert keys and all(sys.intern(k) is k for k in keys)
    paths = [p for p in doc.index._entries if p]
    assert all(sys.intern(p[-1]) is p[-1] for p in paths if isinstance(p[-1], str))


@pytest.mark.parametrize("where", ["examples", "tests/rules"])
def test_every_example_and_fixture_file_arrives_as_loaded(where: str) -> None:
    files = [p for p in sorted((REPO / where).rglob("*")) if p.suffix in (".yaml", ".yml", ".json")]
    assert len(files) > 10
    for path in files:
        _assert_same(load(path.name, path.read_bytes(), LIMITS, force=True))


def test_the_reference_corpus_arrives_as_loaded(shared: Path) -> None:
    for path in sorted((shared / "corpus").rglob("*")):
        if path.suffix in (".yaml", ".yml", ".json") and path.is_file():
            _assert_same(load(path.name, path.read_bytes(), LIMITS, force=True))


def test_what_cannot_cross_whole_is_refused() -> None:
    lf = load("values.yaml", EMBEDDED.encode(), LIMITS, force=True)
    assert wire.dumps(lf.source, lf.documents, lf.problems) is not None
    host = lf.documents[0]
    host.meta["seen"] = True  # an annotation made after loading
    assert wire.dumps(lf.source, lf.documents, lf.problems) is None
    host.meta.clear()
    # a parent that is not among the file's documents
    assert wire.dumps(lf.source, lf.documents[1:], lf.problems) is None
    # a value marshal cannot write
    host.data["odd"] = Span(1, 2)
    assert wire.dumps(lf.source, lf.documents, lf.problems) is None
    del host.data["odd"]
    related = Problem(
        ProblemKind.YAML_SYNTAX, lf.source, Span(0, 0), "m", related=((lf.source, Span(1, 1), ""),)
    )
    assert wire.dumps(lf.source, lf.documents, [*lf.problems, related]) is None
    other = load("b.yaml", b"zot: {}\n", LIMITS, force=True)
    assert wire.dumps(lf.source, lf.documents, other.problems + lf.problems) is not None
    assert wire.dumps(other.source, lf.documents, []) is None  # documents of another file


def _worker_first(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The main process waits until the worker has answered every chunk, so it parses every
    file it is asked to; returns the files this process took from blobs."""
    monkeypatch.setattr(runtime, "PARALLEL_MIN_FILES", 0)  # a worker for a few files
    get = runtime.Triage.get

    def after_worker(self: runtime.Triage, i: int) -> object:
        if i == 0:
            concurrent.futures.wait(self._futures)
        return get(self, i)

    shipped: list[str] = []
    rebuild = wire.rebuild

    def counting(source: Any, packed: Any) -> Any:
        shipped.append(source.rel)
        return rebuild(source, packed)

    monkeypatch.setattr(runtime.Triage, "get", after_worker)
    monkeypatch.setattr(wire, "rebuild", counting)
    return shipped


def _copies(root: Path, n: int) -> None:
    (root / "a").mkdir()
    for i in range(n):
        (root / "a" / f"v{i}.yaml").write_text(EMBEDDED, encoding="utf-8")


def _findings(root: Path, jobs: int) -> list[str]:
    result = run([root], Settings(), root=root, jobs=jobs)
    return [f"{f.rule_id} {f.location} {f.message}" for f in result.findings]


def test_files_the_worker_parsed_give_the_same_findings_hostile_ones_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expect = hostile.write_tree(tmp_path, big=False, links=False)
    (tmp_path / "charts").mkdir()
    (tmp_path / "charts" / "aliases.yaml").write_text(ALIASES, encoding="utf-8")
    (tmp_path / "charts" / "values.yaml").write_text(EMBEDDED, encoding="utf-8")
    alone = _findings(tmp_path, 1)
    shipped = _worker_first(monkeypatch)
    assert _findings(tmp_path, 2) == alone
    parsed = {
        rel
        for rel in [*expect, "charts/aliases.yaml", "charts/values.yaml"]
        if not rel.startswith(("hostile/binary", "hostile/bad_utf8"))  # never decoded
    }
    assert set(shipped) == parsed
    # the worker applied the limits: the refusals are the loader's, at the same places
    refusals = [f for f in alone if f.startswith("ZOT004")]
    assert len(refusals) >= 14 and all("hostile/" in f for f in refusals)


def test_a_blob_the_worker_could_not_make_leaves_the_file_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _copies(tmp_path, 30)
    alone = _findings(tmp_path, 1)
    shipped = _worker_first(monkeypatch)
    monkeypatch.setattr(wire, "dumps", lambda *args: None)  # inherited by the forked worker
    assert _findings(tmp_path, 2) == alone and alone
    assert shipped == []


def test_a_file_the_worker_answered_for_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This process loads the bytes the worker read: it never reads those files again, so a
    file edited after the worker read it is loaded as the worker read it."""
    from zotlint.source import loader

    _copies(tmp_path, 10)
    (tmp_path / "a" / "notes.md").write_text("zot\n", encoding="utf-8")  # answered, not parsed
    shipped = _worker_first(monkeypatch)
    reads: list[str] = []
    read_bytes = loader.read_bytes

    def logging_read(path: Any, *args: Any) -> bytes:
        reads.append(str(path))
        return read_bytes(path, *args)

    get = runtime.Triage.get

    def then_edit(self: runtime.Triage, i: int) -> object:
        verdict = get(self, i)
        if i == 3:
            (tmp_path / "a" / "v3.yaml").write_text("zot: {replicaCount: 3}\n", encoding="utf-8")
        return verdict

    monkeypatch.setattr(loader, "read_bytes", logging_read)
    monkeypatch.setattr(runtime.Triage, "get", then_edit)
    ld = load_project([tmp_path], Settings(), root=tmp_path, jobs=2)
    assert reads == []
    assert sorted(shipped) == sorted(f"a/v{i}.yaml" for i in range(10))
    edited = next(f for f in ld.loaded if f.source.rel == "a/v3.yaml")
    assert edited.documents[0].data["mountConfig"] is True
    notes = next(f for f in ld.loaded if f.source.rel == "a/notes.md")
    assert notes.source.text == "zot\n" and not notes.parsed


# -- a long stream loaded in two processes (runtime.StreamSplit) ------------------------------


def _stream(n: int) -> str:
    """Secrets, zot values with embedded configs, broken and refused documents, comments-only
    chunks: all through the stream, so both halves have some."""
    docs = []
    for i in range(n):
        kind = i % 6
        if kind == 0:
            docs.append(
                f"apiVersion: v1\nkind: Secret\nmetadata: {{name: s{i}}}\n"
                f"stringData:\n  password: Zq8vN3kLp2Rt{i:04d}xWm\n  password: dup\n"
            )
        elif kind == 1:
            docs.append(EMBEDDED.split("---")[0])
        elif kind == 2:
            docs.append(f"zot: {{replicaCount: {i}\n")  # unclosed
        elif kind == 3:
            docs.append("deep: " + "[" * 300 + "]" * 300 + "\n")  # over max-depth
        elif kind == 4:
            docs.append("# only a comment\n")
        else:
            docs.append(ALIASES)
    return "---\n" + "---\n".join(docs)


def _count_rebuilds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Split every stream of two chunks or more; returns the files whose part this process
    read back from the worker."""
    monkeypatch.setattr(runtime, "SPLIT_MIN_CHARS", 1)
    rebuilt: list[str] = []
    rebuild = wire.rebuild

    def counting(source: Any, packed: Any, number: int = 0) -> Any:
        rebuilt.append(source.rel)
        return rebuild(source, packed, number)

    monkeypatch.setattr(wire, "rebuild", counting)
    return rebuilt


def _split_load(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[LoadedFile, list[str]]:
    rebuilt = _count_rebuilds(monkeypatch)
    split = runtime.StreamSplit(1)
    try:
        return load("all.yaml", text.encode(), LIMITS, force=True, split=split), rebuilt
    finally:
        split.close()


def _same_files(a: LoadedFile, b: LoadedFile) -> None:
    assert [_doc(d, a.documents) for d in a.documents] == [
        _doc(d, b.documents) for d in b.documents
    ]
    assert [_problem(p) for p in a.problems] == [_problem(p) for p in b.problems]


def test_a_long_stream_loaded_in_two_processes_is_loaded_as_in_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _stream(120)
    alone = load("all.yaml", text.encode(), LIMITS, force=True)
    split, rebuilt = _split_load(text, monkeypatch)
    assert rebuilt == ["all.yaml"]  # the second part came from the worker
    _same_files(split, alone)
    numbers = [d.number for d in alone.documents if d.parent is None]
    assert numbers == sorted(set(numbers)) and numbers[-1] > 90  # numbered through the split
    assert {p.identity for p in alone.problems} >= {"syntax", "max-depth"}


def test_a_part_the_worker_cannot_hand_over_is_loaded_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _stream(60)
    monkeypatch.setattr(wire, "dumps", lambda *args: None)  # inherited by the forked worker
    split, rebuilt = _split_load(text, monkeypatch)
    assert rebuilt == []
    _same_files(split, load("all.yaml", text.encode(), LIMITS, force=True))


def test_a_run_of_one_long_stream_uses_the_spare_cpu_and_finds_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "all.yaml").write_text(_stream(90), encoding="utf-8")
    alone = _findings(tmp_path, 1)
    monkeypatch.setattr(runtime, "cpus", lambda: 2)
    rebuilt = _count_rebuilds(monkeypatch)
    result = run([tmp_path], Settings(), root=tmp_path)  # --jobs not given
    assert [f"{f.rule_id} {f.location} {f.message}" for f in result.findings] == alone
    assert rebuilt == ["all.yaml"] and len(alone) > 60
    monkeypatch.setattr(runtime, "cpus", lambda: 1)
    rebuilt.clear()
    run([tmp_path], Settings(), root=tmp_path)
    assert rebuilt == []  # one CPU: all here


def test_an_explicit_jobs_2_on_a_small_repository_splits_the_stream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--jobs 2 below PARALLEL_MIN_FILES starts no triage worker (which parsed the one long
    file while this process waited): the spare CPU loads half of the stream, as by default."""
    (tmp_path / "all.yaml").write_text(_stream(90), encoding="utf-8")
    alone = _findings(tmp_path, 1)
    rebuilt = _count_rebuilds(monkeypatch)
    submitted: list[object] = []
    submit = concurrent.futures.ProcessPoolExecutor.submit

    def counting(self: concurrent.futures.ProcessPoolExecutor, *args: object) -> object:
        submitted.append(args)
        return submit(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(concurrent.futures.ProcessPoolExecutor, "submit", counting)
    assert _findings(tmp_path, 2) == alone
    assert rebuilt == ["all.yaml"] and submitted == []
    monkeypatch.setattr(runtime, "PARALLEL_MIN_FILES", 1)  # from here, the triage worker
    assert _findings(tmp_path, 2) == alone
    assert len(submitted) == 1
