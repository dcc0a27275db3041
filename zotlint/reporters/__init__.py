"""Output formats. Each reporter is a pure function of the run result and returns text."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zotlint.engine import RunResult

FORMATS = ("text", "concise", "json", "sarif", "github", "junit")


def shown_paths(result: RunResult, base: str | None = None) -> dict[str, str]:
    """Every reported file (root-relative, POSIX) as ruff prints paths: relative to ``base``
    (default: the current directory) when it is inside it (`zot/values.yaml` from `deploy/`),
    else absolute. Either way a terminal or an editor's quickfix list opens it."""
    import os
    from pathlib import Path

    here = Path(os.path.abspath(base or os.getcwd()))
    findings = result.findings
    # Related locations are rare: a tuple per finding for them cost more than the set itself.
    files = {f.location.file for f in findings}
    for f in findings:
        if f.related:
            files.update(r.location.file for r in f.related)
    out = {}
    for rel in files:
        full = Path(os.path.abspath(result.root / rel))
        try:
            out[rel] = full.relative_to(here).as_posix()
        except ValueError:
            out[rel] = str(full)
    return out


def render(fmt: str, result: RunResult, **opts: object) -> str:
    from zotlint.runtime import gc_frozen_as_loaded

    # What the run left behind (its findings, and the loaded project's reference cycles, which
    # only a full collection frees) is kept out of the collector's way while the report is
    # made: on 16,000 Secrets the one full collection a SARIF report set off cost 0.4 s.
    return gc_frozen_as_loaded(_render)(fmt, result, **opts)


def _render(fmt: str, result: RunResult, **opts: object) -> str:
    out = _reporter(fmt)(result, **opts)
    # The last line of defence: whatever a rule or message did, no detected secret leaves.
    return result.scrubber.scrub(out)


def _reporter(fmt: str) -> Callable[..., str]:
    # Only the reporter asked for is imported: the SARIF one pulls in sarif_om and attrs, a
    # tenth of a second that most runs do not need.
    if fmt in ("text", "concise"):
        from zotlint.reporters import text

        if fmt == "concise":
            return lambda result, **opts: text.render(result, **{**opts, "concise": True})
        return text.render
    if fmt == "json":
        from zotlint.reporters import jsonfmt

        return jsonfmt.render
    if fmt == "sarif":
        from zotlint.reporters import sarif

        return sarif.render
    if fmt == "github":
        from zotlint.reporters import github

        return github.render
    if fmt == "junit":
        from zotlint.reporters import junit

        return junit.render
    raise KeyError(fmt)
