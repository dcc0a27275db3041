"""Issue 14, attacks 1 and 2 (leftover): every sink, with control characters, newlines, `::`
and backticks planted in a file name, a key and a value at once.

Sinks: `zotlint check` under GitHub Actions in every format (standard output and standard
error are the job log), the Action's log, its job summary (Markdown, with the deployment
pictures) and `zotlint graph` (text and Mermaid). The log of `zotlint check` must not rely on
escaping alone: its human report sits in a `::stop-commands::` block, so even a line escaping
missed could not run a workflow command. Inputs are built in the test; the CLI and the Action
run as child processes, as CI runs them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from samples import VALUES_WITHOUT_URL
from test_ghaction import commands

NAME = "x\n::stop-commands::pwned\n`b`\x1b]0;t\x07\u2028.yaml"
KEY = "evil\n::warning::k`ey\x1b[31m"
VALUE = "/secret\n::error::v`al\u2028x/creds.json"
POLICY_NAME = "team-rule"  # names are kebab-case (checked when the policy loads)
# What a log or a Markdown file must never hold raw: C0 controls but newline and tab, DEL, C1
# controls, line and paragraph separators (JavaScript splits lines on them).
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
ANNOTATION = re.compile(r"::(error|warning|notice) file=[^:\n]*::")


def _repo(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    config = {
        "storage": {"rootDirectory": "/var/lib/registry", KEY: 1},
        "http": {
            "address": "0.0.0.0",
            "port": "5000",
            "auth": {"openid": {"providers": {"oidc": {"credentialsFile": VALUE}}}},
        },
    }
    text = VALUES_WITHOUT_URL.split("configFiles:")[0] + (
        "configFiles:\n  config.json: |-\n    " + json.dumps(config) + "\n"
    )
    (root / NAME).write_text(text)
    # A custom policy of the repository writes its own message and documentation.
    policy = {
        "id": "TEAM001",
        "name": POLICY_NAME,
        "severity": "warning",
        "message": "msg\n::warning::m`sg\x1b]0;t\x07",
        "description": "line1\n::error::desc\n```\n# head\x1b[31m\n  ::notice::indented",
        "kind": "zot-config",
        "query": "$.storage.retention",
        "condition": {"exists": True},
    }
    (root / ".zotlint" / "rules").mkdir(parents=True)
    (root / ".zotlint" / "rules" / "team.yaml").write_text(json.dumps({"policies": [policy]}))
    return root


def _run(cwd: Path, *args: str, module: str = "zotlint", **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "ZOTLINT_"))}
    base |= {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(cwd), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        env=base | {"RUNNER_TEMP": str(cwd.parent)} | env,
        capture_output=True,
        text=True,
        errors="surrogateescape",
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _inert_log(text: str) -> list[str]:
    """The workflow commands a log runs; asserts it holds no raw control character."""
    assert not CONTROLS.search(text), CONTROLS.findall(text)
    return commands(text)


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github", "junit"])
def test_check_log_under_actions_runs_only_its_annotations(tmp_path: Path, fmt: str) -> None:
    repo = _repo(tmp_path / "repo")
    proc = _run(repo, "check", "--format", fmt)
    assert proc.returncode == 1, proc.stderr
    assert not _inert_log(proc.stderr)
    executed = _inert_log(proc.stdout)
    # Every command is an annotation zotlint meant: one per finding for text and github, with
    # the file name escaped into its property; none for the other formats.
    assert all(ANNOTATION.match(c) for c in executed), executed
    if fmt in ("text", "github"):
        assert len(executed) >= 3  # ZOT101, ZOT115 (the key), ZOT107 ...
        assert all("file=x%0A%3A%3Astop-commands%3A%3Apwned%0A`b`" in c for c in executed)
        assert any("evil\\x0a::warning::k`ey\\x1b[31m" in c for c in executed)  # the key
    else:
        assert executed == []
    if fmt in ("text", "concise"):
        # The human report is one stop-commands block: no line of it is ever a command, even
        # one the escaping had missed; the annotations follow the block.
        first, *rest = proc.stdout.splitlines()
        token = first.removeprefix("::stop-commands::")
        assert first.startswith("::stop-commands::") and len(token) == 40
        end = rest.index(f"::{token}::")
        assert all(not line.lstrip().startswith("::") for line in rest[:end])
        assert "x\\x0a::stop-commands::pwned\\x0a`b`\\x1b]0;t\\x07\\u2028.yaml:" in proc.stdout
        assert "evil\\x0a::warning::k`ey\\x1b[31m" in proc.stdout  # the key, on its line


@pytest.mark.parametrize("args", [("rules",), ("rule", "TEAM001"), ("check", "--statistics")])
def test_rule_listings_and_statistics_under_actions_are_inert(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    repo = _repo(tmp_path / "repo")
    proc = _run(repo, *args)
    assert proc.returncode in (0, 1), proc.stderr
    assert not _inert_log(proc.stderr)
    assert all(ANNOTATION.match(c) for c in _inert_log(proc.stdout))
    assert "m`sg\\x1b]0;t\\x07" in proc.stdout  # the policy's message, escaped


def test_fix_preview_under_actions_runs_no_command_from_a_context_line(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    values = (
        "mountConfig: true\nconfigFiles:\n  config.json: |\n"
        '    {"storage": {"rootDirectory": "/r"}, "http": {"externalUrl": "https://r.example.com",\n'
        '     "auth": {"openid": {"providers": {"oidc": {"issuer": "https://dex.example.com",\n'
        '       "clientid": "zot", "scopes": ["openid"]}}}}}}\n'
        "notes: |\n  ::warning::pwned\n"  # a context line of the fix's diff
    )
    (repo / "values.yaml").write_text(values)
    proc = _run(repo, "check", "--fix-preview", "--select", "ZOT110")
    assert proc.returncode == 1, proc.stderr
    assert '+       "clientid": "zot", "scopes": ["openid", "email"]' in proc.stdout
    assert "   ::warning::pwned" in proc.stdout
    assert _inert_log(proc.stdout) == [] and _inert_log(proc.stderr) == []


def test_check_log_is_deterministic_under_actions(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    assert _run(repo, "check").stdout == _run(repo, "check").stdout


def test_action_log_and_job_summary_are_inert(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    summary = tmp_path / "summary.md"
    proc = _run(
        repo,
        module="zotlint.ghaction",
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_REPOSITORY="acme/gitops",
        GITHUB_SHA="0" * 39 + "1",
    )
    assert proc.returncode == 1, proc.stderr
    assert not _inert_log(proc.stderr)
    executed = _inert_log(proc.stdout)
    assert executed and all(ANNOTATION.match(c) for c in executed), executed
    md = summary.read_text(encoding="utf-8", errors="surrogateescape")
    assert not CONTROLS.search(md), CONTROLS.findall(md)
    lines = md.splitlines()
    assert not any(line.lstrip().startswith("::") for line in lines)
    # Headings are zotlint's own; nothing from the repository starts one.
    headings = [line for line in lines if line.lstrip().startswith("#")]
    assert all(h.startswith(("## zotlint", "### ")) for h in headings), headings
    # The picture of the deployment (its credentialsFile is mounted nowhere) is drawn, and
    # its only fences are the picture's own.
    assert any(h.startswith("### Deployment graph: x") for h in headings), headings
    fences = [line for line in lines if line.startswith("```")]
    assert fences == ["```mermaid", "```"]
    chart = md.split("```mermaid\n", 1)[1].split("\n```", 1)[0]
    assert "`" not in chart and "::error::v#96;al" in chart  # the value, as a Mermaid label
    # Outside the picture every backtick is escaped: no code span, so no unbalanced one
    # swallowing the table.
    prose = md.replace(f"```mermaid\n{chart}\n```", "")
    assert not re.search(r"(?<!\\)`", prose), [ln for ln in prose.splitlines() if "`" in ln]
    # Each finding stays on its table row, with the header's number of cells.
    rows = [line for line in lines if line.startswith("| 🔴") or line.startswith("| 🟠")]
    assert len(rows) >= 3
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 5 for row in rows), rows


@pytest.mark.parametrize("fmt", ["text", "mermaid"])
def test_graph_under_actions_is_inert(tmp_path: Path, fmt: str) -> None:
    repo = _repo(tmp_path / "repo")
    proc = _run(repo, "graph", "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    assert not _inert_log(proc.stdout) and not _inert_log(proc.stderr)
    lines = proc.stdout.splitlines()
    assert len(lines) > 3 and "pwned" in proc.stdout and "::error::v" in proc.stdout
    if fmt == "mermaid":
        # One statement per line, every label quoted: no fence, no Markdown, no backtick.
        assert "`" not in proc.stdout
        assert all(re.match(r"(flowchart |  subgraph |    d\d|  end$|  class)", ln) for ln in lines)


def _outputs(text: str) -> dict[str, str]:
    """`$GITHUB_OUTPUT` as the runner reads it: `name=value` lines and `name<<DELIM` heredocs."""
    out: dict[str, str] = {}
    lines = iter(text.split("\n"))
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, _, delimiter = line.partition("<<")
            body = []
            for inner in lines:
                if inner == delimiter:
                    break
                body.append(inner)
            else:
                raise AssertionError(f"heredoc {delimiter} never closed")
            out[name] = "\n".join(body)
        elif line:
            name, _, value = line.partition("=")
            assert name not in out, f"output {name} written twice"
            out[name] = value
    return out


def test_step_outputs_cannot_be_forged_by_a_value(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    outputs = tmp_path / "outputs"
    outputs.write_text("")
    sarif = "reports\nfindings=0\nerrors=0/zotlint.sarif"
    proc = _run(
        repo,
        "--no-graph",
        module="zotlint.ghaction",
        GITHUB_OUTPUT=str(outputs),
        ZOTLINT_SARIF_FILE=sarif,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    got = _outputs(outputs.read_text())
    assert got["sarif-file"] == sarif  # the whole path, as one value
    assert int(got["findings"]) >= 3 and int(got["errors"]) >= 2  # not the forged zeros
    assert json.loads((repo / sarif).read_text())["version"] == "2.1.0"
