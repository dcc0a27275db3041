"""Output formats. Each reporter is a pure function of the run result and returns text."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zotlint.engine import RunResult

FORMATS = ("text", "json", "sarif", "github", "junit")


def render(fmt: str, result: RunResult, **opts: object) -> str:
    from zotlint.reporters import github, jsonfmt, junit, sarif, text

    table: dict[str, Callable[..., str]] = {
        "text": text.render,
        "json": jsonfmt.render,
        "sarif": sarif.render,
        "github": github.render,
        "junit": junit.render,
    }
    out = table[fmt](result, **opts)
    # The last line of defence: whatever a rule or message did, no detected secret leaves.
    return result.scrubber.scrub(out)
