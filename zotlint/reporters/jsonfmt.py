"""Machine output with a stable, documented schema (see README "JSON output")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zotlint import __version__
from zotlint.escape import json_document
from zotlint.findings import Finding, Location
from zotlint.jsontext import Encoded, json_string, value_text

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


def _findings_text(findings: list[Finding], shown: dict[str, str], newline: str) -> str:
    """``[finding_dict(f) ...]`` as json.dumps(indent=2) writes it on a line starting with
    ``newline``: per kind of finding (its rule, file and suppression) the text between the
    values that differ is made once, and each finding fills it in, where the generic encoder
    took a call per value (16,000 findings: 0.75 s for the dicts and their text, now a tenth
    of that). tests/test_jsonfmt_text.py holds both to the same text."""
    if not findings:
        return "[]"
    inner = newline + "  "
    templates: dict[tuple[object, ...], tuple[str, ...]] = {}
    items = [_finding_text(f, shown, inner, templates) for f in findings]
    return f"[{inner}{(',' + inner).join(items)}{newline}]"


# Stand-ins for the values that differ between findings of one kind, in the order written: they
# cut a finding written with them into its template (no encoded string can hold a NUL).
_SLOTS = tuple(f"\x00{i}\x00" for i in range(6))


def _finding_text(
    f: Finding, shown: dict[str, str], nl: str, templates: dict[tuple[object, ...], tuple[str, ...]]
) -> str:
    loc = f.location
    path = shown.get(loc.file, loc.file)
    numbers = (loc.start_line, loc.start_col, loc.end_line, loc.end_col)
    texts = (f.rule_id, f.rule_name, f.severity.label, f.message, loc.file, path, f.fingerprint)
    if (
        f.related
        or f.fix is not None
        or any(type(n) is not int for n in numbers)
        or any(type(t) is not str for t in texts)
    ):
        return value_text(finding_dict(f, shown), nl)  # the generic encoder
    reason = f.suppression_reason if f.suppressed else None
    key = (f.rule_id, f.rule_name, f.severity, loc.file, path, reason)
    t = templates.get(key)
    if t is None:
        t = templates[key] = tuple(_written(f, path, nl, *_SLOTS).split("\x00")[::2])
    return (
        f"{t[0]}{json_string(f.message)}{t[1]}{loc.start_line}{t[2]}{loc.start_col}"
        f"{t[3]}{loc.end_line}{t[4]}{loc.end_col}{t[5]}{json_string(f.fingerprint)}{t[6]}"
    )


def _written(
    f: Finding,
    path: str,
    nl: str,
    message: str,
    start_line: str,
    start_col: str,
    end_line: str,
    end_col: str,
    fingerprint: str,
) -> str:
    """One finding's text, its values given as written (encoded strings, numbers)."""
    enc = json_string
    i1 = nl + "  "
    i2 = i1 + "  "
    suppressed = (
        f',{i1}"suppressed": {{{i2}"reason": {enc(f.suppression_reason)}{i1}}}'
        if f.suppressed
        else ""
    )
    return (
        f'{{{i1}"rule": {enc(f.rule_id)},{i1}"name": {enc(f.rule_name)},'
        f'{i1}"severity": {enc(f.severity.label)},{i1}"message": {message},'
        f'{i1}"file": {enc(f.location.file)},'
        f'{i1}"start": {{{i2}"line": {start_line},{i2}"column": {start_col}{i1}}},'
        f'{i1}"end": {{{i2}"line": {end_line},{i2}"column": {end_col}{i1}}},'
        f'{i1}"path": {enc(path)},{i1}"related": [],{i1}"fingerprint": {fingerprint},'
        f'{i1}"fix": null{suppressed}{nl}}}'
    )


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
        "findings": Encoded(
            lambda newline: _findings_text(findings, paths or {}, newline),
            lambda: [finding_dict(f, paths) for f in findings],
        ),
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
