"""Command line: `zotlint check`, `zotlint rules`, `zotlint rule ID`, `zotlint graph`,
`zotlint --version`. One module per command; `zotlint.cliutil` holds what they share and
`zotlint.pipeline` the run `check` shares with the GitHub Action.

Heavy modules are imported inside the commands so `zotlint --version` stays instant.
"""

from __future__ import annotations

import click

from zotlint import __version__
from zotlint.cli.check import check
from zotlint.cli.graph import graph_cmd
from zotlint.cli.rules import rule_cmd, rules_cmd
from zotlint.cliutil import guarded_main

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "--version", "-V", prog_name="zotlint", message="%(prog)s %(version)s"
)
def cli() -> None:
    """Static checks for Zot registry deployments: Helm values, the embedded config.json,
    ExternalSecrets, ArgoCD Applications and Keycloak clients."""


for _command in (check, graph_cmd, rules_cmd, rule_cmd):
    cli.add_command(_command)


def _internal(name: str) -> None:
    click.echo(f"zotlint: internal error: {name}", err=True)


def main() -> None:
    """The `zotlint` program: exit 2 with one line on a usage or internal error."""
    guarded_main(cli, usage=lambda exc: exc.show(), internal=_internal)
