"""zotlint.source.jsonpos: strict (Go-compatible) JSON with a span for every key and value."""

from __future__ import annotations

import json
import math
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from zotlint.source.jsonpos import (
    JsonEntry,
    JsonParse,
    JsonSyntaxError,
    LimitExceeded,
    parse_json,
)


def _by_path(parsed: JsonParse) -> dict[tuple[str | int, ...], JsonEntry]:
    out = {e.path: e for e in parsed.entries}
    assert len(out) == len(parsed.entries), "one entry per path"
    return out


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for p in path:
        data = data[p]
    return data


# -- spans --------------------------------------------------------------------------------------


def test_spans_of_nested_keys_and_values() -> None:
    text = '{\n  "http": {"port": "5000", "tls": null},\n  "list": [1, -2.5e3, true, {"k": []}]\n}'
    parsed = parse_json(text)
    entries = _by_path(parsed)

    root = entries[()]
    assert (root.key_start, root.key_end) == (-1, -1)
    assert (root.value_start, root.value_end) == (0, len(text))

    http = entries[("http",)]
    assert text[http.key_start : http.key_end] == '"http"'
    assert text[http.value_start : http.value_end] == '{"port": "5000", "tls": null}'

    port = entries[("http", "port")]
    assert port.key_start == text.index('"port"')
    assert port.key_end == port.key_start + len('"port"')
    assert text[port.value_start : port.value_end] == '"5000"'  # quotes included

    assert text[slice(*_span(entries[("http", "tls")]))] == "null"
    assert text[slice(*_span(entries[("list", 1)]))] == "-2.5e3"
    assert text[slice(*_span(entries[("list", 2)]))] == "true"
    assert text[slice(*_span(entries[("list", 3, "k")]))] == "[]"
    item = entries[("list", 0)]
    assert (item.key_start, item.key_end) == (-1, -1)
    assert parsed.data == json.loads(text)


def _span(e: JsonEntry) -> tuple[int, int]:
    return e.value_start, e.value_end


def test_entries_are_in_document_order_parents_first() -> None:
    parsed = parse_json('{"a": {"b": [1, {"c": 2}]}, "d": 3}')
    assert [e.path for e in parsed.entries] == [
        (),
        ("a",),
        ("a", "b"),
        ("a", "b", 0),
        ("a", "b", 1),
        ("a", "b", 1, "c"),
        ("d",),
    ]


def test_offsets_are_characters_not_bytes() -> None:
    text = '{"é😀": "ü", "x": 1}'
    entries = _by_path(parse_json(text))
    x = entries[("x",)]
    assert text[x.key_start : x.key_end] == '"x"'
    assert text[x.value_start] == "1"


def test_scalar_root_and_surrounding_whitespace() -> None:
    parsed = parse_json(' \t\r\n "s" \n')
    assert parsed.data == "s"
    assert (parsed.entries[0].value_start, parsed.entries[0].value_end) == (5, 8)


# -- values -------------------------------------------------------------------------------------


def test_value_types() -> None:
    data = parse_json('[0, -0, 12, 1.0, 1e2, -0.5E-3, true, false, null, ""]').data
    assert data == [0, 0, 12, 1.0, 100.0, -0.0005, True, False, None, ""]
    assert [type(x) for x in data[:6]] == [int, int, int, float, float, float]


def test_string_escapes_and_surrogates() -> None:
    data = parse_json(r'["\"\\\/\b\f\n\r\t", "\u00e9\ud83d\ude00", "\ud800x", "a\u0000b"]').data
    assert data[0] == '"\\/\b\f\n\r\t'
    assert data[1] == "é😀"
    # Go replaces an unpaired surrogate with U+FFFD
    assert data[2] == "\ufffdx"
    assert data[3] == "a\x00b"


def test_big_integers_stay_exact() -> None:
    assert parse_json("123456789012345678901234567890").data == 123456789012345678901234567890


# -- errors -------------------------------------------------------------------------------------

ERRORS = [
    # (text, offset, message fragment)
    ("", 0, "unexpected end of input"),
    ("   ", 3, "unexpected end of input"),
    ("\ufeff{}", 0, "byte order mark"),
    ('{"a": 1,}', 7, "trailing comma"),
    ("[1, 2, ]", 5, "trailing comma"),
    ('{"a": 1 "b": 2}', 8, "expected ',' or '}' after object member"),
    ("[1 2]", 3, "expected ',' or ']' after array element"),
    ('{"a" 1}', 5, "expected ':' after object key"),
    ("{'a': 1}", 1, "double quotes"),
    ("{a: 1}", 1, "expected string as object key"),
    ("{\"a\": 'x'}", 6, 'unexpected character "\'"'),
    ('// comment\n{"a": 1}', 0, "comments are not allowed"),
    ('{"a": 1 /* c */}', 8, "expected ',' or '}'"),
    ('{"a": NaN}', 6, "NaN and Infinity"),
    ("[Infinity]", 1, "NaN and Infinity"),
    ("[-Infinity]", 2, "expected digit after '-'"),
    ('"abc', 0, "unterminated string"),
    ('{"a": "abc}', 6, "unterminated string"),
    ('"ab\\', 0, "unterminated string"),
    ('"a\nb"', 2, "line break inside string"),
    ('"a\tb"', 2, "invalid control character U+0009"),
    ('"a\\qb"', 2, "invalid escape '\\q'"),
    ('"a\\u12x4"', 2, "invalid \\u escape"),
    ("[01]", 2, "leading zeros"),
    ("[-01]", 3, "leading zeros"),
    ("[1.]", 3, "expected digit after decimal point"),
    ("[.5]", 1, "unexpected character '.'"),
    ("[+1]", 1, "unexpected character '+'"),
    ("[1e]", 3, "expected digit in exponent"),
    ("[1e+]", 4, "expected digit in exponent"),
    ("[-]", 2, "expected digit after '-'"),
    ("[1.5.2]", 4, "expected ',' or ']'"),
    ("[\u0663]", 1, "unexpected character"),  # non-ASCII digits are not JSON digits
    ("[1\u0663]", 2, "expected ',' or ']'"),
    ("tru", 3, "expected 'true'"),
    ("[nul]", 4, "expected 'null'"),
    ("fals ", 4, "expected 'false'"),
    ("True", 0, "unexpected character 'T'"),
    ("truex", 4, "after top-level value"),
    ("{} {}", 3, "after top-level value"),
    ('{"a": 1}}', 8, "after top-level value"),
    ("[1,,2]", 3, "unexpected character ','"),
    ("{,}", 1, "expected string as object key"),
    ('{"a":}', 5, "unexpected character '}'"),
    ("{", 1, "unexpected end of input"),
    ('{"a"', 4, "expected ':'"),
    ('{"a":', 5, "unexpected end of input"),
    ('{"a": 1', 7, "unexpected end of input"),
    ("[1", 2, "unexpected end of input"),
    ("[", 1, "unexpected end of input"),
    ("1e400", 0, "out of range"),
    ("[\f1]", 1, "unexpected character U+000C"),  # only space, tab, CR, LF are whitespace
    ("[\u00a01]", 1, "unexpected character U+00A0"),
    ("\x00", 0, "unexpected character U+0000"),
]


@pytest.mark.parametrize(("text", "offset", "fragment"), ERRORS)
def test_syntax_errors_point_at_the_problem(text: str, offset: int, fragment: str) -> None:
    with pytest.raises(JsonSyntaxError) as info:
        parse_json(text)
    assert info.value.offset == offset, info.value.message
    assert fragment in info.value.message
    assert fragment in str(info.value)


def test_error_messages_match_the_documented_style() -> None:
    def msg(text: str) -> str:
        with pytest.raises(JsonSyntaxError) as info:
            parse_json(text)
        return info.value.message

    assert msg('{"a": 1 x') == "expected ',' or '}' after object member"
    assert msg("[1 x") == "expected ',' or ']' after array element"
    assert msg("[1,]") == "trailing comma"
    assert msg('"abc') == "unterminated string"
    assert msg("x") == "unexpected character 'x'"


# -- duplicates ---------------------------------------------------------------------------------


def test_duplicate_keys_keep_the_last_value_and_report_both() -> None:
    text = '{"a": {"x": 1}, "b": 2, "a": {"y": [3]}}'
    parsed = parse_json(text)
    assert parsed.data == {"a": {"y": [3]}, "b": 2}
    # only the surviving occurrence (and its children) is in entries
    assert [e.path for e in parsed.entries] == [(), ("b",), ("a",), ("a", "y"), ("a", "y", 0)]
    ((path, first, second),) = parsed.duplicates
    assert path == ("a",)
    assert (first.key_start, second.key_start) == (1, text.rindex('"a"'))
    assert text[first.value_start : first.value_end] == '{"x": 1}'
    assert second is _by_path(parsed)[("a",)]


def test_repeated_key_three_times_pairs_each_repeat_with_the_first() -> None:
    parsed = parse_json('{"k": 1, "k": 2, "k": 3}')
    assert parsed.data == {"k": 3}
    assert [(f.value_start, s.value_start) for _, f, s in parsed.duplicates] == [(6, 14), (6, 22)]
    assert [e.path for e in parsed.entries] == [(), ("k",)]
    assert parsed.entries[1].value_start == 22


def test_duplicates_are_per_object() -> None:
    parsed = parse_json('[{"a": 1}, {"a": 2}, {"b": {"a": 1, "a": 2}}]')
    assert [d[0] for d in parsed.duplicates] == [(2, "b", "a")]
    assert parsed.data[2] == {"b": {"a": 2}}


def test_duplicate_inside_a_replaced_value_is_still_reported() -> None:
    parsed = parse_json('{"a": {"b": 1, "b": 2}, "a": 3}')
    assert [d[0] for d in parsed.duplicates] == [("a", "b"), ("a",)]
    assert [e.path for e in parsed.entries] == [(), ("a",)]


# -- limits -------------------------------------------------------------------------------------


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_very_deep_nesting_hits_the_depth_limit_quickly(opener: str) -> None:
    text = opener * 100_000
    started = time.perf_counter()
    with pytest.raises(LimitExceeded) as info:
        parse_json(text)
    assert time.perf_counter() - started < 1.0
    assert info.value.limit == "max-depth"
    assert info.value.value == 256
    assert info.value.offset == len(opener) * 256


def test_depth_limit_counts_containers() -> None:
    assert parse_json("[[[1]]]", max_depth=3).data == [[[1]]]
    with pytest.raises(LimitExceeded):
        parse_json("[[[[1]]]]", max_depth=3)
    # deep but within the limit, and far beyond Python's recursion limit
    depth = 5000
    assert parse_json("[" * depth + "]" * depth, max_depth=depth).entries[-1].path == (0,) * (
        depth - 1
    )


def test_node_limit() -> None:
    assert len(parse_json("[1, 2, 3]", max_nodes=4).entries) == 4
    with pytest.raises(LimitExceeded) as info:
        parse_json("[1, 2, 3, 4]", max_nodes=4)
    assert (info.value.limit, info.value.value, info.value.offset) == ("max-nodes", 4, 10)


# -- properties ---------------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=25,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    value=json_values,
    indent=st.sampled_from([None, 0, 2, "\t"]),
    compact=st.booleans(),
    ensure_ascii=st.booleans(),
)
def test_round_trip_matches_json_loads(
    value: Any, indent: int | str | None, compact: bool, ensure_ascii: bool
) -> None:
    separators = (",", ":") if compact else None
    text = json.dumps(value, indent=indent, separators=separators, ensure_ascii=ensure_ascii)
    parsed = parse_json(text)
    assert parsed.data == json.loads(text)
    assert parsed.duplicates == []
    for entry in parsed.entries:
        # every span re-parses to the value found at its path
        piece = text[entry.value_start : entry.value_end]
        assert json.loads(piece) == _at(parsed.data, entry.path)
        if entry.key_start >= 0:
            assert json.loads(text[entry.key_start : entry.key_end]) == entry.path[-1]
        else:
            assert not entry.path or isinstance(entry.path[-1], int)


JSONISH = st.text(alphabet="{}[],:\"\\ \t\n\r0123456789-+.eEtrufalsnNI'/xé\u00a0", max_size=30)


@settings(max_examples=500)
@given(JSONISH)
def test_accepts_exactly_what_strict_json_loads_accepts(text: str) -> None:
    try:
        expected = json.loads(text)
        ok = True
    except (ValueError, RecursionError):
        ok = False
    try:
        got = parse_json(text).data
    except JsonSyntaxError as exc:
        assert 0 <= exc.offset <= len(text)
        # json.loads is laxer only for NaN/Infinity and overflowing numbers
        assert not ok or _has_non_finite(expected)
        return
    assert ok
    assert got == expected


def _has_non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, list):
        return any(_has_non_finite(v) for v in value)
    if isinstance(value, dict):
        return any(_has_non_finite(v) for v in value.values())
    return False


@settings(max_examples=200)
@given(value=json_values, data=st.data())
def test_truncated_documents_fail_inside_the_text(value: Any, data: st.DataObject) -> None:
    text = json.dumps(value, indent=1)
    cut = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    prefix = text[:cut]
    try:
        json.loads(prefix)
    except ValueError:
        pass
    else:
        assume(False)  # e.g. "12" cut from "123" is still valid
    with pytest.raises(JsonSyntaxError) as info:
        parse_json(prefix)
    assert 0 <= info.value.offset <= len(prefix)
