"""Issue 19: merged values answer "who set this path" on demand (values._Origins) instead of
recording every node a layer sets. Checked against the eager map the merge used to fill, kept
here as the reference: the same origin (layer and path), the same deletions, for any layers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from zotlint.document import Document, Kind, Path
from zotlint.model import values as V
from zotlint.model.values import Layer, Origin, merge
from zotlint.source.text import SourceFile


def _reference(layers: list[Layer]) -> tuple[dict[Path, Origin], dict[Path, Origin]]:
    """(origins, deleted) as the eager merge filled them."""
    user: dict[Any, Any] = {}
    origins: dict[Path, Origin] = {}
    for layer in layers:
        if isinstance(layer.data, dict):
            _merge(user, layer.data, (), layer, origins)
    deleted: dict[Path, Origin] = {}
    _coalesce(user, (), origins, deleted)
    return origins, deleted


def _merge(dst: dict, src: dict, path: Path, layer: Layer, origins: dict) -> None:  # type: ignore[type-arg]
    for k, v in src.items():
        p = (*path, k)
        if v is None and layer.strips_null:
            continue
        d = dst.get(k)
        if isinstance(v, dict) and isinstance(d, dict):
            origins[p] = Origin(layer, p)
            _merge(d, v, p, layer, origins)
            continue
        if isinstance(v, dict) and layer.strips_null:
            v = V._strip_nulls(v)
        if isinstance(d, (dict, list)):
            for q in [q for q in origins if q[: len(p)] == p and len(q) > len(p)]:
                del origins[q]
        dst[k] = V._clone(v)
        for q, _ in _walk(v, p):
            origins[q] = Origin(layer, q)


def _walk(v: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    yield path, v
    if isinstance(v, dict):
        for k, c in v.items():
            yield from _walk(c, (*path, k))
    elif isinstance(v, list):
        for i, c in enumerate(v):
            yield from _walk(c, (*path, i))


def _coalesce(user: dict, path: Path, origins: dict, deleted: dict) -> None:  # type: ignore[type-arg]
    for k, v in user.items():
        p = (*path, k)
        if v is None:
            o = origins.pop(p, None)
            if o is not None:
                deleted[p] = o
        elif isinstance(v, dict):
            _coalesce(v, p, origins, deleted)


_KEYS = st.sampled_from(["a", "b", "c", 0, 1, True])
_VALUES = st.recursive(
    st.one_of(st.none(), st.integers(0, 2), st.just("s")),
    lambda kids: st.one_of(st.lists(kids, max_size=3), st.dictionaries(_KEYS, kids, max_size=3)),
    max_leaves=12,
)
_LAYER = st.tuples(st.dictionaries(_KEYS, _VALUES, max_size=4), st.booleans())
_QUERY = st.lists(st.sampled_from(["a", "b", "c", 0, 1, 2, True, 1.0, 0.5]), max_size=4)


def _layers(specs: list[tuple[dict, bool]]) -> list[Layer]:  # type: ignore[type-arg]
    out = []
    for data, strips in specs:
        doc = Document(SourceFile("v.yaml", ""), Kind.ZOT_VALUES, data, {})
        out.append(Layer(doc, (), "valuesObject" if strips else "file", data, strips_null=strips))
    return out


@settings(max_examples=500, deadline=None)
@given(st.lists(_LAYER, max_size=4), st.lists(_QUERY, max_size=6))
def test_origins_are_those_of_the_eager_map(specs: list, queries: list) -> None:  # type: ignore[type-arg]
    layers = _layers(specs)
    merged = merge({"a": {"b": 1}, "c": [1]}, layers)
    origins, deleted = _reference(layers)
    asked = {q for layer in layers for q, _ in _walk(layer.data, ())}
    asked |= {q for q, _ in _walk(merged.data, ())} | set(origins) | {tuple(q) for q in queries}
    for path in asked:
        want = origins.get(path)
        got = merged.origin(path)
        assert got == want, path
        if got is not None:
            assert got.layer is want.layer and got.path == want.path  # type: ignore[union-attr]
            assert type(got.path[-1]) is type(want.path[-1]) if got.path else True  # type: ignore[union-attr]
        assert merged.user_set(path) == (path in origins)
        assert merged.nearest_origin(path) == _nearest(origins, path)
    assert list(merged.deleted.items()) == list(deleted.items())


def _nearest(origins: dict[Path, Origin], path: Path) -> Origin | None:
    for n in range(len(path), -1, -1):
        if path[:n] in origins:
            return origins[path[:n]]
    return None


def test_a_later_scalar_drops_what_a_container_set_below_it() -> None:
    a, b, c = _layers(
        [
            ({"x": {"y": {"z": 1}, "w": [1, 2]}}, False),
            ({"x": {"y": "flat"}}, False),
            ({"x": {"y": {"q": 2}}}, False),
        ]
    )
    m = merge({}, [a, b])
    assert m.origin(("x", "w", 1)).layer is a  # type: ignore[union-attr]
    assert m.origin(("x", "y")).layer is b  # type: ignore[union-attr]
    assert m.origin(("x", "y", "z")) is None
    m = merge({}, [a, b, c])
    assert m.origin(("x", "y", "q")).layer is c  # type: ignore[union-attr]
    assert m.origin(("x", "y", "z")) is None


def test_a_whole_list_answers_by_index() -> None:
    (a,) = _layers([({"extraVolumes": [{"name": "a"}, {"name": "b"}]}, False)])
    m = merge({}, [a])
    assert m.origin(("extraVolumes", 1, "name")) == Origin(a, ("extraVolumes", 1, "name"))
    assert m.origin(("extraVolumes", 2, "name")) is None
    assert m.origin(("extraVolumes", 1, "nope")) is None
