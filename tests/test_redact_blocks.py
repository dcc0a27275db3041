"""The many-secrets scrubber cuts a long text into blocks and keeps apart only the blocks that
changed; the answer must stay the one regex alternation's wherever the blocks fall, and a text
without a secret comes back as the same object (no copy of a large report)."""

from __future__ import annotations

import random
import re

import pytest

from zotlint import redact
from zotlint.redact import _ManyForms


def _alternation(values: dict[str, str], text: str) -> str:
    pattern = re.compile("|".join(re.escape(v) for v in sorted(values, key=len, reverse=True)))
    return pattern.sub(lambda m: values[m.group(0)], text)


@pytest.mark.parametrize("block", [1, 7, 64])
def test_blocks_give_the_alternations_answer(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    monkeypatch.setattr(redact, "_BLOCK", block)
    rnd = random.Random(block)
    for _ in range(60):
        forms = {"".join(rnd.choice("abc9") for _ in range(rnd.randint(4, 9))) for _ in range(80)}
        values = {f: f"<{i}>" for i, f in enumerate(sorted(forms))}
        pieces = [
            rnd.choice(sorted(forms)) if rnd.random() < 0.05 else rnd.choice(" x,y\n:abc9")
            for _ in range(rnd.randint(0, 400))
        ]
        text = "".join(pieces)
        assert _ManyForms(values).scrub(text) == _alternation(values, text), text


def test_a_text_without_secrets_is_returned_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(redact, "_BLOCK", 16)
    values = {f"Zq8mPw7xK2vL{i:04d}": f"<{i}>" for i in range(100)}
    clean = "a report, no secret in it\n" * 50
    assert _ManyForms(values).scrub(clean) is clean
    dirty = clean + "Zq8mPw7xK2vL0042" + clean
    assert _ManyForms(values).scrub(dirty) == clean + "<42>" + clean
