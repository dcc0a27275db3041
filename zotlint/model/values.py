"""Helm value merging with provenance: every merged value remembers the file that set it.

Helm first merges the user's value files in order (``-f a -f b``: maps merged recursively, any
other value — lists and scalars included — replaced wholesale, later wins; ``null`` is kept as
a value), then coalesces the result with the chart's defaults, where a user ``null`` deletes the
default key. Argo CD adds its inline sources on top (``valueFiles`` < ``values`` <
``valuesObject`` < ``parameters``; ``values`` is ignored when ``valuesObject`` is set) and
strips ``null`` inside ``valuesObject``. This module reproduces exactly that, recording for each
merged path the document and path that set it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import field
from typing import Any

from zotlint.document import Document, Path, Ref
from zotlint.lazyregex import lazy_compile
from zotlint.records import dataclass

_MISSING = object()


def get_path(data: Any, path: Path, default: Any = None) -> Any:
    """The value at ``path`` in nested maps and lists, or ``default``."""
    cur = data
    for p in path:
        if isinstance(cur, dict):
            cur = cur.get(p, _MISSING)
        elif isinstance(cur, list) and isinstance(p, int) and 0 <= p < len(cur):
            cur = cur[p]
        else:
            return default
        if cur is _MISSING:
            return default
    return cur


@dataclass(frozen=True, eq=False)
class Layer:
    """One source of user values: a values file (or its `zot:` section), inline Argo CD values,
    or one `helm.parameters` entry.

    ``root`` is where the chart's values start inside ``doc`` (``("zot",)`` in an umbrella
    chart's values, ``("spec", "source", "helm", "valuesObject")`` for an inline object).
    """

    doc: Document
    root: Path
    source: str  # "file" | "values" | "valuesObject" | "parameter" | "kustomize" | "umbrella"
    data: Any
    strips_null: bool = False
    # For a `helm.parameters` entry: the parameter's `value` path in the Application, which
    # every value it sets points at.
    pinned: Path | None = None

    def ref(self, path: Path = (), part: str = "value") -> Ref:
        """A reference to the chart path ``path`` inside this layer's document."""
        if self.pinned is not None:
            return self.doc.ref(self.pinned, part)
        return self.doc.ref(self.root + tuple(path), part)

    def get(self, path: Path, default: Any = None) -> Any:
        return get_path(self.data, path, default)

    def has(self, path: Path) -> bool:
        sentinel = object()
        return self.get(path, sentinel) is not sentinel


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a merged value was set: a layer and the chart path inside it."""

    layer: Layer
    path: Path

    @property
    def doc(self) -> Document:
        return self.layer.doc

    def ref(self, part: str = "value") -> Ref:
        return self.layer.ref(self.path, part)


@dataclass
class MergedValues:
    """Chart values after the merge, with the origin of every user-set path.

    Paths are chart paths (an umbrella's `zot:` prefix removed). Values only the chart's
    defaults provide have no origin.
    """

    data: dict[str, Any]
    layers: list[Layer]
    # Where each value was set (see _Origins): asked for a few paths per deployment, so a
    # container a layer sets whole is not mapped node by node.
    origins: _Origins = field(default_factory=lambda: _Origins())
    # Chart paths a user `null` removed, and where that `null` is.
    deleted: dict[Path, Origin] = field(default_factory=dict)

    def get(self, path: Path, default: Any = None) -> Any:
        return get_path(self.data, path, default)

    def has(self, path: Path) -> bool:
        sentinel = object()
        return self.get(path, sentinel) is not sentinel

    def origin(self, path: Path) -> Origin | None:
        """The user layer that set ``path`` (a map: the last layer that wrote the key)."""
        return self.origins.get(tuple(path))

    def nearest_origin(self, path: Path) -> Origin | None:
        """The origin of ``path`` or of its closest user-set ancestor."""
        p = tuple(path)
        while True:
            o = self.origins.get(p)
            if o is not None:
                return o
            if not p:
                return None
            p = p[:-1]

    def user_set(self, path: Path) -> bool:
        return self.origins.get(tuple(path)) is not None

    def ref(self, path: Path, part: str = "value") -> Ref | None:
        """A reference to where the user set ``path``; None when it comes from chart defaults."""
        o = self.origins.get(tuple(path))
        return o.ref(part) if o is not None else None

    def user_layers_setting(self, path: Path) -> list[tuple[Layer, Any]]:
        """Every user layer that writes ``path``, in merge order, with the value it writes."""
        out = []
        for layer in self.layers:
            sentinel = object()
            v = layer.get(path, sentinel)
            if v is not sentinel:
                out.append((layer, v))
        return out


class _Origins:
    """The origin of every user-set path, as the merge leaves it: a value set alone, or a map
    merged key by key, has its own entry; a container a layer sets whole (a list, a map over
    a non-map) has one entry for itself and one for what lies below it, answered on demand
    from the value the layer wrote. A later layer that replaces a container drops what was
    recorded below it. The answers are those of a map filled path by path in merge order
    (what this replaced: 70 entries per deployment, most of them never asked for)."""

    __slots__ = ("_below", "_own", "_removed")

    def __init__(self) -> None:
        self._own: dict[Path, Origin] = {}
        # Below a path: (layer, the value it set, the path as recorded), or None where a later
        # layer replaced a container by a scalar (nothing below is set any more).
        self._below: dict[Path, tuple[Layer, Any, Path] | None] = {}
        self._removed: set[Path] = set()

    def set(self, path: Path, layer: Layer) -> None:
        self._own[path] = Origin(layer, path)

    def set_whole(self, path: Path, layer: Layer, value: Any) -> None:
        """``value`` set at ``path`` as a whole: a container, or a scalar (nothing below)."""
        self._own[path] = Origin(layer, path)
        if isinstance(value, (dict, list)):
            self._below[path] = (layer, value, path)
        elif self._below:
            self._below[path] = None

    def drop_below(self, path: Path) -> None:
        """Forget every entry strictly below ``path`` (its container is being replaced)."""
        n = len(path)
        for table in (self._own, self._below):
            if table:
                for p in [p for p in table if len(p) > n and p[:n] == path]:
                    del table[p]

    def remove(self, path: Path) -> Origin | None:
        """Forget ``path`` (a user `null` deleted it); its origin until now."""
        found = self.get(path)
        if found is not None:
            self._removed.add(path)
        return found

    def get(self, path: Path) -> Origin | None:
        if self._removed and path in self._removed:
            return None
        own = self._own.get(path)
        if own is not None or not self._below:
            return own
        for i in range(len(path) - 1, -1, -1):
            entry = self._below.get(path[:i], _MISSING)
            if entry is _MISSING:
                continue
            if entry is None:
                return None
            layer, value, root = entry  # type: ignore[misc]
            rest = _recorded_path(value, path[i:])
            return None if rest is None else Origin(layer, root + rest)
        return None


def _recorded_path(data: Any, path: Path) -> Path | None:
    """``path`` as the keys and indexes of ``data`` spell it, or None when ``data`` has no
    such node (a map recorded by path would match `1`, `True` and `1.0` alike)."""
    out: list[Any] = []
    cur = data
    for part in path:
        if isinstance(cur, dict):
            if part not in cur:
                return None
            if type(part) is not str:
                part = next(k for k in cur if k == part)
            cur = cur[part]
        elif isinstance(cur, list):
            if isinstance(part, float) and part.is_integer():
                part = int(part)
            if not isinstance(part, int) or not 0 <= part < len(cur):
                return None
            part = int(part)
            cur = cur[part]
        else:
            return None
        out.append(part)
    return tuple(out)


def merge(defaults: dict[str, Any], layers: list[Layer]) -> MergedValues:
    """Merge user layers over chart defaults as Helm (and Argo CD) do."""
    user: dict[str, Any] = {}
    origins = _Origins()
    for layer in layers:
        if isinstance(layer.data, dict):
            _merge_maps(user, layer.data, (), layer, origins)
    out = MergedValues(data={}, layers=list(layers), origins=origins)
    out.data = _coalesce(user, _clone(defaults), (), origins, out)
    return out


def _merge_maps(
    dst: dict[str, Any],
    src: dict[str, Any],
    path: Path,
    layer: Layer,
    origins: _Origins,
) -> None:
    """Iterative (values nest as deep as the loader admits)."""
    stack: list[tuple[Iterator[tuple[str, Any]], dict[str, Any], Path]] = [
        (iter(src.items()), dst, path)
    ]
    strips = layer.strips_null
    while stack:
        items, dst, path = stack[-1]
        for k, v in items:
            if v is None and strips:
                continue
            p = path + (k,)
            d = dst.get(k)
            if isinstance(v, dict) and isinstance(d, dict):
                origins.set(p, layer)
                stack.append((iter(v.items()), d, p))
                break  # descend; this level resumes where it stopped
            if isinstance(v, dict) and strips:
                v = _strip_nulls(v)
            if isinstance(d, (dict, list)):
                origins.drop_below(p)
            if isinstance(v, (dict, list)):
                dst[k] = _clone(v)
                origins.set_whole(p, layer, v)
            else:
                dst[k] = v
                origins.set_whole(p, layer, v)
        else:
            stack.pop()


def _clone(v: Any) -> Any:
    """Copy of plain YAML/JSON data (much cheaper than copy.deepcopy); iterative."""
    if isinstance(v, dict):
        top: Any = {}
    elif isinstance(v, list):
        top = []
    else:
        return v
    stack: list[tuple[Any, Any]] = [(v, top)]
    while stack:
        src, dst = stack.pop()
        if isinstance(src, dict):
            for k, c in src.items():
                if isinstance(c, dict):
                    dst[k] = copy = {}
                    stack.append((c, copy))
                elif isinstance(c, list):
                    dst[k] = copy = []
                    stack.append((c, copy))
                else:
                    dst[k] = c
        else:
            for c in src:
                if isinstance(c, dict):
                    copy = {}
                    stack.append((c, copy))
                elif isinstance(c, list):
                    copy = []
                    stack.append((c, copy))
                else:
                    copy = c
                dst.append(copy)
    return top


def _strip_nulls(v: Any) -> Any:
    """``v`` without the null values of its maps, at any depth (lists are kept as they are);
    iterative."""
    if not isinstance(v, dict):
        return v
    top: dict[Any, Any] = {}
    stack: list[tuple[dict[Any, Any], dict[Any, Any]]] = [(v, top)]
    while stack:
        src, dst = stack.pop()
        for k, c in src.items():
            if c is None:
                continue
            if isinstance(c, dict):
                dst[k] = copy = {}
                stack.append((c, copy))
            else:
                dst[k] = c
    return top


def _coalesce(
    user: dict[str, Any],
    defaults: dict[str, Any],
    path: Path,
    origins: _Origins,
    out: MergedValues,
) -> dict[str, Any]:
    """``user`` coalesced into ``defaults`` (modified in place and returned). Iterative, in the
    recursive order (``out.deleted`` is filled in that order)."""
    stack: list[tuple[Iterator[tuple[str, Any]], dict[str, Any], Path]] = [
        (iter(user.items()), defaults, path)
    ]
    while stack:
        items, result, path = stack[-1]
        for k, v in items:
            p = path + (k,)
            if v is None:
                result.pop(k, None)
                o = origins.remove(p)
                if o is not None:
                    out.deleted[p] = o
                continue
            if isinstance(v, dict):
                d = result.get(k)
                if not isinstance(d, dict):
                    d = {}
                # Set before the children are merged into it (the recursive version set it
                # after): nothing reads ``result`` meanwhile, so the order of its keys is the same.
                result[k] = d
                stack.append((iter(v.items()), d, p))
                break
            result[k] = v
        else:
            stack.pop()
    return defaults


# -- Go template truth and Helm --set parameters ----------------------------------------------


def truthy(value: Any) -> bool:
    """Go template truth (`if .Values.x`): false, 0, "", nil and empty maps/lists are false;
    any non-empty string (even "false") and any non-empty map are true."""
    if value is None or value is False:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, (str, dict, list)):
        return len(value) > 0
    return True


_SET_SPLIT = lazy_compile(r"(?<!\\)\.")


def parameter_path(name: str) -> Path | None:
    """The values path of a `helm.parameters[].name` (`a.b\\.c` → ("a", "b.c")); None for
    list indexes (`a[0].b`), which this model does not reproduce."""
    if not name or "[" in name:
        return None
    parts = [p.replace("\\.", ".") for p in _SET_SPLIT.split(name)]
    if any(not p for p in parts):
        return None
    return tuple(parts)


def parameter_value(value: Any, force_string: bool) -> Any:
    """Helm `--set` typing: true/false, integers and null are typed unless forceString."""
    if not isinstance(value, str) or force_string:
        return value
    if value in ("true", "false"):
        return value == "true"
    if value == "null":
        return None
    if re.fullmatch(r"-?(?:0|[1-9]\d*)", value):
        return int(value)
    return value


def nest(path: Path, value: Any) -> dict[str, Any]:
    out: Any = value
    for p in reversed(path):
        out = {p: out}
    return out


def walk_keys(data: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every (path, value) below ``data`` (maps and lists), iteratively, parents first."""
    stack: list[tuple[Path, Any]] = [(path, data)]
    while stack:
        p, v = stack.pop()
        if p != path:
            yield p, v
        if isinstance(v, dict):
            stack.extend((p + (k,), c) for k, c in reversed(list(v.items())))
        elif isinstance(v, list):
            stack.extend((p + (i,), c) for i, c in reversed(list(enumerate(v))))


HELM_GET_HEADERS = ("USER-SUPPLIED VALUES", "COMPUTED VALUES")


def helm_get_values_header(layer: Layer) -> str | None:
    """ "USER-SUPPLIED VALUES" or "COMPUTED VALUES" when the layer's file was saved from
    `helm get values` (its first line is that header, which YAML reads as a key of its own),
    else None."""
    if layer.root or not isinstance(layer.data, dict):
        return None
    for header in HELM_GET_HEADERS:
        if header in layer.data:
            first = layer.doc.source.text.lstrip("\ufeff").lstrip().split("\n", 1)[0]
            if first.split("#", 1)[0].strip().rstrip(":").strip() == header:
                return header
    return None
