"""Custom policies (.zotlint/rules/*.yaml): validation with file and line, every condition, the
merged chart values, and the same engine as zotlint's rules (positions, suppressions,
baselines, every format, `zotlint rules`/`rule`, the fixture harness)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from zotlint.config import ConfigError, Settings
from zotlint.declarative import bounded_regex
from zotlint.engine import run
from zotlint.testing import compare

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "policies"

CONFIG = """\
image:
  repository: ghcr.io/project-zot/zot
  tag: {tag}
service:
  type: ClusterIP
mountConfig: true
configFiles:
  config.json: |-
    {{
      "distSpecVersion": "1.1.0",
      "storage": {{"rootDirectory": "/var/lib/registry"{storage}}},
      "http": {{"address": "0.0.0.0", "port": "5000"}}
    }}
"""


def zl(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zotlint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def repo_with(tmp_path: Path, policy: str, files: dict[str, str]) -> Path:
    (tmp_path / ".git").mkdir(parents=True)
    rules = tmp_path / ".zotlint" / "rules"
    rules.mkdir(parents=True)
    (rules / "team.yaml").write_text(textwrap.dedent(policy))
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    return tmp_path


def found(root: Path, rule: str) -> list[tuple[str, int, int, str]]:
    res = run([root], Settings(select=[rule]), root=root)
    assert not res.errors, res.errors
    return [
        (f.location.file, f.location.start_line, f.location.start_col, f.message)
        for f in res.findings
        if f.rule_id == rule
    ]


POLICY = """\
id: {id}
name: team-rule
severity: warning
message: Team rule
kind: {kind}
query: {query}
condition: {condition}
{extra}
"""


def one(tmp_path: Path, kind: str, query: str, condition: str, extra: str = "", **files: str):
    text = POLICY.format(id="TEAM001", kind=kind, query=query, condition=condition, extra=extra)
    return found(
        repo_with(
            tmp_path, text, files or {"values.yaml": CONFIG.format(tag="v2.1.0", storage="")}
        ),
        "TEAM001",
    )


# -- the example in examples/policies: exact lines, every format ------------------------------


def test_example_matches_its_expect_comments() -> None:
    # The `# expect:` fixture harness works for policies as for zotlint's rules.
    for rule in ("ACME001", "ACME002", "ACME003", "ACME004"):
        missing, unexpected, result = compare(EXAMPLE, rule, REPO)
        assert not result.errors, result.errors
        assert (missing, unexpected) == ([], []), rule


EXPECTED = [
    ("ACME004", "examples/policies/envs/dev/values.yaml", 4, 8),
    ("ACME003", "examples/policies/envs/dev/values.yaml", 22, 48),
    ("ACME001", "examples/policies/envs/prod/values.yaml", 13, 7),
    ("ACME002", "examples/policies/envs/prod/values.yaml", 13, 7),
]


def test_example_in_every_format() -> None:
    target = "examples/policies"
    text = zl("check", target, "--select", "ACME", "--no-color")
    assert text.returncode == 1, text.stderr
    for rule, file, line, col in EXPECTED:
        assert f"{file}:{line}:{col}: {rule} [" in text.stdout
    data = json.loads(zl("check", target, "--select", "ACME", "--format", "json").stdout)
    got = [
        (f["rule"], f["file"], f["start"]["line"], f["start"]["column"]) for f in data["findings"]
    ]
    assert sorted(got) == sorted(EXPECTED)
    sarif = json.loads(zl("check", target, "--select", "ACME", "--format", "sarif").stdout)
    results = sarif["runs"][0]["results"]
    got = [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        )
        for r in results
    ]
    assert sorted(got) == sorted(EXPECTED)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert "custom-policy" in rules["ACME001"]["properties"]["tags"]
    assert "helpUri" not in rules["ACME001"]  # no published page for a team's own rule
    github = zl("check", target, "--select", "ACME", "--format", "github").stdout
    for rule, file, line, col in EXPECTED:
        assert f"file={file},line={line},col={col}," in github and f"title={rule} " in github
    junit = zl("check", target, "--select", "ACME", "--format", "junit").stdout
    for rule, file, line, col in EXPECTED:
        assert f"{file}:{line}:{col}: {rule}" in junit


def test_rules_and_rule_list_the_policies() -> None:
    listing = zl("rules", cwd=EXAMPLE).stdout
    assert "ACME003  no-anonymous-push" in listing and "ZOT101" in listing
    doc = zl("rule", "ACME001", cwd=EXAMPLE)
    assert doc.returncode == 0
    assert doc.stdout.startswith("# ACME001 prod-storage-s3\n\nProduction registries store images")
    assert "examples/policies/.zotlint/rules/platform.yaml" in doc.stdout
    assert "Documentation:" not in doc.stdout
    assert zl("rule", "no-anonymous-push", cwd=EXAMPLE).stdout.startswith("# ACME003")


# -- conditions ---------------------------------------------------------------------------------


def test_exists_points_at_the_deepest_existing_key(tmp_path: Path) -> None:
    got = one(tmp_path, "zot-config", "$.storage.retention.delay", "{exists: true}")
    assert got == [("values.yaml", 11, 7, "Team rule. storage.retention.delay should be set.")]


def test_exists_is_quiet_when_present(tmp_path: Path) -> None:
    values = CONFIG.format(tag="v2.1.0", storage=', "retention": {"delay": "24h"}')
    got = one(
        tmp_path,
        "zot-config",
        "$.storage.retention.delay",
        "{exists: true}",
        **{"values.yaml": values},
    )
    assert got == []


def test_zot_config_keys_match_in_any_case(tmp_path: Path) -> None:
    # zot reads its config case-insensitively; the message spells keys as the file does.
    got = one(tmp_path, "zot-config", "$.STORAGE.RootDirectory", "{equals: /data}")
    assert got == [("values.yaml", 11, 36, 'Team rule. storage.rootDirectory should be "/data".')]


def test_absent_reports_the_key(tmp_path: Path) -> None:
    got = one(tmp_path, "zot-values", "$.mountConfig", "{absent: true}")
    assert got == [("values.yaml", 6, 1, "Team rule. mountConfig should be absent.")]


@pytest.mark.parametrize(
    ("condition", "bad"),
    [
        ("{equals: v2.1.0}", False),
        ("{equals: v2.1.1}", True),
        ("{not-equals: v2.1.0}", True),
        ("{one-of: [v2.0.0, v2.1.0]}", False),
        ("{one-of: [v2.0.0]}", True),
        ("{matches: 'v\\d+\\.\\d+\\.\\d+'}", False),
        ("{matches: 'v\\d+'}", True),  # the whole value must match
        ("{type: string}", False),
        ("{type: number}", True),
    ],
)
def test_value_conditions(tmp_path: Path, condition: str, bad: bool) -> None:
    got = one(tmp_path, "zot-values", "$.image.tag", condition)
    assert [(f, line, col) for f, line, col, _ in got] == ([("values.yaml", 3, 8)] if bad else [])


def test_booleans_are_not_numbers(tmp_path: Path) -> None:
    got = one(tmp_path, "zot-values", "$.mountConfig", "{equals: 1}")
    assert len(got) == 1


def test_required_makes_a_missing_value_a_finding(tmp_path: Path) -> None:
    assert one(tmp_path / "a", "zot-config", "$.storage.storageDriver.name", "{equals: s3}") == []
    got = one(
        tmp_path / "b",
        "zot-config",
        "$.storage.storageDriver.name",
        "{equals: s3}",
        "required: true",
    )
    assert got == [("values.yaml", 11, 7, 'Team rule. storage.storageDriver.name should be "s3".')]


def test_files_limits_a_policy(tmp_path: Path) -> None:
    values = CONFIG.format(tag="latest", storage="")
    files = {"envs/prod/values.yaml": values, "envs/dev/values.yaml": values}
    got = one(
        tmp_path,
        "zot-values",
        "$.image.tag",
        "{not-equals: latest}",
        'files: ["envs/prod/**"]',
        **files,
    )
    assert [f for f, *_ in got] == ["envs/prod/values.yaml"]


def test_chart_values_after_the_merge_point_at_the_layer_that_set_them(tmp_path: Path) -> None:
    app = """\
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: zot, namespace: argocd}
spec:
  sources:
    - repoURL: https://zotregistry.dev/helm-charts
      chart: zot
      targetRevision: 0.1.60
      helm:
        valueFiles: [$values/apps/base.yaml, $values/apps/prod.yaml]
    - repoURL: https://github.com/example/gitops.git
      targetRevision: main
      ref: values
  destination: {namespace: zot}
"""
    files = {
        "apps/zot.yaml": app,
        "apps/base.yaml": CONFIG.format(tag="v2.1.0", storage=""),
        "apps/prod.yaml": "image:\n  tag: latest\n",
    }
    got = one(tmp_path, "chart-values", "$.image.tag", "{matches: 'v[0-9.]+'}", **files)
    assert got == [("apps/prod.yaml", 2, 8, "Team rule. image.tag should match /v[0-9.]+/.")]


# -- the same engine: suppressions, baselines ----------------------------------------------------


def test_suppression_and_baseline(tmp_path: Path) -> None:
    values = CONFIG.format(tag="latest", storage="").replace(
        "  tag: latest", "  tag: latest  # zotlint: disable=TEAM001 -- lab"
    )
    root = repo_with(
        tmp_path,
        POLICY.format(
            id="TEAM001",
            kind="zot-values",
            query="$.image.tag",
            condition="{not-equals: latest}",
            extra="",
        ),
        {"values.yaml": values},
    )
    res = run([root], Settings(select=["TEAM001", "ZOT005"]), root=root)
    assert [(f.rule_id, f.suppressed) for f in res.findings] == [("TEAM001", True)]
    (root / "values.yaml").write_text(CONFIG.format(tag="latest", storage=""))
    base = tmp_path / "baseline.json"
    assert (
        zl("check", str(root), "--select", "TEAM001", "--write-baseline", str(base)).returncode == 0
    )
    again = zl("check", str(root), "--select", "TEAM001", "--baseline", str(base))
    assert again.returncode == 0 and "1 in baseline" in again.stdout


# -- validation: usage errors with file, line and key ------------------------------------------


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        (
            POLICY.format(
                id="TEAM001", kind="zot-confg", query="$.a", condition="{exists: true}", extra=""
            ),
            "team.yaml:5: kind: unknown kind 'zot-confg' (did you mean 'zot-config'?)",
        ),
        (
            POLICY.format(
                id="ZOT900", kind="zot-config", query="$.a", condition="{exists: true}", extra=""
            ),
            "team.yaml:1: id: the ZOT prefix belongs to zotlint's own rules",
        ),
        (
            POLICY.format(
                id="TEAM001",
                kind="zot-config",
                query="$.a",
                condition="{exists: true, absent: true}",
                extra="",
            ),
            "team.yaml:7: condition: give exactly one of",
        ),
        (
            POLICY.format(
                id="TEAM001",
                kind="zot-config",
                query="$.a",
                condition="{matches: '(a+)+$'}",
                extra="",
            ),
            "team.yaml:7: condition.matches: a repeat inside a repeat is not allowed",
        ),
        (
            POLICY.format(
                id="TEAM001", kind="zot-config", query="$.a[", condition="{exists: true}", extra=""
            ),
            "team.yaml:6: query: invalid jsonpath",
        ),
        (
            POLICY.format(
                id="TEAM001",
                kind="zot-config",
                query="$.a",
                condition="{exists: true}",
                extra="colour: red",
            ),
            "team.yaml:8: colour: unknown key",
        ),
        (
            POLICY.format(
                id="TEAM001",
                kind="zot-config",
                query="$.a",
                condition="{exists: true}",
                extra="required: true",
            ),
            "team.yaml:1: policy: 'required' goes with a value condition",
        ),
        (
            "policies:\n  - id: TEAM001\n    name: a\n",
            "team.yaml:2: severity: required key is missing",
        ),
        ("id: [unclosed\n", "team.yaml:2: invalid YAML"),
    ],
)
def test_invalid_policy_is_a_usage_error_with_file_and_line(
    tmp_path: Path, policy: str, message: str
) -> None:
    root = repo_with(tmp_path, policy, {"values.yaml": "a: 1\n"})
    with pytest.raises(ConfigError) as exc:
        run([root], Settings(), root=root)
    assert f".zotlint/rules/{message}" in str(exc.value)
    proc = zl("check", str(root))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert message.split(":", 1)[1] in proc.stderr


def test_duplicate_ids_and_catalogue_names_are_refused(tmp_path: Path) -> None:
    two = (
        "policies:\n"
        + textwrap.indent(
            POLICY.format(
                id="TEAM001", kind="zot-config", query="$.a", condition="{exists: true}", extra=""
            )
            .replace("id: TEAM001", "- id: TEAM001")
            .replace("\nname", "\n  name")
            .replace("\nseverity", "\n  severity")
            .replace("\nmessage", "\n  message")
            .replace("\nkind", "\n  kind")
            .replace("\nquery", "\n  query")
            .replace("\ncondition", "\n  condition"),
            "  ",
        )
        * 2
    )
    root = repo_with(tmp_path, two, {"values.yaml": "a: 1\n"})
    with pytest.raises(
        ConfigError, match=re.escape("TEAM001 is already defined in .zotlint/rules/team.yaml:2")
    ):
        run([root], Settings(), root=root)
    taken = POLICY.format(
        id="TEAM002", kind="zot-config", query="$.a", condition="{exists: true}", extra=""
    )
    (root / ".zotlint" / "rules" / "team.yaml").write_text(
        taken.replace("team-rule", "missing-external-url")
    )
    with pytest.raises(ConfigError, match="'missing-external-url' is the name of ZOT101"):
        run([root], Settings(), root=root)


def test_configured_policy_files(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "tags.yaml").write_text(
        POLICY.format(
            id="TEAM009",
            kind="zot-values",
            query="$.image.tag",
            condition="{not-equals: latest}",
            extra="",
        )
    )
    (tmp_path / "values.yaml").write_text(CONFIG.format(tag="latest", storage=""))
    res = run([tmp_path], Settings(select=["TEAM"], policies=["policy/*.yaml"]), root=tmp_path)
    assert [(f.rule_id, f.location.start_line) for f in res.findings] == [("TEAM009", 3)]
    with pytest.raises(ConfigError, match=re.escape("policies: nothing.yaml: no such file")):
        run([tmp_path], Settings(policies=["nothing.yaml"]), root=tmp_path)


def test_policy_links_are_not_followed(tmp_path: Path) -> None:
    root = repo_with(tmp_path / "r", "a: 1\n", {})
    (root / ".zotlint" / "rules" / "team.yaml").unlink()
    (tmp_path / "outside.yaml").write_text("id: X1\n")
    (root / ".zotlint" / "rules" / "team.yaml").symlink_to(tmp_path / "outside.yaml")
    with pytest.raises(ConfigError, match="not a regular file"):
        run([root], Settings(), root=root)


@pytest.mark.parametrize("pattern", ["(a*)*", "(a|b+)+", "(x)\\1", "(?=a)b", "(?<!a)b"])
def test_regex_that_could_backtrack_is_refused(pattern: str) -> None:
    with pytest.raises(ValueError):
        bounded_regex(pattern)


def test_plain_regexes_are_accepted() -> None:
    for pattern in ("v\\d+\\.\\d+\\.\\d+", "^(s3|gcs)$", "[a-z]+(-[a-z]+)?"):
        bounded_regex(pattern)


def test_readme_lists_every_policy_kind() -> None:
    from zotlint.declarative import KINDS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Custom policies", 1)[1].split("\n## ", 1)[0]
    missing = [k for k in KINDS if f"`{k}`" not in section]
    assert not missing, f"README's Custom policies section lacks kinds {missing}"
