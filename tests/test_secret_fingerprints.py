"""Issue 14: a secret finding's fingerprint (SARIF `partialFingerprints`, JSON `fingerprint`)
names what and where, never a hash of the secret; a baseline alone hashes the value, through
PBKDF2 with its own salt, and only a run that reads or writes one pays for it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from zotlint.cli import cli
from zotlint.config import Settings
from zotlint.engine import run

WEAK = "Passw0rd"  # a guessable password: nothing in the output may let one test guesses
OTHER = "Winter24"
ENV = "DB_PASSWORD={}\nAPI_TOKEN=Zq8mK2vR9xL4pT7wB3nCy6\n"
SECRET = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: {}\n"


def _fingerprints(root: Path) -> dict[str, str]:
    result = run([root], Settings(select=["ZOT3"]), root=root)
    return {f"{f.rule_id}:{f.location.start_line}": f.fingerprint for f in result.findings}


def _repo(tmp_path: Path, name: str, value: str) -> Path:
    repo = tmp_path / name
    repo.mkdir()
    (repo / "db.yaml").write_text(SECRET.format(value))
    (repo / "app.env").write_text(ENV.format("Hd4sW9qLx2Rk7Vb3Nm8Tc5" + value))
    return repo


def test_fingerprints_do_not_derive_from_the_secret(tmp_path: Path) -> None:
    one = _fingerprints(_repo(tmp_path, "one", WEAK))
    two = _fingerprints(_repo(tmp_path, "two", OTHER))
    assert len(one) == 3  # the Secret, and two credentials in the .env
    # Only the value differs: a fingerprint that changed with it would be a function of it.
    assert one == two
    assert one == _fingerprints(tmp_path / "one")  # stable from run to run


def test_several_secrets_at_one_place_get_distinct_fingerprints(tmp_path: Path) -> None:
    # The text pass puts every token of a file at the file's root: numbered in text order.
    (tmp_path / "notes.txt").write_text(
        "ghp_Zq8vN3xK7pL2mW9rT4yB6cH1dF5gJ0sA1234\nghp_Hd4sW9qLx2Rk7Vb3Nm8Tc5Yp1Nc6Vb3Hs5Gj\n"
    )
    found = _fingerprints(tmp_path)
    assert len(found) == 2 and len(set(found.values())) == 2


def test_a_run_without_a_baseline_computes_no_slow_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, "repo", WEAK)

    def refuse(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("PBKDF2 computed without a baseline")

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", refuse)
    result = run([repo], Settings(select=["ZOT3"]), root=repo)
    assert len(result.findings) == 3 and not result.errors


def _invoke(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def test_a_baseline_accepts_the_same_secret_only(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "db.yaml").write_text(SECRET.format(WEAK))
    base = tmp_path / "baseline.json"
    code, _, err = _invoke("check", str(repo), "--select", "ZOT3", "--write-baseline", str(base))
    assert code == 0 and "wrote 1 finding" in err
    doc = json.loads(base.read_text())
    assert doc["version"] == 3 and WEAK not in base.read_text()
    code, out, _ = _invoke("check", str(repo), "--select", "ZOT3", "--baseline", str(base))
    assert code == 0 and "1 in baseline" in out
    # Rotated in place, still committed: the fingerprint is the same, the baseline entry not.
    (repo / "db.yaml").write_text(SECRET.format(OTHER))
    code, out, _ = _invoke("check", str(repo), "--select", "ZOT3", "--baseline", str(base))
    assert code == 1 and "ZOT303" in out and "in baseline" not in out


def test_a_version_2_baseline_says_its_secret_entries_no_longer_match(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "db.yaml").write_text(SECRET.format(WEAK))
    old = {
        "version": 2,
        "salt": "11" * 16,
        "rounds": 1000,
        "findings": [{"rule": "ZOT303", "file": "db.yaml", "fingerprint": "0" * 32}],
    }
    base = tmp_path / "v2.json"
    base.write_text(json.dumps(old))
    code, _, err = _invoke("check", str(repo), "--select", "ZOT3", "--baseline", str(base))
    assert code == 1
    assert "1 committed-secret entries predate baseline version 3" in err
