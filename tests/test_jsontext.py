"""zotlint.jsontext.dumps_indented writes what json.dumps(indent=2, ensure_ascii=False) writes,
byte for byte, and leaves what is not plain JSON data to json.dumps (its answer, its error)."""

from __future__ import annotations

import json
from enum import IntEnum

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zotlint.jsontext import dumps_indented

_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
_DOCS = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=30,
)


def _stdlib(doc: object) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False)


@settings(max_examples=400, deadline=None)
@given(_DOCS)
def test_same_text_as_json_dumps(doc: object) -> None:
    assert dumps_indented(doc) == _stdlib(doc)


def _nested(depth: int) -> object:
    doc: object = "deep"
    for i in range(depth):
        doc = [doc] if i % 2 else {"k": doc}
    return doc


class _Level(IntEnum):
    LOW = 1


def test_what_json_dumps_converts_or_spells_its_own_way() -> None:
    for doc in (
        {3: "a", None: [], True: {}, 2.5: 0},  # keys json.dumps converts to strings
        {"x": [float("nan"), float("inf"), -float("inf")]},
        {"level": _Level.LOW, "s": '\u2028\x00\ud800é"\\'},
        _nested(70),  # deeper than _DEPTH
    ):
        assert dumps_indented(doc) == _stdlib(doc)


def test_what_json_dumps_rejects_raises_the_same() -> None:
    with pytest.raises(TypeError):
        dumps_indented({"x": object()})
    with pytest.raises(TypeError):
        dumps_indented({("a",): 1})
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps_indented(loop)


def test_the_json_report_of_the_examples_is_the_standard_librarys_text() -> None:
    from pathlib import Path

    from zotlint.config import Settings
    from zotlint.engine import run
    from zotlint.reporters import render

    root = Path(__file__).resolve().parents[1] / "examples"
    out = render("json", run([root], Settings(), root=root))
    assert json.loads(out)["findings"]  # a report with findings, related locations, fixes
    assert out == _stdlib(json.loads(out)) + "\n"


def test_the_document_escapes_what_a_terminal_would_act_on_in_every_string() -> None:
    from zotlint.escape import json_document
    from zotlint.jsontext import Encoded, json_string

    odd = "a\u2028b\x85c\u202ed\x7fe\udcff—f"
    written = '"a\\u2028b\\u0085c\\u202ed\\u007fe\\udcff—f"'
    assert json_string(odd) == written
    doc = {odd: [odd, Encoded(lambda nl: json_string(odd), lambda: odd)]}
    expected = f"{{\n  {written}: [\n    {written},\n    {written}\n  ]\n}}\n"
    assert json_document(doc) == expected
    # A document json.dumps writes (a NaN in it): its strings are escaped afterwards, the same.
    nan = json_document({odd: float("nan")})
    assert nan == f"{{\n  {written}: NaN\n}}\n"


def test_json_string_escapes_as_its_pattern_for_every_character() -> None:
    # json_string skips RAW's regex for ASCII text and for printable text: every code point,
    # alone and inside printable text, is written as encode_basestring + the pattern write it.
    import re
    from json.encoder import encode_basestring

    from zotlint.jsontext import RAW, json_string, raw_escape

    plain = re.compile(RAW.pattern)
    for code in range(0x110000):
        char = chr(code)
        for text in (char, f"a — {char}~"):
            assert json_string(text) == plain.sub(raw_escape, encode_basestring(text)), hex(code)
