"""The secret scan in a forked child (zotlint.scanaside): what comes back is what the scan in
this process finds, pointing at this process's documents; any failure leaves the scan here."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import pytest
from detections import plain

from zotlint import runtime, scanaside
from zotlint.config import Settings
from zotlint.engine import LoadedProject, load_project, run
from zotlint.redact import Sensitive
from zotlint.secrets import scan as secret_scan
from zotlint.secrets.detection import Detection, DetectionKind

REPO = Path(__file__).resolve().parents[1]
SECRETS = sorted(p for p in (REPO / "tests" / "rules").glob("ZOT30*") if p.is_dir())
PATHS = [*SECRETS, REPO / "examples"]

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


@pytest.fixture(scope="module")
def loaded() -> LoadedProject:
    return load_project(PATHS, Settings(), root=REPO, jobs=1)


def test_the_child_finds_what_this_process_finds(loaded: LoadedProject) -> None:
    here = secret_scan.scan_project(loaded.project).detections
    aside = scanaside.ScanAside.start(loaded.project)
    assert aside is not None
    there = aside.result()
    assert there is not None
    docs = {id(d): i for i, d in enumerate(loaded.project.documents())}
    assert [plain(d, docs) for d in there.detections] == [plain(d, docs) for d in here]
    # The fixtures cover what the blob carries apart: text-pass places, documents inside a
    # string, an extra that marshal cannot write (an htpasswd hash format), every kind.
    assert any(d.text_pass for d in here)
    assert any(d.ref.doc.parent is not None for d in here)
    assert any(d.ref.doc.parent is not None and id(d.ref.doc) not in docs for d in here)
    assert any(d.kind is DetectionKind.HTPASSWD_ENTRY for d in here)
    assert len({d.kind for d in here}) >= len(DetectionKind) - 1
    # Documents are this process's own; a file's text document is made once per file.
    texts = {(d.ref.doc.source.rel, id(d.ref.doc)) for d in there.detections if d.text_pass}
    assert len(texts) == len({rel for rel, _ in texts})


def test_a_blob_never_carries_a_document_or_a_secret_in_extra(loaded: LoadedProject) -> None:
    doc = loaded.project.documents()[0]
    for extra in ({"doc": doc}, {"value": Sensitive("hunter2-hunter2")}, {"at": doc.ref(())}):
        det = Detection(DetectionKind.SHAPED_TOKEN, doc.ref(()), "token", extra=extra)
        with pytest.raises(Exception):  # noqa: B017 - any refusal: the scan stays here
            scanaside.dumps(loaded.project, [det])


def test_a_detection_on_a_foreign_document_is_refused(loaded: LoadedProject) -> None:
    doc = loaded.project.documents()[0]
    foreign = dataclasses.replace(doc)
    det = Detection(DetectionKind.SHAPED_TOKEN, foreign.ref(()), "token")
    with pytest.raises(Exception):  # noqa: B017
        scanaside.dumps(loaded.project, [det])


def test_every_field_is_carried() -> None:
    """A field added to Detection or Ref turns the child off until the blob carries it."""
    assert scanaside.COMPLETE


def _count_scans(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The processes that ran scan_project (a child's calls stay in the child's memory)."""
    pids: list[int] = []
    scan_project = secret_scan.scan_project

    def counting(project: Any, *files: Any) -> Any:
        pids.append(os.getpid())
        return scan_project(project, *files)

    monkeypatch.setattr(secret_scan, "scan_project", counting)
    return pids


def _findings(jobs: int) -> list[tuple[Any, ...]]:
    result = run(PATHS, Settings(), root=REPO, jobs=jobs, whole_tree=False)
    return [(f.rule_id, f.location, f.message, f.fingerprint) for f in result.findings]


def _allow_child(monkeypatch: pytest.MonkeyPatch) -> None:
    """A child for the fixtures' ~100 KB, whatever this test process's size (the whole suite
    grows it past the memory a child may share)."""
    monkeypatch.setattr(scanaside, "MIN_CHARS", 0)
    monkeypatch.setattr(scanaside, "resident_bytes", lambda: 0)


def test_a_run_with_a_spare_cpu_scans_in_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _findings(jobs=1)
    _allow_child(monkeypatch)
    pids = _count_scans(monkeypatch)
    assert _findings(jobs=2) == expected
    assert pids == []  # this process read the child's scan
    assert [f for f in expected if f[0] >= "ZOT3"]


@pytest.mark.parametrize("failure", ["dumps", "exit", "write"])
def test_a_child_that_fails_leaves_the_scan_here(
    monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    expected = _findings(jobs=1)
    _allow_child(monkeypatch)
    forks = _count_forks(monkeypatch)

    def broken(*args: Any) -> Any:
        if failure == "exit":
            os._exit(0)  # the child dies without a word
        raise RuntimeError("injected")

    if failure == "write":
        monkeypatch.setattr(runtime, "send_blob", broken)
    else:
        monkeypatch.setattr(scanaside, "dumps", broken)
    pids = _count_scans(monkeypatch)
    assert _findings(jobs=2) == expected
    assert pids == [os.getpid()] and forks == [1]  # the child started, then failed


def _count_forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    forks: list[int] = []
    fork = os.fork

    def counting() -> int:
        forks.append(1)
        return fork()

    monkeypatch.setattr(os, "fork", counting)
    return forks


def test_no_child_without_a_spare_cpu_fork_or_memory(
    loaded: LoadedProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    _allow_child(monkeypatch)
    pids = _count_scans(monkeypatch)
    forks = _count_forks(monkeypatch)
    _findings(jobs=1)
    assert pids == [os.getpid()] and forks == []
    monkeypatch.setattr(scanaside, "resident_bytes", lambda: scanaside.TREE_BUDGET)
    assert scanaside.ScanAside.beside(loaded.facts) is None
    assert forks == []
    monkeypatch.delattr(os, "fork")
    assert scanaside.ScanAside.start(loaded.project) is None


def test_little_text_stays_here(loaded: LoadedProject) -> None:
    assert scanaside.child_files(loaded.project, 1) == 0  # ~100 KB of fixtures
    assert scanaside.ScanAside.beside(loaded.facts) is None


def test_the_child_scans_the_share_whose_copy_fits(
    loaded: LoadedProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its copy of what it walks and this process's growth stay within TREE_BUDGET: the
    child takes the first files up to the share of the text that fits, this process the
    rest, and the scan is the same, in the same order."""
    monkeypatch.setattr(scanaside, "MIN_CHARS", 0)
    files = loaded.project.files
    texts = [len(f.source.text) if f.source.text and not f.secrets_clean else 0 for f in files]
    mb = 1024 * 1024
    budget = scanaside.TREE_BUDGET
    assert scanaside.child_files(loaded.project, 60 * mb) == len(files)  # all of it fits
    assert scanaside.child_files(loaded.project, 170 * mb) == 0  # not a tenth of it
    # (230 - 1.3 * 120) / (0.75 * 120) = 0.82 of the text; (230 - 1.3 * 150) / 112.5 = 0.31
    for resident in (120 * mb, 150 * mb):
        share = (budget - 1.3 * resident) / (0.75 * resident)
        upto = scanaside.child_files(loaded.project, resident)
        assert 0 < upto < len(files)
        assert sum(texts[:upto]) <= share * sum(texts) < sum(texts[: upto + 1])
    here = secret_scan.scan_project(loaded.project).detections
    docs = {id(d): i for i, d in enumerate(loaded.project.documents())}
    upto = scanaside.child_files(loaded.project, 120 * mb)
    pids = _count_scans(monkeypatch)
    aside = scanaside.ScanAside.start(loaded.project, upto)
    assert aside is not None
    there = aside.result()
    assert there is not None and pids == [os.getpid()]  # the rest, here
    assert [plain(d, docs) for d in there.detections] == [plain(d, docs) for d in here]
    ours = {id(f.source) for f in files[upto:]}
    assert any(id(d.ref.doc.source) in ours for d in here)  # both parts found secrets
    assert any(id(d.ref.doc.source) not in ours for d in here)


def test_a_scan_nobody_asked_for_is_ended(loaded: LoadedProject) -> None:
    aside = scanaside.ScanAside.start(loaded.project)
    assert aside is not None
    pid = aside.pid
    aside.close()
    assert pid is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped
    assert aside.result() is None
