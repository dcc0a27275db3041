"""A plain configuration file is read without pydantic, a comment-only one without ruamel.yaml,
and the rule catalogue is loaded once per process; the settings are the same either way.

Importing pydantic and building its validator costs more than the rest of a small run, and
most configuration files only select, ignore or exclude (issue 19: start-up).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from importprobe import packages_after
from ruamel.yaml import YAML

from zotlint import config
from zotlint.config import (
    ConfigError,
    Settings,
    comments_only,
    parse_settings,
)
from zotlint.registry import load_rules

PLAIN = [
    {},
    {"select": ["ZOT1", "ZOT3"], "ignore": ["ZOT101"]},
    {"fail-on": "error", "exclude": ["vendor/**", "x/*.yaml"]},
    {"fail_on": "note", "policies": ["policies/*.yaml"]},
    {"per-file-ignores": {"a/**": ["ZOT3"], "b/c.yaml": []}},
    {"per_file_ignores": {}},
    {"rules": {"ZOT102": {"severity": "note", "options": {"expected": "zot"}}}},
    {"rules": {"realm-not-openid": {"options": {}}, "ZOT101": {"severity": None}}},
    {"rules": {"ZOT101": {}}},
    {"select": [], "ignore": [], "exclude": [], "rules": {}},
]

NOT_PLAIN = [
    {"limits": {"max-depth": 5}},  # bounds: pydantic's
    {"select": "ZOT1"},
    {"select": ["ZOT1", 3]},
    {"select": [True]},
    {"fail-on": "fatal"},
    {"fail-on": "error", "fail_on": "note"},
    {"per-file-ignores": {"a": "ZOT3"}},
    {"per-file-ignores": {1: ["ZOT3"]}},
    {"rules": {"ZOT101": None}},
    {"rules": {"ZOT101": {"severity": "fatal"}}},
    {"rules": {"ZOT101": {"options": []}}},
    {"rules": {"ZOT101": {"options": {1: 2}}}},
    {"rules": {"ZOT101": {"level": "note"}}},
    {"selec": ["ZOT1"]},
    {1: ["x"]},
]


def _pydantic(raw: dict[str, Any]) -> Settings:
    return config._adapter(Settings).validate_python(raw)


@pytest.mark.parametrize("raw", PLAIN)
def test_a_plain_configuration_gives_what_pydantic_gives(raw: dict[str, Any]) -> None:
    plain = config._plain_settings(raw)
    assert plain is not None
    assert plain == _pydantic(raw) == parse_settings(raw, "cfg")


@pytest.mark.parametrize("raw", NOT_PLAIN)
def test_anything_else_is_left_to_pydantic(raw: dict[Any, Any]) -> None:
    assert config._plain_settings(raw) is None
    try:
        expected: Settings | str = _pydantic(raw)
    except Exception as exc:  # pydantic's ValidationError: parse_settings words it
        expected = type(exc).__name__
    try:
        got: Settings | str = parse_settings(raw, "cfg")
    except ConfigError:
        got = "ValidationError"
    assert got == expected


COMMENTS = [
    "",
    "\n\n",
    "# zotlint configuration\n",
    "# one\n   # indented\n\n# two",
    "# a tab\tinside is fine\r\n# CRLF\r\n",
    "    \n# x\n",
]

NOT_COMMENTS = [
    "select: [ZOT1]\n",
    "# a\rselect: [ZOT1]\n",  # a lone CR ends the comment: the mapping is content
    "\t# a tab before the comment\n",
    "# a control character \x01\n",
    "# non-ASCII é\n",
    "\ufeff# a byte-order mark\n",
    "---\n",
    "~\n",
]


@pytest.mark.parametrize("text", COMMENTS)
def test_comment_only_text_is_what_yaml_reads_as_nothing(text: str) -> None:
    assert comments_only(text)
    assert YAML(typ="safe", pure=True).load(text) is None


@pytest.mark.parametrize("text", NOT_COMMENTS)
def test_other_text_goes_to_the_yaml_parser(text: str) -> None:
    assert not comments_only(text)


def test_load_rules_runs_each_rule_module_once() -> None:
    # The run and the configuration's footprint both ask for the catalogue (with and without
    # an explicit None): the same tuple, the modules executed once.
    assert load_rules() is load_rules(None)


def test_a_plain_configuration_file_does_not_import_pydantic(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".zotlint.yaml").write_text("select: [ZOT1]\nignore: [ZOT101]\n")
    (tmp_path / "values.yaml").write_text("zot:\n  enabled: true\n")
    loaded = packages_after(
        ["check", str(tmp_path), "--format", "json", "--exit-zero", "--output", "/dev/null"]
    )
    assert "ruamel" in loaded  # the file was read
    assert "pydantic" not in loaded and "pydantic_core" not in loaded


def test_a_comment_only_configuration_file_imports_neither(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".zotlint.yaml").write_text("# settings: none yet\n")
    (tmp_path / "values.yaml").write_text("zot:\n  enabled: true\n")
    loaded = packages_after(
        ["check", str(tmp_path), "--format", "json", "--exit-zero", "--output", "/dev/null"]
    )
    assert "zotlint" in loaded
    assert not {"ruamel", "pydantic", "pydantic_core"} & loaded
