"""JUnit XML for CI dashboards: one test case per checked file, one failure per finding."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from zotlint.escape import terminal
from zotlint.findings import Finding

if TYPE_CHECKING:
    from zotlint.engine import RunResult


def render(result: RunResult, **_: object) -> str:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in result.visible():
        by_file[f.location.file].append(f)
    files = sorted(set(result.files) | set(by_file))
    failures = sum(len(v) for v in by_file.values())
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="zotlint" tests="{len(files)}" failures="{failures}" '
        f'errors="{len(result.errors)}">',
        f'  <testsuite name="zotlint" tests="{len(files)}" failures="{failures}" '
        f'errors="{len(result.errors)}">',
    ]
    for rel in files:
        fs = by_file.get(rel, [])
        # XML 1.0 has no control characters: a file name's are written as escapes.
        shown = terminal(rel)
        out.append(f"    <testcase classname={quoteattr(shown)} name={quoteattr(shown)}>")
        for f in fs:
            loc = f.location
            msg = f"{shown}:{loc.start_line}:{loc.start_col}: {f.rule_id} {f.message}"
            out.append(
                f"      <failure type={quoteattr(f.rule_id)} "
                f"message={quoteattr(f.message)}>{escape(msg)}</failure>"
            )
        out.append("    </testcase>")
    for e in result.errors:
        out.append('    <testcase classname="zotlint" name="internal">')
        out.append(f"      <error message={quoteattr(e)}>{escape(e)}</error>")
        out.append("    </testcase>")
    out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"
