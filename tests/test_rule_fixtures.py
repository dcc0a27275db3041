"""Runs every fixture case under tests/rules/<ID>/ against its rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from zotlint.testing import compare

RULES_DIR = Path(__file__).parent / "rules"


def _cases() -> list[tuple[str, Path]]:
    out = []
    for rule_dir in sorted(p for p in RULES_DIR.iterdir() if p.is_dir()):
        for case in sorted(rule_dir.iterdir()):
            if case.name.startswith(("fail", "pass")) and case.suffix != ".expect":
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
