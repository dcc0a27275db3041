"""Configuration: settings and rule options are dataclasses; pydantic validates config files.

A run without a configuration file must not import pydantic (start-up time); a configuration
file is still validated, with the error messages users have always seen.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest

from zotlint.config import ConfigError, LimitSettings, Settings, load_settings, parse_settings
from zotlint.engine import run
from zotlint.rule import NoOptions, option_fields, rule

REPO = Path(__file__).resolve().parents[1]


def _python(code: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_default_run_does_not_import_pydantic() -> None:
    out = _python(
        """
        import os, sys
        from zotlint.cli import main
        sys.argv = ["zotlint", "check", "examples/guide", "--format", "json", "--exit-zero",
                    "--output", os.devnull]
        try:
            main()
        except SystemExit as exc:
            assert exc.code == 0, exc.code
        from zotlint.config import Settings
        from zotlint.engine import run
        assert run(["examples/guide"], Settings()).findings
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "pydantic_core"))
        assert not loaded, loaded
        print("ok")
        """
    )
    assert out.returncode == 0 and out.stdout == "ok\n", out.stderr


def test_rule_docs_do_not_import_pydantic() -> None:
    out = _python(
        """
        import sys
        from zotlint.cli import main
        sys.argv = ["zotlint", "rule", "ZOT601"]
        try:
            main()
        except SystemExit as exc:
            assert not exc.code, exc.code
        assert "pydantic" not in sys.modules
        """
    )
    assert out.returncode == 0, out.stderr
    assert "| `branches` | list | `['main', 'master', 'HEAD']` |" in out.stdout


DEFAULTS = Settings()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([], "cfg.yaml: expected a mapping at the top level"),
        ({"selec": ["ZOT1"]}, "cfg.yaml: unknown key 'selec' (did you mean 'select'?)"),
        ({"select": "ZOT1"}, "cfg.yaml: 'select': Input should be a valid list"),
        ({"select": [1]}, "cfg.yaml: 'select.0': Input should be a valid string"),
        ({"fail-on": "bad"}, "cfg.yaml: 'fail-on': Input should be 'error', 'warning' or 'note'"),
        ({"failon": "error"}, "cfg.yaml: unknown key 'failon' (did you mean 'fail-on'?)"),
        ({"exclude": None}, "cfg.yaml: 'exclude': Input should be a valid list"),
        (
            {"per-file-ignores": {"a": "ZOT1"}},
            "cfg.yaml: 'per-file-ignores.a': Input should be a valid list",
        ),
        (
            {"per-file-ignores": []},
            "cfg.yaml: 'per-file-ignores': Input should be a valid dictionary",
        ),
        (
            {"per-file-ignore": {}},
            "cfg.yaml: unknown key 'per-file-ignore' (did you mean 'per-file-ignores'?)",
        ),
        (
            {"rules": {"ZOT102": "x"}},
            "cfg.yaml: 'rules.ZOT102': Input should be a valid dictionary or instance of "
            "RuleSettings",
        ),
        (
            {"rules": {"ZOT102": {"severty": "error"}}},
            "cfg.yaml: unknown key 'rules.ZOT102.severty' (did you mean 'severity'?)",
        ),
        (
            {"rules": {"ZOT102": {"severity": "fatal"}}},
            "cfg.yaml: 'rules.ZOT102.severity': Input should be 'error', 'warning' or 'note'",
        ),
        (
            {"rules": {"ZOT102": {"options": [1]}}},
            "cfg.yaml: 'rules.ZOT102.options': Input should be a valid dictionary",
        ),
        (
            {"rules": {"ZOT102": {"option": {}}}},
            "cfg.yaml: unknown key 'rules.ZOT102.option' (did you mean 'options'?)",
        ),
        ({"rules": {1: {}}}, "cfg.yaml: 'rules.1.[key]': Input should be a valid string"),
        (
            {"limits": []},
            "cfg.yaml: 'limits': Input should be a valid dictionary or instance of LimitSettings",
        ),
        (
            {"limits": {"max-depth": 1000}},
            "cfg.yaml: 'limits.max-depth': Input should be less than or equal to 900",
        ),
        (
            {"limits": {"max-depth": 1}},
            "cfg.yaml: 'limits.max-depth': Input should be greater than 1",
        ),
        (
            {"limits": {"max-depth": "abc"}},
            "cfg.yaml: 'limits.max-depth': Input should be a valid integer, unable to parse "
            "string as an integer",
        ),
        (
            {"limits": {"max-depth": 1.5}},
            "cfg.yaml: 'limits.max-depth': Input should be a valid integer, got a number with a "
            "fractional part",
        ),
        (
            {"limits": {"max-dept": 5}},
            "cfg.yaml: unknown key 'limits.max-dept' (did you mean 'max-depth'?)",
        ),
        (
            {"limits": {"max-file-size": 0}},
            "cfg.yaml: 'limits.max-file-size': Input should be greater than 0",
        ),
        ({"zzzzzz": 1}, "cfg.yaml: unknown key 'zzzzzz'"),
        (
            {"limits": {"max-file-size": 0, "max-nodes": 0, "bogus": 1}, "selec": 1, "fail-on": 1},
            "cfg.yaml: 'fail-on': Input should be 'error', 'warning' or 'note'\n"
            "cfg.yaml: 'limits.max-file-size': Input should be greater than 0\n"
            "cfg.yaml: 'limits.max-nodes': Input should be greater than 0\n"
            "cfg.yaml: unknown key 'limits.bogus'\n"
            "cfg.yaml: unknown key 'selec' (did you mean 'select'?)",
        ),
    ],
)
def test_config_errors(raw: Any, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_settings(raw, "cfg.yaml")
    assert str(info.value) == message


def test_config_values_kebab_and_snake_case() -> None:
    assert parse_settings(None, "cfg") == DEFAULTS == parse_settings({}, "cfg")
    s = parse_settings(
        {
            "select": ["ZOT1"],
            "ignore": ["ZOT101"],
            "fail-on": "error",
            "exclude": ["x/**"],
            "per-file-ignores": {"a/**": ["ZOT3"]},
            "rules": {"realm-not-openid": {"severity": "note", "options": {"expected": "zot"}}},
            "limits": {
                "max-file-size": 10,
                "max-nodes": 20,
                "max-depth": "30",
                "max-embedded-size": 40,
            },
        },
        "cfg",
    )
    assert (s.select, s.ignore, s.fail_on, s.exclude) == (["ZOT1"], ["ZOT101"], "error", ["x/**"])
    assert s.per_file_ignores == {"a/**": ["ZOT3"]}
    assert s.rules["realm-not-openid"].severity == "note"
    assert s.rules["realm-not-openid"].options == {"expected": "zot"}
    assert s.limits == LimitSettings(
        max_file_size=10, max_nodes=20, max_depth=30, max_embedded_size=40
    )
    snake = parse_settings(
        {"fail_on": "note", "per_file_ignores": {}, "limits": {"max_depth": 5}}, "c"
    )
    assert (snake.fail_on, snake.limits.max_depth) == ("note", 5)
    # Defaults are fresh per instance.
    s.select.append("x")
    assert Settings().select == ["ALL"]


def test_limits_built_in_code_are_checked() -> None:
    assert LimitSettings(max_depth=900).max_depth == 900
    with pytest.raises(ValueError, match="max-depth"):
        LimitSettings(max_depth=901)
    with pytest.raises(ValueError, match="max-nodes"):
        LimitSettings(max_nodes=0)


GUIDE = REPO / "examples" / "guide"


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"ZOT102": {"options": {"expected": 1}}}, "'expected': Input should be a valid string"),
        ({"ZOT102": {"options": {"expectd": "x"}}}, "'expectd': Extra inputs are not permitted"),
        ({"zot102": {"options": {"expected": None}}}, "'expected': Input should be a valid string"),
        ({"ZOT601": {"options": {"branches": "main"}}}, "'branches': Input should be a valid list"),
        (
            {"ZOT601": {"options": {"branches": [1, 2]}}},
            "'branches.0': Input should be a valid string; "
            "'branches.1': Input should be a valid string",
        ),
        ({"ZOT101": {"options": {"x": 1}}}, "'x': Extra inputs are not permitted"),
    ],
)
def test_rule_option_errors(rules: dict[str, Any], message: str) -> None:
    rid = next(iter(rules)).upper()
    with pytest.raises(ConfigError) as info:
        run([GUIDE], parse_settings({"rules": rules}, "cfg"), root=GUIDE)
    assert str(info.value) == f"rules.{rid}.options: {message}"


def test_unknown_rule_in_config() -> None:
    with pytest.raises(
        ConfigError, match=r"^rules: unknown rule 'ZOT999'( \(did you mean '\w+'\?\))?$"
    ):
        run([GUIDE], parse_settings({"rules": {"ZOT999": {}}}, "cfg"), root=GUIDE)


def test_rule_options_reach_the_check(tmp_path: Path) -> None:
    cfg = tmp_path / ".zotlint.yaml"
    cfg.write_text("rules:\n  realm-not-openid:\n    options: {expected: zot}\n")
    settings = load_settings(cfg)
    settings.select = ["ZOT102"]
    got = run([GUIDE], settings, root=GUIDE).findings
    assert any(f.rule_id == "ZOT102" and '"realm": "zot"' in f.message for f in got)
    settings.rules = {}
    assert not [f for f in run([GUIDE], settings, root=GUIDE).findings if f.rule_id == "ZOT102"]


def test_bad_options_in_a_config_file_exit_2(tmp_path: Path) -> None:
    (tmp_path / "values.yaml").write_text("image: {repository: ghcr.io/project-zot/zot}\n")
    (tmp_path / ".zotlint.yaml").write_text("rules:\n  ZOT601: {options: {branch: [main]}}\n")
    out = subprocess.run(
        [sys.executable, "-m", "zotlint", "check", str(tmp_path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2 and out.stdout == ""
    # The user's own path, unredacted, and the same `<file>: <key>: <message>` shape as every
    # other configuration error.
    assert out.stderr == (
        f"zotlint: error: {tmp_path / '.zotlint.yaml'}: rules.ZOT601.options: 'branch': "
        "Extra inputs are not permitted\n"
    )


def test_options_are_documented() -> None:
    out = _python(
        """
        import json, sys
        from zotlint.cli import main
        sys.argv = ["zotlint", "rule", "ZOT102", "--format", "json"]
        try:
            main()
        except SystemExit:
            pass
        """
    )
    assert json.loads(out.stdout)["options"] == {
        "expected": {"type": "<class 'str'>", "default": "openid"}
    }


def test_options_must_be_a_dataclass_with_defaults() -> None:
    @dataclass
    class Required:
        name: str

    @dataclass
    class Loose:
        __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "ignore"}

        names: list[str] = field(default_factory=lambda: ["a"])

    with pytest.raises(TypeError, match="must be a dataclass"):
        rule(id="ZOT999", name="x", severity="note", scope=[], options=dict)
    with pytest.raises(TypeError, match="needs a default"):
        rule(id="ZOT999", name="x", severity="note", scope=[], options=Required)
    rule(id="ZOT999", name="x", severity="note", scope=[], options=Loose)
    assert Loose.__pydantic_config__ == {"extra": "forbid"}  # unknown keys are always errors
    assert [(f.name, f.type, f.default) for f in option_fields(Loose)] == [
        ("names", list[str], ["a"])
    ]
    assert option_fields(NoOptions) == []
