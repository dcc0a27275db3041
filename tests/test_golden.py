"""Refactors change nothing: today's findings equal tests/golden/*.jsonl byte for byte.

When a change is meant to alter findings, regenerate with `python tests/golden_outputs.py` and
say in the commit which lines changed and why.
"""

from __future__ import annotations

import difflib

import golden_outputs
import pytest


@pytest.mark.parametrize("name", list(golden_outputs.targets()))
def test_golden(name: str) -> None:
    want = (golden_outputs.GOLDEN / f"{name}.jsonl").read_text(encoding="utf-8")
    got = golden_outputs.render(name)
    if got != want:
        diff = difflib.unified_diff(
            want.splitlines(), got.splitlines(), "golden", "now", lineterm="", n=0
        )
        shown = "\n".join(list(diff)[:60])
        pytest.fail(
            f"{name}: findings changed (regenerate with `python tests/golden_outputs.py` if "
            f"intended and say why in the commit):\n{shown}"
        )
