"""`zotlint graph`: per deployment, the chain from each file zot reads to the Secret behind it
(zotlint.model.graph draws it as text, Mermaid or JSON)."""

from __future__ import annotations

from pathlib import Path

import click

from zotlint.cliutil import (
    CONFIG_HELP,
    fail,
    file_option,
    output_option,
    start_up_done,
    write_report,
)
from zotlint.pipeline import RunError


@click.command("graph")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "mermaid", "json"]),
    default="text",
    show_default=True,
    help="Output format (Mermaid renders on GitHub).",
)
@output_option(help="Write the graph to FILE instead of standard output (-: standard output).")
@file_option("--config", "config_path", help=CONFIG_HELP)
def graph_cmd(
    paths: tuple[Path, ...], fmt: str, output: Path | None, config_path: Path | None
) -> None:
    """Show, per deployment, the chain from each file zot reads to the Secret behind it:
    provider → path → mount → volume → Secret → ExternalSecret → remote key / SecretStore →
    service account → IAM role → policies, each link found, missing or broken."""
    from zotlint.engine import load_project
    from zotlint.model.graph import render as render_graph
    from zotlint.pipeline import configure
    from zotlint.scope import load_paths

    targets = list(paths) or [Path(".")]
    for p in targets:
        if not p.exists() and not p.is_symlink():
            fail(f"{p}: path does not exist")
    try:
        setup = configure(targets, config_path=config_path)
        start_up_done()
        # Like `check`: a sub-path loads its repository and shows the chains under it.
        load, scope = load_paths(targets, setup.root)
        loaded = load_project(load, setup.settings, root=setup.root)
    except (RunError, FileNotFoundError) as exc:
        fail(str(exc))
    text = render_graph(loaded.facts.model, fmt, project=loaded.project, scope=scope)
    if output is not None:
        write_report(output, text)
    else:
        click.echo(text, nl=False)
