"""JUnit XML for CI dashboards.

One test case per file and rule (classname = file, name = rule ID and name) with one
`<failure>` listing that rule's findings in that file, and one passing test case per checked
file with no finding. A finding fails its test case only at or above `fail-on` (so notes are
failures only with `fail-on: note`); below it, the findings go to the case's `<system-out>`.
Counts are consistent: `tests` = test cases, `failures` = failed test cases, `errors` =
zotlint's own errors (one test case each).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from zotlint.escape import terminal
from zotlint.findings import Finding, Severity
from zotlint.messages import headline

if TYPE_CHECKING:
    from zotlint.engine import RunResult


def _line(f: Finding, shown: dict[str, str]) -> str:
    loc = f.location
    # XML 1.0 has no control characters: a file name's are written as escapes.
    where = terminal(shown.get(loc.file, loc.file))
    return f"{where}:{loc.start_line}:{loc.start_col}: {f.rule_id} [{f.severity.label}] {f.message}"


def render(result: RunResult, *, paths: dict[str, str] | None = None, **_: object) -> str:
    shown = paths or {}
    threshold = Severity.parse(getattr(result.settings, "fail_on", "warning"))
    by_case: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in result.visible():
        by_case[(f.location.file, f.rule_id)].append(f)
    with_findings = {file for file, _ in by_case}
    cases: list[str] = []
    failed = 0
    for file, rule in sorted(by_case):
        fs = by_case[(file, rule)]
        name = quoteattr(f"{rule} {fs[0].rule_name}")
        cases.append(
            f"    <testcase classname={quoteattr(terminal(shown.get(file, file)))} name={name}>"
        )
        failing = [f for f in fs if f.severity >= threshold]
        if failing:
            failed += 1
            worst = max(failing, key=lambda f: int(f.severity))
            n = len(failing)
            message = headline(failing[0].message) + (f" (+{n - 1} more)" if n > 1 else "")
            body = "\n".join(_line(f, shown) for f in failing)
            cases.append(
                f"      <failure type={quoteattr(worst.severity.label)} "
                f"message={quoteattr(message)}>{escape(body)}</failure>"
            )
        below = [f for f in fs if f.severity < threshold]
        if below:
            body = "\n".join(_line(f, shown) for f in below)
            cases.append(f"      <system-out>{escape(body)}</system-out>")
        cases.append("    </testcase>")
    for file in sorted(set(result.files) - with_findings):
        where = quoteattr(terminal(shown.get(file, file)))
        cases.append(f'    <testcase classname={where} name="zotlint" />')
    for e in result.errors:
        cases.append('    <testcase classname="zotlint" name="internal">')
        cases.append(f"      <error message={quoteattr(e)}>{escape(e)}</error>")
        cases.append("    </testcase>")
    tests = sum(1 for c in cases if c.startswith("    <testcase"))
    counts = f'tests="{tests}" failures="{failed}" errors="{len(result.errors)}"'
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="zotlint" {counts}>',
        f'  <testsuite name="zotlint" {counts}>',
        *cases,
        "  </testsuite>",
        "</testsuites>",
    ]
    return "\n".join(out) + "\n"
