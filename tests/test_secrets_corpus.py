"""Recall and false positives of the ZOT3xx rules on a generated corpus with planted secrets.

The corpus (tests/secrets_corpus.py) plants one secret of each kind at a known line, next to
placeholders and look-alikes (image digests, git SHAs, ARNs, UUIDs, `secretKey:` names…).
Target: every planted secret found by the right rule on its line, nothing else reported.
bench/secrets_compare.py runs detect-secrets and gitleaks on the same corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from secrets_corpus import Corpus, build

from zotlint.config import Settings
from zotlint.engine import RunResult, run


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, RunResult]:
    root = tmp_path_factory.mktemp("secrets-corpus")
    c = build(root)
    return c, run([root], Settings(select=["ZOT3"]), root=root)


def _hits(c: Corpus, result: RunResult) -> tuple[list[str], list[str], list[str]]:
    by_line = {(f.location.file, f.location.start_line): f for f in result.findings}
    missed = [
        f"{p.file}:{p.line} {p.kind} ({p.rule})"
        for p in c.planted
        if (f := by_line.get((p.file, p.line))) is None or f.rule_id != p.rule
    ]
    planted = {(p.file, p.line) for p in c.planted}
    extra = [
        f"{f.location.file}:{f.location.start_line} {f.rule_id} {f.message}"
        for f in result.findings
        if (f.location.file, f.location.start_line) not in planted
    ]
    decoys = {(d.file, d.line): d.kind for d in c.decoys}
    flagged = [f"{k[0]}:{k[1]} {v}" for k, v in decoys.items() if k in by_line]
    return missed, extra, flagged


def test_recall_is_complete(corpus: tuple[Corpus, RunResult]) -> None:
    c, result = corpus
    assert not result.errors
    missed, _, _ = _hits(c, result)
    assert len(c.planted) >= 20
    assert not missed, "planted secrets not found:\n" + "\n".join(missed)


def test_no_false_positives(corpus: tuple[Corpus, RunResult]) -> None:
    c, result = corpus
    _, extra, flagged = _hits(c, result)
    assert len(c.decoys) >= 30
    assert not flagged, "placeholders/look-alikes flagged:\n" + "\n".join(flagged)
    assert not extra, "findings on lines with no planted secret:\n" + "\n".join(extra)


def test_every_rule_is_exercised(corpus: tuple[Corpus, RunResult]) -> None:
    _, result = corpus
    assert {f.rule_id for f in result.findings} == {
        "ZOT301",
        "ZOT302",
        "ZOT303",
        "ZOT304",
        "ZOT305",
    }


def test_same_seed_same_corpus(tmp_path: Path) -> None:
    a = build(tmp_path / "a", seed=3)
    b = build(tmp_path / "b", seed=3)
    assert [p.value for p in a.planted] == [p.value for p in b.planted]
