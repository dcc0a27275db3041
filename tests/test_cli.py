"""The command line: exit codes, formats, configuration errors, rule docs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import zl
from samples import CONFIG_WITHOUT_URL, VALUES_WITHOUT_URL

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
    out = zl("check", ".", "--format", "github", "--select", "ZOT101", cwd=bad_repo).stdout
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


def test_output_dash_is_standard_output(bad_repo: Path) -> None:
    # `-o -` is standard output (as in ruff), not a file named `-`; `./-` still names one.
    tmp_path = bad_repo / "cwd"
    tmp_path.mkdir()
    out = zl("check", str(bad_repo), "--format", "json", "-o", "-", cwd=tmp_path)
    assert out.returncode == 1
    assert json.loads(out.stdout)["findings"]
    assert not (tmp_path / "-").exists()
    out = zl("check", str(bad_repo), "--format", "json", "--output=./-", cwd=tmp_path)
    assert out.returncode == 1 and out.stdout == ""
    assert json.loads((tmp_path / "-").read_text())["findings"]
    graph = zl("graph", str(bad_repo), "--output", "-", cwd=tmp_path)
    assert graph.returncode == 0 and graph.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["-"]


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


@pytest.mark.parametrize("tool", ['tool = ["zotlint"]', 'tool = "zotlint"', "tool = 1"])
def test_pyproject_whose_tool_is_not_a_table_has_no_config(bad_repo: Path, tool: str) -> None:
    # No [tool.zotlint] table: the defaults, found or named (was an internal error).
    (bad_repo / "pyproject.toml").write_text(tool + "\n")
    for extra in ((), ("--config", str(bad_repo / "pyproject.toml"))):
        out = zl("check", str(bad_repo), "--select", "ZOT101", "--format", "json", *extra)
        assert out.returncode == 1, out.stderr
        assert [f["rule"] for f in json.loads(out.stdout)["findings"]] == ["ZOT101"]


def test_pyproject_tool_zotlint_not_a_table_is_a_config_error(bad_repo: Path) -> None:
    (bad_repo / "pyproject.toml").write_text('[tool]\nzotlint = ["ZOT101"]\n')
    out = zl("check", str(bad_repo))
    assert out.returncode == 2
    assert out.stderr.startswith("zotlint: error: ")
    assert out.stderr.endswith(
        "pyproject.toml [tool.zotlint]: expected a mapping at the top level\n"
    )


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
    # It ends with a link to the rule's published page.
    assert doc.rstrip().endswith("/docs/rules/ZOT101.md")
    assert json.loads(zl("rule", "ZOT101", "--format", "json").stdout)["url"].endswith(
        "/docs/rules/ZOT101.md"
    )
    assert zl("rule", "ZOT999").returncode == 2


def test_examples_guide_and_clean() -> None:
    guide = zl("check", "examples/guide", "--format", "json", cwd=REPO)
    assert guide.returncode in (0, 1) and "Traceback" not in guide.stderr
    clean = zl("check", "examples/clean", "--fail-on", "warning", cwd=REPO)
    assert clean.returncode == 0, clean.stdout


def test_concise_is_one_line_per_finding(bad_repo: Path) -> None:
    text = zl("check", ".", "--select", "ZOT101", "--format", "concise", cwd=bad_repo)
    lines = text.stdout.splitlines()
    assert text.returncode == 1
    assert lines[0] == (
        "values.yaml:9:18: ZOT101 [error] OpenID is configured but http.externalUrl is not set."
    )
    assert lines[1].startswith("Found 1 finding")
    assert len(lines) == 2
    # --output-format is the ruff spelling of the same option.
    alias = zl("check", ".", "--select", "ZOT101", "--output-format", "concise", cwd=bad_repo)
    assert alias.stdout == text.stdout


def test_text_has_headline_then_detail(bad_repo: Path) -> None:
    out = zl("check", str(bad_repo), "--select", "ZOT101", "--no-color").stdout.splitlines()
    assert out[0].endswith("ZOT101 [error] OpenID is configured but http.externalUrl is not set.")
    assert out[1].startswith("  Zot will send the redirect URI http(s)://<address>:<port>/")


def test_quiet_prints_only_findings(bad_repo: Path, tmp_path: Path) -> None:
    out = zl("check", str(bad_repo), "--select", "ZOT101", "--format", "concise", "-q")
    assert out.returncode == 1 and out.stdout.count("\n") == 1 and "Found" not in out.stdout
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "a.yaml").write_text("a: 1\n")
    quiet = zl("check", str(clean), "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == ""
    assert "All checks passed" in zl("check", str(clean)).stdout


def test_junit_counts_are_consistent(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    (tmp_path / "values.yaml").write_text(
        CONFIG_WITHOUT_URL.replace('"port": "5000",', '"port": "5000", "realm": "x",')
    )
    (tmp_path / "other.yaml").write_text("a: 1\n")

    def suite(*args: str) -> ET.Element:
        root = ET.fromstring(zl("check", str(tmp_path), "--format", "junit", *args).stdout)
        return root.find("testsuite")  # type: ignore[return-value]

    s = suite("--select", "ZOT101,ZOT102,ZOT121")
    cases = s.findall("testcase")
    # One case per file and rule, one passing case per file without findings.
    names = sorted((Path(c.attrib["classname"]).name, c.attrib["name"]) for c in cases)
    assert names == [
        ("other.yaml", "zotlint"),
        ("values.yaml", "ZOT101 missing-external-url"),
        ("values.yaml", "ZOT102 realm-not-openid"),
        ("values.yaml", "ZOT121 missing-session-keys"),
    ]
    failed = [c for c in cases if c.find("failure") is not None]
    assert s.attrib["tests"] == str(len(cases)) == "4"
    assert s.attrib["failures"] == str(len(failed)) == "1"  # notes are not failures at warning
    assert all(len(c.findall("failure")) <= 1 for c in cases)
    notes = suite("--select", "ZOT101,ZOT102,ZOT121", "--fail-on", "note")
    assert notes.attrib["failures"] == "3" and notes.attrib["tests"] == "4"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "ZOT999"], "--select: unknown rule 'ZOT999'\n"),
        (["--select", "foo-bar"], "--select: unknown rule 'foo-bar'\n"),
        (["--ignore", "ZOT1O1"], "--ignore: unknown rule 'ZOT1O1' (did you mean 'ZOT101'?)"),
        (
            ["--select", "ZOT101,missing-externl-url"],
            "--select: unknown rule 'missing-externl-url' (did you mean 'missing-external-url'?)",
        ),
    ],
)
def test_unknown_rule_in_a_flag_is_a_usage_error(
    bad_repo: Path, args: list[str], message: str
) -> None:
    out = zl("check", str(bad_repo), *args)
    assert out.returncode == 2 and out.stdout == ""
    assert f"zotlint: error: {message}" in out.stderr + "\n"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("select: [ZOT999]\n", "select: unknown rule 'ZOT999'"),
        ("ignore: [ZOT10l]\n", "ignore: unknown rule 'ZOT10l' (did you mean 'ZOT101'?)"),
        ('per-file-ignores:\n  "envs/**": [ZOT9]\n', "unknown rule 'ZOT9'"),
        ("rules:\n  ZOT1O1: {severity: note}\n", "rules: unknown rule 'ZOT1O1' (did you mean"),
        ("rules:\n  ZOT101:\n    options: {x: 1}\n", "rules.ZOT101.options: 'x': Extra inputs"),
    ],
)
def test_unknown_rule_in_the_configuration_names_the_file(
    bad_repo: Path, config: str, message: str
) -> None:
    (bad_repo / ".zotlint.yaml").write_text(config)
    out = zl("check", ".", cwd=bad_repo)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.startswith("zotlint: error: .zotlint.yaml: "), out.stderr
    assert message in out.stderr


def test_prefixes_names_and_all_are_known(bad_repo: Path) -> None:
    for sel in ("ZOT1", "ZOT10", "zot101", "missing-external-url", "ALL"):
        assert zl("check", str(bad_repo), "--select", sel).returncode == 1, sel


def test_suppression_of_an_unknown_rule_is_zot005(tmp_path: Path) -> None:
    (tmp_path / "values.yaml").write_text("a: 1  # zotlint: disable=ZOT999 -- typo\n")
    out = zl("check", str(tmp_path), "--select", "ZOT005", "--format", "json")
    (f,) = json.loads(out.stdout)["findings"]
    assert f["rule"] == "ZOT005" and f["start"]["line"] == 1
    assert "unknown rule ZOT999" in f["message"]


def test_paths_are_relative_to_the_current_directory(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    deploy = tmp_path / "deploy" / "zot"
    deploy.mkdir(parents=True)
    (deploy / "values.yaml").write_text(VALUES_WITHOUT_URL)
    sel = ("--select", "ZOT101")
    # From the repository root, from a folder inside it (ruff, ESLint and mypy print paths the
    # terminal and an editor's quickfix list can open), and from outside: absolute.
    top = zl("check", *sel, "--format", "concise", cwd=tmp_path).stdout
    assert top.startswith("deploy/zot/values.yaml:9:18: ZOT101"), top
    sub = zl("check", *sel, "--format", "concise", cwd=tmp_path / "deploy").stdout
    assert sub.startswith("zot/values.yaml:9:18: ZOT101"), sub
    out = zl("check", str(tmp_path), *sel, "--format", "concise").stdout
    assert out.startswith(f"{deploy / 'values.yaml'}:9:18: ZOT101"), out
    github = zl("check", *sel, "--format", "github", cwd=tmp_path / "deploy").stdout
    assert github.startswith("::error file=zot/values.yaml,line=9,")
    junit = zl("check", *sel, "--format", "junit", cwd=tmp_path / "deploy").stdout
    assert 'classname="zot/values.yaml"' in junit
    # JSON carries both: `file` relative to the root, `path` to the current directory.
    (f,) = json.loads(zl("check", *sel, "--format", "json", cwd=tmp_path / "deploy").stdout)[
        "findings"
    ]
    assert (f["file"], f["path"]) == ("deploy/zot/values.yaml", "zot/values.yaml")
    # SARIF stays relative to the repository root: code scanning resolves it from there.
    sarif = json.loads(zl("check", *sel, "--format", "sarif", cwd=tmp_path / "deploy").stdout)
    loc = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "deploy/zot/values.yaml"


def test_errors_show_the_users_paths_and_keys(tmp_path: Path) -> None:
    # A long random-looking path is the user's own, not a secret: shown as typed.
    missing = tmp_path / "k8s-9f3ac21b7e4d5a6c8b0e1f2a3b4c5d6e" / "values.yaml"
    out = zl("check", str(missing))
    assert out.returncode == 2
    assert out.stderr == f"zotlint: error: {missing}: path does not exist\n"
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "a.yaml").write_text("a: 1\n")
    (repo / ".zotlint.yaml").write_text("select: [ZOT1]\nexclude: [\n")
    bad = zl("check", ".", cwd=repo)
    assert bad.stderr.startswith("zotlint: error: .zotlint.yaml:3: invalid YAML: "), bad.stderr
    (repo / ".zotlint.yaml").write_text(
        'per-file-ignores:\n  "envs/9f3ac21b7e4d5a6c8b0e1f2a3b4c5d6e/**": [ZOT9]\n'
    )
    key = zl("check", ".", cwd=repo).stderr
    assert "per-file-ignores.envs/9f3ac21b7e4d5a6c8b0e1f2a3b4c5d6e/**: unknown rule 'ZOT9'" in key
    (repo / ".zotlint.yaml").unlink()
    unwritable = zl("check", ".", "-o", str(tmp_path / "no-such-dir" / "out.txt"), cwd=repo)
    assert unwritable.returncode == 2
    assert f"{tmp_path / 'no-such-dir' / 'out.txt'}: cannot write" in unwritable.stderr


def test_fail_on_never_reports_and_exits_0(bad_repo: Path) -> None:
    out = zl("check", str(bad_repo), "--select", "ZOT101", "--fail-on", "never")
    assert out.returncode == 0 and "ZOT101 [error]" in out.stdout


def test_readme_workflows_use_real_inputs_and_pinned_actions() -> None:
    import yaml

    readme = (REPO / "README.md").read_text()
    blocks = re.findall(r"```yaml\n(# \.github/workflows/[^\n]+\n.*?)```", readme, re.S)
    assert len(blocks) >= 2  # pull requests and a scheduled full scan
    inputs = set(yaml.safe_load((REPO / "action.yml").read_text())["inputs"])
    triggers = set()
    for block in blocks:
        wf = yaml.safe_load(block)
        triggers |= set(wf.get(True, wf.get("on", {})))
        for step in wf["jobs"]["zotlint"]["steps"]:
            uses = step.get("uses", "")
            if uses.startswith("zotlint/zotlint@"):
                assert set(step.get("with", {})) <= inputs, step
            elif uses:
                assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", uses), uses
    assert {"pull_request", "schedule"} <= triggers
