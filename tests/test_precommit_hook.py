"""`.pre-commit-hooks.yaml`: its schema, and the real `pre-commit try-repo` on a temporary repo.

pre-commit installs the hook repository with pip into its own virtualenv, from a clone of the
hook repository at a commit. The test builds that repository from this checkout's files (so it
also works before they are committed) and needs the package index (or the machine's wheel
cache) for zotlint's dependencies, as any user does.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import load_schema
from jsonschema import Draft7Validator
from samples import CONFIG_WITHOUT_URL

from zotlint.engine import TEXT_SUFFIXES

REPO = Path(__file__).resolve().parents[1]
HOOKS = REPO / ".pre-commit-hooks.yaml"

BROKEN = CONFIG_WITHOUT_URL
FIXED = BROKEN.replace(
    '"port": "5000",', '"port": "5000", "externalUrl": "https://zot.example.com",'
)


def test_hooks_validate_against_schema() -> None:
    schema = load_schema("pre-commit-hooks.json")
    Draft7Validator.check_schema(schema)
    hooks = yaml.safe_load(HOOKS.read_text())
    errors = list(Draft7Validator(schema).iter_errors(hooks))
    assert not errors, [e.message for e in errors]
    by_id = {h["id"]: h for h in hooks}
    whole = by_id["zotlint"]
    assert whole["pass_filenames"] is False and whole["require_serial"] is True
    changed = by_id["zotlint-changed"]
    assert changed["pass_filenames"] is True and changed["require_serial"] is True
    assert "--changed-files" in changed["entry"]
    pattern = re.compile(whole["files"])
    assert changed["files"] == whole["files"]
    for name in ("values.yaml", "a/b/app.yml", "realm.json", "pyproject.toml", ".zotlint.yaml"):
        assert pattern.search(name), name
    # Every file type zotlint reads triggers the hooks (the secret rules read .md, .sh, .conf).
    for suffix in TEXT_SUFFIXES:
        assert pattern.search(f"dir/file{suffix}"), suffix
        assert pattern.search(f"dir/FILE{suffix.upper()}"), suffix
    assert pattern.search(".env") and pattern.search("docs/runbook.md")
    assert not pattern.search("main.py") and not pattern.search("Makefile")


def _env(home: Path) -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "TMPDIR")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env |= {k: v for k, v in os.environ.items() if k.startswith("PIP_")}
    env |= {
        "HOME": str(home),
        "PRE_COMMIT_HOME": str(home / "pre-commit-cache"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    # pip's own configuration (index, wheel cache) lives outside HOME on this machine.
    for var in ("PIP_CONFIG_FILE", "XDG_CONFIG_DIRS"):
        if var in os.environ:
            env[var] = os.environ[var]
    return env


def _git(cwd: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _hook_repo(dest: Path, env: dict[str, str]) -> Path:
    """A git repository holding what pip needs to install zotlint, plus the hooks file."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("zotlint", "rules"):
        shutil.copytree(REPO / name, dest / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO / name, dest / name)
    _git(dest, env, "init", "-q", "-b", "main")
    _git(dest, env, "add", "-A")
    _git(dest, env, "commit", "-qm", "hooks")
    return dest


def _pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.network
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    if importlib.util.find_spec("pre_commit") is None:
        if os.environ.get("CI"):
            pytest.fail("pre-commit is not installed (it is in the test extras)")
        pytest.skip("pre-commit is not installed: pip install -e '.[test]'")
    env = _env(tmp_path)
    hooks = _hook_repo(tmp_path / "hooks", env)

    target = tmp_path / "gitops"
    (target / "deploy").mkdir(parents=True)
    (target / "deploy" / "values.yaml").write_text(BROKEN)
    (target / "notes.yaml").write_text("team: platform\n")
    # One rule, so the test does not move when the catalogue grows.
    (target / ".zotlint.yaml").write_text("select: [ZOT101]\n")
    _git(target, env, "init", "-q", "-b", "main")
    _git(target, env, "add", "-A")

    broken = _pre_commit(target, env, "try-repo", str(hooks), "zotlint", "--all-files")
    log = broken.stdout + broken.stderr
    assert broken.returncode == 1, log
    assert re.search(r"zotlint\.+Failed", log), log
    assert "deploy/values.yaml:7:" in log and "ZOT101 [error]" in log

    # try-repo installs into a throw-away store each time; the rest goes through a normal
    # .pre-commit-config.yaml (the documented setup), which installs once into PRE_COMMIT_HOME.
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=hooks, env=env, capture_output=True, text=True
    ).stdout.strip()
    config = {
        "repos": [
            {
                "repo": str(hooks),
                "rev": rev,
                "hooks": [{"id": "zotlint"}, {"id": "zotlint-changed"}],
            }
        ]
    }
    (target / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    _git(target, env, "add", "-A")

    # The changed-files hook: a commit touching only notes.yaml is not blocked by the
    # existing mistake elsewhere; one touching the broken file is.
    other = _pre_commit(target, env, "run", "zotlint-changed", "--files", "notes.yaml")
    assert other.returncode == 0, other.stdout + other.stderr
    same = _pre_commit(target, env, "run", "zotlint-changed", "--files", "deploy/values.yaml")
    assert same.returncode == 1 and "ZOT101 [error]" in same.stdout, same.stdout + same.stderr

    (target / "deploy" / "values.yaml").write_text(FIXED)
    _git(target, env, "add", "-A")
    fixed = _pre_commit(target, env, "run", "--all-files")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert re.search(r"zotlint\.+Passed", fixed.stdout), fixed.stdout
    assert re.search(r"zotlint \(changed files\)\.+Passed", fixed.stdout), fixed.stdout


def test_documented_config_validates() -> None:
    schema = load_schema("pre-commit-config.json")
    doc = (REPO / "docs" / "integrations.md").read_text()
    block = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", doc, re.S)
    assert block, "docs/integrations.md lost its pre-commit example"
    config = yaml.safe_load(block.group(1))
    errors = list(Draft7Validator(schema).iter_errors(config))
    assert not errors, [e.message for e in errors]
    ids = {h["id"] for h in yaml.safe_load(HOOKS.read_text())}
    assert {h["id"] for r in config["repos"] for h in r["hooks"]} <= ids
