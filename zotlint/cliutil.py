"""Helpers of the command line: how a path or an error is shown, which rules a command lists."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from zotlint.escape import terminal


def printable(text: str) -> str:
    """``text`` escaped for the terminal (zotlint.escape, the one escaper per sink): a hostile
    file name or key must not drive the terminal."""
    return terminal(text)


def shown_path(path: Path) -> str:
    """A path as the user would type it: relative to the current directory when inside it,
    else as given."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else rel


def all_rules() -> tuple[Any, ...]:
    """zotlint's rules and the custom policies of the repository in the current directory."""
    from zotlint.config import find_config, load_settings
    from zotlint.files import find_root
    from zotlint.registry import load_rules, with_policies

    root = find_root([Path(".")]).resolve()
    settings = load_settings(find_config(root))  # ConfigError: the caller reports it
    return with_policies(load_rules(), root, settings, [Path(".")])


def check_flags(
    root: Path, settings: Any, targets: list[Path], select: list[str], ignore: list[str]
) -> None:
    """An unknown rule in `--select`/`--ignore` is a usage error named after the flag (the
    configuration's own lists are checked by the engine)."""
    if not select and not ignore:
        return
    from zotlint.registry import check_selectors, load_rules, with_policies

    known = with_policies(load_rules(), root.resolve(), settings, targets)
    check_selectors(known, "", **{"--select": select, "--ignore": ignore})


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
