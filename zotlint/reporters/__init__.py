"""Output formats. Each reporter is a pure function of the run result and returns text."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zotlint.engine import RunResult

FORMATS = ("text", "json", "sarif", "github", "junit")


def render(fmt: str, result: RunResult, **opts: object) -> str:
    out = _reporter(fmt)(result, **opts)
    # The last line of defence: whatever a rule or message did, no detected secret leaves.
    return result.scrubber.scrub(out)


def _reporter(fmt: str) -> Callable[..., str]:
    # Only the reporter asked for is imported: the SARIF one pulls in sarif_om and attrs, a
    # tenth of a second that most runs do not need.
    if fmt == "text":
        from zotlint.reporters import text

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
