"""The shared placeholder/reference model: other apps' ordinary values raise nothing from ZOT3xx,
and zot's advice is given only on zot's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from zotlint.config import Settings
from zotlint.engine import run
from zotlint.secrets.placeholder import is_placeholder, names_secret, sops_encrypted

FIXTURES = Path(__file__).resolve().parent / "rules"


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("pg-credentials", "existingSecret"),
        ("postgres-auth", "existingSecret"),
        ("minio-oidc", "existingClientSecretName"),
        ("$__file{/etc/secrets/client_secret}", "client_secret"),
        ("$__env{GF_SECURITY_ADMIN_PASSWORD}", "admin_password"),
        ("$__vault{database:secret/data/grafana:password}", "password"),
        ("$oidc.keycloak.clientSecret", "clientSecret"),
        ("$argocd-oidc:clientSecret", "clientSecret"),
        ("{R2_SECRET_KEY}", "secretAccessKey"),
        ("ENC[AES256_GCM,data:abc=,iv:x=,tag:y=,type:str]", "password"),
        ("${OIDC_CLIENT_SECRET}", "clientsecret"),
        ("<path:secret/data/zot#clientsecret>", "clientsecret"),
    ],
)
def test_references_are_placeholders(value: str, key: str) -> None:
    assert is_placeholder(value, key)


def test_secret_name_keys_and_real_values() -> None:
    assert names_secret("existingSecret") and names_secret("tlsSecretName")
    assert not names_secret("clientSecret") and not names_secret("password")
    # Only a Kubernetes name is a reference; a random value under the same key is not.
    assert not is_placeholder("Qx8#kLw2$Zp9!Tr4", "existingSecret")
    assert not is_placeholder("Xk2pL9qZ7vB3mN8wQ4rT", "clientSecret")
    assert sops_encrypted({"a": "ENC[…]", "sops": {"version": "3.9.0"}})
    assert not sops_encrypted({"sops": "plain"})


def _run(case: Path, select: list[str]) -> list:
    settings = Settings()
    settings.select = select
    result = run([case], settings, root=FIXTURES)
    assert not result.errors, result.errors
    return result.findings


def test_other_apps_values_raise_nothing_from_zot3xx() -> None:
    found = _run(FIXTURES / "ZOT305" / "pass_other_apps", ["ZOT3"])
    assert [f"{f.rule_id} {f.location.file}:{f.location.start_line}" for f in found] == []


def test_zot_advice_only_on_zots_files(tmp_path: Path) -> None:
    (tmp_path / "grafana.yaml").write_text(
        "grafana.ini:\n  auth.generic_oauth:\n    client_secret: Xk2pL9qZ7vB3mN8wQ4rTz6Yc\n"
    )
    (tmp_path / "credentials.json").write_text(
        '{"clientid": "zot", "clientsecret": "Xk2pL9qZ7vB3mN8wQ4rTz6Yd"}\n'
    )
    settings = Settings()
    settings.select = ["ZOT301"]
    result = run([tmp_path], settings, root=tmp_path)
    by_file = {f.location.file: f.message for f in result.findings}
    assert "credentialsFile" not in by_file["grafana.yaml"]
    assert "identity provider" in by_file["grafana.yaml"]
    assert "credentialsFile" in by_file["credentials.json"]


def test_secret_in_comment_reported_at_its_line() -> None:
    (f,) = _run(FIXTURES / "ZOT301" / "fail_in_comment.yaml", ["ZOT301"])
    assert f.location.start_line == 8
    assert "in a YAML comment" in f.message
    assert len([c for c in f.message if c == "…"]) == 1  # redacted: first/last character only


def test_comment_spans() -> None:
    from zotlint.secrets.textpass import comment_spans as _comment_spans

    text = (
        "a: 1 # one\n"
        "  # two: x\n"
        'b: "q # not a comment" # three\n'
        "c: it's # four\n"
        "url: http://x/#frag\n"
        "d: '#quoted'\n"
    )
    assert [text[s:e] for s, e in _comment_spans(text)] == [" one", " two: x", " three", " four"]
