"""SARIF 2.1.0: the run and rule descriptors on sarif-om's object model, with our own
serializer; results as plain dicts of the same shape.

sarif-om's usual serializer drops attributes equal to their schema default (so an explicit
``level: "warning"`` disappears and the rule's default level applies instead) and names the
suppression field ``state`` where the final schema says ``status``. We walk the attrs objects
ourselves: emit every attribute that was set, rename ``state`` to ``status``, and keep a fixed
field order so the output is byte-for-byte deterministic. Results, one per finding, skip the
object tree (`result` builds the dicts `to_plain` would make) and are written out by format
strings (`_result_text`): for 16,000 findings the tree, its walk and the generic encoder took
most of the report's time.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import attr
import sarif_om as om

from zotlint import __version__
from zotlint.docs import DOCS_URL, render_rule
from zotlint.escape import json_document
from zotlint.findings import Finding, Location, Severity
from zotlint.jsontext import Encoded, json_string, value_text
from zotlint.linehash import line_hashes

if TYPE_CHECKING:
    from zotlint.engine import RunResult
    from zotlint.rule import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/zotlint/zotlint"
# The rule's generated page (docs/rules/ZOTnnn.md) at the released tag. Placeholders: {id}
# {name} {path} (rules/-relative source file) {version}.
DEFAULT_HELP_URI = DOCS_URL
MAX_RESULTS = 25_000
MAX_TAGS = 20
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}
# Attributes whose schema default must still be written when we set them explicitly.
_ALWAYS = {"level", "kind"}
_RENAME = {(om.Suppression, "state"): "status"}


def to_plain(obj: Any) -> Any:
    """attrs object tree -> JSON-ready dicts (camelCase names, explicit values kept)."""
    if attr.has(type(obj)):
        out: dict[str, Any] = {}
        for f in attr.fields(type(obj)):
            value = getattr(obj, f.name)
            if value is None:
                continue
            default = f.default.factory() if isinstance(f.default, attr.Factory) else f.default
            explicit = f.name in _ALWAYS or f.name == "results"
            if not explicit and default is not attr.NOTHING and value == default:
                continue
            name = _RENAME.get((type(obj), f.name), f.metadata.get("schema_property_name", f.name))
            out[name] = to_plain(value)
        return out
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    return obj


def _first_paragraph(doc: str, heading: str = "## What it does") -> str:
    part = doc.split(heading, 1)[1] if heading in doc else doc
    para = part.strip().split("\n\n", 1)[0]
    para = re.sub(r"\s+", " ", para).strip()
    return para[:1024]


def _plain_text(md: str) -> str:
    """Markdown -> plain text for `help.text`: code blocks indented by four spaces without their
    fences (no stray `yaml` line), headings as plain lines, no backticks or emphasis marks."""
    out: list[str] = []
    in_code = False
    for line in md.splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            out.append(f"    {line}" if line else "")
        elif line.startswith("#"):
            out.append(line.lstrip("#").strip())
        else:
            out.append(re.sub(r"[`*]", "", line))
    return "\n".join(out).strip()


def _help_uri(rule: Rule, template: str | None) -> str | None:
    if not template or rule.meta.pack == "policies":
        return None  # a team's own policy has no published page
    meta = rule.meta
    if "{" not in template:  # a plain base URL: one page per rule id
        return f"{template.rstrip('/')}/{meta.id}.md"
    path = meta.source_file.replace("\\", "/")
    return template.format(id=meta.id, name=meta.name, path=quote(path), version=__version__)


def descriptor(rule: Rule, help_base: str | None) -> om.ReportingDescriptor:
    meta = rule.meta
    tags = list(meta.tags)
    if meta.security_severity is not None and "security" not in tags:
        # GitHub reads security-severity only from rules tagged "security".
        tags.insert(0, "security")
    props: dict[str, Any] = {"tags": tags[:MAX_TAGS], "precision": meta.precision}
    if meta.security_severity is not None:
        props["security-severity"] = f"{meta.security_severity:.1f}"
    md = render_rule(rule).strip()
    return om.ReportingDescriptor(
        id=meta.id,
        name=meta.name,
        short_description=om.MultiformatMessageString(text=meta.summary[:1024]),
        full_description=om.MultiformatMessageString(
            text=_first_paragraph(meta.doc) or meta.summary
        ),
        help=om.MultiformatMessageString(text=_plain_text(md)[:100_000], markdown=md),
        help_uri=_help_uri(rule, help_base),
        default_configuration=om.ReportingConfiguration(level=_LEVEL[meta.severity]),
        properties=props,
    )


def _physical(loc: Location, prefix: str = "") -> dict[str, Any]:
    # Repo-relative and percent-encoded: a space or `#` in a file name is not a valid
    # uri-reference, and upload-sarif decodes the URI before it opens the file.
    return {
        "artifactLocation": {
            "uri": quote(prefix + loc.file, errors="surrogateescape"),
            "uriBaseId": "%SRCROOT%",
        },
        "region": {
            "endColumn": max(loc.end_col, loc.start_col),
            "endLine": loc.end_line,
            "startColumn": loc.start_col,
            "startLine": loc.start_line,
        },
    }


# A result is built as the plain dicts that `to_plain` makes of sarif-om's `Result` (same
# keys, same order: the attrs field order, which is alphabetical after `message`; values
# equal to their schema default left out, except `kind` and `level`), without the object
# tree: for 16,000 findings the tree and its walk took 2.2 s of the report's 2.3 s.
# tests/test_sarif_direct.py checks both builders give the same text.


def result(
    f: Finding,
    rule_index: int,
    with_suppressions: bool,
    line_hash: str | None = None,
    prefix: str = "",
) -> dict[str, Any]:
    out: dict[str, Any] = {"message": {"text": f.message}}
    if f.fix is not None:
        out["fixes"] = [_fix(f, prefix)]
    out["kind"] = "fail"
    out["level"] = _LEVEL[f.severity]
    out["locations"] = [{"physicalLocation": _physical(f.location, prefix)}]
    fingerprints = {"zotlint/v1": f.fingerprint}
    if line_hash:
        fingerprints["primaryLocationLineHash"] = line_hash
    out["partialFingerprints"] = fingerprints
    if f.related:
        out["relatedLocations"] = [
            {
                "id": i + 1,
                "message": {"text": r.message},
                "physicalLocation": _physical(r.location, prefix),
            }
            for i, r in enumerate(f.related)
        ]
    out["ruleId"] = f.rule_id
    if rule_index != -1:
        out["ruleIndex"] = rule_index
    if with_suppressions:
        suppressions: list[dict[str, Any]] = []
        if f.suppressed:
            reason = f.suppression_reason
            kind = "external" if reason.startswith("per-file-ignores") else "inSource"
            one: dict[str, Any] = {"kind": kind}
            if reason:
                one["justification"] = reason
            one["status"] = "accepted"
            suppressions.append(one)
        out["suppressions"] = suppressions
    return out


def _fix(f: Finding, prefix: str) -> dict[str, Any]:
    """SARIF 2.1.0 §3.55: the edits as byte-region replacements of the files as read."""
    fx = f.fix
    assert fx is not None
    by_file: dict[str, list[dict[str, Any]]] = {}
    for e in fx.edits:
        replacement: dict[str, Any] = {
            "deletedRegion": {"byteLength": e.end - e.start, "byteOffset": e.start}
        }
        if e.text:
            replacement["insertedContent"] = {"text": e.text}
        by_file.setdefault(e.file, []).append(replacement)
    return {
        "artifactChanges": [
            {
                "artifactLocation": {"uri": quote(prefix + rel), "uriBaseId": "%SRCROOT%"},
                "replacements": reps,
            }
            for rel, reps in sorted(by_file.items())
        ],
        "description": {"text": f"{fx.title} ({fx.safety} fix)"},
    }


def _line_hashes(findings: list[Finding], sources: dict[str, str | None]) -> dict[int, str]:
    from zotlint.redact import masker

    by_file: dict[str, list[int]] = {}
    for i, f in enumerate(findings):
        by_file.setdefault(f.location.file, []).append(i)
    # Hashed with every detected secret masked: a hash of the raw line is a cheap test of
    # guesses of the secret on it (zotlint.redact.masker); the same text hashes the same.
    mask = masker(s for f in findings for s in f.secrets)
    out: dict[int, str] = {}
    for rel, idxs in by_file.items():
        text = sources.get(rel)
        if text is None:
            continue
        text = mask(text)
        lines = [findings[i].location.start_line for i in idxs]
        hashes = line_hashes(text, lines=set(lines))
        for i, line in zip(idxs, lines, strict=True):
            if line in hashes:
                out[i] = hashes[line]
    return out


def build(result_: RunResult, **options: Any) -> dict[str, Any]:
    """The SARIF log as plain data: `log_document`'s, with the same keyword options, its results
    decoded from their written form (for callers that inspect the log rather than write it)."""
    log = log_document(result_, **options)
    run = log["runs"][0]
    run["results"] = run["results"].value()
    return log


def log_document(
    result_: RunResult,
    *,
    include_suppressed: bool = False,
    help_base: str | None = DEFAULT_HELP_URI,
    category: str = "zotlint",
    sources: dict[str, str | None] | None = None,
    path_prefix: str = "",
) -> dict[str, Any]:
    """The SARIF log, its results as one `jsontext.Encoded` (written by format strings), for
    writing it out. `sources` (file text by path, as on disk) adds GitHub's
    `primaryLocationLineHash`; `path_prefix` makes URIs relative to a repository root above
    the scan root."""
    rules = sorted({r.id: r for r in result_.rules}.values(), key=lambda r: r.id)
    # Findings of rules that were not selected cannot occur; engine problems map to their rule.
    index = {r.id: i for i, r in enumerate(rules)}
    findings = result_.visible(include_suppressed)
    total = len(findings)
    findings = sorted(findings, key=lambda f: (-int(f.severity), *f.sort_key()))[:MAX_RESULTS]
    findings.sort(key=Finding.sort_key)
    hashes = _line_hashes(findings, sources) if sources else {}
    run = om.Run(
        tool=om.Tool(
            driver=om.ToolComponent(
                name="zotlint",
                version=__version__,
                semantic_version=__version__,
                information_uri=INFORMATION_URI,
                rules=[descriptor(r, help_base) for r in rules],
            )
        ),
        automation_details=om.RunAutomationDetails(id=f"{category.strip('/') or 'zotlint'}/"),
        original_uri_base_ids={"%SRCROOT%": {"description": {"text": "The scanned root."}}},
        column_kind="unicodeCodePoints",
        results=[],  # filled in below, as plain dicts
    )
    notes = [om.Notification(message=om.Message(text=e), level="error") for e in result_.errors]
    if total > MAX_RESULTS:
        # GitHub rejects a run with more results: say what was left out instead of failing.
        notes.append(
            om.Notification(
                level="warning",
                message=om.Message(
                    text=f"{total - MAX_RESULTS} of {total} results left out: GitHub code "
                    f"scanning accepts at most {MAX_RESULTS} per run (the least severe were "
                    "dropped)"
                ),
            )
        )
    footprint = getattr(result_, "footprint", None)
    config_notes = [
        om.Notification(message=om.Message(text=line), level="note")
        for line in (footprint.lines() if footprint is not None else [])
    ]
    if notes or config_notes:
        run.invocations = [
            om.Invocation(
                execution_successful=not result_.errors,
                tool_execution_notifications=notes or None,
                # What the repository's configuration disabled or lowered, for a reviewer.
                tool_configuration_notifications=config_notes or None,
            )
        ]
    log = to_plain(om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run]))
    rows = [
        (f, index.get(f.rule_id, -1), include_suppressed, hashes.get(i), path_prefix)
        for i, f in enumerate(findings)
    ]
    log["runs"][0]["results"] = Encoded(
        lambda newline: _results_text(rows, newline), lambda: [result(*row) for row in rows]
    )
    return {"$schema": log.pop("$schema"), "version": log.pop("version"), **log}


def render(result_: RunResult, **opts: Any) -> str:
    names = ("include_suppressed", "help_base", "category", "sources", "path_prefix")
    keep = {k: opts[k] for k in names if k in opts and opts[k] is not None}
    return json_document(log_document(result_, **keep))


_Row = tuple[Finding, int, bool, "str | None", str]


def _results_text(rows: list[_Row], newline: str) -> str:
    """``[result(*row) ...]`` as json.dumps(indent=2) writes it on a line starting with
    ``newline``; tests/test_sarif_direct.py holds both to the same text."""
    if not rows:
        return "[]"
    inner = newline + "  "
    # The indentations of the levels inside a result, made once; and per kind of result (its
    # file, rule, level, suppression) the text between the values that differ, made once.
    nl = (inner, *(inner + "  " * k for k in range(1, 6)))
    templates: dict[tuple[object, ...], tuple[str, ...]] = {}
    items = [_result_text(row, nl, templates) for row in rows]
    return f"[{inner}{(',' + inner).join(items)}{newline}]"


# Stand-ins for the values that differ between results of one kind, in the order written: they
# cut a result written with them into its template (no encoded string can hold a NUL).
_SLOTS = tuple(f"\x00{i}\x00" for i in range(7))


def _result_text(
    row: _Row, nl: tuple[str, ...], templates: dict[tuple[object, ...], tuple[str, ...]]
) -> str:
    f, rule_index, with_suppressions, line_hash, prefix = row
    loc = f.location
    message, rule_id, fingerprint, file = f.message, f.rule_id, f.fingerprint, loc.file
    if (
        f.related
        or f.fix is not None
        or type(loc.start_line) is not int
        or type(loc.start_col) is not int
        or type(loc.end_line) is not int
        or type(loc.end_col) is not int
        or type(rule_index) is not int
        or type(message) is not str
        or type(rule_id) is not str
        or type(fingerprint) is not str
        or type(file) is not str
        or not (line_hash is None or type(line_hash) is str)
    ):
        return value_text(result(*row), nl[0])  # the generic encoder
    reason = f.suppression_reason if with_suppressions and f.suppressed else None
    key = (prefix, file, rule_id, rule_index, f.severity, with_suppressions, reason)
    t = templates.get(key)
    if t is None:
        t = templates[key] = tuple(
            _written(f, rule_index, with_suppressions, prefix, nl, *_SLOTS).split("\x00")[::2]
        )
    enc = json_string
    hashed = f',{nl[2]}"primaryLocationLineHash": {enc(line_hash)}' if line_hash else ""
    return (
        f"{t[0]}{enc(message)}{t[1]}{max(loc.end_col, loc.start_col)}{t[2]}{loc.end_line}"
        f"{t[3]}{loc.start_col}{t[4]}{loc.start_line}{t[5]}{enc(fingerprint)}{t[6]}{hashed}{t[7]}"
    )


def _written(
    f: Finding,
    rule_index: int,
    with_suppressions: bool,
    prefix: str,
    nl: tuple[str, ...],
    message: str,
    end_col: str,
    end_line: str,
    start_col: str,
    start_line: str,
    fingerprint: str,
    hashed: str,
) -> str:
    """One result's text, its values given as written (encoded strings, numbers)."""
    i0, i1, i2, i3, i4, i5 = nl
    enc = json_string
    uri = enc(quote(prefix + f.location.file, errors="surrogateescape"))
    index = f',{i1}"ruleIndex": {rule_index}' if rule_index != -1 else ""
    suppressions = ""
    if with_suppressions:
        if f.suppressed:
            reason = f.suppression_reason
            kind = "external" if reason.startswith("per-file-ignores") else "inSource"
            why = f',{i3}"justification": {enc(reason)}' if reason else ""
            suppressions = (
                f',{i1}"suppressions": [{i2}{{{i3}"kind": "{kind}"{why},'
                f'{i3}"status": "accepted"{i2}}}{i1}]'
            )
        else:
            suppressions = f',{i1}"suppressions": []'
    return (
        f'{{{i1}"message": {{{i2}"text": {message}{i1}}},'
        f'{i1}"kind": "fail",{i1}"level": "{_LEVEL[f.severity]}",'
        f'{i1}"locations": [{i2}{{{i3}"physicalLocation": {{'
        f'{i4}"artifactLocation": {{{i5}"uri": {uri},{i5}"uriBaseId": "%SRCROOT%"{i4}}},'
        f'{i4}"region": {{{i5}"endColumn": {end_col},'
        f'{i5}"endLine": {end_line},{i5}"startColumn": {start_col},'
        f'{i5}"startLine": {start_line}{i4}}}{i3}}}{i2}}}{i1}],'
        f'{i1}"partialFingerprints": {{{i2}"zotlint/v1": {fingerprint}{hashed}{i1}}},'
        f'{i1}"ruleId": {enc(f.rule_id)}{index}{suppressions}{i0}}}'
    )
