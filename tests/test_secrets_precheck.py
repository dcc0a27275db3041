"""Issue 19, "walk less": the structural walk runs only on files whose text can hold a key a
detector acts on; the byte pre-check never hides a secret a key spells through an escape."""

from __future__ import annotations

from pathlib import Path

from zotlint.config import Settings
from zotlint.engine import run
from zotlint.secrets.scan import may_hold_secrets

TOKEN = "Zq8mK2vR9xL4pT7wB3nCy6"


def test_precheck_answers() -> None:
    assert not may_hold_secrets("replicas: 2\nimage: {repository: ghcr.io/project-zot/zot}\n")
    assert may_hold_secrets("DB_PASSWORD: x\n") and may_hold_secrets("hashKey: x\n")
    assert may_hold_secrets('{"p\\u0061ssword": "x"}')  # an escape can spell the key
    assert may_hold_secrets("\u017fecret: x\n")  # long s: matches `s` case-insensitively


def test_a_key_spelled_through_an_escape_is_still_walked(tmp_path: Path) -> None:
    # Parsed (zot's chart values), and no word of a credential key anywhere in the text.
    values = f'image:\n  repository: ghcr.io/project-zot/zot\nenv:\n  "p\\x61ssword": {TOKEN}\n'
    (tmp_path / "values.yaml").write_text(values)
    result = run([tmp_path], Settings(select=["ZOT305"]), root=tmp_path)
    assert [(f.rule_id, f.location.start_line) for f in result.findings] == [("ZOT305", 4)]
