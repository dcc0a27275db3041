"""SARIF results are built as plain dicts (zotlint.reporters.sarif.result), not through
sarif-om's object tree, which took 2.2 s for 16,000 findings. The text must stay the one the
object model gave: the builder that used it is kept here as the reference, and both must agree
on every field a finding can set (fix, related locations, suppressions, line hash, prefix,
an unknown rule)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sarif_om as om
from conftest import load_schema
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema.validators import validator_for
from samples import findings_of_few_kinds

from zotlint.escape import json_document
from zotlint.findings import Finding, Location, Related, Severity
from zotlint.fix.edits import ByteEdit, ResolvedFix
from zotlint.jsontext import Encoded
from zotlint.reporters.sarif import _LEVEL, _results_text, result, to_plain
from zotlint.reporters.sarif import build as build_sarif


def _om_physical(loc: Location, prefix: str) -> om.PhysicalLocation:
    from urllib.parse import quote

    return om.PhysicalLocation(
        artifact_location=om.ArtifactLocation(
            uri=quote(prefix + loc.file, errors="surrogateescape"), uri_base_id="%SRCROOT%"
        ),
        region=om.Region(
            start_line=loc.start_line,
            start_column=loc.start_col,
            end_line=loc.end_line,
            end_column=max(loc.end_col, loc.start_col),
        ),
    )


def _om_result(
    f: Finding, rule_index: int, with_suppressions: bool, line_hash: str | None, prefix: str
) -> Any:
    """The builder before the change (sarif-om objects, then to_plain), kept as the reference."""
    from urllib.parse import quote

    related = [
        om.Location(
            id=i + 1,
            physical_location=_om_physical(r.location, prefix),
            message=om.Message(text=r.message),
        )
        for i, r in enumerate(f.related)
    ]
    fingerprints = {"zotlint/v1": f.fingerprint}
    if line_hash:
        fingerprints["primaryLocationLineHash"] = line_hash
    res = om.Result(
        rule_id=f.rule_id,
        rule_index=rule_index,
        level=_LEVEL[f.severity],
        kind="fail",
        message=om.Message(text=f.message),
        locations=[om.Location(physical_location=_om_physical(f.location, prefix))],
        related_locations=related or None,
        partial_fingerprints=fingerprints,
    )
    if f.fix is not None:
        fx = f.fix
        by_file: dict[str, list[om.Replacement]] = {}
        for e in fx.edits:
            by_file.setdefault(e.file, []).append(
                om.Replacement(
                    deleted_region=om.Region(byte_offset=e.start, byte_length=e.end - e.start),
                    inserted_content=om.ArtifactContent(text=e.text) if e.text else None,
                )
            )
        res.fixes = [
            om.Fix(
                description=om.Message(text=f"{fx.title} ({fx.safety} fix)"),
                artifact_changes=[
                    om.ArtifactChange(
                        artifact_location=om.ArtifactLocation(
                            uri=quote(prefix + rel), uri_base_id="%SRCROOT%"
                        ),
                        replacements=reps,
                    )
                    for rel, reps in sorted(by_file.items())
                ],
            )
        ]
    if with_suppressions:
        kind = "external" if f.suppression_reason.startswith("per-file-ignores") else "inSource"
        res.suppressions = (
            [
                om.Suppression(
                    kind=kind, state="accepted", justification=f.suppression_reason or None
                )
            ]
            if f.suppressed
            else []
        )
    return to_plain(res)


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_names = st.sampled_from(["a.yaml", "dir/b c.yaml", "x#y/ü.json", "a.yaml"])
_positions = st.integers(1, 10_000)


@st.composite
def _locations(draw: Any) -> Location:
    sl, sc = draw(_positions), draw(_positions)
    return Location(draw(_names), sl, sc, sl + draw(st.integers(0, 3)), draw(_positions))


@st.composite
def _fixes(draw: Any) -> ResolvedFix | None:
    if not draw(st.booleans()):
        return None
    edits = tuple(
        ByteEdit(draw(_names), start, start + draw(st.integers(0, 40)), draw(_text))
        for start in draw(st.lists(st.integers(0, 5_000), min_size=1, max_size=4))
    )
    return ResolvedFix(draw(_text), draw(st.sampled_from(["safe", "unsafe"])), edits, ())


@st.composite
def _findings(draw: Any) -> Finding:
    related = tuple(
        Related(draw(_locations()), draw(_text)) for _ in range(draw(st.integers(0, 3)))
    )
    suppressed = draw(st.booleans())
    reason = draw(st.sampled_from(["", "noqa", "per-file-ignores: *.yaml"])) if suppressed else ""
    return Finding(
        rule_id=draw(st.sampled_from(["ZOT101", "ZOT303"])),
        rule_name="some-rule",
        severity=draw(st.sampled_from(list(Severity))),
        message=draw(_text),
        location=draw(_locations()),
        related=related,
        fingerprint=draw(st.text("0123456789abcdef", min_size=1, max_size=32)),
        suppressed=suppressed,
        suppression_reason=reason,
        fix=draw(_fixes()),
    )


@settings(max_examples=300, deadline=None)
@given(
    f=_findings(),
    rule_index=st.sampled_from([-1, 0, 3]),
    with_suppressions=st.booleans(),
    line_hash=st.sampled_from([None, "", "8a3f0c2e1b9d7a65:1"]),
    prefix=st.sampled_from(["", "sub/dir/"]),
)
def test_plain_dict_result_is_the_object_models(
    f: Finding, rule_index: int, with_suppressions: bool, line_hash: str | None, prefix: str
) -> None:
    direct = result(f, rule_index, with_suppressions, line_hash, prefix)
    reference = _om_result(f, rule_index, with_suppressions, line_hash, prefix)
    # The same text, key order included (the report is compared byte for byte elsewhere).
    assert json_document(direct) == json_document(reference)
    # And the format strings write that text, inside a run as in the log.
    rows = [(f, rule_index, with_suppressions, line_hash, prefix)] * 2
    written = Encoded(lambda nl: _results_text(rows, nl), lambda: [result(*r) for r in rows])
    assert json_document({"runs": [{"results": written}]}) == json_document(
        {"runs": [{"results": [reference, reference]}]}
    )


@pytest.fixture(scope="module")
def oasis() -> Any:
    schema = load_schema("sarif-schema-2.1.0.json")
    cls = validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_a_run_with_every_field_validates(tmp_path: Path, oasis: Any) -> None:
    from zotlint.engine import RunResult
    from zotlint.rule import Rule, RuleMeta

    meta = RuleMeta(
        id="ZOT999",
        name="synthetic",
        severity=Severity.WARNING,
        summary="A synthetic rule.",
        scope=("document",),
        since="0.1.0",
        doc="## What it does\nChecks nothing.\n",
        source_file="test/ZOT999.py",
    )
    loc = Location("a b.yaml", 3, 2, 4, 7)
    fix = ResolvedFix("drop it", "safe", (ByteEdit("a b.yaml", 0, 4, ""),), ())
    f = Finding(
        "ZOT999",
        "synthetic",
        Severity.ERROR,
        "m",
        loc,
        related=(Related(Location("c.yaml", 1, 1, 1, 2), "other end"),),
        fingerprint="fp",
        suppressed=True,
        suppression_reason="noqa",
        fix=fix,
    )
    log = build_sarif(
        RunResult(tmp_path, [f], [Rule(meta, None)], ["a b.yaml"]), include_suppressed=True
    )
    errors = list(oasis.iter_errors(json.loads(json_document(log))))
    assert not errors, errors[:3]
    (res,) = log["runs"][0]["results"]
    assert res["fixes"][0]["artifactChanges"][0]["replacements"] == [
        {"deletedRegion": {"byteLength": 4, "byteOffset": 0}}
    ]
    assert res["suppressions"] == [
        {"kind": "inSource", "justification": "noqa", "status": "accepted"}
    ]


def test_results_of_one_kind_share_a_template_and_keep_their_own_values() -> None:
    # Many findings of one rule in one file (16,000 committed Secrets): the text between their
    # values is made once; each result must still be the plain dict's own text.
    findings = findings_of_few_kinds()
    rows = [
        (f, i % 2, True, f"{i:016x}:1" if i % 3 else None, "sub/") for i, f in enumerate(findings)
    ]
    written = Encoded(lambda nl: _results_text(rows, nl), lambda: [result(*r) for r in rows])
    assert json_document({"runs": [{"results": written}]}) == json_document(
        {"runs": [{"results": [result(*r) for r in rows]}]}
    )
