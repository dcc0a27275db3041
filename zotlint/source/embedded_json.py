"""Embedded JSON: one parser, the positional one (zotlint.source.jsonpos), at load.

An embedded zot config's positions are mapped into its host file while it is loaded (see
zotlint.source.loader.parse_embedded), so reading a span later parses nothing.
"""

from __future__ import annotations

from zotlint.source.jsonpos import JsonParse, parse_json
from zotlint.source.pathindex import Path, PathIndex, width_for
from zotlint.source.problems import Limits
from zotlint.source.text import Span


def parse_limited(text: str, limits: Limits) -> JsonParse:
    return parse_json(
        text,
        max_depth=limits.max_depth,
        max_nodes=limits.max_nodes,
        max_path_steps=limits.max_path_steps,
    )


def host_index(
    parsed: JsonParse, offmap: list[int] | None, n: int, vspan: Span, bound: int
) -> PathIndex:
    """An embedded JSON document's entries at host-file offsets, packed in one pass: each
    offset is what parse_embedded's ``to_host`` gives (a start through the offset map, an end
    one past the map of its last character), stored plus one (see zotlint.source.pathindex)."""
    w = width_for(bound)
    w2, w3 = 2 * w, 3 * w
    packed: dict[Path, int] = {}
    if offmap is None:  # the whole scalar stands for every key and value
        value_only = (vspan.start + 1) << w2 | (vspan.end + 1) << w3
        keyed = value_only | (vspan.start + 1) | (vspan.end + 1) << w
        for e in parsed.entries:
            packed[e.path] = keyed if e.key_start >= 0 else value_only
        return PathIndex.packed(packed, w)
    first_end = offmap[0] + 1  # an empty range at the value's start
    for e in parsed.entries:
        ve = e.value_end
        v = (offmap[min(e.value_start, n)] + 1) << w2 | (
            offmap[ve - 1] + 2 if ve > 0 else first_end
        ) << w3
        ks = e.key_start
        if ks >= 0:
            ke = e.key_end
            v |= (offmap[min(ks, n)] + 1) | (offmap[ke - 1] + 2 if ke > 0 else first_end) << w
        packed[e.path] = v
    return PathIndex.packed(packed, w)
