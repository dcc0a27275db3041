"""Embedded JSON: its data now from the C decoder, its positions only when a span is read.

Most embedded zot configs are small, plain JSON; ``fast_json`` takes their data from
``json.loads`` when it is certain to agree with zot's Go decoder and with zotlint's limits, and
the loader (zotlint.source.loader) wraps the positions in a LazyIndex that runs the positional
parser (zotlint.source.jsonpos) on first use. Everything else goes through the positional
parser at once.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from zotlint.document import Path
from zotlint.source.jsonpos import JsonParse, JsonSyntaxError, parse_json
from zotlint.source.jsonpos import LimitExceeded as JsonLimit
from zotlint.source.problems import Limits
from zotlint.source.text import Span

SLOW: Any = object()  # fast_json's "take the positional parser"
_FAST_MAX = 256 * 1024  # larger embedded JSON is rare: let the positional parser bound it


def fast_json(value: str, limits: Limits) -> Any:
    """The data of an embedded JSON document from the C decoder, or SLOW when the positional
    parser must decide: anything json.loads accepts but Go's decoder or zotlint's limits would
    not (NaN, Infinity, floats out of range, a byte order mark), what the two decode differently
    (non-ASCII text, `\\u` escapes that may be lone surrogates), duplicate keys (a rule needs
    their positions) and everything it rejects (the positional parser gives the exact error).
    Sound bounds keep the limits: values cannot outnumber characters, nor nest deeper than the
    brackets opened."""
    n = len(value)
    if n > _FAST_MAX or n > limits.max_nodes or not value.isascii() or "\\u" in value:
        return SLOW
    depth = value.count("{") + value.count("[")
    if depth >= limits.max_depth or n * (depth + 1) > limits.max_path_steps:
        return SLOW
    duplicate = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal duplicate
        obj = dict(items)
        if len(obj) != len(items):
            duplicate = True
        return obj

    try:
        data = json.loads(
            value, object_pairs_hook=pairs, parse_constant=_refuse, parse_float=_finite
        )
    except (ValueError, RecursionError):
        return SLOW
    return SLOW if duplicate else data


def _refuse(name: str) -> Any:
    raise ValueError(name)


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(text)
    return value


def parse_limited(text: str, limits: Limits) -> JsonParse:
    return parse_json(
        text,
        max_depth=limits.max_depth,
        max_nodes=limits.max_nodes,
        max_path_steps=limits.max_path_steps,
    )


def mapped_index(
    parsed: JsonParse, to_host: Callable[..., int]
) -> dict[Path, tuple[int, int, int, int]]:
    return {
        e.path: (
            to_host(e.key_start) if e.key_start >= 0 else -1,
            to_host(e.key_end, True) if e.key_start >= 0 else -1,
            to_host(e.value_start),
            to_host(e.value_end, True),
        )
        for e in parsed.entries
    }


def json_index(
    value: str, limits: Limits, to_host: Callable[..., int], vspan: Span
) -> dict[Path, tuple[int, int, int, int]]:
    try:
        parsed = parse_limited(value, limits)
    except (JsonSyntaxError, JsonLimit):  # pragma: no cover - fast_json admitted it
        return {(): (-1, -1, vspan.start, vspan.end)}
    return mapped_index(parsed, to_host)
