"""Fixture repositories of the GitOps shapes teams use (Flux, ApplicationSets, kustomize
helmCharts, umbrella charts): every rule runs on each `fail` repo and must report exactly its
planted problems (``# expect:`` comments, as in tests/rules), and nothing at warning or above on
the corrected `pass` twin."""

from __future__ import annotations

from pathlib import Path

import pytest

from zotlint.config import Settings
from zotlint.engine import run
from zotlint.findings import Severity
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
