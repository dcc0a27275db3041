"""`zotlint rules` (the catalogue and the repository's custom policies) and `zotlint rule ID`
(one rule's documentation)."""

from __future__ import annotations

from typing import Any

import click

from zotlint.cliutil import all_rules, fail, printable, printable_block, rule_json


def _rules() -> tuple[Any, ...]:
    from zotlint.config import ConfigError

    try:
        return all_rules()
    except ConfigError as exc:
        fail(str(exc))


@click.command("rules")
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
        # A custom policy's name and message come from the repository: one terminal line each.
        name, summary = printable(r.meta.name), printable(r.meta.summary)
        click.echo(f"{r.id}  {name:<{width}}  {r.meta.severity.label:<7}  {summary}")


@click.command("rule")
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
                click.echo(printable_block(render_rule(r) + "\n"), nl=False)
                if r.meta.pack != "policies":
                    click.echo(f"Documentation: {doc_url(r.id)}")
            return
    from zotlint.registry import unknown_selector

    fail(f"rule: {unknown_selector(_rules(), rule_id) or f'unknown rule {rule_id!r}'}")
