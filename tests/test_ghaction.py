"""The GitHub Action: action.yml against its schema, and its shell steps run with a simulated
GitHub environment (workspace, step summary, outputs, event payload)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import load_schema
from jsonschema import Draft7Validator
from samples import CONFIG_WITHOUT_URL

from zotlint import pipeline
from zotlint.findings import Finding, Location, Severity
from zotlint.ghaction.changes import event_base
from zotlint.ghaction.summary import graphs
from zotlint.reporters.github import annotation_commands

REPO = Path(__file__).resolve().parents[1]
ACTION = REPO / "action.yml"
GUIDE = REPO / "examples" / "guide"
SHA = "0123456789abcdef0123456789abcdef01234567"

# A zot values file whose OpenID setup lacks http.externalUrl (ZOT101 on the "openid" key).
MISSING_URL = CONFIG_WITHOUT_URL
OPENID_LINE = 7
OPENID_COL = MISSING_URL.splitlines()[OPENID_LINE - 1].index('"openid"') + 1


def action() -> dict[str, Any]:
    return yaml.safe_load(ACTION.read_text())


def test_action_validates_against_schema() -> None:
    schema = load_schema("github-action.json")
    Draft7Validator.check_schema(schema)
    errors = list(Draft7Validator(schema).iter_errors(action()))
    assert not errors, [e.message for e in errors]


def test_action_inputs_are_described_and_quoted() -> None:
    doc = action()
    assert doc["runs"]["using"] == "composite"
    expected = {
        "paths", "config", "fail-on", "select", "ignore", "sarif-file", "upload-sarif",
        "annotations", "only-changed", "version",
    }  # fmt: skip
    assert expected <= set(doc["inputs"])
    for name, spec in doc["inputs"].items():
        assert spec["description"].strip(), name
        assert isinstance(spec["default"], str), f"{name}: default must be a quoted string"
    raw = ACTION.read_text()
    for name in doc["inputs"]:
        # Inputs are handed to the scripts through env:, never expanded inside `run:` text.
        for step in doc["runs"]["steps"]:
            assert f"inputs.{name}" not in step.get("run", ""), (name, step["name"])
    assert "github/codeql-action/upload-sarif@" in raw


# ---------------------------------------------------------------- simulated runner


def _expand(text: str, ctx: dict[str, str]) -> str:
    def one(expr: str) -> str:
        expr = expr.strip()
        if expr.startswith("'") and expr.endswith("'"):
            return expr[1:-1]
        if expr not in ctx:
            raise KeyError(f"expression not simulated: {expr}")
        return ctx[expr]

    def value(m: re.Match[str]) -> str:
        # `a || b`: the first non-empty value, as GitHub's expressions give it.
        for part in m.group(1).split("||"):
            got = one(part)
            if got:
                return got
        return ""

    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


class Runner:
    """Runs action.yml's bash steps the way the runner does (`bash -e {0}` with the step's
    env), with inputs, step outputs and the GitHub variables filled in."""

    def __init__(self, workspace: Path, tmp: Path, inputs: dict[str, str], event: dict[str, Any]):
        self.workspace = workspace
        self.tmp = tmp
        self.doc = action()
        self.inputs = {k: v["default"] for k, v in self.doc["inputs"].items()} | inputs
        self.outputs: dict[str, dict[str, str]] = {"install": {"python": sys.executable}}
        self.summary = tmp / "step_summary.md"
        self.summary.write_text("")
        event_path = tmp / "event.json"
        event_path.write_text(json.dumps(event))
        self.env = {
            "PATH": os.environ["PATH"],
            "HOME": str(tmp),
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": str(event_path),
            "GITHUB_REPOSITORY": "acme/gitops",
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_SHA": SHA,
            "RUNNER_TEMP": str(tmp),
        }

    def ctx(self) -> dict[str, str]:
        out = {f"inputs.{k}": v for k, v in self.inputs.items()}
        for step, values in self.outputs.items():
            out |= {f"steps.{step}.outputs.{k}": v for k, v in values.items()}
        out["github.action_path"] = str(REPO)
        out["github.action_ref"] = ""
        out["runner.temp"] = str(self.tmp)
        out["runner.os"] = self.env.get("RUNNER_OS", "Linux")
        out.setdefault("steps.setup-python.outputs.python-path", "")
        return out

    def step(self, step_id: str) -> subprocess.CompletedProcess[str]:
        step = next(s for s in self.doc["runs"]["steps"] if s.get("id") == step_id)
        assert step["shell"] == "bash"
        step.setdefault("env", {})
        output_file = self.tmp / f"output_{step_id}"
        output_file.write_text("")
        env = self.env | {k: _expand(str(v), self.ctx()) for k, v in step["env"].items()}
        env["GITHUB_OUTPUT"] = str(output_file)
        script = self.tmp / f"{step_id}.sh"
        script.write_text(_expand(step["run"], self.ctx()))
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        values = {}
        for line in output_file.read_text().splitlines():
            key, _, val = line.partition("=")
            values[key] = val
        self.outputs[step_id] = values
        return proc

    def fail_step(self) -> int:
        """The last step runs only when zotlint's exit code is not 0, and exits with it."""
        step = self.doc["runs"]["steps"][-1]
        assert step["if"] == "${{ steps.run.outputs.exit-code != '0' }}"
        if self.outputs["run"]["exit-code"] == "0":
            return 0
        env = self.env | {k: _expand(str(v), self.ctx()) for k, v in step["env"].items()}
        proc = subprocess.run(["bash", "-c", step["run"]], env=env, capture_output=True, text=True)
        return proc.returncode


def git(cwd: Path, *args: str) -> str:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(cwd),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    out = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def make_repo(path: Path, files: dict[str, str]) -> str:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    for rel, text in files.items():
        (path / rel).parent.mkdir(parents=True, exist_ok=True)
        (path / rel).write_text(text)
    git(path, "add", "-A")
    git(path, "commit", "-qm", "base")
    return git(path, "rev-parse", "HEAD")


def commands(stdout: str) -> list[str]:
    """The workflow commands the runner would execute: lines starting with `::` (after
    leading white space), none inside a `::stop-commands::TOKEN` ... `::TOKEN::` block."""
    out: list[str] = []
    stop: str | None = None
    for line in stdout.splitlines():
        text = line.lstrip()
        if stop is not None:
            if text == f"::{stop}::":
                stop = None
            continue
        if text.startswith("::stop-commands::"):
            stop = text.removeprefix("::stop-commands::")
        elif text.startswith("::"):
            out.append(text)
    assert stop is None, "a stop-commands block is never closed"
    return out


# ---------------------------------------------------------------- runs


def test_run_step_annotations_summary_sarif(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    base = make_repo(ws, {"deploy/zot/values.yaml": MISSING_URL})
    runner = Runner(ws, tmp_path, {"select": "ZOT101"}, {"pull_request": {"base": {"sha": base}}})
    proc = runner.step("run")
    assert proc.returncode == 0, proc.stderr
    assert runner.outputs["run"]["exit-code"] == "1"
    assert runner.outputs["run"]["findings"] == "1"
    # By default outside the workspace, where a pull request cannot plant a symlink.
    assert runner.outputs["run"]["sarif-file"] == str(tmp_path / "zotlint.sarif")
    (ann,) = commands(proc.stdout)
    where = f"line={OPENID_LINE},col={OPENID_COL},endLine={OPENID_LINE},"
    assert ann.startswith(f"::error file=deploy/zot/values.yaml,{where}")
    assert "title=ZOT101 missing-external-url::" in ann
    # The log keeps the human report too.
    assert f"deploy/zot/values.yaml:{OPENID_LINE}:{OPENID_COL}: ZOT101 [error]" in proc.stdout

    md = runner.summary.read_text()
    assert md.startswith("## zotlint: 1 finding (1 error)")
    assert "| [ZOT101](https://" in md and "| 1 |  |  | 1 |" in md
    link = f"https://github.com/acme/gitops/blob/{SHA}/deploy/zot/values.yaml#L{OPENID_LINE}"
    assert f"[deploy/zot/values.yaml:{OPENID_LINE}]({link})" in md
    assert "&lt;address&gt;" in md  # no raw HTML from messages
    assert "Deployment graph" not in md or "```mermaid" in md

    from jsonschema.validators import validator_for

    schema = load_schema("sarif-schema-2.1.0.json")
    log = json.loads((tmp_path / "zotlint.sarif").read_text())
    assert not (ws / "zotlint.sarif").exists()
    assert not list(validator_for(schema)(schema).iter_errors(log))
    (res,) = log["runs"][0]["results"]
    assert res["partialFingerprints"]["primaryLocationLineHash"]
    assert runner.fail_step() == 1


def test_annotations_are_capped_most_severe_first(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    make_repo(ws, {f"team{i:02d}/values.yaml": MISSING_URL for i in range(14)})
    runner = Runner(
        ws, tmp_path, {"select": "ZOT101", "sarif-file": ""}, {"pull_request": {"base": {}}}
    )
    proc = runner.step("run")
    cmds = commands(proc.stdout)
    errors = [c for c in cmds if c.startswith("::error ")]
    notices = [c for c in cmds if c.startswith("::notice ")]
    assert len(errors) == 10
    assert [c.split(",")[0] for c in errors] == [
        f"::error file=team{i:02d}/values.yaml" for i in range(10)
    ]
    assert len(notices) == 1 and "4 more findings not annotated" in notices[0]
    # The summary truncates at its size limit: only the SARIF report is said to have them all.
    assert "the SARIF report has every one" in notices[0] and "lists all" not in notices[0]
    md = runner.summary.read_text()
    assert md.count("| 🔴 error |") == 14  # the summary lists every finding
    assert "4 of these are not annotated" in md
    assert "sarif-file" not in runner.outputs["run"] and not (ws / "zotlint.sarif").exists()


def test_annotation_cap_orders_levels() -> None:
    def f(i: int, sev: Severity) -> Finding:
        return Finding("ZOT9", "x", sev, "m", Location(f"f{i:02d}.yaml", 1, 1, 1, 2))

    findings = [f(i, Severity.NOTE) for i in range(12)] + [f(i, Severity.WARNING) for i in range(3)]
    findings += [f(i, Severity.ERROR) for i in range(11)]
    cmds, omitted = annotation_commands(findings, ["boom"])
    kinds = [c.split(" ", 1)[0] for c in cmds]
    assert kinds[:10] == ["::error"] * 10  # the internal error plus nine findings
    assert kinds[10:13] == ["::warning"] * 3
    assert kinds[13:] == ["::notice"] * 10  # nine findings and the "more" notice
    assert omitted == 2 + 3 and "5 more findings" in cmds[-1]


def test_only_changed_reports_lines_of_the_pull_request(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    base = make_repo(ws, {"old/values.yaml": MISSING_URL, "new/values.yaml": "zot: {}\n"})
    # The pull request breaks another file; the old finding is not its business.
    (ws / "new" / "values.yaml").write_text(MISSING_URL)
    git(ws, "commit", "-qam", "pr")
    event = {"pull_request": {"base": {"sha": base}}}
    runner = Runner(ws, tmp_path, {"select": "ZOT101", "only-changed": "true"}, event)
    proc = runner.step("run")
    files = [c.split(",")[0] for c in commands(proc.stdout)]
    assert files == ["::error file=new/values.yaml"], proc.stdout
    assert f"only lines changed since `{base[:12]}`" in runner.summary.read_text()

    # Without a base commit in the event, everything is reported, with a warning.
    runner = Runner(ws, tmp_path, {"select": "ZOT101", "only-changed": "true"}, {})
    proc = runner.step("run")
    cmds = commands(proc.stdout)
    assert cmds[0].startswith("::warning title=zotlint::only-changed: no base commit")
    assert len([c for c in cmds if c.startswith("::error ")]) == 2


def test_clean_repository_passes(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    make_repo(ws, {"values.yaml": "zot: {}\n"})
    runner = Runner(ws, tmp_path, {}, {})
    proc = runner.step("run")
    assert runner.outputs["run"]["exit-code"] == "0", proc.stdout
    assert commands(proc.stdout) == []
    assert runner.summary.read_text().startswith("## zotlint: no findings")
    assert runner.fail_step() == 0


def test_summary_off_and_fail_on_never(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    make_repo(ws, {"values.yaml": MISSING_URL})
    runner = Runner(ws, tmp_path, {"summary": "false", "fail-on": "never"}, {})
    runner.step("run")
    assert runner.outputs["run"]["exit-code"] == "0"
    assert runner.summary.read_text() == ""


def test_guide_example_annotations_at_exact_lines(tmp_path: Path) -> None:
    """A simulated Action run over examples/guide (or a fixture repo if it is absent)."""
    ws = tmp_path / "ws"
    if GUIDE.is_dir():
        shutil.copytree(GUIDE, ws)
        make_repo(ws, {})
    else:
        make_repo(ws, {"infra/deployments/core/zot/values/dev.yaml": MISSING_URL})
    expected = json.loads(
        subprocess.run(
            [sys.executable, "-m", "zotlint", "check", ".", "--format", "json"],
            cwd=ws,
            capture_output=True,
            text=True,
        ).stdout
    )["findings"]
    assert expected, "the example should have findings"
    runner = Runner(ws, tmp_path, {}, {})
    proc = runner.step("run")
    cmds = commands(proc.stdout)
    for f in expected[:10]:
        where = f"file={f['file']},line={f['start']['line']}"
        assert any(where in c and f"title={f['rule']} " in c for c in cmds), (where, cmds)
    md = runner.summary.read_text()
    for f in expected:
        assert f"[{f['file']}:{f['start']['line']}](https://github.com/acme/gitops/blob/" in md
    # One picture per deployment whose chain has a missing or broken link (per `zotlint graph`).
    graph = subprocess.run(
        [sys.executable, "-m", "zotlint", "graph", "--format", "json", "."],
        cwd=ws,
        capture_output=True,
        text=True,
    )
    deployments = json.loads(graph.stdout) if graph.returncode == 0 else []
    gaps = [
        d
        for d in deployments
        if any(s["status"] in ("missing", "broken") for c in d["chains"] for s in c["links"][1:])
    ]
    sections = md.split("### Deployment graph: ")[1:]
    assert len(sections) == len(gaps)
    for d, section in zip(gaps, sections, strict=True):
        assert section.startswith(d["deployment"])
        assert "```mermaid\nflowchart LR\n" in section and ("--x" in section or "-." in section)


def test_auto_detection_under_github_actions(tmp_path: Path) -> None:
    """Plain `zotlint check` also annotates under Actions, with workspace-relative paths."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "values.yaml").write_text(MISSING_URL)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    cmd = [sys.executable, "-m", "zotlint", "check", "repo", "--select", "ZOT101"]
    plain = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "::error" not in plain.stdout
    env |= {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(tmp_path)}
    out = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.returncode == 1
    assert f"values.yaml:{OPENID_LINE}:{OPENID_COL}: ZOT101 [error]" in out.stdout
    assert f"::error file=repo/values.yaml,line={OPENID_LINE},col={OPENID_COL}," in out.stdout
    # Machine formats stay pure.
    out = subprocess.run([*cmd, "--format", "json"], cwd=tmp_path, env=env, capture_output=True)
    json.loads(out.stdout)


def test_graph_pictures_come_from_the_graph_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """The summary's pictures: one per deployment with a broken or missing link, drawn by
    zotlint.model.graph in this process (no `zotlint graph` child, no Mermaid parsed back)."""
    setup = pipeline.configure([GUIDE.parent])
    charts = graphs([GUIDE.parent], setup.settings, setup.root)
    # examples/ has four deployments; two have a broken link (the guide's wrong mount path).
    assert len(charts) == 2
    for chart in charts:
        head, _, body = chart.partition("\n\n")
        assert head.startswith("### Deployment graph: zot (env dev")
        assert body.startswith("```mermaid\nflowchart LR\n  subgraph d0[") and body.endswith("```")
        assert "-- broken --x" in body and "class " in body and "d1" not in body

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("graph failed")

    monkeypatch.setattr("zotlint.model.graph.build", boom)
    assert graphs([GUIDE.parent], setup.settings, setup.root) == []  # the summary goes on


def test_event_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    event = tmp_path / "e.json"
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    event.write_text(json.dumps({"before": "0" * 40}))
    monkeypatch.setenv("GITHUB_EVENT_NAME", "push")
    assert event_base() is None  # a new branch
    event.write_text(json.dumps({"before": "a" * 40}))
    assert event_base() == "a" * 40
    event.write_text(json.dumps({"merge_group": {"base_sha": "b" * 40}}))
    monkeypatch.setenv("GITHUB_EVENT_NAME", "merge_group")
    assert event_base() == "b" * 40


def test_documented_workflow_uses_real_inputs() -> None:
    doc = (REPO / "docs" / "integrations.md").read_text()
    block = re.search(r"```yaml\n(# \.github/workflows/zotlint\.yml\n.*?)```", doc, re.S)
    assert block, "docs/integrations.md lost its workflow example"
    workflow = yaml.safe_load(block.group(1))
    steps = workflow["jobs"]["zotlint"]["steps"]
    ours = next(s for s in steps if s["uses"].startswith("zotlint/zotlint@"))
    assert set(ours["with"]) <= set(action()["inputs"])
    assert workflow["permissions"]["security-events"] == "write"


def test_install_step_then_run(tmp_path: Path) -> None:
    """The install step as written: a fresh virtualenv, pip install of the action's own copy."""
    ws = tmp_path / "ws"
    make_repo(ws, {"values.yaml": MISSING_URL})
    runner = Runner(ws, tmp_path, {"select": "ZOT101"}, {})
    proc = runner.step("install")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    python = runner.outputs["install"]["python"]
    assert python.startswith(str(tmp_path)) and proc.stdout.startswith("zotlint ")
    proc = runner.step("run")
    assert runner.outputs["run"]["exit-code"] == "1", proc.stdout + proc.stderr
    assert commands(proc.stdout)[0].startswith("::error file=values.yaml,")


def test_multi_line_annotation_has_no_columns() -> None:
    from zotlint.reporters.github import command

    one = Finding("ZOT9", "x", Severity.ERROR, "50%\nok", Location("a b,c.yaml", 3, 5, 3, 9))
    assert command(one) == (
        "::error file=a b%2Cc.yaml,line=3,col=5,endLine=3,endColumn=9,title=ZOT9 x::50%25%0Aok"
    )
    many = Finding("ZOT9", "x", Severity.WARNING, "m", Location("a.yaml", 3, 5, 6, 2))
    assert command(many) == "::warning file=a.yaml,line=3,endLine=6,title=ZOT9 x::m"


def test_actions_are_pinned_by_sha_with_a_version_comment() -> None:
    raw = ACTION.read_text()
    uses = re.findall(r"^\s*uses:\s*(\S+)(.*)$", raw, re.M)
    assert len(uses) >= 3  # setup-python, cache, upload-sarif
    for ref, rest in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), ref
        assert re.fullmatch(r"\s*# v\d+(\.\d+)*", rest), (ref, rest)


def test_every_output_written_is_declared() -> None:
    source = "".join(p.read_text() for p in (REPO / "zotlint" / "ghaction").glob("*.py"))
    written = set(re.findall(r'write_output\("([\w-]+)"', source))
    written |= {f"{s}s" for s in ("error", "warning", "note")} if "s.label}s" in source else set()
    declared = set(action()["outputs"])
    assert written <= declared, written - declared
    assert {"findings", "errors", "warnings", "notes", "sarif-file", "exit-code"} <= declared


def test_windows_runner_is_refused_clearly(tmp_path: Path) -> None:
    runner = Runner(tmp_path, tmp_path, {}, {})
    runner.env["RUNNER_OS"] = "Windows"
    proc = runner.step("platform")
    assert proc.returncode == 2
    assert (
        "::error title=zotlint::The zotlint action runs on Linux and macOS runners" in proc.stdout
    )
    runner.env["RUNNER_OS"] = "Linux"
    assert runner.step("platform").returncode == 0


def test_old_python_is_refused_clearly(tmp_path: Path) -> None:
    fake = tmp_path / "python3.10"
    fake.write_text('#!/bin/sh\ncase "$2" in *print*) echo 3.10.12;; *) exit 1;; esac\n')
    fake.chmod(0o755)
    runner = Runner(tmp_path, tmp_path, {"python": str(fake)}, {})
    proc = runner.step("install")
    assert proc.returncode == 2
    assert "zotlint needs Python 3.11 or newer" in proc.stdout and "3.10.12" in proc.stdout
    assert "python-version" in proc.stdout


def test_args_reach_zotlint_and_are_never_evaluated(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    make_repo(ws, {"values.yaml": MISSING_URL})
    runner = Runner(ws, tmp_path, {"args": "--select ZOT101"}, {})
    proc = runner.step("run")
    cmds = commands(proc.stdout)
    assert cmds and all("title=ZOT101 " in c for c in cmds), proc.stdout + proc.stderr
    marker = tmp_path / "pwned"
    runner = Runner(ws, tmp_path, {"args": f"$(touch {marker}) `touch {marker}` *"}, {})
    runner.step("run")
    assert not marker.exists()
    assert runner.outputs["run"]["exit-code"] == "2"  # unknown arguments: a usage error
