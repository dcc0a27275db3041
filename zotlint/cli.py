"""Command line: `zotlint check`, `zotlint rules`, `zotlint rule ID`, `zotlint graph`,
`zotlint --version`.

Heavy modules are imported inside the commands so `zotlint --version` stays instant.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from zotlint import __version__
from zotlint.cliutil import all_rules, check_flags, output_options, printable, rule_json, shown_path

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _fail(msg: str) -> None:
    """`zotlint: error: <file>[:line]: <key>: <message>`, exit 2: the user's own paths and keys
    as they are; only known credential shapes redacted, control characters escaped."""
    from zotlint.secrets.patterns import scrub_tokens

    click.echo(f"zotlint: error: {printable(scrub_tokens(msg))}", err=True)
    sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "--version", "-V", prog_name="zotlint", message="%(prog)s %(version)s"
)
def cli() -> None:
    """Static checks for Zot registry deployments: Helm values, the embedded config.json,
    ExternalSecrets, ArgoCD Applications and Keycloak clients."""


def _csv(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


@cli.command()
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
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE instead of standard output.",
)
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
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Configuration file (default: .zotlint.yaml or [tool.zotlint] at the root).",
)
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
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Record every current finding in FILE (rule, file, line-free fingerprint; secrets only "
    "as a salted hash) and exit 0.",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
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
    from zotlint.config import ConfigError, find_config, load_settings
    from zotlint.engine import run
    from zotlint.files import find_root
    from zotlint.findings import Severity
    from zotlint.footprint import of_config
    from zotlint.registry import CatalogueError
    from zotlint.reporters import render

    targets = list(paths) or [Path(".")]
    changed = list(paths) if changed_files else None
    if changed is not None:
        # Context is the whole repository; a deleted file in the list is simply not there.
        targets = [p for p in changed if os.path.lexists(p)] or [Path(".")]
    for p in targets:
        if not p.exists() and not p.is_symlink():
            _fail(f"{p}: path does not exist")
    # Reported as `zotlint: error: ...`. The diff and baseline modules, and so their errors, are
    # imported only when their options are given.
    expected: tuple[type[Exception], ...] = (ConfigError, CatalogueError, FileNotFoundError)
    cfg_file: Path | None = None
    try:
        root = find_root(targets)
        cfg_file = config_path or find_config(root)
        settings = (
            load_settings(config_path) if config_path else load_settings(cfg_file, from_repo=True)
        )
        # Before the command line's own options: what the file switched off.
        footprint = of_config(cfg_file, root, settings)
        check_flags(root, settings, targets, _csv(select), _csv(ignore))
        if select:
            settings.select = _csv(select)
        if ignore:
            settings.ignore = [*settings.ignore, *_csv(ignore)]
        if fail_on and fail_on != "never":
            settings.fail_on = fail_on  # type: ignore[assignment]
        scan = [root] if changed is not None else targets
        try:
            if apply_fixes or fix_preview:
                result = _fix(scan, settings, root, jobs, unsafe_fixes, fix_preview, changed)
            else:
                result = run(scan, settings, root=root, jobs=jobs)
                result.unsafe_fixes = unsafe_fixes
        except ConfigError as exc:
            # The engine checks the configuration's rule lists and options: name the file.
            if cfg_file is None or str(exc).startswith(str(cfg_file)):
                raise
            raise ConfigError(f"{shown_path(cfg_file)}: {exc}") from None
        result.footprint = footprint
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
                f"zotlint: wrote {n} finding{'s' if n != 1 else ''} to {write_baseline}", err=True
            )
            sys.exit(EXIT_ERROR if result.errors else EXIT_OK)
        if baseline_path is not None:
            baseline.apply(result, baseline.load(baseline_path))
    except expected as exc:
        msg = str(exc)
        if cfg_file is not None:  # the configuration file as the user would type its path
            msg = msg.replace(str(cfg_file), shown_path(cfg_file))
        _fail(msg)
        return

    opts: dict[str, object] = {"include_suppressed": include_suppressed, "quiet": quiet}
    opts.update(output_options(fmt, result, no_color, output is None, statistics))
    if fmt == "text":
        color = (
            not no_color
            and output is None
            and sys.stdout.isatty()
            and not os.environ.get("NO_COLOR")
        )
        # Only files the run read: a finding on a skipped path (a symlink to /etc/passwd or
        # /proc/self/environ, a 50 MB file) must not get a code frame read from disk.
        checked = set(result.files)
        sources = {
            lf: _source_text(result.root, lf)
            for lf in {f.location.file for f in result.visible(include_suppressed)}
            if lf in checked
        }
        opts.update(color=color, statistics=statistics, sources=sources)
    if fmt == "sarif":
        # File text for GitHub's primaryLocationLineHash (re-read, read-only, reported files).
        # Checked files only, as for the code frames above.
        files = {f.location.file for f in result.visible(include_suppressed)} & set(result.files)
        from zotlint.linehash import file_text

        opts.update(
            category=sarif_category, sources={lf: file_text(result.root / lf) for lf in files}
        )
    text = render(fmt, result, **opts)
    if fmt == "text" and os.environ.get("GITHUB_ACTIONS") == "true" and output is None:
        # Like yamllint: under GitHub Actions the default output also annotates the PR.
        from zotlint.reporters.github import workspace_prefix

        text += render("github", result, path_prefix=workspace_prefix(result.root))
    if output is not None:
        _write(output, text)
    else:
        click.echo(text, nl=False)
        if statistics and fmt not in ("text", "concise"):
            click.echo(
                render("text", result, statistics=True, show_source=False).split("\n")[-2], err=True
            )
    for err in result.errors:
        click.echo(result.scrubber.scrub(f"zotlint: {err}"), err=True)
    if result.errors:
        sys.exit(EXIT_ERROR)
    if exit_zero or fail_on == "never":
        sys.exit(EXIT_OK)
    threshold = Severity.parse(settings.fail_on)
    failing = any(f.severity >= threshold for f in result.visible())
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)


@cli.command("graph")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "mermaid", "json"]),
    default="text",
    show_default=True,
    help="Output format (Mermaid renders on GitHub).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the graph to FILE instead of standard output.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Configuration file (default: .zotlint.yaml or [tool.zotlint] at the root).",
)
def graph_cmd(
    paths: tuple[Path, ...], fmt: str, output: Path | None, config_path: Path | None
) -> None:
    """Show, per deployment, the chain from each file zot reads to the Secret behind it:
    provider → path → mount → volume → Secret → ExternalSecret → remote key / SecretStore →
    service account → IAM role → policies, each link found, missing or broken."""
    from zotlint.config import ConfigError, find_config, load_settings
    from zotlint.engine import load_project
    from zotlint.files import find_root
    from zotlint.model.graph import render as render_graph

    targets = list(paths) or [Path(".")]
    for p in targets:
        if not p.exists() and not p.is_symlink():
            _fail(f"{p}: path does not exist")
    try:
        root = find_root(targets)
        settings = (
            load_settings(config_path)
            if config_path
            else load_settings(find_config(root), from_repo=True)
        )
        loaded = load_project(targets, settings, root=root)
    except (ConfigError, FileNotFoundError) as exc:
        _fail(str(exc))
        return
    text = render_graph(loaded.facts.model, fmt, project=loaded.project)
    if output is not None:
        _write(output, text)
    else:
        click.echo(text, nl=False)


def _fix(
    scan: list[Path],
    settings: object,
    root: Path,
    jobs: int | None,
    unsafe: bool,
    preview: bool,
    changed: list[Path] | None,
) -> object:
    """Run `check --fix` / `--fix-preview` (zotlint.fix.runner); the preview exits here."""
    from zotlint.fix.runner import one_line, run_fixes, unified_diff

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
        keep=keep,  # type: ignore[arg-type]
    )
    for msg in [*out.refused, *out.rolled_back]:
        click.echo(out.result.scrubber.scrub(one_line(f"zotlint: {msg}")), err=True)
    if preview:
        diff = unified_diff(out)
        click.echo(out.result.scrubber.scrub(diff), nl=False)
        n = out.applied
        click.echo(
            f"zotlint: would fix {n} finding{'s' if n != 1 else ''} in "
            f"{len(out.changed)} file{'s' if len(out.changed) != 1 else ''}",
            err=True,
        )
        sys.exit(EXIT_FINDINGS if diff else EXIT_OK)
    return out.result


def _write(output: Path, text: str) -> None:
    """Write a report: never through a symlink or into a FIFO or device, atomically."""
    import stat

    from zotlint.safeio import atomic_write, describe

    data = text.encode("utf-8", "backslashreplace")
    try:
        if stat.S_ISCHR(os.lstat(output).st_mode):
            # `-o /dev/null` names a device on purpose; a symlink or FIFO is still refused.
            with open(output, "wb") as handle:
                handle.write(data)
            return
    except FileNotFoundError:
        pass
    except OSError as exc:
        _fail(f"{output}: cannot write ({describe(exc)})")
    try:
        atomic_write(output, data)
    except OSError as exc:
        _fail(f"{output}: cannot write ({describe(exc)})")


def _source_text(root: Path, rel: str) -> str | None:
    # Re-reading a reported file for its code frame: only files that have findings, read-only.
    from zotlint.safeio import read_file

    try:
        raw = read_file(root / rel, 64 * 1024 * 1024)  # never a symlink, FIFO or device
    except OSError:
        return None
    text = raw.decode("utf-8", errors="replace").translate(_UNPRINTABLE)
    return text[1:] if text.startswith("\ufeff") else text


# Characters a code frame must not echo to a terminal or CI log: C0/C1 controls (escape
# sequences, BEL), line separators other than CR/LF (str.splitlines would shift the frame's
# line numbers) and bidirectional overrides. One for one, so columns stay exact.
_UNPRINTABLE = {
    c: "\ufffd"
    for c in (
        *range(0x00, 0x09),
        *range(0x0B, 0x0D),
        *range(0x0E, 0x20),
        *range(0x7F, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        *range(0x2028, 0x202F),
        *range(0x2066, 0x206A),
    )
}


@cli.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def rules_cmd(fmt: str) -> None:
    """List every rule."""
    import json

    rules = _rules()
    if fmt == "json":
        click.echo(json.dumps([rule_json(r) for r in rules], indent=2, default=str))
        return
    width = max(len(r.meta.name) for r in rules)
    for r in rules:
        click.echo(f"{r.id}  {r.meta.name:<{width}}  {r.meta.severity.label:<7}  {r.meta.summary}")


def _rules() -> tuple[Any, ...]:
    from zotlint.config import ConfigError

    try:
        return all_rules()
    except ConfigError as exc:
        _fail(str(exc))
        raise  # unreachable: _fail exits


@cli.command("rule")
@click.argument("rule_id")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
def rule_cmd(rule_id: str, fmt: str) -> None:
    """Show the documentation of one rule (by ID or name)."""
    import json

    from zotlint.docs import doc_url, render_rule

    wanted = rule_id.strip()
    for r in _rules():
        if wanted.upper() == r.id or wanted == r.meta.name or wanted in r.meta.aliases:
            if fmt == "json":
                click.echo(json.dumps(rule_json(r, doc=True), indent=2, default=str))
            else:
                click.echo(render_rule(r))
                if r.meta.pack != "policies":
                    click.echo(f"Documentation: {doc_url(r.id)}")
            return
    from zotlint.registry import unknown_selector

    _fail(f"rule: {unknown_selector(_rules(), rule_id) or f'unknown rule {rule_id!r}'}")


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        # A file name that is not UTF-8 is printed with backslashes, never aborts the run.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        cli(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_ERROR)
    except click.exceptions.Abort:
        sys.exit(EXIT_ERROR)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # never a traceback: report and exit 2
        click.echo(f"zotlint: internal error: {exc.__class__.__name__}", err=True)
        sys.exit(EXIT_ERROR)
