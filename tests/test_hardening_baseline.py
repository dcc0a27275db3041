"""Issue 14, attack 7: a baseline stores no token-shaped file name, and a secret's fingerprint
only through PBKDF2 with the file's own random salt and at least 100,000 rounds."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from zotlint import baseline
from zotlint.cli import cli

TOKEN_NAME = "ghp_" + "Zq8vN3xK7pL2mW9rT4yB6cH1dF5gJ0sA1234"
SECRET = (
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n"
    "stringData:\n  password: Qm9vT2xLx8Zr4Wd7Yp1Nc6Vb3Hs5Gj0F\n"
)


def _invoke(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(cli, list(args))
    return res.exit_code, res.output


def test_baseline_scrubs_file_names_and_salts_secret_fingerprints(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / f"{TOKEN_NAME}.yaml").write_text(SECRET)
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    for out in (first, second):
        code, output = _invoke("check", str(repo), "--select", "ZOT3", "--write-baseline", str(out))
        assert code == 0, output
    one, two = json.loads(first.read_text()), json.loads(second.read_text())
    assert TOKEN_NAME not in first.read_text() and TOKEN_NAME[:10] not in first.read_text()
    assert one["rounds"] >= 100_000 and len(bytes.fromhex(one["salt"])) >= 16
    assert one["salt"] != two["salt"]  # one random salt per baseline
    assert one["findings"][0]["fingerprint"] != two["findings"][0]["fingerprint"]
    code, output = _invoke("check", str(repo), "--select", "ZOT3", "--baseline", str(first))
    assert code == 0 and "1 in baseline" in output, output


def test_a_baseline_asking_for_endless_rounds_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "baseline.json"
    doc = {"version": 2, "salt": "00" * 16, "rounds": 10**12, "findings": []}
    bad.write_text(json.dumps(doc))
    code, output = _invoke("check", str(tmp_path), "--baseline", str(bad))
    assert code == 2 and "rounds" in output


def test_version_1_baselines_still_match(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "s.yaml").write_text(SECRET)
    from zotlint.config import Settings
    from zotlint.engine import run

    result = run([repo], Settings(select=["ZOT3"]), root=repo)
    old = {
        "version": 1,
        "findings": [
            {"rule": r, "file": p, "fingerprint": fp}
            for r, p, fp in sorted(baseline.key(f) for f in result.findings)
        ],
    }
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(old))
    assert baseline.apply(result, baseline.load(path)) == 1
