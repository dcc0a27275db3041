"""Issue 19: a Kubernetes Secret value that is a YAML or JSON file is parsed once per distinct
text in a run, however many Secrets repeat it (one per environment), with the same verdicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zotlint.config import Settings
from zotlint.engine import run
from zotlint.secrets.detectors import kubernetes_secret as K

TOKEN = "Zq8mK2vR9xL4pT7wB3nCy6"
PLAIN = "log_level: info\\nport: 3000\\n"  # a file with no credential in it
SECRET = f"password: {TOKEN}\\nport: 3000\\n"


def _secret(name: str, value: str) -> str:
    return (
        "apiVersion: v1\nkind: Secret\n"
        f"metadata:\n  name: {name}\n  namespace: zot\n"
        f'stringData:\n  app.yaml: "{value}"\n'
    )


def test_repeated_secret_files_are_parsed_once(tmp_path: Path, monkeypatch) -> None:
    parsed: list[str] = []
    real = K._parse_loose

    def counting(value: str):
        parsed.append(value)
        return real(value)

    monkeypatch.setattr(K, "_parse_loose", counting)
    K._document_verdict.cache_clear()
    for env in ("dev", "uat", "prod"):
        (tmp_path / f"plain-{env}.yaml").write_text(_secret(f"plain-{env}", PLAIN))
        (tmp_path / f"secret-{env}.yaml").write_text(_secret(f"secret-{env}", SECRET))
    result = run([tmp_path], Settings(select=["ZOT303"]), root=tmp_path, jobs=1)
    K._document_verdict.cache_clear()
    # One parse per distinct file text, not one per Secret.
    assert sorted(parsed) == sorted({p.replace("\\n", "\n") for p in (PLAIN, SECRET)})
    # The verdicts are those of a parse each: only the Secrets holding the password count.
    assert sorted(f.location.file for f in result.findings) == [
        f"secret-{env}.yaml" for env in ("dev", "prod", "uat")
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("log_level: info\nport: 3000\n", False),
        (f"password: {TOKEN}\nport: 3000\n", True),
        (f'{{"token": "{TOKEN}"}}', True),
        ("not: [valid\nyaml: here\n", None),  # does not parse: judged as a plain value
        ("just a line of text", None),
    ],
)
def test_document_verdicts(value: str, expected: bool | None) -> None:
    K._document_verdict.cache_clear()
    assert K._document_verdict(value) is expected
    assert K._document_verdict(value) is expected  # the cached answer is the same


_PIECES = st.sampled_from(["{", "[", "}", "]", "\n", " ", "\t", "\r", "a", ":", "a: 1", '"k"', "1"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_values_kept_from_the_verdict_cache_never_parse(value: str) -> None:
    # Issue 14: 16,000 one-line passwords all missed the verdict cache; only a value that may
    # parse as a mapping or list goes there now, every other one is surely None.
    if not K._may_be_document(value):
        assert K._parse_loose(value) is None, value
    # And a value that goes there is one that can: `{`/`[` first, or several lines.
    assert K._may_be_document(value) == ("\n" in value or value.strip()[:1] in ("{", "["))


def test_one_line_passwords_skip_the_verdict_cache(tmp_path: Path) -> None:
    K._document_verdict.cache_clear()
    docs = [_secret(f"s{i}", f"Zq8mK2vR9xL4pT7wB3nC{i:04d}") for i in range(50)]
    (tmp_path / "secrets.yaml").write_text("---\n".join(docs))
    result = run([tmp_path], Settings(select=["ZOT303"]), root=tmp_path, jobs=1)
    assert len(result.findings) == 50
    assert K._document_verdict.cache_info().misses == 0
