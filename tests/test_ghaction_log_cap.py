"""The Action's `max-log-findings`: the log prints at most that many findings, the most severe
first, then one line saying exactly how many were left out and where they are; the counts, the
SARIF file, the job summary, the annotations and the exit code are those of the whole run."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from samples import findings_of_few_kinds
from test_ghaction import MISSING_URL, Runner, commands, make_repo

from zotlint.findings import Severity
from zotlint.redact import Scrubber
from zotlint.reporters.text import render

FILES = 14  # one ZOT101 error each


def _run(tmp_path: Path, **inputs: str) -> tuple[Runner, str]:
    ws = tmp_path / "ws"
    if not ws.exists():
        make_repo(ws, {f"team{i:02d}/values.yaml": MISSING_URL for i in range(FILES)})
    runner = Runner(ws, tmp_path, {"select": "ZOT101", **inputs}, {"pull_request": {"base": {}}})
    proc = runner.step("run")
    assert proc.returncode == 0, proc.stderr
    return runner, proc.stdout


def _finding_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if ": ZOT101 [error] " in line]


def test_below_the_cap_the_log_is_unchanged(tmp_path: Path) -> None:
    runner, capped = _run(tmp_path)  # default 1000
    assert runner.doc["inputs"]["max-log-findings"]["default"] == "1000"
    _, exact = _run(tmp_path, **{"max-log-findings": str(FILES)})
    _, uncapped = _run(tmp_path, **{"max-log-findings": "0"})
    assert capped == exact == uncapped
    assert len(_finding_lines(capped)) == FILES
    assert "not printed" not in capped


def test_above_the_cap_the_log_says_how_many_and_where(tmp_path: Path) -> None:
    _, full = _run(tmp_path, **{"max-log-findings": "0"})
    full_summary = (tmp_path / "step_summary.md").read_text()
    runner, log = _run(tmp_path, **{"max-log-findings": "5"})
    shown = _finding_lines(log)
    assert shown == _finding_lines(full)[:5]  # one severity: report order
    sarif = tmp_path / "zotlint.sarif"
    left = (
        f"9 more findings not printed here (max-log-findings: 5, the most severe first): all 14 "
        f"are in the SARIF file {sarif} (code scanning, when uploaded); the job summary counts "
        "them by rule and severity; max-log-findings: 0 prints every one."
    )
    lines = log.splitlines()
    assert lines[lines.index(left) + 1] == "Found 14 findings: 14 errors (14 files checked)."
    # Everything else is the whole run's.
    assert commands(log) == commands(full)  # the same 10 annotations and "4 more" notice
    assert runner.outputs["run"]["findings"] == "14"
    assert runner.outputs["run"]["exit-code"] == "1"
    assert len(json.loads(sarif.read_text())["runs"][0]["results"]) == FILES
    assert (tmp_path / "step_summary.md").read_text() == full_summary


def test_the_line_names_only_the_outputs_that_exist(tmp_path: Path) -> None:
    _, log = _run(tmp_path, **{"max-log-findings": "13", "sarif-file": "", "summary": "false"})
    assert len(_finding_lines(log)) == 13
    assert (
        "1 more finding not printed here (max-log-findings: 13, the most severe first): "
        "max-log-findings: 0 prints every one."
    ) in log.splitlines()


def test_a_cap_that_is_not_a_count_is_a_usage_error(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    make_repo(ws, {"values.yaml": MISSING_URL})
    for bad in ("-1", "many"):
        runner = Runner(ws, tmp_path, {"max-log-findings": bad}, {})
        runner.step("run")
        assert runner.outputs["run"]["exit-code"] == "2"


def _result(findings: list) -> SimpleNamespace:
    return SimpleNamespace(findings=findings, files=["a", "b"], scrubber=Scrubber(), visible=None)


def test_the_text_report_keeps_the_most_severe_in_report_order_and_full_counts() -> None:
    findings = findings_of_few_kinds(40)  # errors and warnings interleaved, some suppressed
    result = _result(findings)
    result.visible = lambda include=False: [f for f in findings if include or not f.suppressed]
    visible = result.visible()
    errors = [f for f in visible if f.severity is Severity.ERROR]
    full = render(result, show_source=False)
    assert render(result, show_source=False, limit=len(visible)) == full
    assert render(result, show_source=False, limit=0) == full

    capped = render(result, show_source=False, limit=len(errors) - 2, concise=True)
    heads = [line for line in capped.splitlines() if ": ZOT303 [" in line]
    every = render(result, concise=True).splitlines()
    assert heads == [line for line in every if ": ZOT303 [error]" in line][: len(errors) - 2]
    more = len(visible) - len(errors) + 2
    tail = capped.splitlines()[-2:]
    assert tail == [f"… {more} more findings not shown.", full.splitlines()[-1]]

    said = render(result, show_source=False, limit=len(visible) - 1, omitted=lambda n: f"::{n}")
    assert said.splitlines()[-2] == "./::1"  # a caller's line cannot start a workflow command
