"""The GitHub Action's engine: one zotlint run -> SARIF file, annotations, job summary.

`action.yml` only installs zotlint and calls `python -m zotlint.ghaction`; every decision lives
here so that it can be tested without a runner. Inputs come from options or from the
`ZOTLINT_*` environment variables the action sets (never from `${{ }}` pasted into shell).

GitHub shows at most 10 error and 10 warning annotations per step (and drops the rest
silently), so the most severe findings are annotated first, a notice says how many were left
out, and the job summary (`$GITHUB_STEP_SUMMARY`) lists every finding with a link to its lines.

Unlike `zotlint check`, this module may start processes: `git` to find the lines a pull
request changed (`--only-changed`), and `zotlint graph` for the summary's pictures.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

import click

from zotlint.escape import command_data, markdown, stop_commands
from zotlint.findings import Finding, Severity
from zotlint.linehash import file_text

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
ANNOTATION_CAP = 10  # per level and step (GitHub Checks API)
SUMMARY_BUDGET = 900_000  # bytes; GitHub refuses a step summary over 1 MiB
_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟠", Severity.NOTE: "🔵"}
_ZERO_SHA = frozenset("0")


# Every string from the repository goes through the escaper of its sink (zotlint.escape).
_md = markdown
_data = command_data

# A revision from an input or the event: a hex object name or a plain ref name; never an
# option (`--upload-pack=...` runs a command) and never anything git would read as a range.
_REVISION = re.compile(r"[0-9A-Za-z_][0-9A-Za-z_./-]{0,254}")


# --------------------------------------------------------------------------
# annotations
# --------------------------------------------------------------------------


def annotation_commands(
    findings: Sequence[Finding],
    errors: Sequence[str],
    prefix: str = "",
    cap: int = ANNOTATION_CAP,
) -> tuple[list[str], int]:
    """Workflow commands for at most `cap` findings per level, most severe first, and the
    number of findings left out (announced by a trailing notice that fits in the cap)."""
    from zotlint.reporters.github import command

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
            f"annotated (GitHub shows {cap} errors and {cap} warnings per step); the job "
            "summary lists all of them"
        )
    return out, omitted


# --------------------------------------------------------------------------
# job summary
# --------------------------------------------------------------------------


def _link(path: str, start: int, end: int) -> str:
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    repo = os.environ.get("GITHUB_REPOSITORY")
    sha = os.environ.get("GITHUB_SHA")
    label = f"{_md(path)}:{start}"
    if not (repo and sha):
        return label  # no code span: a backtick in a file name would end it
    anchor = f"#L{start}" if end <= start else f"#L{start}-L{end}"
    url_path = quote(path, errors="surrogateescape")  # a non-UTF-8 name keeps its bytes
    return f"[{label}]({server}/{repo}/blob/{sha}/{url_path}{anchor})"


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
    for i, f in enumerate(ordered):
        loc = f.location
        where = _link(prefix + loc.file, loc.start_line, loc.end_line)
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


# --------------------------------------------------------------------------
# `zotlint graph`, when this installation has it
# --------------------------------------------------------------------------


def _zotlint(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(
            [sys.executable, "-m", "zotlint", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None


def graphs(paths: Sequence[str]) -> list[str]:
    """Mermaid pictures from `zotlint graph --format mermaid` of the deployments with a broken
    or missing link, or nothing when the installed zotlint has no `graph` command (or it
    fails): the summary must not depend on it."""
    probe = _zotlint("graph", "--help", timeout=60)
    if probe is None or probe.returncode != 0:
        return []
    out = _zotlint("graph", "--format", "mermaid", *paths)
    if out is None or out.returncode not in (0, 1) or not out.stdout.strip():
        return []
    return [graph_section(title, chart) for title, chart in broken_deployments(out.stdout)]


def graph_section(title: str, chart: str) -> str:
    """One deployment's picture for the job summary. The title is Markdown-escaped and every
    label in the chart is a Mermaid string on one line (zotlint.escape.mermaid), so nothing
    from the repository can close the fence."""
    return f"### Deployment graph: {_md(title)}\n\n```mermaid\n{chart}```"


_SUBGRAPH = re.compile(r'^\s*subgraph\s+(\w+)\s*\[\s*"?(.*?)"?\s*\]\s*$')
_NOT_FOUND = ("--x", "-.")  # Mermaid edges the graph command draws for broken / missing links


def broken_deployments(mermaid: str) -> list[tuple[str, str]]:
    """Split `zotlint graph`'s flowchart into one chart per deployment (`subgraph` block) that
    has a broken or missing link, keeping the class definitions each one uses."""
    lines = mermaid.strip("\n").splitlines()
    if not lines or not lines[0].startswith("flowchart"):
        return []
    blocks: list[tuple[str, str, list[str]]] = []
    tail: list[str] = []
    current: tuple[str, str, list[str]] | None = None
    for line in lines[1:]:
        m = _SUBGRAPH.match(line)
        if m and current is None:
            current = (m.group(1), m.group(2).replace("#quot;", '"'), [line])
        elif current is not None:
            current[2].append(line)
            if line.strip() == "end":
                blocks.append(current)
                current = None
        else:
            tail.append(line)
    out = []
    for ident, title, body in blocks:
        if not any(mark in line for line in body for mark in _NOT_FOUND):
            continue
        keep = [t for t in tail if t.strip().startswith("classDef")]
        for t in tail:
            parts = t.split()
            if len(parts) == 3 and parts[0] == "class":
                # d1c0s2 belongs to d1, d10c0s2 does not.
                nodes = [n for n in parts[1].split(",") if re.match(rf"{ident}[a-z]", n)]
                if nodes:
                    keep.append(f"  class {','.join(nodes)} {parts[2]}")
        chart = "\n".join([lines[0], *body, *keep]) + "\n"
        out.append((title, chart))
    return out


# --------------------------------------------------------------------------
# which lines changed
# --------------------------------------------------------------------------


def event_base() -> str | None:
    """The commit a pull request or push is compared with, from the event payload."""
    name = os.environ.get("GITHUB_EVENT_NAME", "")
    path = os.environ.get("GITHUB_EVENT_PATH")
    if not path:
        return None
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    sha: object = None
    if name.startswith("pull_request"):
        sha = ((payload.get("pull_request") or {}).get("base") or {}).get("sha")
    elif name == "merge_group":
        sha = (payload.get("merge_group") or {}).get("base_sha")
    elif name == "push":
        sha = payload.get("before")
    if not isinstance(sha, str) or not sha or set(sha) <= _ZERO_SHA:
        return None  # a new branch has no "before"
    return sha


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def git_diff(root: Path, base: str) -> str:
    """`git diff -U0 BASE` in fixed output form, fetching BASE once if a shallow checkout
    lacks it. Raises RuntimeError when the diff cannot be had (or BASE is not a revision:
    a value starting with `-` would reach git as an option)."""
    if not _REVISION.fullmatch(base) or ".." in base:
        raise RuntimeError("not a revision (a commit or a branch name)")
    try:
        have = _git(root, "cat-file", "-e", f"{base}^{{commit}}").returncode == 0
        if not have:
            _git(
                root,
                "fetch",
                "--no-tags",
                "--quiet",
                "--depth=1",
                "--end-of-options",
                "origin",
                base,
            )
        out = _git(
            root,
            "-c",
            "core.quotePath=true",
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-relative",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            "--unified=0",
            "--end-of-options",
            base,
            "--",
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise RuntimeError(f"cannot run git: {exc}") from None
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed")
    return out.stdout


# --------------------------------------------------------------------------
# the command
# --------------------------------------------------------------------------


def _write_output(name: str, value: str) -> None:
    path = os.environ.get("GITHUB_OUTPUT")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"{name}={value}\n")


def _mkdirs_inside(directory: Path, root: Path) -> None:
    """`mkdir -p` that refuses a directory on the way resolving outside `root`."""
    from zotlint.safeio import UnsafePath, is_within

    real_root = os.path.realpath(root)
    if not is_within(os.path.realpath(directory), real_root):
        raise UnsafePath("outside the workspace", directory)
    directory.mkdir(parents=True, exist_ok=True)


def _csv(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").replace("\n", ",").split(",") if v.strip()]


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, envvar="ZOTLINT_PATHS")
@click.option("--config", "config_path", envvar="ZOTLINT_CONFIG", help="Configuration file.")
@click.option("--select", envvar="ZOTLINT_SELECT", help="Rule IDs or prefixes to enable.")
@click.option("--ignore", envvar="ZOTLINT_IGNORE", help="Rule IDs or prefixes to disable.")
@click.option(
    "--fail-on",
    envvar="ZOTLINT_FAIL_ON",
    type=click.Choice(["error", "warning", "note", "never"]),
    help="Lowest severity that fails the step (never: report only) [default: config].",
)
@click.option(
    "--sarif-file",
    envvar="ZOTLINT_SARIF_FILE",
    help="Write SARIF here (auto: $RUNNER_TEMP/zotlint.sarif).",
)
@click.option(
    "--category",
    envvar="ZOTLINT_CATEGORY",
    default="zotlint",
    show_default=True,
    help="Code scanning category of the SARIF run.",
)
@click.option(
    "--annotations/--no-annotations",
    envvar="ZOTLINT_ANNOTATIONS",
    default=True,
    show_default=True,
    help="Workflow-command annotations (10 per level, most severe first).",
)
@click.option(
    "--only-changed/--all-findings",
    envvar="ZOTLINT_ONLY_CHANGED",
    default=False,
    help="Report only findings on lines the pull request (or push) changed.",
)
@click.option("--diff-base", envvar="ZOTLINT_DIFF_BASE", help="Compare with this revision.")
@click.option(
    "--summary",
    "summary_path",
    envvar="GITHUB_STEP_SUMMARY",
    help="Append the Markdown job summary here.",
)
@click.option(
    "--graph/--no-graph",
    envvar="ZOTLINT_GRAPH",
    default=True,
    help="Add `zotlint graph` pictures of deployments with broken links to the summary.",
)
@click.option(
    "--include-suppressed",
    envvar="ZOTLINT_INCLUDE_SUPPRESSED",
    is_flag=True,
    help="Keep suppressed findings in the SARIF (GitHub shows them as open alerts).",
)
@click.option(
    "--protect-secret-rules/--allow-secret-rule-changes",
    envvar="ZOTLINT_PROTECT_SECRET_RULES",
    default=False,
    help="Refuse a repository configuration that disables or lowers the ZOT3xx rules.",
)
def main(
    paths: tuple[str, ...],
    config_path: str | None,
    select: str | None,
    ignore: str | None,
    fail_on: str | None,
    sarif_file: str | None,
    category: str,
    annotations: bool,
    only_changed: bool,
    diff_base: str | None,
    summary_path: str | None,
    graph: bool,
    include_suppressed: bool,
    protect_secret_rules: bool,
) -> None:
    """Run zotlint once for a GitHub Actions step: SARIF, annotations and job summary."""
    from zotlint.config import ConfigError, find_config, load_settings
    from zotlint.diffmode import Changes, filter_findings, parse_unified_diff
    from zotlint.engine import run
    from zotlint.files import find_root
    from zotlint.footprint import of_config
    from zotlint.registry import CatalogueError
    from zotlint.reporters import render
    from zotlint.reporters.github import workspace_prefix
    from zotlint.reporters.sarif import build
    from zotlint.safeio import UnsafePath, atomic_write
    from zotlint.secrets.patterns import scrub_error

    targets = [Path(p) for p in paths] or [Path(".")]
    try:
        root = find_root(targets)
        config_file = Path(config_path) if config_path else find_config(root)
        settings = (
            load_settings(config_file)
            if config_path
            else load_settings(config_file, from_repo=True)
        )
        footprint = of_config(config_file, root, settings)
        weakened = footprint.secrets_weakened() if footprint is not None else []
        if protect_secret_rules and weakened:
            assert footprint is not None
            click.echo(
                f"::error title=zotlint::{_data(footprint.config)} weakens the committed-secret "
                f"rules ({_data('; '.join(weakened))}) and protect-secret-rules is on"
            )
            sys.exit(EXIT_ERROR)
        if _csv(select):
            settings.select = _csv(select)
        if _csv(ignore):
            settings.ignore = [*settings.ignore, *_csv(ignore)]
        if fail_on and fail_on != "never":
            settings.fail_on = fail_on  # type: ignore[assignment]
        result = run(targets, settings, root=root)
        result.footprint = footprint
    except (ConfigError, CatalogueError, FileNotFoundError) as exc:
        # A config error may quote the file's line: scrubbed like every other output.
        click.echo(f"::error title=zotlint::{_data(scrub_error(str(exc)))}")
        sys.exit(EXIT_ERROR)

    scope = ""
    base = diff_base or (event_base() if only_changed else None)
    if only_changed or diff_base:
        if base is None:
            click.echo(
                "::warning title=zotlint::only-changed: no base commit in this event; "
                "reporting all findings"
            )
        else:
            try:
                changes: Changes = parse_unified_diff(git_diff(result.root, base))
            except RuntimeError as exc:
                click.echo(
                    f"::warning title=zotlint::only-changed: cannot diff against {base[:12]} "
                    f"({_data(str(exc))}); reporting all findings"
                )
            else:
                result.findings = filter_findings(result.findings, changes)
                scope = f"only lines changed since `{_md(base[:12])}`"

    prefix = workspace_prefix(result.root)
    visible = result.visible()
    # Line hashes only for files the run loaded, read again through zotlint.safeio: never a
    # skipped path (a symlink to /dev/zero, a FIFO).
    files_with_findings = {f.location.file for f in result.visible(include_suppressed)}
    limit = settings.limits.max_file_size
    sources = {
        rel: file_text(result.root / rel, limit) for rel in files_with_findings & set(result.files)
    }
    sarif = build(
        result,
        include_suppressed=include_suppressed,
        category=category or "zotlint",
        sources=sources,
        path_prefix=prefix,
    )
    if sarif_file == "auto":
        # Outside the workspace by default: a pull request cannot plant a symlink there.
        sarif_file = os.path.join(os.environ.get("RUNNER_TEMP") or ".", "zotlint.sarif")
    if sarif_file:
        out = Path(sarif_file)
        text = json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
        try:
            # Inside the workspace, no directory on the way may lead out of it either.
            inside = None if out.is_absolute() else Path.cwd()
            if inside is not None:
                _mkdirs_inside(out.parent, inside)
            else:
                out.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(
                out, result.scrubber.scrub(text).encode("utf-8", "backslashreplace"), root=inside
            )
        except (UnsafePath, OSError) as exc:
            reason = exc.reason if isinstance(exc, UnsafePath) else (exc.strerror or "error")
            where = _data(f"cannot write SARIF file {sarif_file}: {reason}")
            click.echo(f"::error title=zotlint::{where}")
            sys.exit(EXIT_ERROR)
        _write_output("sarif-file", str(out))

    # The log keeps the full human report: annotations are capped, the log is not. It quotes
    # the repository, so the runner is told to execute no workflow command inside it.
    click.echo(stop_commands(render("text", result, show_source=False)), nl=False)
    omitted = 0
    if annotations:
        commands, omitted = annotation_commands(visible, result.errors, prefix)
        for line in commands:
            click.echo(result.scrubber.scrub(line))

    if summary_path:
        driver = sarif["runs"][0]["tool"]["driver"]
        uris = {r["id"]: r["helpUri"] for r in driver.get("rules", []) if "helpUri" in r}
        pictures = graphs([str(t) for t in targets]) if graph else []
        text = summary(
            visible,
            files=len(result.files),
            suppressed=sum(1 for f in result.findings if f.suppressed),
            errors=result.errors,
            prefix=prefix,
            scope=scope,
            help_uris=uris,
            graphs=pictures,
            omitted_annotations=omitted,
            configuration=footprint.lines() if footprint is not None else (),
        )
        with open(summary_path, "a", encoding="utf-8") as fh:
            fh.write(result.scrubber.scrub(text))

    sev = Counter(f.severity for f in visible)
    _write_output("findings", str(len(visible)))
    for s in Severity:
        _write_output(f"{s.label}s", str(sev[s]))
    if result.errors:
        sys.exit(EXIT_ERROR)
    if fail_on == "never":
        sys.exit(EXIT_OK)
    threshold = Severity.parse(settings.fail_on)
    sys.exit(EXIT_FINDINGS if any(f.severity >= threshold for f in visible) else EXIT_OK)


def entry() -> None:
    """`python -m zotlint.ghaction`: exit 2 with a one-line error, never a traceback (an exit
    code of 1 would read as "findings")."""
    for stream in (sys.stdout, sys.stderr):
        # A file name that is not UTF-8 is printed with backslashes, never aborts the run.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"::error title=zotlint::{_data(exc.format_message())}")
        sys.exit(EXIT_ERROR)
    except click.exceptions.Abort:
        sys.exit(EXIT_ERROR)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # never a traceback: report and exit 2
        click.echo(f"::error title=zotlint internal error::{exc.__class__.__name__}")
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    entry()
