"""`zotlint --version` answers from zotlint/__main__.py before click is imported: keep that fast
path saying what click's version option and the package metadata say."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

from click.testing import CliRunner

import zotlint
from zotlint.cli import cli

REPO = Path(__file__).resolve().parents[1]


def test_version_matches_click_and_package_metadata() -> None:
    for flag in ("--version", "-V"):
        out = subprocess.run(
            [sys.executable, "-m", "zotlint", flag], capture_output=True, text=True, timeout=60
        )
        assert out.returncode == 0 and out.stderr == ""
        assert out.stdout == f"zotlint {zotlint.__version__}\n"
        assert out.stdout == CliRunner().invoke(cli, [flag]).output
    assert zotlint.__version__ == importlib.metadata.version("zotlint")


def test_console_script_answers_version_without_click() -> None:
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    module, _, func = scripts["zotlint"].partition(":")
    # What the generated `zotlint` script does, then: was click (the CLI) imported at all?
    code = (
        "import sys\n"
        "sys.argv = ['zotlint', '--version']\n"
        f"from {module} import {func}\n"
        "try:\n"
        f"    {func}()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print('click' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == f"zotlint {zotlint.__version__}\nFalse\n"
