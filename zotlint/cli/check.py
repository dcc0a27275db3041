"""`zotlint check`: the shared run (zotlint.pipeline), then what only the command line does:
`--fix` / `--fix-preview`, change sets (`--diff`, `--diff-base`, `--changed-files`),
baselines, the chosen format on standard output or in a file, code frames."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from zotlint.cliutil import (
    CONFIG_HELP,
    fail,
    file_option,
    output_option,
    output_options,
    printable,
    printable_block,
    start_up_done,
    write_report,
)
from zotlint.pipeline import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, RunError

if TYPE_CHECKING:
    from zotlint.config import Settings
    from zotlint.engine import RunResult
    from zotlint.pipeline import Runner


def _csv(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "--output-format",
    "fmt",
    type=click.Choice(["text", "concise", "json", "sarif", "github", "junit"]),
    default="text",
    show_default=True,
    help="Output format (concise: one line per finding).",
)
@output_option(help="Write the report to FILE instead of standard output (-: standard output).")
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Print only the findings: no summary line, no 'All checks passed'.",
)
@click.option("--select", multiple=True, help="Rule IDs or prefixes to enable (comma-separated).")
@click.option("--ignore", multiple=True, help="Rule IDs or prefixes to disable (comma-separated).")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "note", "never"]),
    help="Lowest severity that makes the exit code 1; never: report only [default: warning].",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@file_option("--config", "config_path", help=CONFIG_HELP)
@click.option("--no-color", is_flag=True, help="Never color the text output.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule.")
@click.option(
    "--include-suppressed", is_flag=True, help="Also report suppressed findings (marked as such)."
)
@click.option(
    "--diff",
    "diff_file",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Report only findings on lines this unified diff adds or changes (git diff output; "
    "- reads standard input). The whole repository is still checked for context.",
)
@click.option(
    "--diff-base",
    metavar="REV",
    help="Report only findings on lines changed since git revision REV (working tree vs REV; "
    "BASE...HEAD compares with the merge base). Reads .git directly: no git process.",
)
@click.option(
    "--changed-files",
    is_flag=True,
    help="PATHS are changed files (as pre-commit passes them): check the whole repository "
    "and report only findings that touch them.",
)
@click.option(
    "--sarif-category",
    default="zotlint",
    show_default=True,
    help="Code scanning category (runAutomationDetails.id) of the SARIF run.",
)
@file_option(
    "--write-baseline",
    help="Record every current finding in FILE (rule, file, line-free fingerprint; secrets only "
    "as a salted hash) and exit 0.",
)
@file_option(
    "--baseline",
    "baseline_path",
    help="Drop the findings recorded in FILE (see --write-baseline); the summary counts them.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Processes to use: with 2, a worker reads and triages the files (parse or not, "
    "syntax, secrets pre-check) ahead of the main process [default: 2 for 1,000 files or more "
    "on 2+ CPUs, else 1].",
)
@click.option(
    "--fix",
    "apply_fixes",
    is_flag=True,
    help="Apply safe fixes to the files (atomically; a fix that would add a finding is rolled "
    "back), then report what is left.",
)
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --fix-preview, also apply fixes that change behaviour beyond the "
    "finding (e.g. register a redirect URI in the Keycloak realm); marks them [*].",
)
@click.option(
    "--fix-preview",
    is_flag=True,
    help="Print the fixes --fix would apply as a unified diff and write nothing (ruff's "
    "--diff; zotlint's --diff FILE reads a diff instead). Exit 1 when there is something to fix.",
)
def check(
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    config_path: Path | None,
    no_color: bool,
    statistics: bool,
    include_suppressed: bool,
    diff_file: Path | None,
    diff_base: str | None,
    changed_files: bool,
    sarif_category: str,
    write_baseline: Path | None,
    baseline_path: Path | None,
    jobs: int | None,
    apply_fixes: bool = False,
    unsafe_fixes: bool = False,
    fix_preview: bool = False,
    quiet: bool = False,
) -> None:
    """Check PATHS (default: the current directory)."""
    from zotlint import pipeline
    from zotlint.registry import load_rules
    from zotlint.reporters import render

    targets = list(paths) or [Path(".")]
    changed = list(paths) if changed_files else None
    if changed is not None:
        # Context is the whole repository; a deleted file in the list is simply not there.
        targets = [p for p in changed if os.path.lexists(p)] or [Path(".")]
    for p in targets:
        if not p.exists() and not p.is_symlink():
            fail(f"{p}: path does not exist")
    # Reported as `zotlint: error: ...`. The diff and baseline modules, and so their errors, are
    # imported only when their options are given.
    expected: tuple[type[Exception], ...] = (RunError,)
    written: dict[str, bytes] = {}
    try:
        setup = pipeline.configure(
            targets,
            config_path=config_path,
            select=_csv(select),
            ignore=_csv(ignore),
            fail_on=fail_on,
        )
        # The start-up ends when the engine and the rules are loaded (the run's first step).
        import zotlint.engine  # noqa: F401

        load_rules()
        start_up_done()
        scan = [setup.root] if changed is not None else targets
        runner = None
        if apply_fixes or fix_preview:
            runner = _fixer(unsafe_fixes, fix_preview, changed, written)
        result = pipeline.check(setup, scan, jobs=jobs, runner=runner)
        if not (apply_fixes or fix_preview):
            result.unsafe_fixes = unsafe_fixes
        if diff_file is not None or diff_base or changed is not None:
            from zotlint.diffmode import DiffError, restrict

            expected += (DiffError,)
            result.findings = restrict(result, diff=diff_file, base=diff_base, paths=changed)
        if write_baseline is not None or baseline_path is not None:
            from zotlint import baseline

            expected += (baseline.BaselineError,)
        if write_baseline is not None:
            n = baseline.write(write_baseline, result)
            click.echo(
                printable(f"zotlint: wrote {n} finding{'s' if n != 1 else ''} to {write_baseline}"),
                err=True,
            )
            _print_errors(result)
            sys.exit(EXIT_ERROR if result.errors else EXIT_OK)
        if baseline_path is not None:
            loaded = baseline.load(baseline_path)
            if loaded.stale:
                click.echo(
                    f"zotlint: warning: {printable(str(baseline_path))}: {loaded.stale} "
                    "committed-secret entries predate baseline version 3 and no longer match; "
                    "write the baseline again",
                    err=True,
                )
            baseline.apply(result, loaded)
    except expected as exc:
        fail(str(exc))

    text = _report(
        result,
        fmt,
        output,
        no_color,
        statistics,
        include_suppressed,
        quiet,
        sarif_category,
        written,
    )
    if output is not None:
        write_report(output, text)
    else:
        click.echo(text, nl=False)
        if statistics and fmt not in ("text", "concise"):
            click.echo(
                render("text", result, statistics=True, show_source=False).split("\n")[-2], err=True
            )
    _print_errors(result)
    sys.exit(pipeline.exit_code(result, fail_on, exit_zero=exit_zero))


def _print_errors(result: RunResult) -> None:
    # "rule X crashed on <file>": the file name is the repository's, escaped for the log.
    for err in result.errors:
        click.echo(printable(result.scrubber.scrub(f"zotlint: {err}")), err=True)


def _report(
    result: RunResult,
    fmt: str,
    output: Path | None,
    no_color: bool,
    statistics: bool,
    include_suppressed: bool,
    quiet: bool,
    sarif_category: str,
    written: dict[str, bytes],
) -> str:
    """The report in `fmt`; under GitHub Actions the default text output also annotates the
    pull request (like yamllint)."""
    from zotlint.escape import code_frame_text
    from zotlint.linehash import upload_text
    from zotlint.pipeline import reported_texts
    from zotlint.reporters import render

    opts: dict[str, object] = {"include_suppressed": include_suppressed, "quiet": quiet}
    opts.update(output_options(fmt, result, no_color, output is None, statistics))
    if fmt in ("text", "sarif"):
        # Only files the run loaded, the same ones: a finding on a skipped path (a symlink to
        # /etc/passwd, a FIFO, a 50 MB file) gets no code frame or line hash read from disk.
        texts = reported_texts(result, include_suppressed=include_suppressed, overlay=written)
    if fmt == "text":
        color = (
            not no_color
            and output is None
            and sys.stdout.isatty()
            and not os.environ.get("NO_COLOR")
        )
        sources = {rel: code_frame_text(raw) for rel, raw in texts.items()}
        opts.update(color=color, statistics=statistics, sources=sources)
    if fmt == "sarif":
        # File text for GitHub's primaryLocationLineHash.
        sources = {rel: upload_text(raw) for rel, raw in texts.items()}
        opts.update(category=sarif_category, sources=sources)
    text = render(fmt, result, **opts)
    if fmt in ("text", "concise") and os.environ.get("GITHUB_ACTIONS") == "true" and output is None:
        # The log quotes the repository (file names, keys, values): besides escaping every
        # line, the runner is told to execute no workflow command inside it; then, like
        # yamllint, the text output also annotates the pull request.
        from zotlint.escape import stop_commands
        from zotlint.reporters.github import workspace_prefix

        text = stop_commands(text)
        if fmt == "text":
            text += render("github", result, path_prefix=workspace_prefix(result.root))
    return text


def _fixer(
    unsafe: bool, preview: bool, changed: list[Path] | None, written: dict[str, bytes]
) -> Runner:
    """`check --fix` / `--fix-preview` (zotlint.fix.runner) as the pipeline's runner. `written`
    receives the bytes the last lint saw of each file the fixes read (what --fix wrote): code
    frames come from them, the files on disk are new inodes. The preview exits here."""
    from zotlint.fix.runner import one_line, run_fixes, unified_diff

    def fix(scan: list[Path], settings: Settings, root: Path, jobs: int | None) -> RunResult:
        keep = None
        if changed is not None:
            # pre-commit passes the staged files: fix only those.
            wanted = {p.resolve() for p in changed}
            keep = lambda f: all((root / rel).resolve() in wanted for rel in f.fix.files)  # noqa: E731
        out = run_fixes(
            scan,
            settings,
            root=root,
            unsafe=unsafe,
            jobs=jobs,
            write=not preview,
            keep=keep,
        )
        for msg in [*out.refused, *out.rolled_back]:
            click.echo(out.result.scrubber.scrub(one_line(f"zotlint: {msg}")), err=True)
        if preview:
            diff = unified_diff(out)
            scrub = out.result.scrubber
            # Lines quoted from files lose short readable secrets too; the file names do not.
            quoted = "".join(
                ln if ln.startswith(("--- ", "+++ ")) else scrub.scrub_source(ln)
                for ln in diff.splitlines(keepends=True)
            )
            # Context lines quote the files (`  ::warning::x` would run under Actions).
            click.echo(printable_block(scrub.scrub(quoted)), nl=False)
            n = out.applied
            click.echo(
                f"zotlint: would fix {n} finding{'s' if n != 1 else ''} in "
                f"{len(out.changed)} file{'s' if len(out.changed) != 1 else ''}",
                err=True,
            )
            sys.exit(EXIT_FINDINGS if diff else EXIT_OK)
        written.update(out.fixed)
        return out.result

    return fix
