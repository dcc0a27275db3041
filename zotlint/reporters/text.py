"""Human output: `path:line:col: ID [severity] headline`, the detail, a code frame, and a
summary; `concise` keeps one line per finding (the headline), like ruff's concise format."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from zotlint.escape import line_start, terminal
from zotlint.findings import Finding, Severity
from zotlint.messages import split as split_message

if TYPE_CHECKING:
    from zotlint.engine import RunResult

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.NOTE: "\x1b[36m"}
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"


def render(
    result: RunResult,
    *,
    color: bool = False,
    statistics: bool = False,
    show_source: bool = True,
    sources: dict[str, str] | None = None,
    include_suppressed: bool = False,
    concise: bool = False,
    quiet: bool = False,
    paths: dict[str, str] | None = None,
    limit: int = 0,
    omitted: Callable[[int], str] | None = None,
    **_: object,
) -> str:
    """The report. `limit` > 0 prints at most that many findings, the most severe first (in
    report order), then `omitted(n)` (default: "… n more findings not shown") for the n left
    out; the counts, the fix lines and the summary still cover every finding."""
    shown = paths or {}

    def c(code: str, s: str) -> str:
        return f"{code}{s}{_RESET}" if color else s

    findings = result.visible(include_suppressed)
    unsafe = getattr(result, "unsafe_fixes", False)
    lines: list[str] = []
    split_sources: dict[str, list[str]] = {}
    scrub_source = result.scrubber.scrub_source
    # The gutter and caret lines of a code frame quote nothing: scrubbed only if some secret
    # could be spelled with their characters (16,000 findings made 32,000 scrubs of them).
    scrub_marks = result.scrubber.may_change(_FRAME_MARKS)
    # Where each quoted source line goes in `lines`: they are scrubbed together at the end.
    quoted_at: list[int] = []
    quoted: list[str] = []
    heads: dict[str, str] = {}
    printed = _most_severe(findings, limit) if 0 < limit < len(findings) else findings
    for f in printed:
        loc = f.location
        sev = c(_COLORS[f.severity], f.severity.label)
        # File names and messages come from the repository: escaped for the terminal, and a
        # line never starts a workflow command (zotlint.escape).
        path = heads.get(loc.file)
        if path is None:
            path = heads[loc.file] = c(_BOLD, line_start(terminal(shown.get(loc.file, loc.file))))
        head = f"{path}:{loc.start_line}:{loc.start_col}: {c(_BOLD, f.rule_id)} "
        if _fixable(f, unsafe):
            head += "[*] "
        sup = " (suppressed)" if f.suppressed else ""
        headline, detail = split_message(f.message)
        lines.append(f"{head}[{sev}] {terminal(headline)}{sup}")
        if concise:
            continue
        if detail:
            lines.append(f"  {terminal(detail)}")
        if show_source and sources is not None:
            split = split_sources.get(loc.file)
            if split is None:
                text = sources.get(loc.file)
                # Split once per file: per finding, 12,000 findings in a 120 KB file took 24 s.
                split = split_sources[loc.file] = text.splitlines() if text is not None else []
            # Quoted from the file: short readable secrets are scrubbed here too (only here:
            # in a path or a message such a word is not the secret).
            frame = _frame(f, split)
            if frame:
                gutter, line, carets = frame
                if scrub_marks:
                    gutter, carets = scrub_source(gutter), scrub_source(carets)
                quoted_at.append(len(lines) + 1)
                quoted.append(line)
                lines += (gutter, line, carets)
        for rel in f.related:
            rl = rel.location
            lines.append(
                f"  {c(_DIM, 'related:')} {terminal(shown.get(rl.file, rl.file))}:"
                f"{rl.start_line}:{rl.start_col}: {terminal(rel.message)}"
            )
        if show_source and sources is not None:
            lines.append("")
    for at, line in zip(quoted_at, result.scrubber.scrub_source_lines(quoted), strict=True):
        lines[at] = line
    left_out = len(findings) - len(printed)
    if left_out:
        said = omitted(left_out) if omitted is not None else _more(left_out)
        lines.append(line_start(terminal(said)))
    if statistics:
        lines.extend(_statistics(findings))
    if not quiet:
        lines.extend(_fix_summary(result, findings, unsafe))
        # What the repository's own configuration switched off, right above the verdict: a
        # reviewer must see it next to "All checks passed".
        footprint = getattr(result, "footprint", None)
        if footprint is not None:
            lines.extend(f"note: {terminal(line)}" for line in footprint.lines())
        lines.append(_summary(result, findings))
    return "\n".join(lines) + "\n" if lines else ""


def _most_severe(findings: list[Finding], limit: int) -> list[Finding]:
    """The `limit` most severe findings (ties in report order), in report order."""
    ranked = sorted(range(len(findings)), key=lambda i: -int(findings[i].severity))[:limit]
    return [findings[i] for i in sorted(ranked)]


def _more(n: int) -> str:
    return f"… {n} more finding{'s' if n != 1 else ''} not shown."


# The characters of a code frame's gutter and caret lines (line numbers, bar, carets).
_FRAME_MARKS = " |^0123456789"


def _frame(f: Finding, all_lines: list[str]) -> list[str]:
    """The gutter line, the quoted source line and the caret line (made of _FRAME_MARKS but
    the quoted line's text)."""
    loc = f.location
    if loc.start_line > len(all_lines) or not all_lines:
        return []
    src = all_lines[loc.start_line - 1].rstrip("\r").expandtabs(1)
    width = len(str(loc.start_line))
    start = loc.start_col - 1
    end = loc.end_col - 1 if loc.end_line == loc.start_line else len(src)
    carets = "^" * max(1, end - start)
    pad = " " * width
    return [
        f" {pad} |",
        f" {loc.start_line} | {src}",
        f" {pad} | {' ' * start}{carets}",
    ]


def _statistics(findings: list[Finding]) -> list[str]:
    counts = Counter((f.rule_id, f.rule_name, f.severity.label) for f in findings)
    out = []
    for (rid, name, sev), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        out.append(f"{n:5d}  {rid}  {name} [{sev}]")
    return out


def _summary(result: RunResult, findings: list[Finding]) -> str:
    sev = Counter(f.severity for f in findings if not f.suppressed)
    suppressed = sum(1 for f in result.findings if f.suppressed)
    files = len(result.files)
    if not findings:
        msg = f"All checks passed ({files} file{'s' if files != 1 else ''} checked"
    else:
        parts = [
            f"{sev[s]} {s.label}{'s' if sev[s] != 1 else ''}"
            for s in (Severity.ERROR, Severity.WARNING, Severity.NOTE)
            if sev[s]
        ]
        n = sum(sev.values())
        msg = (
            f"Found {n} finding{'s' if n != 1 else ''}: {', '.join(parts)} "
            f"({files} file{'s' if files != 1 else ''} checked"
        )
    if suppressed:
        msg += f", {suppressed} suppressed"
    baselined = getattr(result, "baselined", 0)
    if baselined:
        msg += f", {baselined} in baseline"
    return msg + ")."


def _fixable(f: Finding, unsafe: bool) -> bool:
    return f.fix is not None and not f.suppressed and (unsafe or f.fix.safety == "safe")


def _fix_summary(result: RunResult, findings: list[Finding], unsafe: bool) -> list[str]:
    """ruff's lines: what --fix fixed, what it can fix ([*]), what --unsafe-fixes would add."""
    out = []
    fixed = getattr(result, "fixed", 0)
    if fixed:
        out.append(f"Fixed {fixed} finding{'s' if fixed != 1 else ''}.")
    n = sum(1 for f in findings if _fixable(f, unsafe))
    hidden = sum(1 for f in findings if not _fixable(f, unsafe) and _fixable(f, True))
    if n:
        out.append(f"[*] {n} fixable with --fix.")
    if hidden:
        out.append(
            f"({hidden} more fix{'es' if hidden != 1 else ''} available with --unsafe-fixes.)"
        )
    return out
