"""Helpers of the command line and the Action: how a path or an error is shown, how a report is
written, the exit-2 guard around a command, which rules a command lists."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from zotlint.escape import terminal

EXIT_ERROR = 2


def file_option(*names: str, help: str) -> Callable[[Any], Any]:
    """A click option naming a file (never a directory), as a Path."""
    return click.option(*names, type=click.Path(dir_okay=False, path_type=Path), help=help)


def output_option(help: str) -> Callable[[Any], Any]:
    """`--output FILE` / `-o FILE`, as a Path; `-` means standard output (None), as in ruff and
    most tools. `./-` still names a file called `-`."""

    def to_path(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Path | None:
        return None if value is None or value == "-" else Path(value)

    return click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, allow_dash=True),
        callback=to_path,
        help=help,
    )


CONFIG_HELP = "Configuration file (default: .zotlint.yaml or [tool.zotlint] at the root)."


def printable(text: str) -> str:
    """``text`` escaped for the terminal (zotlint.escape, the one escaper per sink): a hostile
    file name or key must not drive the terminal."""
    return terminal(text)


def printable_block(text: str) -> str:
    """Several lines of text that quote the repository (a custom policy's documentation), for
    standard output: each line escaped for the terminal, and under GitHub Actions the block
    in a `::stop-commands::` block, so no line of it runs a workflow command."""
    from zotlint.escape import stop_commands

    out = "\n".join(terminal(line) for line in text.split("\n"))
    return stop_commands(out) if os.environ.get("GITHUB_ACTIONS") == "true" else out


def shown_path(path: Path) -> str:
    """A path as the user would type it: relative to the current directory when inside it,
    else as given."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else rel


def fail(msg: str) -> NoReturn:
    """`zotlint: error: <file>[:line]: <key>: <message>`, exit 2: the user's own paths and keys
    as they are; only known credential shapes redacted, control characters escaped."""
    from zotlint.redact import scrub_tokens

    click.echo(f"zotlint: error: {printable(scrub_tokens(msg))}", err=True)
    sys.exit(EXIT_ERROR)


def start_up_done() -> None:
    """End of the command's start-up: `zotlint.__main__` switched the garbage collector off for
    the imports, whose objects live until exit (collecting them found nothing). They go to the
    oldest generation without a pass over them (freeze, then unfreeze: a young collection
    would traverse them all), and collection resumes for the run. Nothing is done when the
    collector is on (zotlint called as a library, the tests)."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.unfreeze()
        gc.enable()


def guarded_main(
    command: click.Command,
    *,
    usage: Callable[[click.ClickException], None],
    internal: Callable[[str], None],
) -> None:
    """Run a click command as a program: exit 2 with one line, never a traceback (an exit code
    of 1 would read as "findings"). `usage` shows a usage error, `internal` names the type of
    an unexpected exception (never its text: it may quote a file). Standard streams write a
    file name that is not UTF-8 with backslashes instead of aborting the run."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        command(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        usage(exc)
        sys.exit(EXIT_ERROR)
    except (click.exceptions.Abort, KeyboardInterrupt):
        sys.exit(EXIT_ERROR)
    except SystemExit:
        raise
    except Exception as exc:  # never a traceback: report and exit 2
        internal(exc.__class__.__name__)
        sys.exit(EXIT_ERROR)


def write_report(output: Path, text: str) -> None:
    """Write a report: never through a symlink or into a FIFO, atomically (without fsync); a
    character device named on purpose (`-o /dev/null`) is written as it is. Exits 2 when it
    cannot."""
    import stat

    from zotlint.safeio import atomic_write, describe

    data = text.encode("utf-8", "backslashreplace")
    try:
        if stat.S_ISCHR(os.lstat(output).st_mode):
            with open(output, "wb") as handle:
                handle.write(data)
            return
    except FileNotFoundError:
        pass
    except OSError as exc:
        fail(f"{output}: cannot write ({describe(exc)})")
    try:
        # A report is regenerable: renamed into place (never half a file, never through a
        # symlink) but not flushed to disk first (the fsync of a 16 MB SARIF report took
        # 0.03-0.3 s of wall time here). Baselines and --fix, which a crash must not lose, are.
        atomic_write(output, data, durable=False)
    except OSError as exc:
        fail(f"{output}: cannot write ({describe(exc)})")


def all_rules() -> tuple[Any, ...]:
    """zotlint's rules and the custom policies of the repository in the current directory."""
    from zotlint.config import find_config, load_settings
    from zotlint.files import find_root
    from zotlint.registry import load_rules, with_policies

    root = find_root([Path(".")]).resolve()
    settings = load_settings(find_config(root))  # ConfigError: the caller reports it
    rules = with_policies(load_rules(), root, settings, [Path(".")])
    start_up_done()
    return rules


def output_options(
    fmt: str, result: Any, no_color: bool, to_stdout: bool, statistics: bool
) -> dict[str, object]:
    """Reporter options that depend on where zotlint runs: paths relative to the current
    directory as ruff prints them (SARIF stays root-relative, code scanning needs it; JSON
    carries both); under GitHub Actions the github format keeps workspace-relative paths,
    which annotations need."""
    import sys

    opts: dict[str, object] = {}
    if fmt in ("text", "concise", "junit", "json") or (
        fmt == "github" and not os.environ.get("GITHUB_WORKSPACE")
    ):
        from zotlint.reporters import shown_paths

        opts["paths"] = shown_paths(result)
    elif fmt == "github":
        from zotlint.reporters.github import workspace_prefix

        opts["path_prefix"] = workspace_prefix(result.root)
    if fmt == "concise":
        tty = to_stdout and sys.stdout.isatty()
        opts.update(
            color=not no_color and tty and not os.environ.get("NO_COLOR"), statistics=statistics
        )
    return opts


def rule_json(rule: Any, doc: bool = False) -> dict[str, object]:
    """A rule for `zotlint rules --format json` (and, with its documentation and page,
    `zotlint rule ID --format json`)."""
    from zotlint.docs import doc_url
    from zotlint.rule import option_fields

    m = rule.meta
    options = {
        f.name: {"type": str(f.type).replace("typing.", ""), "default": f.default}
        for f in option_fields(m.options)
    }
    if doc:
        url = doc_url(rule.id) if m.pack != "policies" else None
        return {
            "id": rule.id,
            "name": m.name,
            "severity": m.severity.label,
            "summary": m.summary,
            "doc": m.doc,
            "options": options,
            "url": url,
        }
    return {
        "id": rule.id,
        "name": m.name,
        "severity": m.severity.label,
        "summary": m.summary,
        "since": m.since,
        "pack": m.pack,
        "tags": list(m.tags),
        "aliases": list(m.aliases),
        "options": options,
    }
