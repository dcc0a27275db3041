"""Machine output with a stable, documented schema (see README "JSON output")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zotlint import __version__
from zotlint.escape import json_document
from zotlint.findings import Finding, Location

if TYPE_CHECKING:
    from zotlint.engine import RunResult

SCHEMA_VERSION = 1


def _loc(loc: Location) -> dict[str, Any]:
    return {
        "file": loc.file,
        "start": {"line": loc.start_line, "column": loc.start_col},
        "end": {"line": loc.end_line, "column": loc.end_col},
    }


def finding_dict(f: Finding, paths: dict[str, str] | None = None) -> dict[str, Any]:
    shown = paths or {}
    d: dict[str, Any] = {
        "rule": f.rule_id,
        "name": f.rule_name,
        "severity": f.severity.label,
        "message": f.message,
        **_loc(f.location),
        # `file` is relative to the scanned root (stable, as in SARIF); `path` to the directory
        # zotlint ran in (what a terminal or an editor opens).
        "path": shown.get(f.location.file, f.location.file),
        "related": [
            {
                "message": r.message,
                **_loc(r.location),
                "path": shown.get(r.location.file, r.location.file),
            }
            for r in f.related
        ],
        "fingerprint": f.fingerprint,
    }
    d["fix"] = _fix(f)
    if f.suppressed:
        d["suppressed"] = {"reason": f.suppression_reason}
    return d


def _fix(f: Finding) -> dict[str, Any] | None:
    """The fix on byte offsets of the files as read ([start, end) replaced by text)."""
    if f.fix is None:
        return None
    return {
        "title": f.fix.title,
        "safety": f.fix.safety,
        "edits": [
            {"file": e.file, "start_byte": e.start, "end_byte": e.end, "text": e.text}
            for e in f.fix.edits
        ],
    }


def render(
    result: RunResult,
    *,
    include_suppressed: bool = False,
    paths: dict[str, str] | None = None,
    **_: object,
) -> str:
    findings = result.visible(include_suppressed)
    counts = {"error": 0, "warning": 0, "note": 0}
    for f in findings:
        if not f.suppressed:
            counts[f.severity.label] += 1
    doc = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "zotlint", "version": __version__},
        "findings": [finding_dict(f, paths) for f in findings],
        "summary": {
            "files": len(result.files),
            **counts,
            "suppressed": sum(1 for f in result.findings if f.suppressed),
            "baselined": getattr(result, "baselined", 0),
            "fixed": getattr(result, "fixed", 0),
            "fixable": sum(1 for f in findings if f.fix is not None and not f.suppressed),
        },
        "errors": list(result.errors),
    }
    return json_document(doc)
