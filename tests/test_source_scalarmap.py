"""zotlint.source.scalarmap: characters of a YAML scalar's value -> offsets in the host text."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.cyaml import CSafeLoader
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import Node, ScalarNode
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    PlainScalarString,
    SingleQuotedScalarString,
)

from zotlint.source.jsonpos import JsonSyntaxError, parse_json
from zotlint.source.scalarmap import map_scalar

BREAKS = "\r\n\x85\u2028\u2029"
LOADERS = ["c", "rt"]

Path = tuple[Any, ...]


def compose(text: str, loader: str) -> Node:
    if loader == "c":
        parser = CSafeLoader(text)
        try:
            node = parser.get_single_node()
        finally:
            parser.dispose()
    else:
        node = YAML(typ="rt").compose(text)
    assert node is not None
    return node


def scalars(text: str, loader: str) -> dict[Path, ScalarNode]:
    """Every scalar value node, by path (mapping keys by their value, list items by index)."""
    out: dict[Path, ScalarNode] = {}
    stack: list[tuple[Path, Node]] = [((), compose(text, loader))]
    while stack:
        path, node = stack.pop()
        if isinstance(node, ScalarNode):
            out[path] = node
        elif node.id == "mapping":
            stack.extend(((*path, k.value), v) for k, v in node.value)
        else:
            stack.extend(((*path, i), v) for i, v in enumerate(node.value))
    return out


def value_of(node: ScalarNode) -> str:
    # ruamel's round-trip scanner marks folds in folded scalars with '\a'
    return node.value.replace("\a", "") if node.style == ">" else node.value


def mapped(host: str, node: ScalarNode) -> list[int]:
    value = value_of(node)
    m = map_scalar(host, node.start_mark.index, node.end_mark.index, node.style, value)
    assert m is not None, (host, node.style, value)
    assert_consistent(host, node, value, m)
    return m


def assert_consistent(host: str, node: ScalarNode, value: str, m: list[int]) -> None:
    start, end = node.start_mark.index, node.end_mark.index
    assert len(m) == len(value) + 1
    assert all(start <= o < end for o in m[:-1]), (m, start, end)
    assert start <= m[-1] <= end
    assert m == sorted(m)
    for i, ch in enumerate(value):
        src = host[m[i]]
        if src == ch:
            continue  # copied (or an escape/'' that yields its own first character)
        if src in BREAKS:
            assert ch in " \n\u2028\u2029", (i, ch, src)  # folded or normalised line break
        else:
            assert src == "\\" and node.style == '"', (i, ch, src)  # escape


def lc(host: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of an offset; only LF starts a line here."""
    line_start = host.rfind("\n", 0, offset) + 1
    return host.count("\n", 0, offset) + 1, offset - line_start + 1


# -- literal and folded block scalars -----------------------------------------------------------

CONFIG_VALUES = (
    'configFiles:\n  config.json: |-\n    {\n      "http": {"port": "5000"}\n    }\nother: 1\n'
)


@pytest.mark.parametrize("loader", LOADERS)
def test_literal_embedded_json_maps_line_and_column(loader: str) -> None:
    host = CONFIG_VALUES
    node = scalars(host, loader)[("configFiles", "config.json")]
    value = node.value
    assert value == '{\n  "http": {"port": "5000"}\n}'
    m = mapped(host, node)
    lines = host.split("\n")
    assert lc(host, m[value.index('"5000"')]) == (4, lines[3].index('"5000"') + 1)
    assert lc(host, m[1]) == (3, 6)  # the line break after '{' is the host's
    assert lc(host, m[len(value)]) == (5, 6)  # just after the closing '}'

    # what the loader does with a JSON position: parse the value, map its offsets
    entry = {e.path: e for e in parse_json(value).entries}[("http", "port")]
    assert host[m[entry.value_start] : m[entry.value_end - 1] + 1] == '"5000"'
    assert lc(host, m[entry.key_start]) == (4, lines[3].index('"port"') + 1)


@pytest.mark.parametrize("loader", LOADERS)
def test_json_error_offset_maps_to_the_host(loader: str) -> None:
    host = 'configFiles:\n  config.json: |\n    {"http": {"port": 5000,},\n     "x": 1}\n'
    node = scalars(host, loader)[("configFiles", "config.json")]
    m = mapped(host, node)
    with pytest.raises(JsonSyntaxError) as info:
        parse_json(node.value)
    assert info.value.message == "trailing comma"
    assert lc(host, m[info.value.offset]) == (3, host.split("\n")[2].index(",}") + 1)


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(
    ("indicator", "value"),
    [("|", "x\n"), ("|-", "x"), ("|+", "x\n\n\n"), (">", "x\n"), (">-", "x"), (">+", "x\n\n\n")],
)
def test_chomping(loader: str, indicator: str, value: str) -> None:
    host = f"a: {indicator}\n  x\n\n\nb: 1\n"
    node = scalars(host, loader)[("a",)]
    assert value_of(node) == value
    m = mapped(host, node)
    x = host.index("x")
    # the kept line breaks are the content line's and then each empty line's
    assert m == [x + k for k in range(len(value))] + [x + len(value)]


@pytest.mark.parametrize("loader", LOADERS)
def test_explicit_indentation_indicator(loader: str) -> None:
    host = "k:\n  v: |2-\n       more\n     base\nw: |1\n  two\n"
    nodes = scalars(host, loader)
    node = nodes[("k", "v")]
    assert node.value == "   more\n base"  # parent indent 2 + 2 -> 4 spaces stripped
    m = mapped(host, node)
    assert lc(host, m[0]) == (3, 5)
    assert lc(host, m[node.value.index("base")]) == (4, 6)
    node = nodes[("w",)]
    assert node.value == " two\n"
    assert lc(host, mapped(host, node)[0]) == (6, 2)


@pytest.mark.parametrize("loader", LOADERS)
def test_explicit_indentation_with_a_blank_looking_first_line(loader: str) -> None:
    host = "top:\n  k: |4-\n       \n      x\n"  # 7 spaces: 1 more than the indentation
    node = scalars(host, loader)[("top", "k")]
    assert node.value == " \nx"
    m = mapped(host, node)
    assert lc(host, m[0]) == (3, 7)
    assert lc(host, m[2]) == (4, 7)


@pytest.mark.parametrize("loader", LOADERS)
def test_leading_empty_lines(loader: str) -> None:
    host = "k: |\n\n \n  x\n  y\n"
    node = scalars(host, loader)[("k",)]
    assert node.value == "\n\nx\ny\n"
    m = mapped(host, node)
    assert [lc(host, o) for o in m[:3]] == [(2, 1), (3, 2), (4, 3)]


@pytest.mark.parametrize("loader", LOADERS)
def test_folded_with_more_indented_lines(loader: str) -> None:
    host = "k: >\n  one\n  two\n\n  three\n    indented\n  four\n"
    node = scalars(host, loader)[("k",)]
    value = value_of(node)
    assert value == "one two\nthree\n  indented\nfour\n"
    m = mapped(host, node)
    assert lc(host, m[3]) == (2, 6)  # the folded space is the break after "one"
    assert lc(host, m[7]) == (4, 1)  # "two" + empty line -> the empty line's break
    assert lc(host, m[value.index("  indented")]) == (6, 3)
    assert lc(host, m[value.index("four")]) == (7, 3)


@pytest.mark.parametrize("loader", LOADERS)
def test_crlf_line_endings(loader: str) -> None:
    host = 'a: |\r\n  {\r\n    "k": 1\r\n  }\r\nb: >-\r\n  x\r\n  y\r\n\r\n  z\r\n'
    nodes = scalars(host, loader)
    node = nodes[("a",)]
    assert node.value == '{\n  "k": 1\n}\n'
    m = mapped(host, node)
    assert host[m[1]] == "\r"  # '\n' in the value comes from a CRLF
    assert m[-1] == host.index("\r\nb:") + 2  # the end of the final CRLF
    assert host[m[node.value.index('"k"')] :].startswith('"k": 1')

    node = nodes[("b",)]
    value = value_of(node)
    assert value == "x y\nz"
    m = mapped(host, node)
    assert host[m[1]] == "\r" and host[m[3]] == "\r"
    assert host[m[4]] == "z"


@pytest.mark.parametrize("loader", LOADERS)
def test_tabs_inside_block_content(loader: str) -> None:
    host = "a: |\n  x\ty\n  \tz\nb: >\n  p\n  \tq\n  r\n"
    nodes = scalars(host, loader)
    assert nodes[("a",)].value == "x\ty\n\tz\n"
    m = mapped(host, nodes[("a",)])
    assert lc(host, m[1]) == (2, 4) and lc(host, m[4]) == (3, 3)
    b = nodes[("b",)]
    assert value_of(b) == "p\n\tq\nr\n"  # a tab-led line is not folded
    mapped(host, b)


def test_block_scalar_at_document_root_in_column_zero() -> None:
    host = "--- |\nfoo\n  bar\nbaz\n"
    node = compose(host, "rt")  # libyaml needs indentation here; ruamel does not
    assert isinstance(node, ScalarNode) and node.value == "foo\n  bar\nbaz\n"
    m = mapped(host, node)
    assert lc(host, m[node.value.index("bar")]) == (3, 3)


@pytest.mark.parametrize("loader", LOADERS)
def test_tags_and_anchors_before_the_scalar(loader: str) -> None:
    host = (
        "a: !!str &x |\n  lit\n"
        'b: &y !!str "dq"\n'
        "c: !<tag:yaml.org,2002:str> 'sq'\n"
        "d: !!str\n  # a comment between\n  plain\n"
    )
    nodes = scalars(host, loader)
    for path, word in [(("a",), "lit"), (("b",), "dq"), (("c",), "sq"), (("d",), "plain")]:
        m = mapped(host, nodes[path])
        assert m[0] == host.index(word)


def test_line_separators_count_as_line_breaks() -> None:
    # libyaml (and ruamel) break lines at NEL/LS/PS even in YAML 1.2 documents
    host = "a: |\n  x\u2028  y\nb: >\n  p\x85  q\n  r\n"
    nodes = scalars(host, "c")
    assert nodes[("a",)].value == "x\u2028y\n"
    m = mapped(host, nodes[("a",)])
    assert host[m[1]] == "\u2028" and host[m[2]] == "y"
    assert nodes[("b",)].value == "p q r\n"
    m = mapped(host, nodes[("b",)])
    assert host[m[1]] == "\x85"


# -- flow scalars -------------------------------------------------------------------------------


@pytest.mark.parametrize("loader", LOADERS)
def test_double_quoted_escapes_map_to_their_backslash(loader: str) -> None:
    host = (
        'k: "q\\" bs\\\\ sl\\/ nl\\n tab\\t u\\u00e9 x\\x41 U\\U0001F600 '
        'z\\0 nb\\_ sp\\ tb\\\t e\\e"\n'
    )
    node = scalars(host, loader)[("k",)]
    value = node.value
    assert value == 'q" bs\\ sl/ nl\n tab\t ué xA U😀 z\x00 nb\xa0 sp tb\t e\x1b'
    m = mapped(host, node)
    for produced in ['"', "\\", "/", "\n", "\t", "é", "A", "😀", "\x00", "\xa0", "\x1b"]:
        i = value.index(produced)
        assert host[m[i]] == "\\", produced
    assert host[m[value.index("😀") + 1]] == " "
    assert m[-1] == len(host) - 2  # the closing quote: the end of the last escape


@pytest.mark.parametrize("loader", LOADERS)
def test_double_quoted_line_folding_and_escaped_line_break(loader: str) -> None:
    host = 'k: "first\\\n   second  \n   third\n\n   fourth  "\n'
    node = scalars(host, loader)[("k",)]
    value = node.value
    assert value == "firstsecond third\nfourth  "
    m = mapped(host, node)
    assert lc(host, m[value.index("second")]) == (2, 4)
    # the folded break, not the blanks before it
    assert lc(host, m[value.index(" third")]) == (2, len("   second  ") + 1)
    assert lc(host, m[value.index("\n")]) == (4, 1)
    assert lc(host, m[value.index("fourth")]) == (5, 4)


@pytest.mark.parametrize("loader", LOADERS)
def test_single_quoted(loader: str) -> None:
    host = "k: 'it''s \\ \"x\"\n  folded\n\n  para'\n"
    node = scalars(host, loader)[("k",)]
    value = node.value
    assert value == 'it\'s \\ "x" folded\npara'
    m = mapped(host, node)
    assert m[2] == host.index("''")
    assert host[m[3]] == "s"
    assert lc(host, m[value.index(" folded")]) == (1, len(host.split("\n")[0]) + 1)
    assert lc(host, m[value.index("para")]) == (4, 3)


@pytest.mark.parametrize("loader", LOADERS)
def test_plain_multi_line(loader: str) -> None:
    host = "k: plain  text\n  continues here   \n\n  after blank\nnext: 1\n"
    node = scalars(host, loader)[("k",)]
    value = node.value
    assert value == "plain  text continues here\nafter blank"
    m = mapped(host, node)
    assert lc(host, m[value.index("continues")]) == (2, 3)
    assert lc(host, m[value.index(" continues")]) == (1, 15)
    assert lc(host, m[value.index("after")]) == (4, 3)


@pytest.mark.parametrize("loader", LOADERS)
def test_flow_collections(loader: str) -> None:
    host = '{a: "x\n  y", b: plain\n  more, c: \'q\', d: ["s\\tt", u v]}\n'
    nodes = scalars(host, loader)
    assert [nodes[p].value for p in [("a",), ("b",), ("c",), ("d", 0), ("d", 1)]] == [
        "x y",
        "plain more",
        "q",
        "s\tt",
        "u v",
    ]
    for node in nodes.values():
        mapped(host, node)


@pytest.mark.parametrize("loader", LOADERS)
def test_empty_values(loader: str) -> None:
    host = "a: |-\nb: ''\nc: \"\"\nd: >+\n\ne: 1\n"
    nodes = scalars(host, loader)
    assert mapped(host, nodes[("b",)]) == [host.index("''") + 1]
    assert mapped(host, nodes[("c",)]) == [host.index('""') + 1]
    mapped(host, nodes[("a",)])
    assert nodes[("d",)].value == "\n"
    assert lc(host, mapped(host, nodes[("d",)])[0]) == (5, 1)


# -- fallbacks ----------------------------------------------------------------------------------


def test_no_map_when_the_value_does_not_match() -> None:
    host = CONFIG_VALUES
    node = scalars(host, "c")[("configFiles", "config.json")]
    start, end = node.start_mark.index, node.end_mark.index
    assert map_scalar(host, start, end, "|", node.value) is not None
    assert map_scalar(host, start, end, "|", node.value + "x") is None
    assert map_scalar(host, start, end, "|", node.value.replace("5000", "5001")) is None
    assert map_scalar(host, start, end, ">", node.value) is None  # wrong style
    assert map_scalar(host, start, end, '"', node.value) is None
    assert map_scalar(host, start, end, "?", node.value) is None  # unknown style
    assert map_scalar(host, start, len(host) + 1, "|", node.value) is None
    assert map_scalar(host, -1, end, "|", node.value) is None
    assert map_scalar(host, start + 1, end, "|", node.value) is None  # marks off the node


def test_no_map_for_round_trip_fold_markers() -> None:
    host = "k: >\n  a\n  b\n"
    node = scalars(host, "rt")[("k",)]
    assert "\a" in node.value
    assert map_scalar(host, node.start_mark.index, node.end_mark.index, ">", node.value) is None
    assert mapped(host, node)  # with the markers removed it maps


# -- properties ---------------------------------------------------------------------------------

PIECES = [*"ab01{}[]:,\"'\\#-&*!|> ", "  ", "\t", "\n", "\n\n", " \n", "é", "😀", "\xa0", "\u2028"]
WRAPPERS: list[Callable[[str], Any]] = [
    LiteralScalarString,
    FoldedScalarString,
    DoubleQuotedScalarString,
    SingleQuotedScalarString,
    PlainScalarString,
    str,
]


def _nodes_or_none(text: str, loader: str) -> dict[Path, ScalarNode] | None:
    try:
        return scalars(text, loader)
    except YAMLError:
        return None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
    wrap=st.sampled_from(WRAPPERS),
    width=st.sampled_from([8, 20, 80, 4096]),
    indent=st.sampled_from([2, 4]),
    crlf=st.booleans(),
)
def test_emitted_scalars_always_map_exactly(
    text: str, wrap: Callable[[str], Any], width: int, indent: int, crlf: bool
) -> None:
    yaml = YAML()
    yaml.width = width
    yaml.indent(mapping=indent, sequence=indent + 2, offset=indent)
    buf = io.StringIO()
    yaml.dump({"top": {"configFiles": {"config.json": wrap(text)}}, "list": [wrap(text)]}, buf)
    host = buf.getvalue()
    if crlf:
        host = host.replace("\n", "\r\n")
    for loader in LOADERS:
        nodes = _nodes_or_none(host, loader)
        if nodes is None:
            continue  # the emitter wrote something this loader rejects
        for node in nodes.values():
            mapped(host, node)


def _handmade(draw: st.DrawFn) -> str:
    """A small document with one scalar of any style, written without the emitter's care."""
    kind = draw(st.sampled_from(["|", ">", '"', "'", "plain"]))
    depth = draw(st.sampled_from([0, 1, 2]))
    ind = 2 * depth
    prefix = ["", "top:\n", "top:\n  mid:\n"][depth]
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    words = st.lists(
        st.sampled_from([*"ab{}\"'\\:#-,[", " ", "  ", "\t", "é", "😀", "\x85", "\ufeff"]),
        max_size=8,
    ).map("".join)
    key = " " * ind + "k: "
    if kind in "|>":
        header = kind + draw(st.sampled_from(["", "-", "+", "2", "1-", "+3", "4"]))
        header += draw(st.sampled_from(["", " ", "  # c"]))
        base = ind + draw(st.integers(1, 3))
        lines = []
        for _ in range(draw(st.integers(0, 6))):
            shape = draw(st.integers(0, 9))
            if shape < 2:
                lines.append("")
            elif shape < 3:
                lines.append(" " * draw(st.integers(0, base + 2)))
            else:
                lines.append(" " * (base + draw(st.sampled_from([0, 0, 1, 2]))) + draw(words))
        body = nl.join(lines) + draw(st.sampled_from(["", nl, nl + nl]))
        return prefix + key + header + nl + body + " " * ind + "z: 1" + nl
    if kind in "\"'":
        parts = []
        for _ in range(draw(st.integers(0, 6))):
            shape = draw(st.integers(0, 9))
            if shape < 2:
                parts.append(nl + " " * draw(st.integers(0, ind + 3)))
            elif shape < 4 and kind == '"':
                parts.append(
                    draw(st.sampled_from(['\\"', "\\\\", "\\n", "\\u00e9", "\\x41", "\\ ", "\\\t"]))
                )
            elif shape < 5 and kind == '"':
                parts.append("\\" + nl + " " * draw(st.integers(0, 4)))
            elif shape < 5:
                parts.append("''")
            else:
                parts.append(
                    draw(words).replace(kind, "").replace("\\", "/" if kind == '"' else "\\")
                )
        return prefix + key + kind + "".join(parts) + kind + nl + " " * ind + "z: 1" + nl
    parts = ["p" + draw(words).replace("#", "").replace(":", "")]
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            parts.append(nl + " " * (ind + draw(st.integers(1, 3))))
        else:
            parts.append(draw(st.sampled_from([" ", "  ", "\t", "x"])))
        parts.append("q" + draw(words).replace("#", "").replace(":", ""))
    return prefix + key + "".join(parts) + nl + " " * ind + "z: 1" + nl


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.composite(_handmade)())
def test_handmade_scalars_map_consistently_or_not_at_all(host: str) -> None:
    for loader in LOADERS:
        nodes = _nodes_or_none(host, loader)
        if nodes is None:
            continue
        for node in nodes.values():
            value = value_of(node)
            m = map_scalar(host, node.start_mark.index, node.end_mark.index, node.style, value)
            if m is not None:
                assert_consistent(host, node, value, m)


@settings(max_examples=100, deadline=None)
@given(
    value=st.text(
        alphabet=st.sampled_from([*'ab{}"\\: ', "\n", "\t", "é"]), min_size=1, max_size=40
    ),
    wrap=st.sampled_from(WRAPPERS),
    data=st.data(),
)
def test_any_wrong_value_is_refused(
    value: str, wrap: Callable[[str], Any], data: st.DataObject
) -> None:
    buf = io.StringIO()
    YAML().dump({"k": wrap(value)}, buf)
    host = buf.getvalue()
    nodes = _nodes_or_none(host, "c")
    if nodes is None:
        return  # the emitter wrote something libyaml rejects (e.g. a tab-led literal)
    node = nodes[("k",)]
    real = node.value
    i = data.draw(st.integers(0, len(real)))
    wrong = real[:i] + "Z" + real[i:]
    assert map_scalar(host, node.start_mark.index, node.end_mark.index, node.style, wrong) is None
