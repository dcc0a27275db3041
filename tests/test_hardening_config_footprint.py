"""Issue 14, attack 8: a repository's own configuration cannot silence zotlint unseen.

`ignore: [ALL]`, `exclude: ["*"]` or the secret rules lowered under `fail-on: error` used to end
in a bare "All checks passed". Every report now says what the file switched off, and the
Action can refuse a configuration that weakens the ZOT3xx rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SECRET_VALUES = """\
apiVersion: v1
kind: Secret
metadata:
  name: zot-oidc
stringData:
  clientsecret: Zq8vN3xK7pL2mW9rT4yB6cH1dF5gJ0sA
"""


def _repo(root: Path, config: str) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / "secret.yaml").write_text(SECRET_VALUES)
    (root / ".zotlint.yaml").write_text(config)
    return root


def _run(
    cwd: Path, *args: str, module: str = "zotlint", **env: str
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "ZOTLINT_"))}
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        env=base | {"RUNNER_TEMP": str(cwd.parent)} | env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("config", "shown"),
    [
        ("ignore: [ALL]\n", "rules disabled: ZOT"),
        ('exclude: ["*"]\n', "1 exclude pattern: *"),
        (
            "fail-on: error\nrules:\n  ZOT303: {severity: note}\n  ZOT305: {severity: note}\n",
            "2 severities lowered: ZOT303 error→note",
        ),
    ],
)
def test_text_summary_shows_what_the_config_silenced(
    tmp_path: Path, config: str, shown: str
) -> None:
    repo = _repo(tmp_path / "repo", config)
    proc = _run(repo, "check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "note: .zotlint.yaml: " in proc.stdout and shown in proc.stdout, proc.stdout
    # Right above the verdict, where a reviewer reads it.
    lines = proc.stdout.splitlines()
    assert lines[-2].startswith("note: .zotlint.yaml: ") and lines[-1].startswith(
        ("All checks passed", "Found")
    )


def test_sarif_carries_the_config_footprint(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo", "ignore: [ZOT3]\n")
    proc = _run(repo, "check", "--format", "sarif")
    assert proc.returncode == 0, proc.stderr
    (invocation,) = json.loads(proc.stdout)["runs"][0]["invocations"]
    texts = [n["message"]["text"] for n in invocation["toolConfigurationNotifications"]]
    assert texts and "ZOT301" in texts[0] and texts[0].startswith(".zotlint.yaml: ")


def test_default_config_adds_nothing(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo", "select: [ALL]\n")
    proc = _run(repo, "check")
    assert "note: .zotlint.yaml" not in proc.stdout


def test_action_shows_the_footprint_and_can_refuse_it(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo", "fail-on: error\nrules:\n  ZOT303: {severity: note}\n")
    summary = tmp_path / "summary.md"
    allowed = _run(repo, "--no-graph", module="zotlint.ghaction", GITHUB_STEP_SUMMARY=str(summary))
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "ZOT303 error→note" in summary.read_text()
    refused = _run(
        repo, "--no-graph", module="zotlint.ghaction", ZOTLINT_PROTECT_SECRET_RULES="true"
    )
    assert refused.returncode == 2
    assert "weakens the committed-secret rules" in refused.stdout
    assert "lowers the severity of ZOT303" in refused.stdout
