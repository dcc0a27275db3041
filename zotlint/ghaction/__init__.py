"""The GitHub Action's engine: one zotlint run -> SARIF file, annotations, job summary.

`action.yml` only installs zotlint and calls `python -m zotlint.ghaction`; every decision lives
here so that it can be tested without a runner. Inputs come from options or from the
`ZOTLINT_*` environment variables the action sets (never from `${{ }}` pasted into shell).

The run itself is `zotlint check`'s (zotlint.pipeline). Around it, one module per job:
`changes` (the lines a pull request changed, from `git diff`), `outputs` (the SARIF file and
the step outputs), `summary` (the job summary and its deployment pictures);
annotations are the github reporter's (zotlint.reporters.github). GitHub shows at most 10
error and 10 warning annotations per step, so the most severe findings are annotated first, a
notice says how many were left out; the SARIF file has every finding and the job summary as
many as fit GitHub's 1 MiB limit (it says how many it left out). The log prints
the human report with at most `max-log-findings` findings (the most severe first) and a line
saying how many it left out and where they are: past GitHub's annotation limits a log line per
finding is read by nobody.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from zotlint.cliutil import guarded_main
from zotlint.escape import command_data, json_document, markdown, stop_commands
from zotlint.pipeline import EXIT_ERROR, RunError

if TYPE_CHECKING:
    from zotlint.config import Settings

_data = command_data
# GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and 50 per job
# (actions/toolkit docs/problem-matchers.md, "Limitations", commit 4573039): past that, a
# finding's line in the log is read by nobody, and 16,000 of them took a tenth of the step.
LOG_FINDINGS = 1000


def _csv(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").replace("\n", ",").split(",") if v.strip()]


def _error(message: str) -> None:
    click.echo(f"::error title=zotlint::{_data(message)}")


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
    "--max-log-findings",
    envvar="ZOTLINT_MAX_LOG_FINDINGS",
    type=click.IntRange(min=0),
    default=LOG_FINDINGS,
    show_default=True,
    help="Findings printed in the log, the most severe first (0: all); the SARIF file and "
    "the job summary's counts keep every one.",
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
    max_log_findings: int,
    only_changed: bool,
    diff_base: str | None,
    summary_path: str | None,
    graph: bool,
    include_suppressed: bool,
    protect_secret_rules: bool,
) -> None:
    """Run zotlint once for a GitHub Actions step: SARIF, annotations and job summary."""
    from zotlint import pipeline
    from zotlint.diffmode import Changes, filter_findings, parse_unified_diff
    from zotlint.engine import RunResult
    from zotlint.engine import run as engine_run
    from zotlint.ghaction.changes import event_base, git_diff
    from zotlint.ghaction.outputs import sarif_path, write_counts, write_output, write_sarif
    from zotlint.ghaction.summary import graphs, summary
    from zotlint.linehash import upload_text
    from zotlint.redact import scrub_error
    from zotlint.reporters import render
    from zotlint.reporters.github import annotation_commands, workspace_prefix
    from zotlint.reporters.sarif import log_document
    from zotlint.runtime import gc_frozen_as_loaded
    from zotlint.safeio import describe

    targets = [Path(p) for p in paths] or [Path(".")]
    try:
        setup = pipeline.configure(
            targets,
            config_path=Path(config_path) if config_path else None,
            select=_csv(select),
            ignore=_csv(ignore),
            fail_on=fail_on,
            flags=("select", "ignore"),
        )
        footprint = setup.footprint
        weakened = footprint.secrets_weakened() if footprint is not None else []
        if protect_secret_rules and weakened:
            assert footprint is not None
            click.echo(
                f"::error title=zotlint::{_data(footprint.config)} weakens the committed-secret "
                f"rules ({_data('; '.join(weakened))}) and protect-secret-rules is on"
            )
            sys.exit(EXIT_ERROR)
        pictures_wanted = bool(summary_path) and graph

        def run_keeping_project(
            scan: list[Path], settings: Settings, root: Path, jobs: int | None
        ) -> RunResult:
            # The pictures reuse the run's loaded project (drawn below, then let go).
            return engine_run(scan, settings, root=root, jobs=jobs, keep_project=pictures_wanted)

        result = pipeline.check(setup, targets, runner=run_keeping_project)
    except RunError as exc:
        # A config error may quote the file's line: scrubbed like every other output.
        _error(scrub_error(str(exc)))
        sys.exit(EXIT_ERROR)
    pictures = (
        graphs(targets, setup.settings, setup.root, result.project) if pictures_wanted else []
    )
    result.project = None  # what the pictures needed: the outputs below only need findings

    # The collector leaves what exists now alone while the outputs are made (the process ends
    # after them): a full collection over the loaded project took 0.3 s on 16,000 Secrets.
    @gc_frozen_as_loaded
    def outputs() -> None:
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
                    why = _data(f"cannot diff against {base[:12]} ({exc})")
                    click.echo(
                        f"::warning title=zotlint::only-changed: {why}; reporting all findings"
                    )
                else:
                    result.findings = filter_findings(result.findings, changes)
                    # A code span is safe here: git_diff took `base` for a revision (no backtick).
                    scope = f"only lines changed since `{markdown(base[:12])}`"

        prefix = workspace_prefix(result.root)
        visible = result.visible()
        # Line hashes only for files the run loaded, the same files (zotlint.pipeline).
        texts = pipeline.reported_texts(result, include_suppressed=include_suppressed)
        sarif = log_document(
            result,
            include_suppressed=include_suppressed,
            category=category or "zotlint",
            sources={rel: upload_text(raw) for rel, raw in texts.items()},
            path_prefix=prefix,
        )
        out = sarif_path(sarif_file)
        if out is not None:
            text = json_document(sarif)
            try:
                write_sarif(out, result.scrubber.scrub(text).encode("utf-8", "backslashreplace"))
            except OSError as exc:
                _error(f"cannot write SARIF file {out}: {describe(exc)}")
                sys.exit(EXIT_ERROR)
            write_output("sarif-file", str(out))

        # The log keeps the human report, its findings capped at `max_log_findings` (the most
        # severe first), its counts complete. It quotes the repository, so the runner is told
        # to execute no workflow command inside it.
        def not_printed(n: int) -> str:
            return _not_printed(n, max_log_findings, len(visible), out, bool(summary_path))

        log = render("text", result, show_source=False, limit=max_log_findings, omitted=not_printed)
        click.echo(stop_commands(log), nl=False)
        omitted = 0
        if annotations:
            commands, omitted = annotation_commands(visible, result.errors, prefix)
            for line in commands:
                click.echo(result.scrubber.scrub(line))

        if summary_path:
            driver = sarif["runs"][0]["tool"]["driver"]
            uris = {r["id"]: r["helpUri"] for r in driver.get("rules", []) if "helpUri" in r}
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
            with open(summary_path, "a", encoding="utf-8", errors="backslashreplace") as fh:
                fh.write(result.scrubber.scrub(text))

        write_counts(visible)
        sys.exit(pipeline.exit_code(result, fail_on))

    outputs()


def _not_printed(n: int, cap: int, total: int, sarif: Path | None, summary: bool) -> str:
    """The log's line in place of the findings `max-log-findings` left out: how many, and
    where every finding is."""
    from zotlint.reporters.sarif import MAX_RESULTS

    where = []
    if sarif is not None:
        kept = f"all {total}" if total <= MAX_RESULTS else f"the {MAX_RESULTS} most severe"
        where.append(f"{kept} are in the SARIF file {sarif} (code scanning, when uploaded)")
    if summary:
        where.append("the job summary counts them by rule and severity")
    where.append("max-log-findings: 0 prints every one")
    s = "s" if n != 1 else ""
    return (
        f"{n} more finding{s} not printed here (max-log-findings: {cap}, the most severe "
        f"first): {'; '.join(where)}."
    )


def _internal(name: str) -> None:
    click.echo(f"::error title=zotlint internal error::{name}")


def entry() -> None:
    """`python -m zotlint.ghaction`: exit 2 with a one-line error, never a traceback (an exit
    code of 1 would read as "findings")."""
    guarded_main(main, usage=lambda exc: _error(exc.format_message()), internal=_internal)
