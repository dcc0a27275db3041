"""A zot config's lower-cased view (Document.lower_view): the copy with lower-case keys, and the
as-written path of a lower-cased path, found on demand. Checked against the definition: a map
from every node's lower-cased path to its path, filled in document order, the later entry
winning when keys collide in case."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from zotlint.document import Document, Kind, Path
from zotlint.source.text import SourceFile


def _lower(part: Any) -> Any:
    return part.lower() if isinstance(part, str) else part


def _reference_copy(value: Any) -> Any:
    if isinstance(value, dict):
        out: dict[Any, Any] = {}
        for k, v in value.items():
            out[_lower(k)] = _reference_copy(v)
        return out
    if isinstance(value, list):
        return [_reference_copy(v) for v in value]
    return value


def _reference_map(value: Any, path: Path = (), out: dict[Path, Path] | None = None):
    out = {} if out is None else out
    out[tuple(_lower(p) for p in path)] = path
    if isinstance(value, dict):
        for k, v in value.items():
            _reference_map(v, (*path, k), out)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _reference_map(v, (*path, i), out)
    return out


def _doc(data: Any) -> Document:
    # An empty index: every look-up goes through the lower-case resolution.
    return Document(
        source=SourceFile("config.json", "{}"),
        kind=Kind.ZOT_CONFIG,
        data=data,
        index={(): (-1, -1, 0, 2)},
        syntax="json",
        case_insensitive=True,
    )


_KEYS = st.sampled_from(["a", "A", "b", "B", "ab", "aB", "Ab", 0, 1, True])
_DATA = st.recursive(
    st.one_of(st.none(), st.integers(0, 3), st.sampled_from(["x", "X", "y"])),
    lambda kids: st.one_of(st.lists(kids, max_size=3), st.dictionaries(_KEYS, kids, max_size=4)),
    max_leaves=25,
)
_QUERY = st.lists(st.sampled_from(["a", "ab", "b", "c", 0, 1, 2, True, 1.0, 0.5]), max_size=4)


@settings(max_examples=400, deadline=None)
@given(_DATA, st.lists(_QUERY, max_size=5))
def test_lower_view_matches_a_map_filled_in_document_order(data: Any, queries: list) -> None:
    doc = _doc(data)
    low, real = doc.lower_view()
    assert low == _reference_copy(data)
    assert list(_key_orders(low)) == list(_key_orders(_reference_copy(data)))
    assert doc.has_case_collisions() == _collides(data)
    mapping = _reference_map(data)
    for path in [*mapping, *(tuple(q) for q in queries)]:
        lowered = tuple(_lower(p) for p in path)
        assert real.get(lowered, path) == mapping.get(lowered, path)
        assert doc.real_path(path) == mapping.get(lowered, path)


def _collides(value: Any) -> bool:
    """Some mapping has two string keys that differ only in case (what ZOT116 reports)."""
    if isinstance(value, dict):
        lows = [k.lower() for k in value if isinstance(k, str)]
        return len(set(lows)) < len(lows) or any(_collides(v) for v in value.values())
    if isinstance(value, list):
        return any(_collides(v) for v in value)
    return False


def _key_orders(value: Any):
    if isinstance(value, dict):
        yield tuple(value)
        for v in value.values():
            yield from _key_orders(v)
    elif isinstance(value, list):
        for v in value:
            yield from _key_orders(v)


def test_colliding_keys_later_wins_and_paths_only_the_earlier_has_still_resolve() -> None:
    data = {"Foo": {"x": 1, "Deep": {"k": 2}}, "foo": {"y": 3, "deep": {}}}
    doc = _doc(data)
    low, _ = doc.lower_view()
    assert low == {"foo": {"y": 3, "deep": {}}}
    assert doc.real_path(("foo",)) == ("foo",)
    assert doc.real_path(("FOO", "x")) == ("Foo", "x")
    assert doc.real_path(("foo", "deep")) == ("foo", "deep")
    assert doc.real_path(("foo", "deep", "k")) == ("Foo", "Deep", "k")
    assert doc.real_path(("foo", "zzz")) == ("foo", "zzz")  # unknown: unchanged


def test_list_items_resolve_by_index() -> None:
    data = {"HTTP": {"Auth": [{"Name": "a"}, {"Name": "b"}]}}
    doc = _doc(data)
    assert doc.real_path(("http", "auth", 1, "name")) == ("HTTP", "Auth", 1, "Name")
    assert doc.real_path(("http", "auth", 2, "name")) == ("http", "auth", 2, "name")


def test_deep_nesting_does_not_recurse() -> None:
    data: Any = "leaf"
    path: list[Any] = []
    for i in range(3000):
        data = {f"K{i % 3}": data}
        path.insert(0, f"K{i % 3}")
    doc = _doc(data)
    low, _ = doc.lower_view()
    assert doc.real_path(tuple(p.lower() for p in path)) == tuple(path)
    node = low
    for p in path:
        node = node[p.lower()]
    assert node == "leaf"
