"""The job summary (`$GITHUB_STEP_SUMMARY`): totals, counts per rule and severity, every
finding with a link to its lines, what the repository's configuration switched off, and a
Mermaid picture (zotlint.model.graph) of each deployment with a broken or missing link.

Every string from the repository goes through the Markdown or Mermaid escaper
(zotlint.escape): a file name, key or value cannot start a heading, close a code fence, open a
link or break a table cell.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from zotlint.escape import markdown
from zotlint.findings import Finding, Severity
from zotlint.reporters.github import ANNOTATION_CAP

if TYPE_CHECKING:
    from zotlint.config import Settings
    from zotlint.engine import LoadedProject
    from zotlint.model.graph import Entry

SUMMARY_BUDGET = 900_000  # bytes; GitHub refuses a step summary over 1 MiB
_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟠", Severity.NOTE: "🔵"}
_md = markdown


def _blob_base() -> str | None:
    """`https://github.com/OWNER/REPO/blob/SHA/`, or None outside a run that names them."""
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    repo = os.environ.get("GITHUB_REPOSITORY")
    sha = os.environ.get("GITHUB_SHA")
    return f"{server}/{repo}/blob/{sha}/" if repo and sha else None


def _link(
    path: str, start: int, end: int, base: str | None, shown: dict[str, tuple[str, str]]
) -> str:
    """`path:start` linked to those lines at `base`; `shown` keeps each path's Markdown label
    and URL path (a summary has thousands of rows and few files)."""
    known = shown.get(path)
    if known is None:
        # A non-UTF-8 name keeps its bytes in the URL.
        known = shown[path] = (_md(path), quote(path, errors="surrogateescape"))
    label = f"{known[0]}:{start}"
    if base is None:
        return label  # no code span: a backtick in a file name would end it
    anchor = f"#L{start}" if end <= start else f"#L{start}-L{end}"
    return f"[{label}]({base}{known[1]}{anchor})"


def summary(
    findings: Sequence[Finding],
    *,
    files: int,
    suppressed: int,
    errors: Sequence[str],
    prefix: str = "",
    scope: str = "",
    help_uris: dict[str, str] | None = None,
    graphs: Sequence[str] = (),
    omitted_annotations: int = 0,
    configuration: Sequence[str] = (),
) -> str:
    """The job summary Markdown: totals, counts per rule and severity, every finding."""
    sev = Counter(f.severity for f in findings)
    n = len(findings)
    lines = []
    if n:
        parts = [
            f"{sev[s]} {s.label}{'s' if sev[s] != 1 else ''}"
            for s in sorted(Severity, reverse=True)
            if sev[s]
        ]
        lines.append(f"## zotlint: {n} finding{'s' if n != 1 else ''} ({', '.join(parts)})")
    else:
        lines.append("## zotlint: no findings")
    facts = [f"{files} file{'s' if files != 1 else ''} checked"]
    if suppressed:
        facts.append(f"{suppressed} suppressed")
    if scope:
        facts.append(scope)
    lines += ["", " · ".join(facts), ""]
    if configuration:
        # What the repository's own configuration switched off, for the reviewer.
        lines += ["> [!WARNING]", *(f"> {_md(line)}  " for line in configuration), ""]
    for e in errors:
        lines += [f"> [!CAUTION]\n> {_md(e)}", ""]
    if not n:
        return "\n".join(lines) + "\n"

    help_uris = help_uris or {}
    counts = Counter((f.rule_id, f.rule_name, f.severity) for f in findings)
    rules = sorted({(rid, name) for rid, name, _ in counts})
    lines += ["### Findings per rule", "", "| Rule | Error | Warning | Note | Total |"]
    lines.append("|---|---:|---:|---:|---:|")
    for rid, name in rules:
        row = [counts[(rid, name, s)] for s in (Severity.ERROR, Severity.WARNING, Severity.NOTE)]
        rule = f"[{rid}]({help_uris[rid]})" if rid in help_uris else rid
        cells = " | ".join(str(c) if c else "" for c in row)
        lines.append(f"| {rule} {_md(name)} | {cells} | {sum(row)} |")
    lines += ["", "### All findings", ""]
    if omitted_annotations:
        lines += [
            f"{omitted_annotations} of these are not annotated in the diff: GitHub shows at "
            f"most {ANNOTATION_CAP} errors and {ANNOTATION_CAP} warnings per step.",
            "",
        ]
    lines += ["| | Location | Rule | Message |", "|---|---|---|---|"]
    budget = SUMMARY_BUDGET - sum(len(g) for g in graphs)
    size = sum(len(x) + 1 for x in lines)
    ordered = sorted(findings, key=lambda f: (-int(f.severity), *f.sort_key()))
    base = _blob_base()
    shown: dict[str, tuple[str, str]] = {}
    for i, f in enumerate(ordered):
        loc = f.location
        where = _link(prefix + loc.file, loc.start_line, loc.end_line, base, shown)
        row = (
            f"| {_ICON[f.severity]} {f.severity.label} | {where} | {f.rule_id} {_md(f.rule_name)} "
            f"| {_md(f.message)} |"
        )
        size += len(row.encode("utf-8")) + 1
        if size > budget:
            lines += ["", f"… {len(ordered) - i} more findings left out (summary size limit)."]
            break
        lines.append(row)
    for g in graphs:
        lines += ["", g]
    return "\n".join(lines) + "\n"


def graphs(
    targets: Sequence[Path],
    settings: Settings,
    root: Path,
    loaded: LoadedProject | None = None,
) -> list[str]:
    """Mermaid pictures of the deployments under `targets` that have a broken or missing
    link, drawn by the graph code itself (zotlint.model.graph). Nothing when the graph cannot
    be drawn: the pictures are extra, the summary and the step must not depend on them.
    `loaded`: the run's own project, when it loaded these targets (RunResult.project); its
    model is already built (loading and building it again took 1.5 s on 16,000 Secrets)."""
    from zotlint.engine import load_project
    from zotlint.model import graph

    try:
        if loaded is None:
            loaded = load_project(list(targets), settings, root=root)
        entries = graph.build(loaded.facts.model, loaded.project)
    except Exception:  # the findings are already reported: only the pictures are lost
        return []
    return [
        graph_section(graph.title(e.deployment), graph.render_mermaid([e]))
        for e in entries
        if _has_gap(e)
    ]


def _has_gap(entry: Entry) -> bool:
    """Whether a link after a chain's start is missing or broken (what the picture shows
    as a dashed or crossed edge)."""
    from zotlint.model.graph import BROKEN, MISSING

    return any(s.status in (MISSING, BROKEN) for ch in entry.chains for s in ch.steps[1:])


def graph_section(title: str, chart: str) -> str:
    """One deployment's picture for the job summary. The title is Markdown-escaped and every
    label in the chart is a Mermaid string on one line (zotlint.escape.mermaid), so nothing
    from the repository can close the fence."""
    return f"### Deployment graph: {_md(title)}\n\n```mermaid\n{chart}```"
