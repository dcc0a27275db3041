"""Issue 14: a pull request must not steer the Action, write files, or crash the report.

Attacks 1 (workflow commands through file names), 2 (control characters, `::` lines and a
Mermaid label closing the summary's code fence), 3 (writes through symlinks), 5 (option
injection), 7 (non-UTF-8 file names, tracebacks, redaction on the config-error path). Every
input is built in the test; the CLI and the Action run as child processes, as CI runs them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from samples import VALUES_WITHOUT_URL
from test_ghaction import commands

from zotlint import escape, pipeline
from zotlint.ghaction.changes import git_diff
from zotlint.ghaction.summary import graphs

REPO = Path(__file__).resolve().parents[1]
HOSTILE_NAME = "x\n::stop-commands::pwned\n.yaml"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "ZOTLINT_"))}
    env |= {"GITHUB_ACTIONS": "true", "RUNNER_TEMP": str(tmp), "PYTHONIOENCODING": "utf-8"}
    return env | extra


def _zotlint(
    cwd: Path, *args: str, module: str = "zotlint", **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        env=_env(cwd.parent, **env),
        capture_output=True,
        text=True,
        errors="surrogateescape",
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _hostile_repo(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / HOSTILE_NAME).write_text(VALUES_WITHOUT_URL)
    (root / "::warning::fake.yaml").write_text(VALUES_WITHOUT_URL)
    return root


# -- 1. workflow commands through file names ---------------------------------------------------


def test_text_report_under_actions_runs_no_command_from_a_file_name(tmp_path: Path) -> None:
    repo = _hostile_repo(tmp_path / "repo")
    proc = _zotlint(repo, "check", "--select", "ZOT101")
    assert proc.returncode == 1, proc.stderr
    executed = commands(proc.stdout)
    # Only the annotations zotlint meant, one per file, each with the name escaped.
    assert len(executed) == 2 and all(c.startswith("::error file=") for c in executed)
    assert not any(c.startswith(("::stop-commands", "::warning")) for c in executed)
    assert "file=x%0A%3A%3Astop-commands%3A%3Apwned%0A.yaml" in proc.stdout
    # The human lines show the names on one line each.
    assert "x\\x0a::stop-commands::pwned\\x0a.yaml:" in proc.stdout
    assert "./::warning::fake.yaml:" in proc.stdout


def test_action_log_runs_no_command_from_a_file_name(tmp_path: Path) -> None:
    repo = _hostile_repo(tmp_path / "repo")
    summary_file = tmp_path / "summary.md"
    proc = _zotlint(
        repo,
        "--select",
        "ZOT101",
        "--no-graph",
        module="zotlint.ghaction",
        GITHUB_STEP_SUMMARY=str(summary_file),
        GITHUB_WORKSPACE=str(repo),
    )
    assert proc.returncode == 1, proc.stderr
    executed = commands(proc.stdout)
    assert len(executed) == 2 and all(c.startswith("::error file=") for c in executed)
    md = summary_file.read_text()
    assert "\n::" not in md and "\n.yaml" not in md  # the name stayed on its table row


# -- 2. graph and job summary ------------------------------------------------------------------

HOSTILE_VALUE = (
    "\x1b]0;pwned\x07 x\n::warning::injected\n```\n# Heading ![i](https://evil.example/x.png)"
)


def _graph_repo(root: Path) -> Path:
    shutil.copytree(REPO / "examples", root / "examples")
    values = root / "examples/clean/infra/deployments/config/external-secret/values/dev.yaml"
    quoted = json.dumps(HOSTILE_VALUE)  # a YAML double-quoted string
    text = values.read_text().replace("core-platform/zot-dev/oidc-client-secret", quoted, 1)
    values.write_text(text)
    return root


@pytest.mark.parametrize("fmt", ["text", "mermaid"])
def test_graph_prints_no_control_character_and_no_command(tmp_path: Path, fmt: str) -> None:
    repo = _graph_repo(tmp_path / "repo")
    proc = _zotlint(repo, "graph", "--format", fmt, "examples")
    assert proc.returncode in (0, 1), proc.stderr
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert "remote key" in proc.stdout or "remote key" in proc.stdout.replace("#quot;", '"')
    lines = proc.stdout.splitlines()
    assert not any(line.lstrip().startswith("::") for line in lines)
    if fmt == "mermaid":
        assert "```" not in proc.stdout
        assert not any(line.lstrip().startswith("#") for line in lines)


def test_job_summary_graph_cannot_close_its_code_fence(tmp_path: Path) -> None:
    repo = _graph_repo(tmp_path / "repo")
    examples = repo / "examples"
    setup = pipeline.configure([examples])
    charts = graphs([examples], setup.settings, setup.root)
    assert charts, "the examples have deployments with a broken link"
    md = "\n\n".join(charts)
    assert "remote key" in md.replace("#quot;", '"') and "::warning::injected" in md
    assert "\x1b" not in md and "\x07" not in md
    fences = [line for line in md.splitlines() if line.startswith("```")]
    assert fences == ["```mermaid", "```"] * len(charts)
    headings = [line for line in md.splitlines() if line.lstrip().startswith("#")]
    assert all(h.startswith("### Deployment graph: ") for h in headings) and len(headings) == len(
        charts
    )
    assert not any(line.lstrip().startswith("::") for line in md.splitlines())
    label = escape.mermaid(HOSTILE_VALUE)
    assert "\n" not in label and "`" not in label and "<" not in label


def test_markdown_cells_are_inert() -> None:
    cell = escape.markdown("a|b `c` [l](u) ![i](u) <img src=x> *e* $x$\n# h")
    assert "|" not in cell.replace("\\|", "")
    assert "<" not in cell and "\n" not in cell
    assert "\\[l\\](u)" in cell and "\\`c\\`" in cell


# -- 3. writes through symlinks ----------------------------------------------------------------


def _victim(tmp: Path) -> Path:
    victim = tmp / "victim.txt"
    victim.write_text("precious\n")
    return victim


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_cli_outputs_refuse_symlinks(tmp_path: Path, option: str) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "values.yaml").write_text(VALUES_WITHOUT_URL)
    victim = _victim(tmp_path)
    (repo / "out.txt").symlink_to(victim)
    (repo / "dangling.txt").symlink_to(tmp_path / "created")
    for name in ("out.txt", "dangling.txt"):
        proc = _zotlint(repo, "check", option, name, GITHUB_ACTIONS="false")
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert "symlink" in proc.stderr and "Traceback" not in proc.stderr
    assert victim.read_text() == "precious\n"
    assert not (tmp_path / "created").exists()


def test_action_sarif_refuses_a_committed_symlink(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "values.yaml").write_text(VALUES_WITHOUT_URL)
    victim = _victim(tmp_path)
    (repo / "zotlint.sarif").symlink_to(victim)
    (repo / "reports").symlink_to(tmp_path)  # a directory on the way out of the workspace
    for target in ("zotlint.sarif", "reports/x.sarif"):
        proc = _zotlint(
            repo,
            "--no-graph",
            module="zotlint.ghaction",
            ZOTLINT_SARIF_FILE=target,
            GITHUB_WORKSPACE=str(repo),
        )
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert "cannot write SARIF file" in proc.stdout
    assert victim.read_text() == "precious\n" and not (tmp_path / "x.sarif").exists()


def test_action_sarif_defaults_to_runner_temp(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "values.yaml").write_text(VALUES_WITHOUT_URL)
    proc = _zotlint(repo, "--no-graph", module="zotlint.ghaction", ZOTLINT_SARIF_FILE="auto")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert json.loads((tmp_path / "zotlint.sarif").read_text())["version"] == "2.1.0"
    assert not (repo / "zotlint.sarif").exists()


# -- 5. option injection -----------------------------------------------------------------------


@needs_git
def test_diff_base_starting_with_a_dash_never_reaches_git(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    with pytest.raises(RuntimeError, match="not a revision"):
        git_diff(tmp_path, f"--upload-pack=touch {marker}")
    with pytest.raises(RuntimeError, match="not a revision"):
        git_diff(tmp_path, "--output=/tmp/x")
    assert not marker.exists()


def test_precommit_hook_ends_options_before_file_names() -> None:
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    for hook in hooks.values():
        if hook.get("pass_filenames", True):
            assert hook["entry"].split()[-1] == "--", hook["id"]


def test_a_staged_file_named_like_an_option_is_a_file(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "-o.yaml").write_text(VALUES_WITHOUT_URL)
    entry = next(
        h["entry"]
        for h in __import__("yaml").safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
        if h["id"] == "zotlint-changed"
    )
    args = entry.split()[1:] + ["-o.yaml"]  # what pre-commit runs
    proc = _zotlint(repo, *args, GITHUB_ACTIONS="false")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "-o.yaml:9:" in proc.stdout
    assert (repo / "-o.yaml").read_text() == VALUES_WITHOUT_URL  # not overwritten by a report


# -- 7. crashes and leaks ----------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses non-UTF-8 file names")
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_a_file_name_that_is_not_utf8_is_reported_not_fatal(tmp_path: Path, fmt: str) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    with open(os.fsencode(repo) + b"/caf\xe9.yaml", "w") as handle:
        handle.write(VALUES_WITHOUT_URL)
    (repo / "ok.yaml").write_text(VALUES_WITHOUT_URL)
    proc = _zotlint(repo, "check", "--format", fmt, GITHUB_ACTIONS="false")
    assert proc.returncode == 1, proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    assert "ok.yaml" in proc.stdout and "caf" in proc.stdout


def test_the_action_never_prints_a_traceback(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "values.yaml").write_text(VALUES_WITHOUT_URL)
    # A summary path that is a directory: writing it fails inside main.
    proc = _zotlint(
        repo, "--no-graph", module="zotlint.ghaction", GITHUB_STEP_SUMMARY=str(tmp_path)
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "::error title=zotlint internal error::" in proc.stdout


def test_the_action_scrubs_a_token_quoted_by_a_config_error(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    (repo / ".zotlint.yaml").write_text(f"select: [ZOT101\nignore: {token}\n")
    proc = _zotlint(repo, "--no-graph", module="zotlint.ghaction")
    assert proc.returncode == 2
    assert token[:10] not in proc.stdout + proc.stderr


@pytest.mark.parametrize("fmt", ["junit", "json", "sarif"])
def test_structured_formats_stay_valid_with_control_characters_in_names(
    tmp_path: Path, fmt: str
) -> None:
    import xml.dom.minidom

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "a\x1b]0;x\x07`b`::warning::c.yaml").write_text(VALUES_WITHOUT_URL)
    proc = _zotlint(repo, "check", "--format", fmt, GITHUB_ACTIONS="false")
    assert proc.returncode == 1, proc.stderr
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    if fmt == "junit":
        xml.dom.minidom.parseString(proc.stdout)
    else:
        json.loads(proc.stdout)
