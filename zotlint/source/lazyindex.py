"""A path index computed on first read, for embedded JSON configs.

Mapping every value of an embedded config back into its host file takes the positional JSON
parser and a character map of the scalar: a third of loading a zot values file. Most configs
never have a span asked for (no finding in them), so the data comes from the C decoder and
the positions only when a rule, the model or a reporter first needs one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from zotlint.document import Path

Entry = tuple[int, int, int, int]


class LazyIndex(dict):  # type: ignore[type-arg]
    """Reads as the path index it stands for (``in``, ``get``, ``[]``, ``items()``…).

    Membership is answered from the data without building the index: in a JSON document every
    key and item has an entry, and nothing else does (duplicate keys never take this path).
    """

    __slots__ = ("_data", "_fill")

    def __init__(self, data: Any, fill: Callable[[], dict[Path, Entry]]) -> None:
        super().__init__()
        self._data = data
        self._fill: Callable[[], dict[Path, Entry]] | None = fill

    def _load(self) -> None:
        fill = self._fill
        if fill is not None:
            self._fill = None
            dict.update(self, fill())

    def __contains__(self, path: object) -> bool:
        if self._fill is None:
            return dict.__contains__(self, path)
        return isinstance(path, tuple) and _has(self._data, path)

    def __getitem__(self, path: Path) -> Entry:
        self._load()
        return dict.__getitem__(self, path)  # type: ignore[no-any-return]

    def get(self, path: Path, default: Any = None) -> Any:
        self._load()
        return dict.get(self, path, default)

    def items(self) -> Any:
        self._load()
        return dict.items(self)

    def keys(self) -> Any:
        self._load()
        return dict.keys(self)

    def values(self) -> Any:
        self._load()
        return dict.values(self)

    def __iter__(self) -> Iterator[Path]:
        self._load()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._load()
        return dict.__len__(self)

    def __eq__(self, other: object) -> bool:
        self._load()
        return dict.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]

    def copy(self) -> dict[Path, Entry]:
        self._load()
        return dict(dict.items(self))

    def __repr__(self) -> str:
        self._load()
        return dict.__repr__(self)


def _has(data: Any, path: Path) -> bool:
    cur = data
    for part in path:
        if isinstance(cur, dict):
            if part not in cur:
                return False
            cur = cur[part]
        elif isinstance(cur, list):
            if type(part) is not int or not 0 <= part < len(cur):
                return False
            cur = cur[part]
        else:
            return False
    return True
