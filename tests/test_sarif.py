"""SARIF for GitHub code scanning: both schemas, the fields GitHub reads, fingerprints, limits."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import load_schema, zl
from jsonschema import Draft7Validator
from jsonschema.validators import validator_for
from samples import VALUES_WITHOUT_URL

from zotlint import __version__
from zotlint.config import Settings
from zotlint.engine import RunResult, run
from zotlint.findings import Finding, Location, Related, Severity
from zotlint.linehash import line_hashes
from zotlint.reporters.sarif import MAX_RESULTS, MAX_TAGS, build
from zotlint.rule import Rule, RuleMeta

BAD_VALUES = VALUES_WITHOUT_URL
FINDING_LINE = 9  # the `"openid"` key above


@pytest.fixture(scope="module")
def oasis() -> Any:
    schema = load_schema("sarif-schema-2.1.0.json")
    cls = validator_for(schema)  # draft-04, as the file declares
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def codeql() -> Any:
    # What upload-sarif validates with. Its meta-schema check fails (see
    # tests/data/schemas/README.md), so it is instantiated directly, as the action's jsonschema
    # library does.
    schema = load_schema("sarif-schema-2.1.0.codeql-action.json")
    return Draft7Validator(schema)


def assert_valid(log: dict[str, Any], *validators: Any) -> None:
    for v in validators:
        errors = sorted(v.iter_errors(log), key=lambda e: list(e.absolute_path))
        assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def assert_github_ready(log: dict[str, Any]) -> None:
    """The code-scanning rules the schemas do not express (reference §2)."""
    assert log["$schema"] and log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run_ = log["runs"][0]
    assert isinstance(run_["results"], list)  # "Missing 'results' array in run" otherwise
    assert run_["automationDetails"]["id"].endswith("/")
    driver = run_["tool"]["driver"]
    assert driver["name"] == "zotlint" and driver["semanticVersion"]
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids))
    for r in driver["rules"]:
        for key in ("shortDescription", "fullDescription"):
            assert 0 < len(r[key]["text"]) <= 1024
        assert r["help"]["text"] and r["help"]["markdown"].startswith(f"# {r['id']}")
        assert r["helpUri"].startswith("https://")
        assert r["defaultConfiguration"]["level"] in ("note", "warning", "error")
        assert len(r["properties"]["tags"]) <= MAX_TAGS
        assert r["properties"]["precision"] in ("very-high", "high", "medium", "low")
        if "security-severity" in r["properties"]:
            assert isinstance(r["properties"]["security-severity"], str)
            assert "security" in r["properties"]["tags"]
    assert len(run_["results"]) <= MAX_RESULTS
    for res in run_["results"]:
        assert res["level"] in ("note", "warning", "error")
        assert res["message"]["text"]
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["partialFingerprints"]["zotlint/v1"]
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "file:")) and ".." not in uri.split("/")
        assert res["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1


@pytest.fixture()
def bad_repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the scan root, as in a checkout
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "values.yaml").write_text(BAD_VALUES)
    return tmp_path


def sarif_of(path: Path, *args: str) -> dict[str, Any]:
    out = zl("check", str(path), "--format", "sarif", *args)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)


def test_findings_validate_against_both_schemas(bad_repo: Path, oasis: Any, codeql: Any) -> None:
    log = sarif_of(bad_repo, "--select", "ZOT101")
    assert_valid(log, oasis, codeql)
    assert_github_ready(log)
    (res,) = log["runs"][0]["results"]
    assert res["ruleId"] == "ZOT101" and res["level"] == "error"
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "deploy/values.yaml", "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["startLine"] == FINDING_LINE
    assert log["runs"][0]["automationDetails"]["id"] == "zotlint/"


def test_clean_output_validates_and_keeps_an_empty_results_array(
    tmp_path: Path, oasis: Any, codeql: Any
) -> None:
    (tmp_path / "x.yaml").write_text("zot: {}\n")
    log = sarif_of(tmp_path)
    assert log["runs"][0]["results"] == []
    assert_valid(log, oasis, codeql)
    assert_github_ready(log)


def test_whole_catalogue_rule_metadata(tmp_path: Path, oasis: Any, codeql: Any) -> None:
    (tmp_path / "x.yaml").write_text("zot: {}\n")
    log = sarif_of(tmp_path)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert {"ZOT001", "ZOT101"} <= {r["id"] for r in rules}
    zot101 = next(r for r in rules if r["id"] == "ZOT101")
    # The generated page, not the rule's Python source.
    assert zot101["helpUri"].endswith(f"/blob/v{__version__}/docs/rules/ZOT101.md")
    assert "## Why it matters" in zot101["help"]["markdown"]
    text = zot101["help"]["text"]
    assert "`" not in text and "##" not in text
    # Code blocks are indented, without their fence or its language word.
    assert not re.search(r"^(json|yaml)$", text, re.M), text
    assert '\n    {\n      "http": {' in text
    for r in rules:
        assert not re.search(r"^(json|yaml|sh|text)\s*$", r["help"]["text"], re.M), r["id"]


def test_category_option(bad_repo: Path) -> None:
    log = sarif_of(bad_repo, "--select", "ZOT101", "--sarif-category", "zotlint-prod")
    assert log["runs"][0]["automationDetails"]["id"] == "zotlint-prod/"


def test_fingerprints_survive_line_shifts(bad_repo: Path) -> None:
    before = sarif_of(bad_repo, "--select", "ZOT101")["runs"][0]["results"][0]
    values = bad_repo / "deploy" / "values.yaml"
    values.write_text("# a\n# b\n# c\n" + BAD_VALUES)
    after = sarif_of(bad_repo, "--select", "ZOT101")["runs"][0]["results"][0]
    region = after["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == FINDING_LINE + 3
    assert after["partialFingerprints"] == before["partialFingerprints"]
    # The value upload-sarif would compute from the checkout, so it keeps ours silently.
    expected = line_hashes(values.read_text())[FINDING_LINE + 3]
    assert after["partialFingerprints"]["primaryLocationLineHash"] == expected


def test_line_hash_matches_codeql_action_vectors() -> None:
    # Expected values from github/codeql-action src/fingerprints.test.ts.
    cases = {
        "": ["c129715d7a2bc9a3:1"],
        " a\nb\n  \t\tc\n d": [
            "271789c17abda88f:1",
            "54703d4cd895b18:1",
            "180aee12dab6264:1",
            "a23a3dc5e078b07b:1",
        ],
        " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n": [
            "e9496ae3ebfced30:1",
            "fb7c023a8b9ccb3f:1",
            "ce8ba1a563dcdaca:1",
            "e20e36e16fcb0cc8:1",
            "b3edc88f2938467e:1",
            "c8e28b0b4002a3a0:1",
            "c129715d7a2bc9a3:1",
        ],
        "Lorem ipsum dolor sit amet.\n" * 10: [
            *(f"a7f2ff13bc495cf2:{i}" for i in range(1, 7)),
            "a7f2ff1481e87703:1",
            "a9cf91f7bbf1862b:1",
            "55ec222b86bcae53:1",
            "cc97dc7b1d7d8f7b:1",
            "c129715d7a2bc9a3:1",
        ],
        "x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n": [
            "e54938cc54b302f1:1",
            "bb609acbe9138d60:1",
            "1131fd5871777f34:1",
            "5c482a0f8b35ea28:1",
            "54517377da7028d2:1",
            "2c644846cb18d53e:1",
            "f1b89f20de0d133:1",
            "c129715d7a2bc9a3:1",
        ],
    }
    for text, expected in cases.items():
        got = line_hashes(text)
        assert [got[i] for i in range(1, len(got) + 1)] == expected
        assert line_hashes(text, until=2).get(2) == got.get(2)


def test_suppressed_left_out_unless_asked(bad_repo: Path, oasis: Any, codeql: Any) -> None:
    values = bad_repo / "deploy" / "values.yaml"
    values.write_text(
        BAD_VALUES.replace(
            "  config.json: |-\n",
            "  # zotlint: disable=ZOT101 -- the ingress sets the URL\n  config.json: |-\n",
        )
    )
    (bad_repo / "other.yaml").write_text(BAD_VALUES)
    default = sarif_of(bad_repo, "--select", "ZOT101")
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in default["runs"][0]["results"]
    ]
    assert uris == ["other.yaml"]
    assert "suppressions" not in default["runs"][0]["results"][0]

    full = sarif_of(bad_repo, "--select", "ZOT101", "--include-suppressed")
    results = full["runs"][0]["results"]
    assert len(results) == 2
    # Once one result has suppressions, every result must carry the array.
    assert all("suppressions" in r for r in results)
    sup = next(r for r in results if r["suppressions"])
    assert sup["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "the ingress sets the URL"}
    ]
    assert_valid(full, oasis, codeql)


def test_uri_is_percent_encoded(tmp_path: Path, oasis: Any, codeql: Any) -> None:
    (tmp_path / "my values #1.yaml").write_text(BAD_VALUES)
    log = sarif_of(tmp_path, "--select", "ZOT101")
    loc = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "my%20values%20%231.yaml"
    assert_valid(log, oasis, codeql)


# ---------------------------------------------------------------- synthetic runs


def _rule(rid: str = "ZOT999", **kw: Any) -> Rule:
    meta = RuleMeta(
        id=rid,
        name="synthetic",
        severity=Severity.WARNING,
        summary="A synthetic rule.",
        scope=("document",),
        since="0.1.0",
        doc="## What it does\nChecks nothing.\n\n## Why it matters\nTests.\n",
        source_file=f"test/{rid}.py",
        **kw,
    )
    return Rule(meta, None)


def _finding(line: int, sev: Severity = Severity.WARNING, rid: str = "ZOT999") -> Finding:
    loc = Location("a.yaml", line, 1, line, 5)
    return Finding(rid, "synthetic", sev, f"finding {line}", loc, fingerprint=f"fp{line}")


def test_result_limit_keeps_the_most_severe(tmp_path: Path) -> None:
    findings = [_finding(i + 1) for i in range(MAX_RESULTS)] + [
        _finding(MAX_RESULTS + 1, Severity.ERROR)
    ]
    findings.append(_finding(MAX_RESULTS + 2, Severity.NOTE))
    res = RunResult(tmp_path, findings, [_rule()], ["a.yaml"])
    log = build(res)
    results = log["runs"][0]["results"]
    assert len(results) == MAX_RESULTS
    assert any(r["level"] == "error" for r in results)
    assert not any(r["level"] == "note" for r in results)
    (inv,) = log["runs"][0]["invocations"]
    assert inv["executionSuccessful"] is True
    assert "2 of 25002 results left out" in inv["toolExecutionNotifications"][0]["message"]["text"]


def test_tag_limit_and_security_severity(tmp_path: Path, oasis: Any, codeql: Any) -> None:
    rule = _rule(tags=tuple(f"t{i}" for i in range(30)), security_severity=7.5)
    rel = Related(Location("b.yaml", 2, 1, 2, 3), "the other end")
    f = _finding(3)
    f.related = (rel,)
    res = RunResult(tmp_path, [f], [rule], ["a.yaml", "b.yaml"])
    log = build(res, category="custom")
    (r,) = log["runs"][0]["tool"]["driver"]["rules"]
    assert r["properties"]["security-severity"] == "7.5"
    assert r["properties"]["tags"][0] == "security" and len(r["properties"]["tags"]) == MAX_TAGS
    result = log["runs"][0]["results"][0]
    assert result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "b.yaml"
    assert log["runs"][0]["automationDetails"]["id"] == "custom/"
    assert_valid(log, oasis, codeql)
    assert_github_ready(log)


def test_path_prefix_and_internal_errors(tmp_path: Path, oasis: Any, codeql: Any) -> None:
    res = RunResult(tmp_path, [_finding(1)], [_rule()], ["a.yaml"], errors=["rule crashed"])
    log = build(res, path_prefix="sub/dir/")
    loc = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uri"] == "sub/dir/a.yaml"
    (inv,) = log["runs"][0]["invocations"]
    assert inv["executionSuccessful"] is False
    assert_valid(log, oasis, codeql)


def test_engine_run_in_process_validates(bad_repo: Path, oasis: Any) -> None:
    result = run([bad_repo], Settings(select=["ZOT101"]), root=bad_repo)
    log = build(result, sources={"deploy/values.yaml": BAD_VALUES})
    assert_valid(log, oasis)
    fp = log["runs"][0]["results"][0]["partialFingerprints"]
    assert fp["primaryLocationLineHash"] == line_hashes(BAD_VALUES)[FINDING_LINE]
