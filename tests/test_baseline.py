"""`--write-baseline` / `--baseline`: line-free, secret-free, and only new findings fail."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from zotlint.cli import cli

SECRET = "Zq8mK2vR9xL4pT7wB3nCy6"
OTHER = "Hd4sW9qLx2Rk7Vb3Nm8Tc5"


def _invoke(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def test_baseline_survives_line_shifts_and_catches_new_secrets(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    env = repo / "app.env"
    env.write_text(f"DB_PASSWORD={SECRET}\n", encoding="utf-8")
    base = tmp_path / "baseline.json"
    code, _, err = _invoke("check", str(repo), "--select", "ZOT3", "--write-baseline", str(base))
    assert code == 0 and "wrote 1 finding" in err
    text = base.read_text(encoding="utf-8")
    assert SECRET not in text
    entry = json.loads(text)["findings"][0]
    assert set(entry) == {"rule", "file", "fingerprint"}  # no line number, no value

    env.write_text(f"# moved down\n\nDB_PASSWORD={SECRET}\n", encoding="utf-8")
    code, out, _ = _invoke("check", str(repo), "--select", "ZOT3", "--baseline", str(base))
    assert code == 0 and "1 in baseline" in out

    env.write_text(f"DB_PASSWORD={SECRET}\nAPI_TOKEN={OTHER}\n", encoding="utf-8")
    code, out, _ = _invoke(
        "check", str(repo), "--select", "ZOT3", "--baseline", str(base), "--no-color"
    )
    assert code == 1
    assert "app.env:2:" in out and "1 in baseline" in out
    assert OTHER not in out


def test_baseline_json_summary_counts(tmp_path: Path) -> None:
    (tmp_path / "a.env").write_text(f"TOKEN={SECRET}\n", encoding="utf-8")
    base = tmp_path / "b.json"
    _invoke("check", str(tmp_path), "--select", "ZOT3", "--write-baseline", str(base))
    code, out, _ = _invoke(
        "check", str(tmp_path), "--select", "ZOT3", "--baseline", str(base), "--format", "json"
    )
    assert code == 0
    assert json.loads(out)["summary"]["baselined"] == 1


def test_bad_baseline_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = _invoke("check", str(tmp_path), "--baseline", str(bad))
    assert code == 2 and "not a zotlint baseline" in err
    code, _, err = _invoke("check", str(tmp_path), "--baseline", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read baseline" in err
