"""Command line: `zotlint check`, `zotlint rules`, `zotlint rule ID`, `zotlint --version`.

Heavy modules are imported inside the commands so `zotlint --version` stays instant.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from zotlint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _fail(msg: str) -> None:
    click.echo(f"zotlint: error: {msg}", err=True)
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
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github", "junit"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE instead of standard output.",
)
@click.option("--select", multiple=True, help="Rule IDs or prefixes to enable (comma-separated).")
@click.option("--ignore", multiple=True, help="Rule IDs or prefixes to disable (comma-separated).")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "note"]),
    help="Lowest severity that makes the exit code 1 [default: warning].",
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
) -> None:
    """Check PATHS (default: the current directory)."""
    from zotlint.config import ConfigError, find_config, load_settings
    from zotlint.engine import run
    from zotlint.files import find_root
    from zotlint.findings import Severity
    from zotlint.registry import CatalogueError
    from zotlint.reporters import render

    targets = list(paths) or [Path(".")]
    for p in targets:
        if not p.exists() and not p.is_symlink():
            _fail(f"path does not exist: {p}")
    try:
        root = find_root(targets)
        settings = load_settings(config_path or find_config(root))
        if select:
            settings.select = _csv(select)
        if ignore:
            settings.ignore = [*settings.ignore, *_csv(ignore)]
        if fail_on:
            settings.fail_on = fail_on  # type: ignore[assignment]
        result = run(targets, settings, root=root)
    except (ConfigError, CatalogueError, FileNotFoundError) as exc:
        _fail(str(exc))
        return

    opts: dict[str, object] = {"include_suppressed": include_suppressed}
    if fmt == "text":
        color = (
            not no_color
            and output is None
            and sys.stdout.isatty()
            and not os.environ.get("NO_COLOR")
        )
        sources = {
            lf: _source_text(result.root, lf)
            for lf in {f.location.file for f in result.visible(include_suppressed)}
        }
        opts.update(color=color, statistics=statistics, sources=sources)
    text = render(fmt, result, **opts)
    if fmt == "text" and os.environ.get("GITHUB_ACTIONS") == "true" and output is None:
        # Like yamllint: under GitHub Actions the default output also annotates the PR.
        text += render("github", result)
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror}")
    else:
        click.echo(text, nl=False)
        if statistics and fmt != "text":
            click.echo(
                render("text", result, statistics=True, show_source=False).split("\n")[-2], err=True
            )
    for err in result.errors:
        click.echo(result.scrubber.scrub(f"zotlint: {err}"), err=True)
    if result.errors:
        sys.exit(EXIT_ERROR)
    if exit_zero:
        sys.exit(EXIT_OK)
    threshold = Severity.parse(settings.fail_on)
    failing = any(f.severity >= threshold for f in result.visible())
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)


def _source_text(root: Path, rel: str) -> str | None:
    # Re-reading a reported file for its code frame: only files that have findings, read-only.
    try:
        raw = (root / rel).read_bytes()
    except OSError:
        return None
    text = raw.decode("utf-8", errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


@cli.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def rules_cmd(fmt: str) -> None:
    """List every rule."""
    import json

    from zotlint.registry import load_rules

    rules = load_rules()
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "name": r.meta.name,
                        "severity": r.meta.severity.label,
                        "summary": r.meta.summary,
                        "since": r.meta.since,
                        "pack": r.meta.pack,
                        "tags": list(r.meta.tags),
                        "aliases": list(r.meta.aliases),
                        "options": _options_schema(r),
                    }
                    for r in rules
                ],
                indent=2,
            )
        )
        return
    width = max(len(r.meta.name) for r in rules)
    for r in rules:
        click.echo(f"{r.id}  {r.meta.name:<{width}}  {r.meta.severity.label:<7}  {r.meta.summary}")


def _options_schema(rule: object) -> dict[str, object]:
    model = rule.meta.options  # type: ignore[attr-defined]
    return {
        name: {"type": str(f.annotation).replace("typing.", ""), "default": f.default}
        for name, f in model.model_fields.items()
    }


@cli.command("rule")
@click.argument("rule_id")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
def rule_cmd(rule_id: str, fmt: str) -> None:
    """Show the documentation of one rule (by ID or name)."""
    import json

    from zotlint.docs import render_rule
    from zotlint.registry import load_rules

    wanted = rule_id.strip()
    for r in load_rules():
        if wanted.upper() == r.id or wanted == r.meta.name or wanted in r.meta.aliases:
            if fmt == "json":
                click.echo(
                    json.dumps(
                        {
                            "id": r.id,
                            "name": r.meta.name,
                            "severity": r.meta.severity.label,
                            "summary": r.meta.summary,
                            "doc": r.meta.doc,
                            "options": _options_schema(r),
                        },
                        indent=2,
                        default=str,
                    )
                )
            else:
                click.echo(render_rule(r))
            return
    _fail(f"unknown rule: {rule_id}")


def main() -> None:
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
