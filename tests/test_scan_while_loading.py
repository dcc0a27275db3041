"""The secret scan done file by file while the project loads (zotlint.scanaside.ScanWhileLoading,
zotlint.secrets.scan.scan_file / finish_file): each process scans the files it loads, the
triage worker sends what it found with the documents, and the scan is the one scan_project
makes after loading, in the same order; any failure leaves the file to this process."""

from __future__ import annotations

import concurrent.futures
import os
from pathlib import Path
from typing import Any

import hostile
import pytest
from detections import plain

from zotlint import runtime, scanaside
from zotlint.config import Settings
from zotlint.engine import load_project, run
from zotlint.secrets import scan as secret_scan
from zotlint.secrets.detection import DetectionKind

REPO = Path(__file__).resolve().parents[1]
SECRETS = sorted(p for p in (REPO / "tests" / "rules").glob("ZOT30*") if p.is_dir())
PATHS = [*SECRETS, REPO / "examples"]
CORPUS = REPO.parent / "shared" / "corpus"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


@pytest.mark.parametrize("where", ["fixtures", "corpus"])
def test_file_by_file_then_finished_is_the_project_scan(where: str) -> None:
    if where == "corpus" and not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    paths, root = (PATHS, REPO) if where == "fixtures" else ([CORPUS], CORPUS)
    project = load_project(paths, Settings(), root=root, jobs=1).project
    whole = secret_scan.scan_project(project).detections
    cache: dict[str, Any] = {}
    found = {
        id(lf): secret_scan.scan_file(lf, cache)
        for lf in project.files
        if lf.source.text and not lf.secrets_clean
    }
    parts = secret_scan.scan_project(project, found=found).detections
    docs = {id(d): i for i, d in enumerate(project.documents())}
    assert [plain(d, docs) for d in parts] == [plain(d, docs) for d in whole]
    assert len(whole) > 20
    if where == "fixtures":
        # What only the whole project tells (a values file's folder peers) is in it too.
        assert any(d.kind is DetectionKind.CHART_DEFAULT_HTPASSWD for d in whole)


def _small(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker, and the scan while loading, for the fixtures' few files."""
    monkeypatch.setattr(runtime, "PARALLEL_MIN_FILES", 0)
    monkeypatch.setattr(scanaside, "WHILE_LOADING_MIN_FILES", 0)


def _worker_takes_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker for a few files, and this process waits until it has answered every chunk."""
    _small(monkeypatch)
    get = runtime.Triage.get

    def after_worker(self: runtime.Triage, i: int) -> object:
        if i == 0:
            concurrent.futures.wait([f for f in self._futures if f is not None])
        return get(self, i)

    monkeypatch.setattr(runtime.Triage, "get", after_worker)


def _scans_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files this process walked and text-passed itself (the forked worker's calls stay in
    its own memory)."""
    pid = os.getpid()
    files: list[str] = []
    scan = secret_scan._scan_file

    def counting(lf: Any, *args: Any) -> Any:
        if os.getpid() == pid:
            files.append(lf.source.rel)
        return scan(lf, *args)

    monkeypatch.setattr(secret_scan, "_scan_file", counting)
    return files


def _findings(jobs: int, files: list[int] | None = None) -> list[tuple[Any, ...]]:
    """The run's findings; ``files`` gets how many of its files the scan reads."""
    result = run(PATHS, Settings(), root=REPO, jobs=jobs, whole_tree=False, keep_project=True)
    if files is not None:
        assert result.project is not None
        loaded = result.project.project.files
        files.append(sum(1 for lf in loaded if lf.source.text and not lf.secrets_clean))
    return [(f.rule_id, f.location, f.message, f.fingerprint) for f in result.findings]


@pytest.fixture(scope="module")
def expected() -> list[tuple[Any, ...]]:
    found = _findings(jobs=1)
    assert len([f for f in found if f[0] >= "ZOT3"]) > 20
    return found


def _to_scan() -> int:
    project = load_project(PATHS, Settings(), root=REPO, jobs=1).project
    return sum(1 for lf in project.files if lf.source.text and not lf.secrets_clean)


def test_the_worker_scans_the_files_it_loads(
    expected: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _worker_takes_everything(monkeypatch)
    here = _scans_here(monkeypatch)
    assert _findings(jobs=2) == expected
    assert here == []  # every file's scan came from the worker


def test_this_process_scans_the_files_it_loads_while_loading(
    expected: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _small(monkeypatch)
    # The worker never begins a chunk: this process loads and scans every file.
    monkeypatch.setattr(runtime, "_claim", lambda claims, lock, chunk, who: who == runtime._MAIN)
    scanned_while_loading: list[str] = []
    add = scanaside.ScanWhileLoading.add

    def counting(self: Any, lf: Any, answer: Any) -> None:
        before = len(self._found)
        add(self, lf, answer)
        if len(self._found) > before:
            scanned_while_loading.append(lf.source.rel)

    monkeypatch.setattr(scanaside.ScanWhileLoading, "add", counting)
    here = _scans_here(monkeypatch)
    assert _findings(jobs=2) == expected
    assert len(here) == len(scanned_while_loading) == _to_scan()


def test_one_job_scans_after_loading(
    expected: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _small(monkeypatch)
    while_loading: list[int] = []
    monkeypatch.setattr(scanaside.ScanWhileLoading, "add", lambda *a: while_loading.append(1))
    here = _scans_here(monkeypatch)
    assert _findings(jobs=1) == expected
    assert while_loading == [] and len(here) == _to_scan()


@pytest.mark.parametrize("failure", ["check", "blob", "cuts", "worker-dies", "scan-here"])
def test_a_scan_that_fails_is_made_again_here(
    expected: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    _worker_takes_everything(monkeypatch)
    pid = os.getpid()

    def broken(*args: Any, **kwargs: Any) -> Any:
        if failure == "worker-dies" and os.getpid() != pid:
            os._exit(0)
        raise RuntimeError("injected")

    if failure in ("check", "worker-dies"):
        monkeypatch.setattr(scanaside.ScanWhileLoading, "check", staticmethod(broken))
    elif failure == "blob":
        monkeypatch.setattr(scanaside, "_loads", broken)  # read in this process only
    elif failure == "cuts":  # the worker counts one document too many in every file
        scan_file = secret_scan.scan_file

        def miscounted(lf: Any, cache: Any) -> Any:
            found = scan_file(lf, cache)
            if os.getpid() == pid:
                return found
            cuts = found.cuts or (0,) * len(lf.documents)
            return secret_scan.FileFound(found.detections, (*cuts, 0))

        monkeypatch.setattr(secret_scan, "scan_file", miscounted)
    else:  # every scan_file fails, here and in the worker: scan_project scans after loading
        monkeypatch.setattr(secret_scan, "scan_file", broken)
    here = _scans_here(monkeypatch)
    to_scan: list[int] = []
    assert _findings(jobs=2, files=to_scan) == expected
    assert len(here) == to_scan[0] > 20  # nothing was lost: each file was scanned here


def test_below_the_threshold_the_scan_is_left_to_the_child(
    expected: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _small(monkeypatch)
    monkeypatch.setattr(scanaside, "WHILE_LOADING_MIN_FILES", 10_000)
    monkeypatch.setattr(scanaside, "MIN_CHARS", 0)
    monkeypatch.setattr(scanaside, "resident_bytes", lambda: 0)
    while_loading: list[int] = []
    monkeypatch.setattr(scanaside.ScanWhileLoading, "add", lambda *a: while_loading.append(1))
    children: list[int] = []
    start = scanaside.ScanAside.start

    def counting(*args: Any) -> Any:
        children.append(1)
        return start(*args)

    monkeypatch.setattr(scanaside.ScanAside, "start", counting)
    assert _findings(jobs=2) == expected
    assert while_loading == [] and children == [1]
    assert scanaside.ScanWhileLoading.wanted(9_999) is None
    assert scanaside.ScanWhileLoading.wanted(10_000) is not None


def test_hostile_files_scanned_while_loading_give_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile.write_tree(tmp_path, big=False, links=False)
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    for src in SECRETS:  # secrets for the worker to find beside the hostile files
        for f in sorted(src.rglob("*.yaml"))[:5]:
            (secrets / f"{src.name}-{f.name}").write_bytes(f.read_bytes())

    def findings(jobs: int) -> list[str]:
        result = run([tmp_path], Settings(), root=tmp_path, jobs=jobs)
        return [f"{f.rule_id} {f.location} {f.message} {f.fingerprint}" for f in result.findings]

    alone = findings(1)
    _worker_takes_everything(monkeypatch)
    here = _scans_here(monkeypatch)
    assert findings(2) == alone
    # Only the file the worker does not answer for (not UTF-8) was scanned here.
    assert here == ["hostile/bad_utf8.yaml"]
    assert len([f for f in alone if f.startswith("ZOT3")]) > 5
