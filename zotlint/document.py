"""Documents: parsed data plus a path index that maps every key and value to its span."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import field
from enum import StrEnum
from typing import Any, TypeVar, cast

from zotlint.records import dataclass
from zotlint.source.pathindex import Path, PathIndex
from zotlint.source.text import SourceFile, Span, trim_span

__all__ = ["Document", "Kind", "Path", "PathIndex", "Ref", "text_document"]
T = TypeVar("T")


class Kind(StrEnum):
    """What a document is, decided from its content (see zotlint.classify)."""

    ZOT_VALUES = "zot-values"  # values of the upstream project-zot chart (or under `zot:`)
    ZOT_CONFIG = "zot-config"  # the JSON/YAML document zot itself reads
    EXTERNAL_SECRET = "external-secret"
    SECRET_STORE = "secret-store"  # SecretStore and ClusterSecretStore
    ESO_LIST = "eso-list"  # wrapper-chart lists `secretStores:` / `externalSecrets:`
    SECRET = "secret"
    SEALED_SECRET = "sealed-secret"
    CONFIG_MAP = "config-map"
    SERVICE_ACCOUNT = "service-account"
    ARGO_APP = "argo-application"
    ARGO_APPSET = "argo-applicationset"
    FLUX_HELM_RELEASE = "flux-helmrelease"  # helm.toolkit.fluxcd.io HelmRelease
    KEYCLOAK_REALM = "keycloak-realm"
    HELM_CHART = "helm-chart"  # Chart.yaml
    KUSTOMIZATION = "kustomization"
    K8S_OBJECT = "k8s-object"  # any other manifest with apiVersion/kind
    SESSION_KEYS = "session-keys"
    OTHER = "other"


@dataclass(slots=True)
class Ref:
    """A place in a document a rule points at; the engine turns it into a span."""

    doc: Document
    path: Path
    part: str = "value"  # "value" | "key" | "entry" (key through value)
    fixed: Span | None = None  # a span the loader recorded (e.g. a duplicate key's 1st use)
    # The span, once computed: a detection's place is asked for by the secret scan's
    # de-duplication and again when the finding is made (documents do not change once loaded).
    _span: Span | None = field(default=None, init=False, repr=False, compare=False)

    def span(self) -> Span:
        if self.fixed is not None:
            return self.fixed
        span = self._span
        if span is None:
            span = self._span = self.doc.span(self.path, self.part)
        return span


@dataclass(eq=False)
class Document:
    """One YAML document, JSON file, or a config embedded in a YAML scalar.

    ``index`` maps a path to (key_start, key_end, value_start, value_end) offsets in the host
    file (key offsets are -1 for list items and the root; see zotlint.source.pathindex).
    Embedded documents store host-file offsets too, so a rule never needs to know it is looking
    inside a string. The loader builds it complete: reading a span never parses again.
    """

    source: SourceFile
    kind: Kind
    data: Any
    index: PathIndex
    syntax: str = "yaml"
    number: int = 0
    parent: Document | None = None
    host_path: Path = ()
    exact: bool = True
    duplicates: list[tuple[Path, Span, Span]] = field(default_factory=list)
    case_insensitive: bool = False
    kinds: frozenset[Kind] = frozenset()
    meta: dict[str, Any] = field(default_factory=dict)
    # Long string scalars that may hold an embedded document: path -> (style, start, raw_end).
    scalars: dict[Path, tuple[str, int, int]] = field(default_factory=dict)
    _lower: tuple[Any, _RealPaths] | None = field(default=None, repr=False)
    # Derived data computed once per document (see cached()); not copied by replace().
    _memo: dict[Any, Any] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.index, PathIndex):  # a mapping of entries (tests, small callers)
            self.index = PathIndex.of(self.index, len(self.source.text))

    def is_a(self, kind: Kind) -> bool:
        return kind == self.kind or kind in self.kinds

    # -- locations -------------------------------------------------------------------------
    def ref(self, path: Path = (), part: str = "value") -> Ref:
        return Ref(self, tuple(path), part)

    def placed_ref(self, path: Path, part: str, span: Span) -> Ref:
        """``ref(path, part)`` whose span the caller already has (``span(path, part)``)."""
        ref = Ref(self, tuple(path), part)
        ref._span = span
        return ref

    def ref_span(self, path: Path, span: Span) -> Ref:
        """A reference to a span the loader recorded, for places the path index cannot tell
        apart (both occurrences of a duplicate key share one path)."""
        return Ref(self, tuple(path), "key", span)

    def has(self, path: Path) -> bool:
        return self._resolve(tuple(path)) in self.index

    def _resolve(self, path: Path) -> Path:
        if path in self.index or not self.case_insensitive:
            return path
        return self.lower_view()[1].get(_lower_path(path), path)

    def _entry(self, path: Path) -> tuple[int, int, int, int]:
        """The index entry of ``path``, or of its nearest indexed parent."""
        p = path if type(path) is tuple else tuple(path)
        entry = self.index.get(p, _MISSING)  # the common case: the path as written is indexed
        if entry is _MISSING:
            p = self._resolve(p)
            while p not in self.index and p:
                p = p[:-1]
                p = self._resolve(p)
            entry = self.index.get(p, (-1, -1, 0, 0))
        return entry  # type: ignore[no-any-return]

    def key_and_value(self, path: Path) -> tuple[Span, Span]:
        """``(span(path, "key"), span(path))`` from one look-up."""
        ks, ke, vs, ve = self._entry(path)
        text = self.source.text
        value = trim_span(text, vs, ve)
        return (trim_span(text, ks, ke) if ks >= 0 else value), value

    def span(self, path: Path, part: str = "value") -> Span:
        """Span of a key or value; an unknown path falls back to its nearest indexed parent."""
        ks, ke, vs, ve = self._entry(path)
        # The loader stores raw parser marks; block scalars and collections end where the next
        # token starts, so trim to the last character a person would edit.
        text = self.source.text
        if part == "key" and ks >= 0:
            return trim_span(text, ks, ke)
        if part == "entry" and ks >= 0:
            return trim_span(text, ks, ve)
        return trim_span(text, vs, ve)

    def real_path(self, path: Path) -> Path:
        """The as-written path for a path given in lower case (zot config keys)."""
        return self._resolve(tuple(path))

    def key_text(self, path: Path) -> str:
        """The key as written in the file (zot configs are queried in lower case)."""
        p = self.real_path(path)
        return str(p[-1]) if p else ""

    # -- data --------------------------------------------------------------------------------
    def get(self, path: Path, default: Any = None) -> Any:
        # Hot (rules ask tens of thousands of times a run): a plain dict is read with .get(),
        # which a missing key does not make raise; anything else is indexed as before.
        if self.case_insensitive:
            cur: Any = (self._lower or self.lower_view())[0]
            lower = True
        else:
            cur = self.data
            lower = False
        for part in path:
            if lower and isinstance(part, str):
                part = part.lower()
            if type(cur) is dict:
                try:
                    cur = cur.get(part, _MISSING)
                except TypeError:  # an unhashable part
                    return default
                if cur is _MISSING:
                    return default
                continue
            try:
                cur = cur[part]
            except (KeyError, IndexError, TypeError):
                return default
        return cur

    def cached(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()`` once per document under ``key`` (a tuple starting with the caller's
        module name), for data several rules derive from the same document. Documents do not
        change once loaded; callers must not mutate what they get back."""
        memo = self._memo
        if memo is None:
            memo = self._memo = {}
        try:
            return cast(T, memo[key])
        except KeyError:
            value = memo[key] = compute()
            return value

    def lower_view(self) -> tuple[Any, _RealPaths]:
        """Data with every mapping key lower-cased, as zot's viper sees it, and the map from a
        lower-cased path to the path as written (``.get(low, default)``).

        When two keys differ only in case the later one wins here (ZOT116 reports the pair).
        """
        if self._lower is None:
            low, collided = _lower_copy(self.data)
            self._lower = (low, _RealPaths(self.data, collided))
        return self._lower

    def has_case_collisions(self) -> bool:
        """Whether two keys of one mapping differ only in case (ZOT116), as the lower-cased
        view found when it merged them."""
        return self.lower_view()[1].collided

    def walk(self) -> Iterator[tuple[Path, Any]]:
        """Every (path, value) in document order, iteratively (depth is bounded by the loader)."""
        stack: list[tuple[Path, Any]] = [((), self.data)]
        while stack:
            path, value = stack.pop()
            yield path, value
            if isinstance(value, dict):
                stack.extend((path + (k,), v) for k, v in reversed(list(value.items())))
            elif isinstance(value, list):
                stack.extend((path + (i,), v) for i, v in reversed(list(enumerate(value))))

    @property
    def host(self) -> Document:
        doc = self
        while doc.parent is not None:
            doc = doc.parent
        return doc

    @property
    def logical_path(self) -> Path:
        """Path from the host document's root (embedded docs prefix their host key)."""
        if self.parent is None:
            return ()
        return self.parent.logical_path + self.host_path


_MISSING = object()


def _lower_path(path: Path) -> Path:
    return tuple(p.lower() if isinstance(p, str) else p for p in path)


def _lower_copy(value: Any) -> tuple[Any, bool]:
    """``value`` with every mapping key lower-cased, and whether two keys of one mapping
    collided in case (the later one wins). Iterative: a document may nest max-depth (up to
    900) levels, and recursing that deep on top of the engine's and a rule's frames hits
    Python's recursion limit."""
    top = _empty_like(value)
    collided = False
    stack: list[tuple[Any, Any]] = [(value, top)]
    push = stack.append
    while stack:
        src, dst = stack.pop()
        if isinstance(src, dict):
            for k, v in src.items():
                lk = k.lower() if isinstance(k, str) else k
                if isinstance(v, dict):
                    dst[lk] = copy = {}
                    push((v, copy))
                elif isinstance(v, list):
                    dst[lk] = copy = []
                    push((v, copy))
                else:
                    dst[lk] = v
            if len(dst) < len(src):
                collided = True  # two of its keys lower-cased to one
        elif isinstance(src, list):
            for v in src:
                if isinstance(v, dict):
                    dst.append(copy := {})
                    push((v, copy))
                elif isinstance(v, list):
                    dst.append(copy := [])
                    push((v, copy))
                else:
                    dst.append(v)
    return top, collided


class _RealPaths:
    """The as-written path of a lower-cased path, found when asked: rules ask for a handful
    per document (the places they report), so a map of every node was mostly never read.

    The answer is the last such path in document order (pre-order), as a map filled in that
    order would hold: when keys collide in case, the later one wins, and below it a path only
    the earlier one has still resolves to the earlier one."""

    __slots__ = ("_data", "_found", "collided")

    def __init__(self, data: Any, collided: bool) -> None:
        self._data = data
        self._found: dict[Path, Path | None] = {}
        self.collided = collided  # two keys of one mapping differ only in case

    def get(self, low: Path, default: Path) -> Path:
        try:
            found = self._found[low]
        except KeyError:
            found = self._found[low] = _last_real_path(self._data, low)
        return default if found is None else found


def _last_real_path(data: Any, low: Path) -> Path | None:
    # Depth first, later siblings first: the first full match is the last one in pre-order.
    n = len(low)
    stack: list[tuple[Any, Path]] = [(data, ())]
    while stack:
        node, real = stack.pop()
        depth = len(real)
        if depth == n:
            return real
        part = low[depth]
        if isinstance(node, dict):
            for k in node:
                if (k.lower() if isinstance(k, str) else k) == part:
                    stack.append((node[k], (*real, k)))
        elif isinstance(node, list):
            i = _list_index(part)
            if i is not None and 0 <= i < len(node):
                stack.append((node[i], (*real, i)))
    return None


def _list_index(part: Any) -> int | None:
    """The list index a path part names (as a dict key it would equal the index: 1, True,
    1.0)."""
    if isinstance(part, int):
        return int(part)
    if isinstance(part, float) and part.is_integer():
        return int(part)
    return None


def _empty_like(value: Any) -> Any:
    if isinstance(value, dict):
        return {}
    if isinstance(value, list):
        return []
    return value


def text_document(source: SourceFile) -> Document:
    """A Document over a file's raw text, for rules that scan text zotlint does not parse
    (`.env`, htpasswd files, Markdown): report with ``doc.ref_span((), Span(a, b))``."""
    n = len(source.text)
    return Document(
        source=source,
        kind=Kind.OTHER,
        data=None,
        index=PathIndex({(): (-1, -1, 0, n)}),
        syntax="text",
    )
