"""Issue 19: a Kubernetes Secret value that is a YAML or JSON file is parsed once per distinct
text in a run, however many Secrets repeat it (one per environment), with the same verdicts."""

from __future__ import annotations

from pathlib import Path

import pytest

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
