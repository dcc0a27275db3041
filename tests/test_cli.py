"""The command line: exit codes, formats, configuration errors, rule docs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import zl
from samples import VALUES_WITHOUT_URL

REPO = Path(__file__).resolve().parents[1]

BAD_VALUES = VALUES_WITHOUT_URL


@pytest.fixture()
def bad_repo(tmp_path: Path) -> Path:
    (tmp_path / "values.yaml").write_text(BAD_VALUES)
    return tmp_path


def test_version() -> None:
    out = zl("--version")
    assert out.returncode == 0 and out.stdout.startswith("zotlint ")


def test_findings_exit_1_and_text_format(bad_repo: Path) -> None:
    out = zl("check", str(bad_repo), "--select", "ZOT101", "--no-color")
    assert out.returncode == 1
    assert "values.yaml:9:18: ZOT101 [error]" in out.stdout
    assert "^" in out.stdout  # code frame
    assert "Traceback" not in out.stderr


def test_fail_on_and_exit_zero(bad_repo: Path) -> None:
    assert zl("check", str(bad_repo), "--select", "ZOT101", "--exit-zero").returncode == 0
    clean = bad_repo / "clean"
    clean.mkdir()
    (clean / "x.yaml").write_text("zot: {}\n")
    assert zl("check", str(clean)).returncode == 0


def test_json_format_is_stable(bad_repo: Path) -> None:
    a = zl("check", str(bad_repo), "--format", "json", "--select", "ZOT101").stdout
    b = zl("check", str(bad_repo), "--format", "json", "--select", "ZOT101").stdout
    assert a == b
    doc = json.loads(a)
    f = doc["findings"][0]
    assert f["rule"] == "ZOT101" and f["start"] == {"line": 9, "column": 18}
    assert doc["summary"]["error"] == 1


def test_github_format(bad_repo: Path) -> None:
    out = zl("check", str(bad_repo), "--format", "github", "--select", "ZOT101").stdout
    assert out.startswith("::error file=values.yaml,line=9,col=18,endLine=9,endColumn=26,")
    assert "title=ZOT101 missing-external-url::" in out


def test_junit_format(bad_repo: Path) -> None:
    import xml.etree.ElementTree as ET

    out = zl("check", str(bad_repo), "--format", "junit", "--select", "ZOT101").stdout
    root = ET.fromstring(out)
    assert root.attrib["failures"] == "1"


def test_output_file(bad_repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    out = zl("check", str(bad_repo), "--format", "json", "--output", str(target))
    assert out.returncode == 1 and out.stdout == ""
    assert json.loads(target.read_text())["findings"]


def test_config_error_names_the_key(bad_repo: Path) -> None:
    (bad_repo / ".zotlint.yaml").write_text("selec: [ZOT1]\n")
    out = zl("check", str(bad_repo))
    assert out.returncode == 2
    assert "unknown key 'selec'" in out.stderr and "did you mean 'select'" in out.stderr


def test_config_file_applies(bad_repo: Path) -> None:
    (bad_repo / ".zotlint.yaml").write_text(
        "ignore: [ZOT101]\nrules:\n  ZOT102: {severity: error, options: {expected: openid}}\n"
    )
    out = zl("check", str(bad_repo), "--format", "json")
    ids = {f["rule"] for f in json.loads(out.stdout)["findings"]}
    assert "ZOT101" not in ids


def test_pyproject_config(bad_repo: Path) -> None:
    (bad_repo / "pyproject.toml").write_text('[tool.zotlint]\nignore = ["ZOT1"]\n')
    out = zl("check", str(bad_repo), "--format", "json")
    assert not [f for f in json.loads(out.stdout)["findings"] if f["rule"].startswith("ZOT1")]


def test_missing_path_is_usage_error() -> None:
    out = zl("check", "/nonexistent/zotlint/path")
    assert out.returncode == 2 and "does not exist" in out.stderr


def test_unknown_format_is_usage_error(bad_repo: Path) -> None:
    assert zl("check", str(bad_repo), "--format", "xml").returncode == 2


def test_rules_and_rule_doc() -> None:
    listing = json.loads(zl("rules", "--format", "json").stdout)
    assert any(r["id"] == "ZOT101" for r in listing)
    doc = zl("rule", "ZOT101").stdout
    assert doc.startswith("# ZOT101 missing-external-url")
    for heading in ("## What it does", "## Why it matters", "## Example", "## Fix"):
        assert heading in doc
    assert zl("rule", "missing-external-url").stdout == doc
    assert zl("rule", "ZOT999").returncode == 2


def test_examples_guide_and_clean() -> None:
    guide = zl("check", "examples/guide", "--format", "json", cwd=REPO)
    assert guide.returncode in (0, 1) and "Traceback" not in guide.stderr
    clean = zl("check", "examples/clean", "--fail-on", "warning", cwd=REPO)
    assert clean.returncode == 0, clean.stdout
