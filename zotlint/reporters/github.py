"""GitHub workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::msg`."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from zotlint.escape import command_data, command_property
from zotlint.findings import Finding, Severity

if TYPE_CHECKING:
    from zotlint.engine import RunResult

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}
ANNOTATION_CAP = 10  # per level and step (GitHub Checks API)


_data = command_data
_prop = command_property


def command(f: Finding, prefix: str = "", paths: dict[str, str] | None = None) -> str:
    loc = f.location
    path = paths[loc.file] if paths and loc.file in paths else f"{prefix}{loc.file}"
    props = [f"file={_prop(path)}", f"line={loc.start_line}"]
    if loc.end_line == loc.start_line:
        props.append(f"col={loc.start_col}")
    props.append(f"endLine={loc.end_line}")
    if loc.end_line == loc.start_line:
        # Columns only on single-line ranges: the Checks API rejects them otherwise (ruff#22074).
        props.append(f"endColumn={max(loc.end_col, loc.start_col)}")
    props.append(f"title={_prop(f'{f.rule_id} {f.rule_name}')}")
    return f"::{_LEVEL[f.severity]} {','.join(props)}::{_data(f.message)}"


def annotation_commands(
    findings: Sequence[Finding],
    errors: Sequence[str],
    prefix: str = "",
    cap: int = ANNOTATION_CAP,
) -> tuple[list[str], int]:
    """Workflow commands for at most `cap` findings per level, most severe first, and the
    number of findings left out (announced by a trailing notice that fits in the cap)."""
    ordered = sorted(findings, key=lambda f: (-int(f.severity), *f.sort_key()))
    by_level: dict[Severity, list[Finding]] = {s: [] for s in Severity}
    for f in ordered:
        by_level[f.severity].append(f)
    internal = [f"::error title=zotlint internal error::{_data(e)}" for e in errors]
    room_errors = max(0, cap - len(internal))
    shown = {
        Severity.ERROR: by_level[Severity.ERROR][:room_errors],
        Severity.WARNING: by_level[Severity.WARNING][:cap],
        Severity.NOTE: by_level[Severity.NOTE][:cap],
    }
    omitted = len(ordered) - sum(len(v) for v in shown.values())
    if omitted:
        shown[Severity.NOTE] = shown[Severity.NOTE][: cap - 1]
        omitted = len(ordered) - sum(len(v) for v in shown.values())
    out = internal + [command(f, prefix) for s in sorted(shown, reverse=True) for f in shown[s]]
    if omitted:
        out.append(
            f"::notice title=zotlint::{omitted} more finding{'s' if omitted != 1 else ''} not "
            f"annotated (GitHub shows {cap} errors and {cap} warnings per step); the SARIF "
            "report has every one, the job summary as many as fit its size limit"
        )
    return out, omitted


def workspace_prefix(root: Path) -> str:
    """The scan root's path inside `$GITHUB_WORKSPACE` ("" when they are the same or unrelated):
    GitHub resolves annotation paths from the repository root, zotlint's are root-relative."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if not workspace:
        return ""
    try:
        rel = Path(os.path.realpath(root)).relative_to(os.path.realpath(workspace))
    except ValueError:
        return ""
    return "" if rel == Path(".") else rel.as_posix() + "/"


def render(
    result: RunResult,
    *,
    path_prefix: str = "",
    paths: dict[str, str] | None = None,
    **_: object,
) -> str:
    # Most severe first: GitHub shows at most 10 errors and 10 warnings per step.
    findings = sorted(result.visible(), key=lambda f: (-int(f.severity), *f.sort_key()))
    out = [command(f, path_prefix, paths) for f in findings]
    out.extend(f"::error title=zotlint internal error::{_data(e)}" for e in result.errors)
    return "\n".join(out) + ("\n" if out else "")
