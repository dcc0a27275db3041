"""One zotlint run, the way `zotlint check` and the GitHub Action (`zotlint.ghaction`) both make
it, so the two front ends cannot drift apart:

1. `configure`: find the root and the configuration (the repository's own, or the one the user
   named), record what that file switches off (zotlint.footprint), check and apply the
   command line's `select` / `ignore` / `fail-on`;
2. `check`: run the engine (or `check --fix`'s runner) over the paths; a configuration error
   found there names the configuration file;
3. the front end narrows the findings to a change if asked (`--diff`, `--diff-base`,
   `only-changed`) and renders its formats, re-reading reported files only through
   `reported_texts` (files the walk found, the same inode, capped);
4. `exit_code`: 2 for internal errors, 1 when a finding reaches `fail-on`, else 0.

Every expected failure (configuration, catalogue, a missing path) leaves as `RunError`, one
line, for the front end to print its own way (exit 2). Heavy modules are imported inside the
functions: importing this module costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from zotlint.cliutil import shown_path
from zotlint.records import dataclass

if TYPE_CHECKING:
    from zotlint.config import Settings
    from zotlint.engine import RunResult
    from zotlint.footprint import Footprint

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

# check --fix's runner (zotlint.fix.runner via the CLI): scan, settings, root, jobs -> result.
Runner = Callable[[list[Path], "Settings", Path, "int | None"], "RunResult"]


class RunError(Exception):
    """A usage or configuration error, as the one line to show (exit 2)."""


@dataclass
class Setup:
    """What a run is configured with, before any file is read."""

    root: Path
    config_file: Path | None  # the file the settings came from (None: defaults)
    settings: Settings
    footprint: Footprint | None  # what the configuration file switched off


def _expected() -> tuple[type[Exception], ...]:
    from zotlint.config import ConfigError
    from zotlint.registry import CatalogueError

    return (ConfigError, CatalogueError, FileNotFoundError)


def _message(exc: Exception, config_file: Path | None) -> str:
    msg = str(exc)
    if config_file is not None:  # the configuration file as the user would type its path
        msg = msg.replace(str(config_file), shown_path(config_file))
    return msg


def configure(
    targets: Sequence[Path],
    *,
    config_path: Path | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_on: str | None = None,
    flags: tuple[str, str] = ("--select", "--ignore"),
) -> Setup:
    """Root, settings and footprint for `targets`. `config_path` is read as given (the user
    named it); otherwise the root's `.zotlint.yaml` / `pyproject.toml`, read as repository
    input. An unknown rule in `select`/`ignore` is an error named after `flags`."""
    from zotlint.config import find_config, load_settings
    from zotlint.files import find_root
    from zotlint.footprint import of_config

    config_file: Path | None = config_path
    try:
        root = find_root(list(targets))
        if config_path is not None:
            settings = load_settings(config_path)
        else:
            config_file = find_config(root)
            settings = load_settings(config_file, from_repo=True)
        # Before the command line's own options: what the file switched off.
        footprint = of_config(config_file, root, settings)
        _check_flags(root, settings, list(targets), select, ignore, flags)
    except _expected() as exc:
        raise RunError(_message(exc, config_file)) from None
    if select:
        settings.select = list(select)
    if ignore:
        settings.ignore = [*settings.ignore, *ignore]
    if fail_on and fail_on != "never":
        settings.fail_on = fail_on  # type: ignore[assignment]
    return Setup(root, config_file, settings, footprint)


def _check_flags(
    root: Path,
    settings: Settings,
    targets: list[Path],
    select: Sequence[str],
    ignore: Sequence[str],
    flags: tuple[str, str],
) -> None:
    """An unknown rule in the command line's lists is a usage error named after the flag (the
    configuration's own lists are checked by the engine)."""
    if not select and not ignore:
        return
    from zotlint.registry import check_selectors, load_rules, with_policies

    known = with_policies(load_rules(), root.resolve(), settings, targets)
    check_selectors(known, "", **{flags[0]: list(select), flags[1]: list(ignore)})


def check(
    setup: Setup, scan: Sequence[Path], *, jobs: int | None = None, runner: Runner | None = None
) -> RunResult:
    """Run the rules over `scan` (a path below the root: the whole tree is loaded, findings
    kept under the path). `runner` replaces the plain engine run (`check --fix`)."""
    from zotlint.config import ConfigError
    from zotlint.engine import run

    try:
        try:
            if runner is not None:
                result = runner(list(scan), setup.settings, setup.root, jobs)
            else:
                result = run(list(scan), setup.settings, root=setup.root, jobs=jobs)
        except ConfigError as exc:
            # The engine checks the configuration's rule lists and options: name the file.
            cfg = setup.config_file
            if cfg is None or str(exc).startswith(str(cfg)):
                raise
            raise ConfigError(f"{shown_path(cfg)}: {exc}") from None
    except _expected() as exc:
        raise RunError(_message(exc, setup.config_file)) from None
    result.footprint = setup.footprint
    return result


def reported_texts(
    result: RunResult,
    *,
    include_suppressed: bool = False,
    overlay: dict[str, bytes] | None = None,
) -> dict[str, bytes]:
    """The bytes of each file a visible finding points at, for code frames and line hashes.

    Only files the walk found are read again, through `zotlint.safeio.read_again`: the same
    (st_dev, st_ino) the walk saw, no symlink followed, a regular file, at most
    `max-file-size` bytes. A finding on a skipped path (a symlink to /dev/zero or
    /proc/self/environ, a FIFO), or a file swapped after the walk, gets no text. `overlay`:
    contents the run linted instead of the disk (`check --fix`: the fixed bytes)."""
    from zotlint.safeio import read_again

    limit = result.settings.limits.max_file_size
    out: dict[str, bytes] = {}
    for rel in sorted({f.location.file for f in result.visible(include_suppressed)}):
        if overlay is not None and rel in overlay:
            out[rel] = overlay[rel]
            continue
        walked = result.walked.get(rel)
        if walked is None:
            continue
        raw = read_again(walked.path, walked.identity, limit)
        if raw is not None:
            out[rel] = raw
    return out


def exit_code(result: RunResult, fail_on: str | None, *, exit_zero: bool = False) -> int:
    """2 when a rule or the run failed, 0 when told never to fail, else 1 when a visible
    finding reaches the configured `fail-on` severity."""
    from zotlint.findings import Severity

    if result.errors:
        return EXIT_ERROR
    if exit_zero or fail_on == "never":
        return EXIT_OK
    threshold = Severity.parse(result.settings.fail_on)
    failing = any(f.severity >= threshold for f in result.visible())
    return EXIT_FINDINGS if failing else EXIT_OK
