"""`find_config` and a pyproject.toml: `[tool.zotlint]` in every TOML spelling is found, and a file
where `zotlint` cannot be a key is not parsed at all (issue 19: parsing this checkout's own
pyproject.toml was 5 % of `zotlint check examples/guide`), with the same answer as a parse."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path
from typing import Any

import pytest

from zotlint.config import ConfigError, find_config, load_settings

REPO = Path(__file__).resolve().parents[1]
_LOADS = tomllib.loads  # the parser itself, for the reference answer (the fixture wraps it)

# `zotlint` is a key of the table `tool` (or a quoted key that may spell it): parsed.
WITH_KEY = [
    '[tool.zotlint]\nselect = ["ALL"]\n',
    '[ tool . zotlint ]\nselect = ["ALL"]\n',
    "  [tool.zotlint]  # settings\n",
    '[tool."zotlint"]\n',
    "[tool.'zotlint']\n",
    '[tool . "zotlint" ]\n',
    '[tool.zotlint.rules.ZOT101]\nseverity = "note"\n',
    "[[tool.zotlint]]\n",
    '[tool]\nzotlint = { select = ["ALL"] }\n',
    '[tool]\n"zotlint" = {}\n',
    "[tool]\nzotlint\t=\t{}\n",
    '[tool]\nzotlint.select = ["ALL"]\n',
    '[tool]\nzotlint . select = ["ALL"]\n',
    '[tool]\nzotlint = ["ZOT101"]\n',
    'tool.zotlint.select = ["ALL"]\n',
    'tool = { zotlint = { select = ["ALL"] } }\n',
    'tool = {zotlint.select = ["ALL"]}\n',
    '[tool."zot\\u006cint"]\n',
    '[tool."\\U0000007Aotlint"]\n',
    '[project]\nname = "x"\r\n\r\n[tool.zotlint]\r\nselect = ["ALL"]\r\n',
    # The table is `tool`, declared above a line that merely starts with `[` (an array item).
    '[tool]\nx = [\n  ["a"],\n]\nzotlint = {}\n',
    '[tool]\nx = 1\n\n# zotlint\nzotlint.select = ["ALL"]\n',
]

# `zotlint` only in values, paths, comments, multi-line strings, longer keys: never parsed.
WITHOUT_KEY = [
    (REPO / "pyproject.toml").read_text(encoding="utf-8"),
    '[project]\nname = "zotlint"\n',
    'packages = ["zotlint"]\n',
    "packages = ['zotlint']\n",
    'packages = [\n  "zotlint",\n]\n',
    'x = [\n  ["zotlint"]\n]\n',
    '[tool.ruff.lint.per-file-ignores]\n"zotlint/*" = ["E501"]\n',
    '[tool.hatch.build]\npackages = ["zotlint"]\n',
    'tools = "tool"\n[project.scripts]\nzotlint = "x"\n',
    '[project.scripts]\nzotlint = "x"\n[tool.ruff]\nx = 1\n',
    '[project.scripts]\nzotlint = "zotlint.__main__:main"\n',
    "# parsed by zotlint.config\n[tool.ruff]\nline-length = 100\n",
    '[tool.hatch.version]\npath = "zotlint/__init__.py"\n',
    "# [tool.zotlint] is not used here\n[tool.ruff]\nline-length = 100\n",
    'x = """\nzotlint\n"""\n',
    "[tool.zotlint-extra]\nx = 1\n",
    "[tool.zotlint_extra]\nx = 1\n",
    "[tool]\nzotlint-extra = 1\n",
    'tool = ["zotlint"]\n',
    'tool = "zotlint"\n',
    "[tool.zotlint\n",  # not TOML: a parse finds no configuration either
]

# Where `zotlint` may look like a key but is not one: parsed, and found to have no table.
LOOK_ALIKE = [
    "[tool.notzotlint]\nx = 1\n",
    "[tool.zotlint]\nx = \n",  # invalid TOML: no configuration
    '[tool.ruff]\nextend-exclude = ["zotlint.py"]\n',
]


def _parsed_answer(text: str) -> bool:
    """What a full parse says: is there a `tool.zotlint` entry (a table or not)?"""
    try:
        data = _LOADS(text)
    except tomllib.TOMLDecodeError:
        return False
    tool = data.get("tool")
    return type(tool) is dict and "zotlint" in tool


def _find(tmp_path: Path, text: str) -> Path | None:
    (tmp_path / "pyproject.toml").write_bytes(text.encode("utf-8"))
    return find_config(tmp_path)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text find_config hands to the TOML parser."""
    seen: list[str] = []

    def loads(text: str, **kwargs: Any) -> dict[str, Any]:
        seen.append(text)
        return _LOADS(text, **kwargs)

    monkeypatch.setattr(tomllib, "loads", loads)
    return seen


@pytest.mark.parametrize("text", WITH_KEY)
def test_tool_zotlint_is_found_in_every_spelling(tmp_path: Path, text: str) -> None:
    assert _parsed_answer(text)
    assert _find(tmp_path, text) == tmp_path / "pyproject.toml"


@pytest.mark.parametrize("text", WITHOUT_KEY)
def test_no_zotlint_key_means_no_parse_and_no_config(
    tmp_path: Path, text: str, parses: list[str]
) -> None:
    assert not _parsed_answer(text)
    assert _find(tmp_path, text) is None
    assert parses == []


@pytest.mark.parametrize("text", LOOK_ALIKE)
def test_a_look_alike_is_parsed_and_has_no_config(
    tmp_path: Path, text: str, parses: list[str]
) -> None:
    assert not _parsed_answer(text)
    assert _find(tmp_path, text) is None
    assert len(parses) == 1


def test_a_found_tool_zotlint_that_is_not_a_table_is_still_a_config_error(tmp_path: Path) -> None:
    path = _find(tmp_path, "[[tool.zotlint]]\n")
    assert path is not None
    with pytest.raises(ConfigError, match=r"\[tool.zotlint\]: expected a mapping at the top level"):
        load_settings(path, from_repo=True)


# Lines that put `zotlint` and `tool` in every role: combined at random, the pre-check must never
# skip a text whose parse has `tool.zotlint`, and must skip some.
LINES = [
    "[tool]",
    "[tool.zotlint]",
    "[tool.ruff]",
    "[project.scripts]",
    "[project]",
    '["tool"]',
    "[[tool]]",
    "[[tool.zotlint]]",
    "zotlint = {}",
    "zotlint.x = 1",
    '"zotlint" = 2',
    'zotlint = "zotlint.__main__:main"',
    'tool.zotlint = { x = "y" }',
    "tool = { zotlint = {} }",
    'tool = { a = "zotlint" }',
    'name = "zotlint"',
    'packages = ["zotlint"]',
    "x = [",
    '  ["zotlint"],',
    "]",
    "# zotlint.x = 1",
    "# [tool]",
    'y = """',
    "zotlint = 3",
    '"""',
]


def test_random_texts_are_skipped_only_without_tool_zotlint() -> None:
    from zotlint.config import _may_have_zotlint_key

    rng = random.Random(19)
    found = skipped = 0
    for _ in range(3000):
        text = "\n".join(rng.choices(LINES, k=rng.randint(1, 6))) + "\n"
        answer = _parsed_answer(text)
        if not _may_have_zotlint_key(text):
            assert not answer, text
            skipped += 1
        found += answer
    assert found > 100 and skipped > 100
