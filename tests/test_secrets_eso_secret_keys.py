"""Issue 19: the secret walk does not hand ESO's `secretKey` strings to the key detectors
outside a zot config (only zot's S3 driver `secretkey` is a credential, and only there), and
still finds the S3 secret key in a config."""

from __future__ import annotations

from pathlib import Path

from zotlint.config import Settings
from zotlint.engine import run
from zotlint.secrets import walker as W

S3 = "EVHzc0X0AWIRh/JUqBlIFXZ53Ncqe28+ajY75FnC"
ESO = """apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: zot-oidc, namespace: zot}
spec:
  secretStoreRef: {name: aws, kind: SecretStore}
  target: {name: zot-oidc}
  data:
    - secretKey: client-secret
      remoteRef: {key: zot/oidc, property: client_secret}
    - secretKey: Zq8mK2vR9xL4pT7wB3nCy6aa
      remoteRef: {key: zot/oidc, property: other}
"""
CONFIG = f"""{{
  "storage": {{"rootDirectory": "/var/lib/registry",
    "storageDriver": {{"name": "s3", "region": "us-east-1", "secretkey": "{S3}"}}}},
  "http": {{"address": "0.0.0.0", "port": "5000"}}
}}
"""


def test_eso_secret_keys_are_not_judged_and_s3_keys_are(tmp_path: Path, monkeypatch) -> None:
    judged: list[tuple[str, str]] = []
    real = W._scalar

    def counting(scan, doc, path, value):  # type: ignore[no-untyped-def]
        judged.append((str(path[-1]), value))
        return real(scan, doc, path, value)

    monkeypatch.setattr(W, "_scalar", counting)
    (tmp_path / "eso.yaml").write_text(ESO)
    (tmp_path / "config.json").write_text(CONFIG)
    result = run([tmp_path], Settings(select=["ZOT305"]), root=tmp_path, jobs=1)
    assert not [j for j in judged if j[0] == "secretKey"]
    assert ("secretkey", S3) in judged
    assert [(f.location.file, f.location.start_line) for f in result.findings] == [
        ("config.json", 3)
    ]
