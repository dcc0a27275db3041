"""The YAML loader against a reference: generated streams give the same data, path index, long
scalar table and duplicate keys as a plain recursive walk of PyYAML's pure-Python composer.

yamlsrc composes with libyaml and converts the node tree in one hand-tuned loop (the hot path of
a run); the reference shares neither: another parser (PyYAML's Python scanner, parser and
composer) and the obvious recursive walk. Only the typing of plain scalars (yamlscalars) is
shared, since it is not what this test is about.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zotlint.source import yamlsrc
from zotlint.source.pathindex import Path
from zotlint.source.problems import Limits
from zotlint.source.yamlscalars import plain_or_scalar

LIMITS = Limits()

# -- generated streams ------------------------------------------------------------------------

_PLAIN = st.sampled_from(
    ["abc", "a b", "12", "-3", "1.5", "0x1F", "0o17", "true", "False", "null", "~", "x:y", "é"]
)
_KEYS = st.sampled_from(["a", "b", "c", "key one", "ä", "1"])


def _single(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _double(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


_WORDS = st.text(st.sampled_from("ab {}[]:#'\"\\-é"), min_size=0, max_size=8)
_SCALAR = st.one_of(
    _PLAIN,
    _WORDS.map(_single),
    _WORDS.map(_double),
)
_FLOW_SCALAR = st.one_of(st.sampled_from(["abc", "12", "true", "~"]), _WORDS.map(_double))


def _flow(draw: st.DrawFn, depth: int) -> str:
    if depth <= 0 or draw(st.booleans()):
        return draw(_FLOW_SCALAR)
    items = draw(st.lists(st.integers(0, 0), max_size=3))
    if draw(st.booleans()):
        return "[" + ", ".join(_flow(draw, depth - 1) for _ in items) + "]"
    return "{" + ", ".join(f"{draw(_KEYS)}: {_flow(draw, depth - 1)}" for _ in items) + "}"


def _block(draw: st.DrawFn, indent: int, depth: int) -> str:
    """A block collection at ``indent``, each line ending in a newline."""
    pad = " " * indent
    lines = []
    mapping = draw(st.booleans())
    for _ in range(draw(st.integers(1, 4))):
        head = f"{pad}{draw(_KEYS)}:" if mapping else f"{pad}-"
        choice = draw(st.integers(0, 5)) if depth > 0 else draw(st.integers(0, 2))
        if choice == 0:
            lines.append(f"{head} {draw(_SCALAR)}\n")
        elif choice == 1:
            body = "".join(f"{pad}  {w}\n" for w in draw(st.lists(_PLAIN, min_size=1, max_size=3)))
            lines.append(f"{head} {draw(st.sampled_from(['|', '|-', '>']))}\n{body}")
        elif choice == 2:
            lines.append(f"{head} {_flow(draw, 2)}\n")
        elif choice == 3:
            lines.append(f"{head}\n")  # an empty value: null
        else:
            lines.append(f"{head}\n{_block(draw, indent + 2, depth - 1)}")
        if draw(st.integers(0, 6)) == 0:
            lines.append(f"{pad}# a comment\n")
    return "".join(lines)


@st.composite
def streams(draw: st.DrawFn) -> str:
    docs = [_block(draw, 0, 3) for _ in range(draw(st.integers(1, 3)))]
    return "---\n".join(docs)


# -- the reference ------------------------------------------------------------------------------


class _Scalar:
    """What plain_or_scalar reads of a node."""

    def __init__(self, node: yaml.ScalarNode) -> None:
        self.value = node.value
        self.style = node.style or ""


Result = list[tuple[Any, dict[Path, tuple[int, int, int, int]], Any, Any]]


class _Walk:
    """One document: its index, long scalars and duplicate keys, filled by a recursive walk."""

    def __init__(self) -> None:
        self.index: dict[Path, tuple[int, int, int, int]] = {}
        self.scalars: dict[Path, tuple[str, int, int]] = {}
        self.duplicates: list[tuple[Path, tuple[int, int], tuple[int, int]]] = []

    def value_of(self, node: yaml.Node, path: Path, pending: list[Any]) -> Any:
        if isinstance(node, yaml.ScalarNode):
            value = plain_or_scalar(_Scalar(node))
            if isinstance(value, str) and len(value) > 2 and ("\n" in value or value[0] in "{["):
                self.scalars[path] = (node.style or "", node.start_mark.index, node.end_mark.index)
            return value
        obj: Any = {} if isinstance(node, yaml.MappingNode) else []
        pending.append((node, obj, path))
        return obj

    def fill(self, node: yaml.Node, obj: Any, path: Path) -> None:
        # A container's own entries first, then its children in order: the loader's order,
        # which the order of ``duplicates`` shows.
        pending: list[Any] = []
        if isinstance(node, yaml.MappingNode):
            for knode, vnode in node.value:
                key = knode.value
                child = (*path, key)
                kspan = (knode.start_mark.index, knode.end_mark.index)
                if key in obj:
                    self.duplicates.append((child, self.index[child][:2], kspan))
                obj[key] = self.value_of(vnode, child, pending)
                self.index[child] = (*kspan, vnode.start_mark.index, vnode.end_mark.index)
        else:
            for i, item in enumerate(node.value):
                child = (*path, i)
                obj.append(self.value_of(item, child, pending))
                self.index[child] = (-1, -1, item.start_mark.index, item.end_mark.index)
        for args in pending:
            self.fill(*args)


def reference(text: str) -> Result:
    out = []
    for root in yaml.compose_all(text, Loader=yaml.BaseLoader):
        walk = _Walk()
        walk.index[()] = (-1, -1, root.start_mark.index, root.end_mark.index)
        top: list[Any] = []
        data = walk.value_of(root, (), top)
        for args in top:
            walk.fill(*args)
        out.append((data, walk.index, walk.scalars, walk.duplicates))
    return out


def loaded(text: str) -> Result:
    out = []
    for item in yamlsrc.compose(text, LIMITS):
        assert isinstance(item, yamlsrc.YamlDoc), item
        yamlsrc.to_data(item, text, LIMITS, "&" in text and "*" in text)
        out.append((item.data, dict(item.index.items()), item.scalars, item.duplicates))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(streams())
def test_loader_matches_the_reference(text: str) -> None:
    assert loaded(text) == reference(text)


def test_the_generator_covers_what_the_loader_special_cases() -> None:
    """Duplicates, long scalars (block and flow), nested flow collections and typed plain
    scalars all occur in the reference's view of one fixed stream."""
    text = (
        "a: 1\nb: |\n  x\n  y\na: [1, {c: d}]\nc:\n- true\n- 'q r s'\n- {a: ~}\n"
        '---\n- "[ab"\n- -\n  - 0x1F\n'
    )
    docs = reference(text)
    assert loaded(text) == docs
    (data, index, scalars, duplicates), (data2, _, scalars2, _) = docs
    assert data == {"a": [1, {"c": "d"}], "b": "x\ny\n", "c": [True, "q r s", {"a": None}]}
    assert duplicates == [(("a",), (0, 1), (18, 19))]
    assert set(scalars) == {("b",)} and set(scalars2) == {(0,)}
    assert data2 == ["[ab", [None, 31]]  # `- -`: an empty item, then 0x1F
    assert index[("c", 2, "a")] == (56, 57, 59, 60)
