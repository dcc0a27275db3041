"""Runs every fixture case under tests/rules/<ID>/ against its rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zotlint.messages import is_key, split
from zotlint.testing import compare, fix_case, fixed_path

# Python's spelling of YAML/JSON values (`False`, `None`, `'x'` lists) in a message: users write
# false, null and ["x"].
# (`Ready=False` is Kubernetes' own spelling of a condition, not Python's.)
PYTHON_SPELLING = re.compile(r"\b(?:is|be|was|to|of|not) (?:True|False|None)\b|\[\'|\{\'")

# A headline is what concise output, JUnit and the first line of text output show: one short
# sentence, like ruff's ("`os` imported but unused"). The detail (values, why, what to do)
# follows it.
MAX_HEADLINE = 100

RULES_DIR = Path(__file__).parent / "rules"
RULE_SOURCES = Path(__file__).parents[1] / "rules"


def _cases() -> list[tuple[str, Path]]:
    out = []
    for rule_dir in sorted(p for p in RULES_DIR.iterdir() if p.is_dir()):
        for case in sorted(rule_dir.iterdir()):
            if case.name.startswith(("fail", "pass")) and case.suffix not in (".expect", ".fixed"):
                out.append((rule_dir.name, case))
    return out


@pytest.mark.parametrize(("rule_id", "case"), _cases(), ids=lambda v: getattr(v, "name", v))
def test_fixture(rule_id: str, case: Path) -> None:
    missing, unexpected, result = compare(case, rule_id, RULES_DIR)
    assert not result.errors, result.errors
    if case.name.startswith("pass"):
        assert not unexpected, "pass case produced findings:\n" + "\n".join(unexpected)
        assert not missing, f"pass case has expectations: {missing}"
    else:
        assert not missing and not unexpected, (
            "missing:\n  " + "\n  ".join(missing) + "\nunexpected:\n  " + "\n  ".join(unexpected)
        )
        assert result.visible(), "a fail case must produce at least one finding"
    for f in result.visible():
        assert not PYTHON_SPELLING.search(f.message), f"{f.rule_id}: {f.message}"
        headline, detail = split(f.message)
        # A first sentence, then the detail: the headline is what concise output shows.
        assert headline.endswith(".") and len(headline) <= len(f.message) + 1, f.message
        # A detail starts as a sentence, or with a key spelled as the user wrote it.
        assert not detail or not detail[0].islower() or is_key(detail.split(" ")[0]), f.message
        assert len(headline) <= MAX_HEADLINE, f"headline over {MAX_HEADLINE}: {headline}"


def _fix_cases() -> list[tuple[str, Path]]:
    return [(rid, case) for rid, case in _cases() if fixed_path(case).exists()]


@pytest.mark.parametrize(("rule_id", "case"), _fix_cases(), ids=lambda v: getattr(v, "name", v))
def test_fix_fixture(rule_id: str, case: Path) -> None:
    """`check --fix --unsafe-fixes` makes exactly the `.fixed` output of the case, and the
    fixed files re-lint without a fixable finding of the rule."""
    got = fix_case(case, rule_id, RULES_DIR)
    assert not got.outcome.result.errors, got.outcome.result.errors  # type: ignore[attr-defined]
    assert not got.mismatched, "\n".join(got.mismatched)
    assert got.applied >= 1, "the case has a .fixed output but no fix applied"
    assert not got.remaining, "still fixable after --fix:\n" + "\n".join(got.remaining)


def test_fixable_rules_have_fix_fixtures() -> None:
    """A rule that attaches fixes says so in its doc ("Fix: safe" / "Fix: unsafe") and has at
    least one input -> expected output pair."""
    from zotlint.registry import load_rules

    with_pairs = {rid for rid, _ in _fix_cases()}
    for r in load_rules():
        source = (RULE_SOURCES / r.meta.source_file).read_text(encoding="utf-8")
        declares = re.search(r"^Fix: (safe|unsafe)\b", r.meta.doc, re.MULTILINE) is not None
        attaches = "fix=" in source
        if attaches:
            assert declares, f"{r.id} attaches fixes but its doc has no 'Fix: safe|unsafe' line"
        if declares:
            assert r.id in with_pairs, f"{r.id} is fixable but has no .fixed fixture pair"
