"""The JSON reporter writes its findings with one format string each (jsonfmt._findings_text):
the text must be what the generic encoder writes for the finding dicts, for every field a
finding can set, and for values that are not plain JSON data it must take the generic path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import findings_of_few_kinds

from zotlint.engine import RunResult
from zotlint.escape import json_document
from zotlint.findings import Finding, Location, Related, Severity
from zotlint.fix.edits import ByteEdit, ResolvedFix
from zotlint.jsontext import Encoded, dumps_indented
from zotlint.reporters import jsonfmt

_text = st.text(max_size=10)  # surrogates, controls, quotes, non-ASCII included
_ints = st.integers(0, 10**6)


@st.composite
def _locations(draw: Any) -> Location:
    return Location(draw(_text), draw(_ints), draw(_ints), draw(_ints), draw(_ints))


@st.composite
def _findings(draw: Any) -> Finding:
    suppressed = draw(st.booleans())
    fix = None
    if draw(st.integers(0, 4)) == 0:
        fix = ResolvedFix(draw(_text), "safe", (ByteEdit(draw(_text), 1, 3, draw(_text)),), ())
    related: tuple[Related, ...] = ()
    if draw(st.integers(0, 4)) == 0:
        related = (Related(draw(_locations()), draw(_text)),)
    return Finding(
        rule_id=draw(_text),
        rule_name=draw(_text),
        severity=draw(st.sampled_from(list(Severity))),
        message=draw(_text),
        location=draw(_locations()),
        related=related,
        fingerprint=draw(_text),
        suppressed=suppressed,
        suppression_reason=draw(_text) if suppressed else "",
        fix=fix,
    )


def _generic(findings: list[Finding], paths: dict[str, str] | None) -> str:
    return json_document(
        {"findings": [jsonfmt.finding_dict(f, paths) for f in findings], "after": [1, {"a": None}]}
    )


def _fast(findings: list[Finding], paths: dict[str, str] | None) -> str:
    shown = paths or {}
    return json_document(
        {
            "findings": Encoded(
                lambda nl: jsonfmt._findings_text(findings, shown, nl),
                lambda: [jsonfmt.finding_dict(f, paths) for f in findings],
            ),
            "after": [1, {"a": None}],
        }
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(_findings(), max_size=5), st.booleans())
def test_findings_text_is_the_generic_encoders(findings: list[Finding], with_paths: bool) -> None:
    paths = {f.location.file: f"shown/{f.location.file}" for f in findings} if with_paths else None
    assert _fast(findings, paths) == _generic(findings, paths)


def test_a_finding_that_is_not_plain_data_takes_the_generic_path() -> None:
    # A float position (no engine makes one) is written as json.dumps writes it, not as `%d`.
    odd = Finding("ZOT1", "n", Severity.NOTE, "m", Location("a", 1.5, 2, 3, 4), fingerprint="x")  # type: ignore[arg-type]
    assert _fast([odd], None) == _generic([odd], None)
    assert '"line": 1.5' in _fast([odd], None)


def test_a_document_the_generic_encoder_hands_to_json_dumps_still_gets_the_findings() -> None:
    f = Finding("ZOT1", "n", Severity.NOTE, "m", Location("a", 1, 2, 3, 4), fingerprint="x")
    doc = {
        "findings": Encoded(lambda nl: "NOT USED", lambda: [jsonfmt.finding_dict(f)]),
        "odd": {3: float("nan")},  # json.dumps's own spelling: the whole document goes there
    }
    text = dumps_indented(doc)
    assert text == json.dumps(
        {"findings": [jsonfmt.finding_dict(f)], "odd": {3: float("nan")}},
        indent=2,
        ensure_ascii=False,
    )
    with pytest.raises(TypeError, match="Object of type object is not JSON serializable"):
        dumps_indented({"x": object(), 3: 1})


def test_the_report_of_a_run_parses_and_keeps_every_finding(tmp_path: Path) -> None:
    findings = [
        Finding(
            "ZOT303",
            "n",
            Severity.ERROR,
            f"m{i}",
            Location("s.yaml", i, 1, i, 9),
            fingerprint=f"{i}",
        )
        for i in range(1, 4)
    ]
    findings[1].suppressed = True
    findings[1].suppression_reason = "noqa"
    res = RunResult(tmp_path, findings, [], ["s.yaml"])
    out = json.loads(jsonfmt.render(res, include_suppressed=True))
    assert [f["message"] for f in out["findings"]] == ["m1", "m2", "m3"]
    assert out["findings"][1]["suppressed"] == {"reason": "noqa"}
    assert out["summary"]["suppressed"] == 1 and out["summary"]["error"] == 2


def test_findings_of_one_kind_share_a_template_and_keep_their_own_values() -> None:
    findings = findings_of_few_kinds()
    paths = {"c.yaml": "x/c.yaml"}
    assert _fast(findings, paths) == _generic(findings, paths)
