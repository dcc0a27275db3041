"""GitHub workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::msg`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from zotlint.escape import command_data, command_property
from zotlint.findings import Finding, Severity

if TYPE_CHECKING:
    from zotlint.engine import RunResult

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


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
