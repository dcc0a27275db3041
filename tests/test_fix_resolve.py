"""Edits on references -> bytes: each operation in JSON, YAML and configs embedded in YAML
scalars of every style, byte-compared with the expected text."""

from __future__ import annotations

from typing import Any

import pytest

from zotlint.document import Document
from zotlint.fix import (
    Fix,
    append_item,
    delete_line,
    insert_after,
    remove_entry,
    replace,
    replace_value,
)
from zotlint.fix.apply import splice
from zotlint.fix.resolve import resolve
from zotlint.source.loader import load
from zotlint.source.problems import Limits


def _doc(name: str, text: str | bytes, embedded: bool = False) -> tuple[bytes, Document]:
    raw = text.encode() if isinstance(text, str) else text
    lf = load(name, raw, Limits(), force=True)
    docs = [d for d in lf.documents if (d.parent is not None) == embedded]
    assert docs, lf.problems
    return raw, docs[0]


def _apply(raw: bytes, edit: Any) -> bytes | None:
    fx = resolve(Fix("t", (edit,)))
    if fx is None:
        return None
    return splice(raw, list(fx.edits))


JSON = '{\n  "a": 1,\n  "b": [1, 2],\n  "c": {"d": "x"}\n}\n'


@pytest.mark.parametrize(
    ("path", "want"),
    [
        (("a",), '{\n  "b": [1, 2],\n  "c": {"d": "x"}\n}\n'),
        (("b",), '{\n  "a": 1,\n  "c": {"d": "x"}\n}\n'),
        (("c",), '{\n  "a": 1,\n  "b": [1, 2]\n}\n'),
        (("c", "d"), '{\n  "a": 1,\n  "b": [1, 2],\n  "c": {}\n}\n'),
        (("b", 0), '{\n  "a": 1,\n  "b": [2],\n  "c": {"d": "x"}\n}\n'),
        (("b", 1), '{\n  "a": 1,\n  "b": [1],\n  "c": {"d": "x"}\n}\n'),
    ],
)
def test_remove_entry_json(path: tuple[Any, ...], want: str) -> None:
    raw, doc = _doc("x.json", JSON)
    assert _apply(raw, remove_entry(doc.ref(path))) == want.encode()


def test_append_item_json_styles() -> None:
    raw, doc = _doc("x.json", '{"s": ["a","b"], "t": [], "u": [\n    "a"\n  ]}')
    assert (
        _apply(raw, append_item(doc.ref(("s",)), "c"))
        == b'{"s": ["a","b","c"], "t": [], "u": [\n    "a"\n  ]}'
    )
    assert (
        _apply(raw, append_item(doc.ref(("t",)), "c"))
        == b'{"s": ["a","b"], "t": ["c"], "u": [\n    "a"\n  ]}'
    )
    assert _apply(raw, append_item(doc.ref(("u",)), "c")) == (
        b'{"s": ["a","b"], "t": [], "u": [\n    "a",\n    "c"\n  ]}'
    )


YAML = "a: 1  # keep\nlist:\n  - x   # first\n  - 'y'\nflow: [x, \"y\"]\nm:\n  k: v\n  j: w\n"


def test_yaml_block_and_flow_operations() -> None:
    raw, doc = _doc("x.yaml", YAML)
    assert (
        _apply(raw, append_item(doc.ref(("list",)), "z"))
        == YAML.replace("  - 'y'\n", "  - 'y'\n  - 'z'\n").encode()
    )
    assert (
        _apply(raw, append_item(doc.ref(("flow",)), "z"))
        == YAML.replace('flow: [x, "y"]', 'flow: [x, "y", "z"]').encode()
    )
    assert _apply(raw, remove_entry(doc.ref(("m", "k")))) == YAML.replace("  k: v\n", "").encode()
    assert (
        _apply(raw, remove_entry(doc.ref(("list", 0))))
        == YAML.replace("  - x   # first\n", "").encode()
    )
    assert _apply(raw, replace_value(doc.ref(("a",)), 2)) == YAML.replace("a: 1", "a: 2").encode()
    assert (
        _apply(raw, replace_value(doc.ref(("list", 1)), "it's"))
        == YAML.replace("'y'", "'it''s'").encode()
    )
    assert _apply(raw, delete_line(doc.ref(("a",)))) == YAML.replace("a: 1  # keep\n", "").encode()


def test_yaml_plain_value_that_would_change_type_is_quoted() -> None:
    raw, doc = _doc("x.yaml", "a: x\n")
    assert _apply(raw, replace_value(doc.ref(("a",)), "true")) == b'a: "true"\n'
    assert _apply(raw, replace_value(doc.ref(("a",)), "https://h/p")) == b"a: https://h/p\n"


def test_removing_the_only_block_entry_is_refused() -> None:
    raw, doc = _doc("x.yaml", "m:\n  k: v\n")
    assert _apply(raw, remove_entry(doc.ref(("m", "k")))) is None


def _values(style_block: str) -> str:
    return "mountConfig: true\nconfigFiles:\n  config.json: " + style_block


def test_embedded_double_quoted_escapes_the_insertion() -> None:
    text = _values('"{\\"http\\": {\\"x\\": [\\"a\\"]}}"\n')
    raw, doc = _doc("v.yaml", text, embedded=True)
    got = _apply(raw, append_item(doc.ref(("http", "x")), 'q"\\'))
    assert got == text.replace('[\\"a\\"]', '[\\"a\\", \\"q\\\\\\"\\\\\\\\\\"]').encode()


def test_embedded_block_literal_keeps_indentation_and_crlf() -> None:
    text = _values('|\r\n    {"http": {"x": [\r\n      "a"\r\n    ]}}\r\n')
    raw, doc = _doc("v.yaml", text, embedded=True)
    got = _apply(raw, append_item(doc.ref(("http", "x")), "b"))
    assert got == text.replace('"a"\r\n', '"a",\r\n      "b"\r\n').encode()


def test_embedded_block_removal_of_a_line() -> None:
    text = _values('|\n    {\n      "a": 1,\n      "b": 2\n    }\n')
    raw, doc = _doc("v.yaml", text, embedded=True)
    assert (
        _apply(raw, remove_entry(doc.ref(("a",)))) == text.replace('      "a": 1,\n', "").encode()
    )
    assert (
        _apply(raw, remove_entry(doc.ref(("b",)))) == text.replace(',\n      "b": 2', "").encode()
    )


def test_folded_scalar_refuses_a_line_break_but_takes_inline_text() -> None:
    text = _values('>\n    {"http": {"x": ["a"]}}\n')
    raw, doc = _doc("v.yaml", text, embedded=True)
    assert _apply(raw, insert_after(doc.ref(("http", "x", 0)), ",\n1")) is None
    got = _apply(raw, append_item(doc.ref(("http", "x")), "b"))
    assert got == text.replace('["a"]', '["a", "b"]').encode()


def test_bom_and_multibyte_text_give_byte_offsets() -> None:
    text = '\ufeff{"é": "ü", "k": "v"}'
    raw, doc = _doc("x.json", text.encode("utf-8"))
    fx = resolve(Fix("t", (replace(doc.ref(("k",)), '"w"'),)))
    assert fx is not None
    (e,) = fx.edits
    assert raw[e.start : e.end] == b'"v"'
    assert splice(raw, [e]) == text.replace('"v"', '"w"').encode("utf-8")
