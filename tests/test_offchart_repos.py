"""Fixture repos of zot outside its chart (tests/repos/offchart/<case>/{broken,fixed}).

Every rule runs. `broken` must report exactly its `# expect:` findings at warning or above (notes
may come and go); its `fixed` twin must report nothing at warning or above.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zotlint.config import Settings
from zotlint.engine import run
from zotlint.findings import Severity
from zotlint.testing import _matches, expectations

ROOT = Path(__file__).resolve().parents[1]
REPOS = Path(__file__).parent / "repos" / "offchart"
CASES = sorted(p.name for p in REPOS.iterdir() if p.is_dir())


def _loud(case: Path) -> list:  # type: ignore[type-arg]
    result = run([case], Settings(), root=ROOT)
    assert not result.errors, result.errors
    return [f for f in result.visible() if f.severity >= Severity.WARNING]


@pytest.mark.parametrize("name", CASES)
def test_broken_reports_exactly_the_planted_problems(name: str) -> None:
    case = REPOS / name / "broken"
    got = _loud(case)
    exps = expectations(case, ROOT)
    assert exps, "a broken repo plants at least one problem"
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


@pytest.mark.parametrize("name", CASES)
def test_fixed_twin_is_quiet(name: str) -> None:
    got = _loud(REPOS / name / "fixed")
    assert not got, "\n".join(
        f"{f.location.file}:{f.location.start_line} {f.rule_id} {f.message}" for f in got
    )
