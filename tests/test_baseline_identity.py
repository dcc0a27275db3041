"""Baseline (and SARIF) identity of a finding inside a list follows the item, not its index."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from samples import CONFIG_WITHOUT_URL

from zotlint.config import Settings
from zotlint.engine import run

SCOPES = '"scopes": ["openid", "email", "groups"]'
VALUES = "image:\n  repository: ghcr.io/project-zot/zot\n" + CONFIG_WITHOUT_URL.replace(
    '"issuer": "https://kc.example.com/realms/a"',
    f'"issuer": "https://kc.example.com/realms/a", {SCOPES}',
)


def zl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zotlint", *args], capture_output=True, text=True, timeout=120
    )


def fingerprints(root: Path, rule: str) -> list[str]:
    res = run([root], Settings(select=[rule]), root=root)
    return [f.fingerprint for f in res.findings if f.rule_id == rule]


def test_removing_an_earlier_scope_keeps_the_baselined_finding(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    values = repo / "values.yaml"
    values.write_text(VALUES)
    before = fingerprints(repo, "ZOT109")
    assert len(before) == 1
    base = tmp_path / "baseline.json"
    assert (
        zl("check", str(repo), "--select", "ZOT109", "--write-baseline", str(base)).returncode == 0
    )

    values.write_text(VALUES.replace('"openid", "email", "groups"', '"openid", "groups"'))
    assert fingerprints(repo, "ZOT109") == before  # "groups" moved from index 2 to 1
    out = zl("check", str(repo), "--select", "ZOT109", "--baseline", str(base))
    assert out.returncode == 0, out.stdout
    assert "1 in baseline" in out.stdout


def test_list_items_of_maps_are_named_by_their_own_key(tmp_path: Path) -> None:
    mounts = """\
image:
  repository: ghcr.io/project-zot/zot
extraVolumes:
  - name: other
    emptyDir: {{}}
  - name: oidc
    secret: {{secretName: zot-oidc}}
extraVolumeMounts:
{mounts}
"""
    first = "  - name: other\n    mountPath: /other\n  - name: typo\n    mountPath: /secret-oidc\n"
    second = "  - name: typo\n    mountPath: /secret-oidc\n"
    (tmp_path / "values.yaml").write_text(mounts.format(mounts=first))
    a = fingerprints(tmp_path, "ZOT202")
    (tmp_path / "values.yaml").write_text(mounts.format(mounts=second))
    b = fingerprints(tmp_path, "ZOT202")
    assert len(a) == 1 and a == b
