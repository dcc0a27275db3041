"""Where every key and value of a document is: path -> (key_start, key_end, value_start, value_end).

One type, ``PathIndex``, for every document (YAML, JSON, a config embedded in a YAML string, an
Application generated from an ApplicationSet template). Offsets are character offsets into the
host file, end-exclusive, as the parser's marks give them (zotlint.document trims them when a
span is read); key offsets are -1 for list items and the root. The loader fills the index
completely before any rule runs: reading it never parses anything.

How entries are stored is private to this module:

- *packed* (the loader's way): one int per entry, four fields of ``width`` bits each holding
  offset + 1 (so -1 fits). The index has an entry for every key and list item of every parsed
  document; as tuples of four ints that was 40 % of a run's memory (a tuple and four int
  objects an entry), an int of at most 4 x 24 bits costs a quarter of it.
- *plain*: tuples, for small indexes and offsets too wide to pack.
- *view*: another index seen below a path prefix (``under``), sharing its entries.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

Path = tuple[str | int, ...]
Entry = tuple[int, int, int, int]

MIN_PACKED = 16  # smaller indexes are not worth packing
_MISSING: Any = object()


def width_for(bound: int) -> int:
    """Bits per field for offsets in -1..``bound`` (stored plus one)."""
    return (bound + 2).bit_length()


def unpack(value: int, width: int) -> Entry:
    """A packed entry (see ``PathIndex.packed``) back as its four offsets."""
    m = (1 << width) - 1
    return (
        (value & m) - 1,
        ((value >> width) & m) - 1,
        ((value >> 2 * width) & m) - 1,
        (value >> 3 * width) - 1,
    )


class PathIndex:
    """path -> (key_start, key_end, value_start, value_end) in the host file; read-only once
    built. Reads: ``path in index``, ``index.get(path, default)``, ``index[path]``,
    ``items()``, ``len()``."""

    __slots__ = ("_entries", "_prefix", "_width")

    def __init__(self, entries: dict[Path, Any], width: int = 0, prefix: Path = ()) -> None:
        # width 0: entries are tuples; else packed ints of that many bits a field.
        self._entries = entries
        self._width = width
        self._prefix = prefix

    # -- building ----------------------------------------------------------------------------
    @classmethod
    def of(cls, entries: Mapping[Path, Entry], bound: int) -> PathIndex:
        """An index of ``entries`` (offsets into a text of ``bound`` characters): packed when
        it is worth it and every offset fits, else kept as tuples."""
        if isinstance(entries, PathIndex):
            return entries
        plain = {tuple(p): tuple(e) for p, e in entries.items()}
        if len(plain) < MIN_PACKED:
            return cls(plain)
        w = width_for(bound)
        w2, w3 = 2 * w, 3 * w
        packed: dict[Path, int] = {}
        for path, (a, b, c, d) in plain.items():
            a, b, c, d = a + 1, b + 1, c + 1, d + 1
            if (a | b | c | d) >> w:  # a negative field or one too wide
                return cls(plain)
            packed[path] = a | b << w | c << w2 | d << w3
        return cls(packed, w)

    @classmethod
    def packed(cls, entries: dict[Path, int], width: int) -> PathIndex:
        """Wrap entries a parser packed as it went (each field offset + 1 in ``width`` bits,
        key start in the low bits): see ``width_for`` and ``unpack``. Not copied."""
        return cls(entries, width)

    def under(self, prefix: Path) -> PathIndex:
        """This index seen from ``prefix``: path P here is ``prefix`` + P there (an
        Application generated from an ApplicationSet's template)."""
        return PathIndex(self._entries, self._width, self._prefix + tuple(prefix))

    # -- reading -----------------------------------------------------------------------------
    def _decode(self, value: Any) -> Entry:
        return unpack(value, self._width) if self._width else value  # type: ignore[no-any-return]

    def __contains__(self, path: object) -> bool:
        if self._prefix:
            return isinstance(path, tuple) and (self._prefix + path) in self._entries
        return path in self._entries

    def get(self, path: Path, default: Any = None) -> Any:
        if self._prefix:
            path = self._prefix + tuple(path)
        value = self._entries.get(path, _MISSING)
        return default if value is _MISSING else self._decode(value)

    def __getitem__(self, path: Path) -> Entry:
        value = self.get(path, _MISSING)
        if value is _MISSING:
            raise KeyError(path)
        return value  # type: ignore[no-any-return]

    def items(self) -> Iterator[tuple[Path, Entry]]:
        n = len(self._prefix)
        for path, value in self._entries.items():
            if path[:n] == self._prefix:
                yield path[n:], self._decode(value)

    def __iter__(self) -> Iterator[Path]:
        return (p for p, _ in self.items())

    def __len__(self) -> int:
        if not self._prefix:
            return len(self._entries)
        return sum(1 for _ in self.items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PathIndex):
            return dict(self.items()) == dict(other.items())
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PathIndex({dict(self.items())!r})"
